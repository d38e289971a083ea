import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/core/canonical-json.js";
import { UsageError, ValidationError } from "../../src/core/errors.js";
import { expandScenario, type ExpandedSweep } from "../../src/experiments/expand.js";
import {
  checkWorkBudget,
  estimateAnnMacs,
  estimateWork,
  NEURON_STEPS_PER_ANN_MAC,
} from "../../src/experiments/preflight.js";
import {
  annRunConfigSchema,
  isAnnRun,
  scenarioRunConfigSchema,
  type AnnRunConfig,
} from "../../src/experiments/run-config.js";
import { runSweep } from "../../src/experiments/runner.js";
import { readScenarioFile, scenarioFromValue } from "../../src/experiments/scenario-file.js";
import { resultPath } from "../../src/experiments/store.js";
import { shippedScenarios } from "../../src/cli/commands/scenario.js";
import { runConfigSchema, type RunConfig } from "../../src/network/config.js";
import { loadSweepResults } from "../../src/report/load-results.js";
import { buildModel } from "../../src/report/model.js";
import { ROOT, tempDir, TINY_BASE } from "../e2e/helpers.js";

const sweepOf = (s: Record<string, unknown>, variant: "full" | "quick" = "full") =>
  expandScenario(scenarioFromValue(s, "scenarios/t.json"), { variant });

/** Shared by the SNN and the ANN arm: the data and the split. */
const SHARED = { dataset: { name: "mnist" }, train: 30, test: 30 };
/** The tiny SNN of the other sweep tests, without the shared fields. */
const { train: _train, test: _test, ...SNN_ARM } = TINY_BASE;
/** A small ANN arm: 16 hidden units, 2 epochs of 30 images, batches of 8. */
const ANN_ARM = { kind: "ann", hidden: 16, epochs: 2, batchSize: 8 };

/** Two arms of one axis on the root path: the tiny SNN and a tiny ANN. */
function armsScenario(): Record<string, unknown> {
  return {
    name: "arms",
    description: "SNN and ANN arms",
    seed: 11,
    base: SHARED,
    axes: [
      {
        path: "",
        label: "arm",
        values: [SNN_ARM, ANN_ARM],
        valueLabels: ["SNN", "ANN"],
      },
    ],
    seeds: [1],
  };
}

describe("scenario run configuration: kind snn (default) or ann", () => {
  it("a configuration without kind, or with kind snn, parses to exactly runConfigSchema's output", () => {
    const input = { neurons: 50, seed: 3, neuron: { model: "lif" } };
    const expected = canonicalJson(runConfigSchema.parse(input));
    expect(canonicalJson(scenarioRunConfigSchema.parse(input))).toBe(expected);
    expect(canonicalJson(scenarioRunConfigSchema.parse({ ...input, kind: "snn" }))).toBe(expected);
    expect(isAnnRun(scenarioRunConfigSchema.parse(input))).toBe(false);
  });

  it("kind ann parses with the ANN schema and keeps kind", () => {
    const c = scenarioRunConfigSchema.parse({ kind: "ann", hidden: 10, seed: 3 });
    expect(c).toEqual(annRunConfigSchema.parse({ kind: "ann", hidden: 10, seed: 3 }));
    expect(isAnnRun(c)).toBe(true);
    expect((c as AnnRunConfig).epochs).toBe(5);
  });

  it("every shipped SNN scenario expands to the same configurations, sweep hash, point ids and run seeds as with runConfigSchema alone", () => {
    let compared = 0;
    for (const file of shippedScenarios()) {
      const s = readScenarioFile(file);
      const hasAnn = JSON.stringify(s.raw).includes('"kind":"ann"');
      if (hasAnn) continue;
      for (const variant of ["full", "quick"] as const) {
        const now = expandScenario(s, { variant });
        const old = expandScenario(s, { variant, runSchema: runConfigSchema });
        expect(now.sweepHash, `${file} ${variant}`).toBe(old.sweepHash);
        expect(now.runs.map((r) => [r.key, r.seed])).toEqual(old.runs.map((r) => [r.key, r.seed]));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(30);
  });

  it("network-size expands to the point ids and run seeds of its committed report (reports/examples/network-size/results.csv)", () => {
    const rows = parse(
      readFileSync(join(ROOT, "reports/examples/network-size/results.csv"), "utf8"),
      { columns: true },
    ) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    const sweep = expandScenario(readScenarioFile(join(ROOT, "scenarios/network-size.json")));
    const seedOf = new Map(sweep.runs.map((r) => [r.key, r.seed]));
    for (const row of rows) {
      const key = `${row.point}/seed-${row.replicate_seed}`;
      expect(seedOf.get(key), key).toBe(Number(row.run_seed));
    }
  });
});

describe("an axis on the root path", () => {
  it("merges each value into the configuration: an SNN arm and an ANN arm in one sweep", () => {
    const sweep = sweepOf(armsScenario());
    expect(sweep.points.map((p) => p.title)).toEqual(["arm=SNN", "arm=ANN"]);
    const [snn, ann] = sweep.points.map((p) => p.config);
    expect(isAnnRun(snn)).toBe(false);
    expect((snn as RunConfig).neurons).toBe(20);
    expect((snn as RunConfig).train).toBe(30);
    expect(isAnnRun(ann)).toBe(true);
    expect(ann).toMatchObject({ kind: "ann", hidden: 16, train: 30, test: 30, epochs: 2 });
    expect(ann!.seed).toBe(sweep.runs[1]!.seed);
  });

  it("merges objects key by key: a value's timing.restMs keeps base's timing.presentationMs", () => {
    const s = {
      ...armsScenario(),
      base: { ...SHARED, timing: { presentationMs: 100 } },
      axes: [{ path: "", values: [{ timing: { restMs: 20 } }, { timing: { restMs: 40 } }] }],
    };
    const timings = sweepOf(s).points.map((p) => (p.config as RunConfig).timing);
    expect(timings.map((t) => [t.presentationMs, t.restMs])).toEqual([
      [100, 20],
      [100, 40],
    ]);
  });

  it("an SNN field in base that the ANN arm does not accept is blamed on base, with the ANN's fields", () => {
    const s = { ...armsScenario(), base: { ...SHARED, neurons: 20 } };
    expect(() => sweepOf(s)).toThrow(ValidationError);
    expect(() => sweepOf(s)).toThrow(
      /scenarios\/t\.json › base\.neurons: unknown field "neurons"; known fields: .*hidden.*\(at point arm=ANN\)/,
    );
  });

  it("a field set by an arm's value is blamed on that value", () => {
    const s = armsScenario();
    (s.axes as { values: unknown[] }[])[0]!.values[1] = { ...ANN_ARM, hiden: 16 };
    expect(() => sweepOf(s)).toThrow(
      /axes\[0\]\.values\[1\]\.hiden: unknown field "hiden"; did you mean "hidden"\?/,
    );
  });

  it("an unknown kind names the two kinds", () => {
    const s = armsScenario();
    (s.axes as { values: unknown[] }[])[0]!.values[1] = { kind: "cnn" };
    expect(() => sweepOf(s)).toThrow(/axes\[0\]\.values\[1\]\.kind: expected kind "snn".*or "ann"/);
  });

  it("refuses a value that is not an object, a seed in a value, and a root axis after another axis", () => {
    const notObject = { ...armsScenario(), axes: [{ path: "", values: [{ neurons: 10 }, 3] }] };
    expect(() => sweepOf(notObject)).toThrow(/axes\[0\]\.values\[1\].*expected an object/);
    const seeded = { ...armsScenario(), axes: [{ path: "", values: [{ seed: 4 }] }] };
    expect(() => sweepOf(seeded)).toThrow(/axes\[0\]\.values\[0\]\.seed.*expected no seed/);
    const late = {
      ...armsScenario(),
      axes: [
        { path: "neurons", values: [10, 20] },
        { path: "", values: [{ train: 10 }] },
      ],
    };
    expect(() => sweepOf(late)).toThrow(/axes\[1\]\.path.*a later axis may only go deeper/);
  });
});

describe("work and space estimates of an ANN run", () => {
  const ann = annRunConfigSchema.parse({ kind: "ann", hidden: 100, train: 1000, test: 500 });

  it("MACs = epochs × (3 × train + test) × (784·N + N·10), converted to neuron-steps by the measured rate", () => {
    const macs = 5 * (3 * 1000 + 500) * (784 * 100 + 100 * 10);
    expect(estimateAnnMacs(ann)).toBe(macs);
    const w = estimateWork(ann);
    expect(w.neuronSteps).toBeCloseTo(macs * NEURON_STEPS_PER_ANN_MAC, 0);
    expect(w.worstNeuronSteps).toBe(w.neuronSteps);
  });

  it("the default ANN (all 60,000 images, 5 epochs) is within the budget; 10⁵ epochs are refused without --yes", () => {
    const full = annRunConfigSchema.parse({ kind: "ann" });
    expect(() => checkWorkBudget(full, false)).not.toThrow();
    const huge = annRunConfigSchema.parse({ kind: "ann", hidden: 100_000, epochs: 10_000 });
    expect(() => checkWorkBudget(huge, false, "run x")).toThrow(UsageError);
    expect(() => checkWorkBudget(huge, false, "run x")).toThrow(/run x \(an ANN run\)/);
    expect(() => checkWorkBudget(huge, true)).not.toThrow();
  });
});

describe("an ANN arm in a sweep", () => {
  const run = (sweep: ExpandedSweep, out: string) => runSweep(sweep, { out, workers: 0 });
  const sweep = sweepOf(armsScenario());
  const annRun = sweep.runs.find((r) => isAnnRun(r.config))!;
  const first = tempDir("ann-arm-a");
  const second = tempDir("ann-arm-b");
  let done: Promise<unknown> | null = null;
  const ensureRuns = () => (done ??= run(sweep, first).then(() => run(sweep, second)));

  it("writes a result.json with the ANN result, its run configuration and the sweep block", async () => {
    await ensureRuns();
    const r = JSON.parse(readFileSync(resultPath(first, annRun.key), "utf8"));
    expect(r.kind).toBe("neuroxbar-ann");
    expect(r.runConfig).toEqual(annRun.config);
    expect(r.config).toMatchObject({ hidden: 16, epochs: 2, trainImages: 30, testImages: 30 });
    expect(r.sweep).toMatchObject({ pointId: annRun.point.id, seed: annRun.seed });
    expect(r.accuracy).toBe(r.correct / 30);
    expect(r.macsPerImage).toBe(784 * 16 + 16 * 10);
    expect(r.energy.int8.perInferenceJ).toBeGreaterThan(0);
  });

  it("the same seed gives the same result: equal weights, accuracy and curve", async () => {
    await ensureRuns();
    const a = JSON.parse(readFileSync(resultPath(first, annRun.key), "utf8"));
    const b = JSON.parse(readFileSync(resultPath(second, annRun.key), "utf8"));
    expect(b.weightsSha256).toBe(a.weightsSha256);
    expect(b.accuracy).toBe(a.accuracy);
    expect(b.curve).toEqual(a.curve);
    expect(b.confusion).toEqual(a.confusion);
  });

  it("a resume trusts the finished ANN run (its runConfig matches) and runs nothing", async () => {
    await ensureRuns();
    const summary = await runSweep(sweep, { out: first, workers: 0, resume: true });
    expect(summary.skipped).toBe(2);
    expect(summary.finished).toBe(0);
  });

  it("the report loads it beside the SNN arm: accuracy, int8 energy per inference, a curve per epoch", async () => {
    await ensureRuns();
    const model = buildModel(loadSweepResults(first));
    const [snnPoint, annPoint] = model.points;
    const r = JSON.parse(readFileSync(resultPath(first, annRun.key), "utf8"));
    expect(annPoint!.title).toBe("arm=ANN");
    expect(annPoint!.accuracy.mean).toBe(r.accuracy);
    expect(annPoint!.energyPerInferenceJ!.mean).toBe(r.energy.int8.perInferenceJ);
    // Training energy per training image (fp32, both epochs), beside the SNN's per sample.
    expect(r.trainingEnergy.epochs).toBe(2);
    expect(annPoint!.energyPerTrainingSampleJ!.mean).toBe(r.trainingEnergy.fp32PerTrainingImageJ);
    expect(annPoint!.energyPerTrainingSampleJ!.mean).toBeCloseTo(
      2 *
        (2 * (784 * 16 + 16 * 10) + 16 * 10) *
        (r.energy.figures.fp32MacJ + r.energy.figures.fp32WeightFetchJ),
      20,
    );
    const loaded = annPoint!.runs[0]!.run.result;
    expect(loaded.samples).toEqual({ train: 60, label: 0, test: 30 });
    expect(loaded.curve).toEqual(
      r.curve.map((p: { epoch: number; testAccuracy: number }) => ({
        samples: p.epoch * 30,
        accuracy: p.testAccuracy,
      })),
    );
    expect(snnPoint!.runs).toHaveLength(1);
    expect(snnPoint!.energyPerInferenceJ!.mean).toBeGreaterThan(0);
    // Spike and write figures do not apply to the ANN (NaN: blank in the CSVs), unlike the SNN's.
    const ann = annPoint!.runs[0]!;
    expect(ann.deadNeurons).toBeNaN();
    expect(ann.topNeuronShare).toBeNaN();
    expect(ann.writePulsesPerTrainingSample).toBeNaN();
    expect(Number.isFinite(snnPoint!.runs[0]!.deadNeurons)).toBe(true);
  });
});
