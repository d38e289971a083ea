/**
 * Combines the folders of a sharded sweep (one per job of a cluster array) into one folder. Runs
 * are copied result.json last, so the merged folder is as resumable as one the runner wrote.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureWritableDir, writeFileAtomic } from "../core/atomic.js";
import { UsageError, ValidationError } from "../core/errors.js";
import { canonicalJson } from "../core/canonical-json.js";
import { readManifest, requireManifest, writeManifest, type SweepManifest } from "./manifest.js";
import { finishedKeys, readResultJson, RESULT_FILE, resultPath, runDir } from "./store.js";

export interface MergeSummary {
  readonly out: string;
  readonly copied: number;
  /** Runs found in more than one source (identical apart from timings and machine). */
  readonly duplicates: number;
  /** Runs of the sweep that no source has finished. */
  readonly missing: readonly string[];
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

export function mergeSweeps(sources: readonly string[], out: string): MergeSummary {
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
  const existing = readManifest(out);
  if (existing && existing.sweepHash !== first.sweepHash) {
    throw new ValidationError(
      `${out} holds a different sweep (${existing.source}); merge into another folder`,
    );
  }
  writeManifest(out, first);

  let copied = 0;
  let duplicates = 0;
  for (const source of sources) {
    if (join(source) === join(out)) continue;
    for (const key of finishedKeys(source)) {
      const from = runDir(source, key);
      const target = resultPath(out, key);
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
      for (const name of readdirSync(from)) {
        if (name === RESULT_FILE || name.startsWith(".") || name === "error.json") continue;
        copyFileSync(join(from, name), join(dir, name));
      }
      writeFileAtomic(target, readFileSync(join(from, RESULT_FILE)));
      copied++;
    }
  }
  const have = new Set(finishedKeys(out));
  const missing = first.runs.filter((k) => !have.has(k));
  return { out, copied, duplicates, missing, total: first.runs.length };
}
