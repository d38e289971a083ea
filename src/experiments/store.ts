/**
 * The on-disk layout of a sweep:
 *   <out>/sweep.json                               manifest (scenario, points, hashes)
 *   <out>/points/<pointId>/seed-<r>/result.json    a finished run (written last, atomically)
 *   <out>/points/<pointId>/seed-<r>/weights.bin, synapse-map.png
 *   <out>/points/<pointId>/seed-<r>/error.json     a failed run (re-run by --resume)
 *   <out>/points/<pointId>/seed-<r>/checksums.sha256  SHA-256 of the run's files
 *   <out>/points/<pointId>/seed-<r>/snapshot.bin   an unfinished run's training snapshot
 *                                                  (sweep --snapshot-every; removed when it ends)
 *   <out>/checksums.sha256                         SHA-256 of sweep.json
 * A run is finished if and only if its result.json exists; it is intact if its files match
 * their checksums (checkRun).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { checkFile, readSums } from "../core/checksum.js";
import { DataError } from "../core/errors.js";

/** File name of a sweep folder's manifest. */
export const MANIFEST_FILE = "sweep.json";
/** Folder below a sweep folder that holds one sub-folder per run. */
export const POINTS_DIR = "points";
/** File name of a finished run's result (its presence marks the run finished). */
export const RESULT_FILE = "result.json";
/** File name of a failed run's error record. */
export const ERROR_FILE = "error.json";
/** File name of a run's final weights (float32). */
export const WEIGHTS_FILE = "weights.bin";
/** File name of a run's synapse-map image. */
export const SYNAPSE_MAP_FILE = "synapse-map.png";
/**
 * File name of an unfinished run's training snapshot (sweep --snapshot-every): the run continues
 * from it. It carries its own SHA-256 and its run configuration, both checked before use.
 */
export const SNAPSHOT_FILE = "snapshot.bin";

/** The files of a finished run that are checked against its checksums. */
const CHECKED_FILES = [RESULT_FILE, WEIGHTS_FILE, SYNAPSE_MAP_FILE] as const;

/**
 * Integrity of a finished run's files: problems found (empty when intact) and whether the run has
 * checksums at all.
 */
export interface RunCheck {
  /** What is wrong with the run's files (one sentence per file), empty when intact. */
  readonly problems: readonly string[];
  /** The run folder has no checksums file (written before checksums existed). */
  readonly unverified: boolean;
}

/**
 * Checks a finished run's files against its checksums.sha256: result.json must be listed and
 * match; weights.bin and synapse-map.png must match when present or listed.
 */
export function checkRun(out: string, key: string): RunCheck {
  const dir = runDir(out, key);
  let sums: Map<string, string> | null;
  try {
    sums = readSums(dir);
  } catch (err) {
    return { problems: [(err as Error).message], unverified: false };
  }
  if (sums === null) return { problems: [], unverified: true };
  const problems: string[] = [];
  for (const name of CHECKED_FILES) {
    const problem = checkFile(join(dir, name), sums);
    if (problem !== null && problem !== "unverified") problems.push(problem);
  }
  return { problems, unverified: false };
}

/** How to get a damaged run back, for error messages. */
export function rerunAdvice(out: string, key: string, scenario?: string): string {
  return `re-run it with neuroxbar sweep ${scenario ?? "SCENARIO"} --out ${out} --resume (a resume re-runs runs whose files fail their checksums), or delete ${runDir(out, key)}`;
}

/**
 * The sweep hash recorded in a finished run's result.json (its `sweep` block) when it is not
 * `sweepHash`: another sweep wrote the run into this folder. Null when it matches, and for results
 * that record none (written before the field).
 */
export function foreignSweepHash(
  result: Record<string, unknown>,
  sweepHash: string,
): string | null {
  const writtenBy = (result.sweep as { sweepHash?: unknown } | undefined)?.sweepHash;
  return typeof writtenBy === "string" && writtenBy !== sweepHash ? writtenBy : null;
}

/** Folder of run `key` inside sweep folder `out` (points/<pointId>/seed-<r>). */
export function runDir(out: string, key: string): string {
  return join(out, POINTS_DIR, ...key.split("/"));
}

/** Path of run `key`'s result.json inside sweep folder `out`. */
export function resultPath(out: string, key: string): string {
  return join(runDir(out, key), RESULT_FILE);
}

/** Whether run `key` in sweep folder `out` has finished (its result.json exists). */
export function isFinished(out: string, key: string): boolean {
  return existsSync(resultPath(out, key));
}

/** Reads a run's result.json as plain JSON (the report checks the fields it uses). */
export function readResultJson(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new DataError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new Error("not an object");
    return value as Record<string, unknown>;
  } catch (err) {
    throw new DataError(`${path}: not a result file (${(err as Error).message})`);
  }
}

/** Keys ("<pointId>/seed-<r>") of every finished run found under <out>/points. */
export function finishedKeys(out: string): string[] {
  const root = join(out, POINTS_DIR);
  if (!existsSync(root)) return [];
  const keys: string[] = [];
  for (const point of readdirSync(root).sort()) {
    const pdir = join(root, point);
    let seeds: string[];
    try {
      seeds = readdirSync(pdir);
    } catch {
      continue; // a stray file, not a point folder
    }
    for (const seed of seeds.sort()) {
      if (/^seed-\d+$/.test(seed) && existsSync(join(pdir, seed, RESULT_FILE)))
        keys.push(`${point}/${seed}`);
    }
  }
  return keys;
}

/** Removes every file of a run (a damaged finished run about to be re-run). */
export function clearRun(out: string, key: string): void {
  const dir = runDir(out, key);
  rmSync(join(dir, RESULT_FILE), { force: true });
  rmSync(join(dir, SNAPSHOT_FILE), { force: true });
  clearUnfinished(out, key);
}

/**
 * Removes what an interrupted attempt left in a run folder (temp files of atomic writes, partial
 * weights, an old error.json) so the re-run starts clean, except its training snapshot, from which
 * the run continues (checked when it is read). Never touches a finished run.
 */
export function clearUnfinished(out: string, key: string): void {
  const dir = runDir(out, key);
  if (!existsSync(dir) || existsSync(join(dir, RESULT_FILE))) return;
  for (const name of readdirSync(dir)) {
    if (name !== SNAPSHOT_FILE) rmSync(join(dir, name), { force: true, recursive: true });
  }
}
