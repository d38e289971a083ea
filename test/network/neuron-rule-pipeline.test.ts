import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset, type Dataset } from "../../src/data/datasets.js";
import { runConfigSchema, type RunConfigInput } from "../../src/network/config.js";
import { decodeSnapshot, encodeSnapshot } from "../../src/experiments/snapshot-file.js";
import { runPipeline, type RunOutput, type RunSnapshot } from "../../src/network/pipeline.js";

/** A tiny MNIST run: 10 neurons, 20 images per phase, 100 ms presentations. */
const TINY: RunConfigInput = {
  neurons: 10,
  train: 20,
  label: 20,
  test: 20,
  seed: 3,
  timing: { presentationMs: 100, restMs: 50 },
};

const SYNAPSES = {
  ideal: { kind: "ideal" },
  device: { kind: "crossbar", device: "ag-a-si" },
} as const;

let mnist: Dataset;
beforeAll(() => {
  mnist = loadDataset({ name: "mnist" });
});

async function run(over: Partial<RunConfigInput>): Promise<RunOutput> {
  return runPipeline(runConfigSchema.parse({ ...TINY, ...over }), { dataset: mnist });
}

/** Weights before any learning: the same configuration trained on nothing. */
async function initialWeights(over: Partial<RunConfigInput>): Promise<Float32Array> {
  return (await run({ ...over, train: 0 })).weights;
}

function totalSpikes(out: RunOutput, phase: "train" | "test"): number {
  return out.result.phases[phase].spikeCounts.reduce((a, b) => a + b, 0);
}

function changed(a: Float32Array, b: Float32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe.each(["ideal", "device"] as const)("runPipeline with %s synapses", (kind) => {
  it.each(["if", "lif", "srm0"] as const)(
    `neuron %s: trains, labels and tests end to end; neurons spike and the weights learn (${kind})`,
    async (model) => {
      const over = { neuron: { model }, synapses: SYNAPSES[kind] } as Partial<RunConfigInput>;
      const out = await run(over);
      const r = out.result;
      expect(r.config.neuron.model).toBe(model);
      // Default inhibition of the current-based neurons: BindsNET's 17.5 mV, as soft inhibition.
      expect(r.config.inhibition).toEqual({ mode: "soft", amountMv: 17.5 });
      expect(r.samples).toEqual({ train: 20, label: 20, test: 20 });
      expect(totalSpikes(out, "train")).toBeGreaterThan(0);
      expect(totalSpikes(out, "test")).toBeGreaterThan(0);
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
      expect(changed(out.weights, await initialWeights(over))).toBeGreaterThan(0);
      expect(r.energy.phases.train.totalJ).toBeGreaterThan(0);
    },
  );

  it.each(["pair", "weight-dependent", "power-law", "hebbian"] as const)(
    `rule %s: trains end to end on the dc neuron and changes the weights (${kind})`,
    async (rule) => {
      const over = { learning: { rule }, synapses: SYNAPSES[kind] } as Partial<RunConfigInput>;
      const out = await run(over);
      expect(out.result.config.learning.rule).toBe(rule);
      expect(totalSpikes(out, "train")).toBeGreaterThan(0);
      expect(out.weights.every((w) => Number.isFinite(w) && w >= 0 && w <= 1)).toBe(true);
      expect(changed(out.weights, await initialWeights(over))).toBeGreaterThan(0);
      if (kind === "device") {
        const ops = out.result.ops.train;
        expect(ops.ltpPulses + ops.ltdPulses).toBeGreaterThan(0);
      }
    },
  );
});

describe("runPipeline: new neurons and rules together", () => {
  it("lif with the power-law rule is deterministic per seed", async () => {
    const over = {
      neuron: { model: "lif" },
      learning: { rule: "power-law" },
    } as Partial<RunConfigInput>;
    const a = await run(over);
    const b = await run(over);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    expect(b.result.accuracy).toBe(a.result.accuracy);
  });

  it("population and lateral inhibition are refused for the current-based neurons, naming the field", () => {
    for (const mode of ["population", "lateral"]) {
      const parsed = runConfigSchema.safeParse({
        ...TINY,
        neuron: { model: "lif" },
        inhibition: { mode },
      });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(["inhibition", "mode"]);
    }
  });

  it("wta and none inhibition run with srm0", async () => {
    for (const mode of ["wta", "none"] as const) {
      const out = await run({ neuron: { model: "srm0" }, inhibition: { mode } });
      expect(out.result.config.inhibition.mode).toBe(mode);
      expect(totalSpikes(out, "train")).toBeGreaterThan(0);
    }
  });
});

describe("runPipeline snapshots with the new parts", () => {
  it.each([
    ["srm0", "power-law"],
    ["lif", "weight-dependent"],
    ["if", "hebbian"],
  ] as const)(
    "neuron %s with rule %s: resuming from a snapshot (through the file format) equals the uninterrupted run bit for bit",
    async (model, rule) => {
      const config = runConfigSchema.parse({
        ...TINY,
        train: 30,
        neuron: { model, thetaPlusMv: 0.05 },
        learning: { rule },
      });
      const snapshots: RunSnapshot[] = [];
      const whole = await runPipeline(config, {
        dataset: mnist,
        snapshotEvery: 15,
        onSnapshot: (s) => snapshots.push(decodeSnapshot(encodeSnapshot(s), "memory")),
      });
      expect(snapshots.map((s) => s.samplesDone)).toEqual([15]);
      const resumed = await runPipeline(config, { dataset: mnist, resumeFrom: snapshots[0]! });
      const { timings: _a, ...r1 } = whole.result;
      const { timings: _b, ...r2 } = resumed.result;
      expect(JSON.stringify(r2)).toBe(JSON.stringify(r1));
      const bytes = (w: Float32Array) => Buffer.from(w.buffer, w.byteOffset, w.byteLength);
      expect(bytes(resumed.weights).equals(bytes(whole.weights))).toBe(true);
    },
  );

  it("D&C adaptive LIF with one spike per step (BindsNET DiehlAndCookNodes): the choice stream resumes bit for bit, and the option changes the run", async () => {
    const base = {
      ...TINY,
      train: 30,
      neuron: { model: "lif", thetaPlusMv: 0.05, oneSpikePerStep: true },
      learning: { rule: "pair" },
    } as RunConfigInput;
    const config = runConfigSchema.parse(base);
    const snapshots: RunSnapshot[] = [];
    const whole = await runPipeline(config, {
      dataset: mnist,
      snapshotEvery: 15,
      onSnapshot: (s) => snapshots.push(decodeSnapshot(encodeSnapshot(s), "memory")),
    });
    const resumed = await runPipeline(config, { dataset: mnist, resumeFrom: snapshots[0]! });
    const { timings: _a, ...r1 } = whole.result;
    const { timings: _b, ...r2 } = resumed.result;
    expect(JSON.stringify(r2)).toBe(JSON.stringify(r1));
    expect(totalSpikes(whole, "train")).toBeGreaterThan(0);
    const every = await runPipeline(
      runConfigSchema.parse({ ...base, neuron: { model: "lif", thetaPlusMv: 0.05 } }),
      { dataset: mnist },
    );
    expect(changed(every.weights, whole.weights)).toBeGreaterThan(0);
  });
});
