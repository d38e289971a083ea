/**
 * Reads a sweep folder for the report: the manifest and every finished run's result.json. Only
 * the fields the report uses are checked (loosely: extra fields pass), so result files may grow
 * (e.g. the energy block) without breaking reports. Nothing here touches the simulator.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseWithSchema } from "../core/validate.js";
import { requireManifest, type SweepManifest } from "../experiments/manifest.js";
import { DataError } from "../core/errors.js";
import { asReportedResult } from "../experiments/ann-report.js";
import {
  checkRun,
  finishedKeys,
  foreignSweepHash,
  readResultJson,
  rerunAdvice,
  resultPath,
  runDir,
} from "../experiments/store.js";

const phaseRecord = <T extends z.ZodType>(s: T) => z.object({ train: s, label: s, test: s });

const breakdownSchema = z.record(z.string(), z.number());

/** The part of an EnergyReport the report shows (all optional: older files have less). */
const energySchema = z.object({
  profile: z.object({ name: z.string() }).partial().optional(),
  totalJ: z.number().optional(),
  perInferenceJ: z.number().nullable().optional(),
  perInference: breakdownSchema.nullable().optional(),
  perTrainingSampleJ: z.number().nullable().optional(),
  perTrainingSample: breakdownSchema.nullable().optional(),
  phases: phaseRecord(
    z.object({ totalJ: z.number().optional(), breakdown: breakdownSchema.optional() }),
  )
    .partial()
    .optional(),
});

/**
 * Zod schema of the parts of a run's result.json that the report reads (accuracy, configuration,
 * curve, phases, ops, energy, …).
 */
export const reportedResultSchema = z.object({
  version: z.string(),
  accuracy: z.number(),
  correct: z.number(),
  config: z.record(z.string(), z.unknown()),
  dataset: z.object({ name: z.string(), checksums: z.string().optional() }).optional(),
  samples: phaseRecord(z.number()),
  curve: z.array(z.object({ samples: z.number(), accuracy: z.number() })).default([]),
  /** Neuron → assigned class (−1: never fired during label assignment); absent in older files. */
  assignment: z.array(z.number()).optional(),
  /** confusion[true][predicted] on the test set (last column: no prediction); absent in older files. */
  confusion: z.array(z.array(z.number())).optional(),
  phases: phaseRecord(z.object({ spikeCounts: z.array(z.number()) })),
  ops: phaseRecord(z.record(z.string(), z.number())),
  energy: energySchema.nullable().optional(),
  /** The run's numerical warnings (forward-Euler limit …); absent in older files. */
  warnings: z.array(z.string()).default([]),
  provenance: z
    .object({
      version: z.string(),
      gitCommit: z.string().nullable(),
      node: z.string(),
      platform: z.string(),
      arch: z.string(),
      cpuModel: z.string(),
      cpuCount: z.number(),
    })
    .partial()
    .optional(),
  timings: z.object({ totalSeconds: z.number(), finishedAt: z.string() }).partial().optional(),
  sweep: z.object({
    pointId: z.string(),
    replicate: z.number(),
    seed: z.number(),
    sweepHash: z.string().optional(),
  }),
});

/** A run's result.json as the report reads it (output of reportedResultSchema). */
export type ReportedResult = z.output<typeof reportedResultSchema>;
/** The energy block of a run's result.json. */
export type EnergyBlock = z.output<typeof energySchema>;

/** One finished run of a sweep: key, point, replicate and seed, folder, result and weights path. */
export interface RunRecord {
  /** "<pointId>/seed-<r>". */
  readonly key: string;
  readonly pointId: string;
  readonly replicate: number;
  readonly seed: number;
  readonly dir: string;
  readonly result: ReportedResult;
  /** weights.bin, when the run folder has it. */
  readonly weightsPath: string | null;
}

/** The finished runs of a sweep folder, with its manifest and the runs missing or unverified. */
export interface SweepResults {
  readonly dir: string;
  readonly manifest: SweepManifest;
  /** Finished runs in manifest order (point-major, seeds in the scenario's order). */
  readonly runs: readonly RunRecord[];
  /** Runs of the manifest without a result (unfinished, failed or in another shard). */
  readonly missing: readonly string[];
  /** Runs whose folder has no checksums.sha256 (written before checksums): not checked. */
  readonly unverified: readonly string[];
}

/**
 * Reads a sweep folder for a report: its manifest and every finished run's result.json (checked
 * against checksums where present).
 */
export function loadSweepResults(dir: string): SweepResults {
  const manifest = requireManifest(dir);
  const have = new Set(finishedKeys(dir));
  const runs: RunRecord[] = [];
  const missing: string[] = [];
  const unverified: string[] = [];
  for (const key of manifest.runs) {
    if (!have.has(key)) {
      missing.push(key);
      continue;
    }
    // Nothing is reported from a file that is not the one the run wrote.
    const check = checkRun(dir, key);
    if (check.problems.length > 0) {
      throw new DataError(
        `${check.problems.join("; ")}; ${rerunAdvice(dir, key, manifest.source)}`,
      );
    }
    if (check.unverified) unverified.push(key);
    const path = resultPath(dir, key);
    // An ANN arm's result (kind "neuroxbar-ann") is read in the same shape as an SNN run's.
    const raw = readResultJson(path);
    const result = parseWithSchema(reportedResultSchema, asReportedResult(raw), path);
    // A run written by another sweep (two sweeps in one folder) carries another sweep block.
    const writtenBy = foreignSweepHash(raw, manifest.sweepHash);
    if (writtenBy !== null) {
      throw new DataError(
        `${path}: this run was written by another sweep (hash ${writtenBy.slice(0, 12)}…) than the folder's manifest (${manifest.sweepHash.slice(0, 12)}…): two sweeps wrote into this folder; delete ${runDir(dir, key)} and re-run it with neuroxbar sweep ${manifest.source} --out ${dir} --resume`,
      );
    }
    const weights = join(runDir(dir, key), "weights.bin");
    runs.push({
      key,
      pointId: result.sweep.pointId,
      replicate: result.sweep.replicate,
      seed: result.sweep.seed,
      dir: runDir(dir, key),
      result,
      weightsPath: existsSync(weights) ? weights : null,
    });
  }
  return { dir, manifest, runs, missing, unverified };
}
