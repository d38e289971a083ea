/**
 * Combines the folders of a sharded sweep (one per job of a cluster array) into one folder. Runs
 * are copied result.json last, so the merged folder is as resumable as one the runner wrote.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureWritableDir, writeFileAtomic } from "../core/atomic.js";
import { recordSums, SUMS_FILE } from "../core/checksum.js";
import { UsageError, ValidationError } from "../core/errors.js";
import { canonicalJson } from "../core/canonical-json.js";
import { lockFolder } from "../core/folder-lock.js";
import { readManifest, requireManifest, writeManifest, type SweepManifest } from "./manifest.js";
import {
  checkRun,
  clearRun,
  finishedKeys,
  readResultJson,
  RESULT_FILE,
  resultPath,
  runDir,
} from "./store.js";

/**
 * What mergeSweeps did: the output folder, runs copied, duplicates, runs no shard finished, and
 * runs not copied because their checksums failed.
 */
export interface MergeSummary {
  readonly out: string;
  readonly copied: number;
  /** Runs found in more than one source (identical apart from timings and machine). */
  readonly duplicates: number;
  /** Runs of the sweep that no source has finished. */
  readonly missing: readonly string[];
  /** Runs of a source whose files fail their checksums: not copied (one sentence each). */
  readonly damaged: readonly string[];
  /** Runs copied from a source without checksums (written before checksums existed). */
  readonly unverified: readonly string[];
  readonly total: number;
}

/** What must agree between two copies of one run: everything but wall-clock and machine. */
function comparable(result: Record<string, unknown>): string {
  const { timings: _t, provenance: _p, ...rest } = result;
  return canonicalJson(rest);
}

function sameRun(a: string, b: string): boolean {
  return comparable(readResultJson(a)) === comparable(readResultJson(b));
}

/**
 * Merges the folders of a sharded sweep into `out`: requires every shard to hold the same sweep
 * (equal sweep hash), copies finished runs with result.json last, and returns a summary. Throws
 * UsageError when no source is given and ValidationError when shards belong to different sweeps.
 */
export function mergeSweeps(
  sources: readonly string[],
  out: string,
  onStale?: (message: string) => void,
): MergeSummary {
  if (sources.length === 0) throw new UsageError("merge: name at least one shard folder");
  const manifests: SweepManifest[] = sources.map((s) => requireManifest(s));
  const first = manifests[0]!;
  manifests.forEach((m, i) => {
    if (m.sweepHash !== first.sweepHash) {
      throw new ValidationError(
        `${sources[i]}: a different sweep (${m.source}, ${m.variant}) from ${sources[0]} (${first.source}, ${first.variant}); shards of one sweep have the same sweep hash`,
      );
    }
  });
  ensureWritableDir(out);
  const lock = lockFolder(out, { onStale });
  try {
    return mergeLocked(sources, out, first);
  } finally {
    lock.release();
  }
}

function mergeLocked(sources: readonly string[], out: string, first: SweepManifest): MergeSummary {
  const existing = readManifest(out);
  if (existing && existing.sweepHash !== first.sweepHash) {
    throw new ValidationError(
      `${out} holds a different sweep (${existing.source}); merge into another folder`,
    );
  }
  writeManifest(out, first);

  let copied = 0;
  let duplicates = 0;
  const damaged: string[] = [];
  const unverified: string[] = [];
  // A damaged run already in the merged folder is replaced by a good copy from a source.
  for (const key of finishedKeys(out)) {
    if (checkRun(out, key).problems.length > 0) clearRun(out, key);
  }
  for (const source of sources) {
    if (join(source) === join(out)) continue;
    for (const key of finishedKeys(source)) {
      const from = runDir(source, key);
      const target = resultPath(out, key);
      const check = checkRun(source, key);
      if (check.problems.length > 0) {
        damaged.push(...check.problems);
        continue;
      }
      if (existsSync(target)) {
        if (!sameRun(join(from, RESULT_FILE), target)) {
          throw new ValidationError(
            `run ${key} differs between ${source} and an earlier copy in ${out} (beyond timings and machine): the shards did not run the same code or data`,
          );
        }
        duplicates++;
        continue;
      }
      const dir = runDir(out, key);
      ensureWritableDir(dir);
      // The bytes checked above are the bytes written: each file is read once, written
      // atomically, and the checksums recorded before result.json marks the run finished.
      const files: Record<string, Uint8Array> = {};
      for (const name of readdirSync(from)) {
        if (name === RESULT_FILE || name === SUMS_FILE) continue;
        if (name.startsWith(".") || name === "error.json") continue;
        files[name] = readFileSync(join(from, name));
      }
      const result = readFileSync(join(from, RESULT_FILE));
      for (const [name, data] of Object.entries(files)) writeFileAtomic(join(dir, name), data);
      recordSums(dir, { ...files, [RESULT_FILE]: result });
      writeFileAtomic(target, result);
      if (check.unverified) unverified.push(key);
      copied++;
    }
  }
  const have = new Set(finishedKeys(out));
  const missing = first.runs.filter((k) => !have.has(k));
  return { out, copied, duplicates, missing, damaged, unverified, total: first.runs.length };
}
