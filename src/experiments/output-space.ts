/**
 * Free-space preflight of `neuroxbar train` and `neuroxbar sweep`: before any work, estimate what
 * the run (or every pending run of a sweep) will write, and fail with an IoError (exit 5) when the
 * output folder's file system has less free space. A full disk hours into a run would otherwise
 * lose the whole run at its last write.
 */
import { statfsSync } from "node:fs";
import { ensureFreeSpace, formatBytes, type StatFs } from "../core/disk-space.js";
import { imagePixels } from "../data/datasets.js";
import { checkpointCount, type RunConfig } from "../network/config.js";
import { isAnnRun, type AnnRunConfig, type ScenarioRunConfig } from "./run-config.js";

/**
 * Factor applied to the estimate. The parts below are upper bounds already; the factor covers
 * file-system blocks and metadata, result.json fields that grow with the configuration (curve,
 * device description), and small files (manifest, error.json).
 */
export const SAFETY_FACTOR = 1.25;
/** Added to the estimate after the factor (1 MiB). */
export const SAFETY_MARGIN_BYTES = 1 << 20;

/** Bytes of each file of one run (upper estimates) and the peak total in the folder. */
export interface RunBytes {
  readonly result: number;
  readonly weights: number;
  readonly synapseMap: number;
  /** One snapshot.bin (0 without --snapshot-every). */
  readonly snapshot: number;
  /** result + weights + synapse map + 2 snapshots (an atomic replace holds old and new). */
  readonly total: number;
}

/** Upper estimate of what one run writes into its folder (`inputs` pixels per image). */
export function estimateRunBytes(config: RunConfig, inputs: number, snapshotEvery = 0): RunBytes {
  const n = config.neurons;
  const cells = inputs * n;
  // result.json: 16–18 kB measured at 100 neurons. Per neuron four pretty-printed arrays (spike
  // counts of three phases, assignment), ≤ 24 bytes an entry; ≤ 200 bytes per curve point.
  const curvePoints = config.checkpoints ? checkpointCount(config.checkpoints, config.train) : 0;
  const result = 64 * 1024 + n * 4 * 24 + curvePoints * 200;
  // weights.bin: 8-byte preamble, JSON header (< 4 kB), one float32 per synapse.
  const weights = 8 + 4096 + cells * 4;
  // synapse-map.png (report/synapse-map.ts): side×side tiles at 2 px per weight, 1 px separators,
  // RGBA. A PNG is never larger than its raw pixels plus one filter byte per row, deflate's
  // ≤ 0.1 % expansion and the chunk headers; trained maps compress about 7× (measured at 100
  // neurons), so this bound is pessimistic for the largest file but never too small.
  const side = Math.ceil(Math.sqrt(inputs));
  const tile = side * 2;
  const gridCols = Math.ceil(Math.sqrt(n));
  const gridRows = Math.ceil(n / gridCols);
  const width = gridCols * (tile + 1) + 1;
  const height = gridRows * (tile + 1) + 1;
  const synapseMap = Math.ceil(height * (width * 4 + 1) * 1.001) + 4096;
  const snapshot =
    snapshotEvery > 0 && snapshotEvery < config.train ? snapshotBytes(config, inputs) : 0;
  return {
    result,
    weights,
    synapseMap,
    snapshot,
    total: result + weights + synapseMap + 2 * snapshot,
  };
}

/**
 * Upper estimate of an ANN run's folder (run-files.ts writeAnnRunFiles): result.json only, whose
 * size does not grow with the network (confusion matrix, energy figures and sources, provenance:
 * 5–8 kB measured) except for one curve point and one epoch time per epoch (≤ 200 bytes each).
 */
export function estimateAnnRunBytes(config: AnnRunConfig): number {
  return 64 * 1024 + config.epochs * 200;
}

/**
 * snapshot.bin (experiments/snapshot-file.ts): per synapse a float32 weight (ideal), or per
 * device its conductance (8 B), stuck flag (1 B), 64-byte parameter record and drift factor (8 B)
 * — two devices per synapse for a differential pair; neuron, inhibition and learning-rule state
 * (≤ 32 doubles per neuron, 4 per input); a JSON header with RNG states and the curve.
 */
function snapshotBytes(config: RunConfig, inputs: number): number {
  const n = config.neurons;
  const s = config.synapses;
  const perCell = s.kind === "crossbar" ? (s.mapping === "differential" ? 2 : 1) * 81 : 4;
  return 64 * 1024 + inputs * n * perCell + (n * 32 + inputs * 4) * 8;
}

/** Bytes to require for `total` estimated bytes: the safety factor and margin applied. */
export function withSafety(total: number): number {
  return Math.ceil(total * SAFETY_FACTOR) + SAFETY_MARGIN_BYTES;
}

/**
 * `neuroxbar train`: fails with an IoError when folder `out` has less free space than the run's
 * estimate (safety factor included). Skipped when the image size or the free space is unknown.
 */
export function ensureRunFits(
  out: string,
  config: RunConfig,
  snapshotEvery: number,
  statfs: StatFs = statfsSync,
): void {
  const inputs = imagePixels(config.dataset);
  if (inputs === null) return;
  const b = estimateRunBytes(config, inputs, snapshotEvery);
  const parts = [
    `weights.bin ${formatBytes(b.weights)}`,
    `synapse-map.png ≤ ${formatBytes(b.synapseMap)}`,
    `result.json ${formatBytes(b.result)}`,
    ...(b.snapshot > 0 ? [`2 × snapshot.bin ${formatBytes(b.snapshot)}`] : []),
  ];
  ensureFreeSpace(
    out,
    withSafety(b.total),
    `this run will write ${parts.join(", ")} (× ${SAFETY_FACTOR} safety factor + 1 MiB)`,
    statfs,
  );
}

/**
 * `neuroxbar sweep`: the same check for the sum of the pending runs' estimates (each run's files
 * stay in its own folder under `out`).
 */
export function ensureSweepFits(
  out: string,
  configs: readonly ScenarioRunConfig[],
  snapshotEvery = 0,
  statfs: StatFs = statfsSync,
): void {
  if (configs.length === 0) return;
  const pixels = new Map<string, number | null>();
  let total = 0;
  let annRuns = 0;
  for (const config of configs) {
    if (isAnnRun(config)) {
      total += estimateAnnRunBytes(config);
      annRuns++;
      continue;
    }
    const key = JSON.stringify(config.dataset);
    if (!pixels.has(key)) pixels.set(key, imagePixels(config.dataset));
    const inputs = pixels.get(key)!;
    if (inputs === null) return;
    total += estimateRunBytes(config, inputs, snapshotEvery).total;
  }
  ensureFreeSpace(
    out,
    withSafety(total),
    `the ${configs.length} pending run(s) will write ${formatBytes(total)} (result.json, weights.bin, synapse-map.png${snapshotEvery > 0 ? ", 2 × snapshot.bin" : ""} each${annRuns > 0 ? "; an ANN run result.json only" : ""}; × ${SAFETY_FACTOR} safety factor + 1 MiB)`,
    statfs,
  );
}
