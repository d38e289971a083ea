/**
 * A hand-made sweep folder: a real manifest and result files whose accuracies, spike counts, ops
 * and energy are chosen by the test, so the report's numbers can be checked exactly.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../../src/core/atomic.js";
import { OP_NAMES } from "../../src/core/ops.js";
import { expandScenario } from "../../src/experiments/expand.js";
import { manifestOf, writeManifest } from "../../src/experiments/manifest.js";
import { encodeWeights } from "../../src/experiments/run-files.js";
import { scenarioFromValue } from "../../src/experiments/scenario-file.js";
import { resultPath, runDir } from "../../src/experiments/store.js";
import { tempDir, TINY_BASE } from "../e2e/helpers.js";

/** Accuracy per [threshold index][adaptive index] for seeds 1, 2, 3 (std 0.02 each). */
export const ACCURACY = [
  [
    [0.8, 0.82, 0.84],
    [0.81, 0.83, 0.85],
  ],
  [
    [0.6, 0.62, 0.64],
    [0.76, 0.78, 0.8],
  ],
];

export const FIXTURE_SCENARIO = {
  name: "fixture",
  description: "hand-made results",
  seed: 5,
  base: TINY_BASE,
  axes: [
    {
      path: "neuron.thresholdMv",
      label: "threshold",
      role: "non-ideality",
      values: [-52, -50],
      valueLabels: ["fixed", "spread"],
    },
    {
      path: "neuron.thetaPlusMv",
      label: "adaptive threshold",
      role: "mitigation",
      values: [0, 0.05],
      valueLabels: ["off", "on"],
    },
  ],
  seeds: [1, 2, 3],
};

const NEURONS = 4;

export interface FixtureOptions {
  readonly withEnergy?: boolean;
  /** Index of a run to leave out (as if unfinished). */
  readonly skip?: number;
  readonly scenario?: Record<string, unknown>;
  /** Accuracy of a run from its point's value indices and its seed's position. */
  readonly accuracy?: (valueIndex: readonly number[], seedIndex: number) => number;
  /** Expand the scenario's --quick variant (the scenario needs a `quick` section). */
  readonly variant?: "full" | "quick";
  /** Label-phase spike counts of a run (default: the fixture's, 4 neurons). */
  readonly labelSpikes?: (valueIndex: readonly number[], seedIndex: number) => number[];
  /** Energy per inference (J) of a run with `withEnergy` (default 1.71 nJ + 1 nJ per threshold index). */
  readonly energyPerInferenceJ?: (valueIndex: readonly number[], seedIndex: number) => number;
  /** result.json `confusion` of a run (default: the field is absent, as in older results). */
  readonly confusion?: (valueIndex: readonly number[], seedIndex: number) => number[][];
  /** result.json `warnings` of a run (default: the field is absent, as in older results). */
  readonly warnings?: (valueIndex: readonly number[], seedIndex: number) => string[];
}

/** Class assigned to neuron j in the fixture (neuron 3 never fired: −1). */
export const FIXTURE_ASSIGNMENT = [7, 2, 9, -1];

const fixtureAccuracy = (v: readonly number[], s: number): number => ACCURACY[v[0]!]![v[1]!]![s]!;

/** Writes the folder; `withEnergy` adds an energy block to every result. */
export function writeFixtureSweep(options: FixtureOptions = {}): string {
  const dir = tempDir("fixture");
  const scenario = options.scenario ?? FIXTURE_SCENARIO;
  const sweep = expandScenario(scenarioFromValue(scenario, "fixture.json"), {
    variant: options.variant ?? "full",
  });
  const accuracyOf = options.accuracy ?? fixtureAccuracy;
  writeManifest(dir, manifestOf(sweep));
  sweep.runs.forEach((run, i) => {
    if (options.skip === i) return;
    const t = run.point.valueIndex[0] ?? 0;
    const a = run.point.valueIndex[1] ?? 0;
    const seedIndex = sweep.seeds.indexOf(run.replicate);
    const accuracy = accuracyOf(run.point.valueIndex, seedIndex);
    const ops = Object.fromEntries(OP_NAMES.map((n) => [n, 0]));
    const counts = { ...ops, synapticEvents: 3000 * (t + 1), ltpPulses: 40, ltdPulses: 60 };
    const result: Record<string, unknown> = {
      kind: "neuroxbar-run",
      version: "0.1.0",
      accuracy,
      correct: Math.round(accuracy * 100),
      config: run.config,
      dataset: { name: "mnist", checksums: "canonical" },
      samples: { train: 10, label: 10, test: 100 },
      curve: [
        { samples: 5, accuracy: accuracy - 0.1 },
        { samples: 10, accuracy },
      ],
      assignment: FIXTURE_ASSIGNMENT,
      ...(options.confusion
        ? { confusion: options.confusion(run.point.valueIndex, seedIndex) }
        : {}),
      phases: {
        train: { spikeCounts: [5, 5, 5, 5] },
        label: {
          spikeCounts: options.labelSpikes
            ? options.labelSpikes(run.point.valueIndex, seedIndex)
            : t === 1 && a === 0
              ? [0, 0, 3, 40]
              : [10, 12, 9, 11],
        },
        test: { spikeCounts: [1, 2, 3, 4] },
      },
      ops: { train: counts, label: counts, test: counts },
      provenance: {
        version: "0.1.0",
        gitCommit: null,
        node: "v20",
        platform: "linux",
        arch: "x64",
        cpuModel: "Test CPU",
        cpuCount: 2,
      },
      timings: { totalSeconds: 1.5, finishedAt: `2025-01-01T00:00:0${i % 10}Z` },
      sweep: { pointId: run.point.id, replicate: run.replicate, seed: run.seed },
    };
    if (options.warnings) result.warnings = options.warnings(run.point.valueIndex, seedIndex);
    if (options.withEnergy) {
      const breakdown = {
        synapseReadJ: 1e-9 * (t + 1),
        synapseWriteJ: 0,
        normalisationWriteJ: 0,
        neuronJ: 2e-10,
        spikeJ: 1e-11,
        inhibitionJ: 0,
        peripheralJ: 5e-10,
      };
      result.energy = {
        profile: { name: "default" },
        totalJ: 1e-6,
        perInferenceJ: options.energyPerInferenceJ
          ? options.energyPerInferenceJ(run.point.valueIndex, seedIndex)
          : 1.71e-9 + 1e-9 * t,
        perInference: breakdown,
        perTrainingSampleJ: 5e-9,
        perTrainingSample: { ...breakdown, synapseWriteJ: 3e-9 },
      };
    }
    const weights = new Float32Array(784 * NEURONS).map((_, k) => (k % 7) / 7);
    writeFileAtomic(
      join(runDir(dir, run.key), "weights.bin"),
      encodeWeights(weights, 784, NEURONS),
    );
    writeFileAtomic(resultPath(dir, run.key), JSON.stringify(result));
  });
  return dir;
}
