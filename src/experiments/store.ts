/**
 * The on-disk layout of a sweep:
 *   <out>/sweep.json                               manifest (scenario, points, hashes)
 *   <out>/points/<pointId>/seed-<r>/result.json    a finished run (written last, atomically)
 *   <out>/points/<pointId>/seed-<r>/weights.bin, synapse-map.png
 *   <out>/points/<pointId>/seed-<r>/error.json     a failed run (re-run by --resume)
 * A run is finished if and only if its result.json exists.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../core/errors.js";

export const MANIFEST_FILE = "sweep.json";
export const POINTS_DIR = "points";
export const RESULT_FILE = "result.json";
export const ERROR_FILE = "error.json";

export function runDir(out: string, key: string): string {
  return join(out, POINTS_DIR, ...key.split("/"));
}

export function resultPath(out: string, key: string): string {
  return join(runDir(out, key), RESULT_FILE);
}

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

/**
 * Removes what an interrupted attempt left in a run folder (temp files of atomic writes, partial
 * weights, an old error.json) so the re-run starts clean. Never touches a finished run.
 */
export function clearUnfinished(out: string, key: string): void {
  const dir = runDir(out, key);
  if (!existsSync(dir) || existsSync(join(dir, RESULT_FILE))) return;
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true, recursive: true });
}
