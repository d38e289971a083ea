/**
 * Runs a sweep (or one shard of it) into an output folder: writes the manifest, skips finished
 * runs when resuming, runs the rest in the pool and reports progress as events.
 */
import { availableParallelism } from "node:os";
import { ensureWritableDir } from "../core/atomic.js";
import { UsageError, ValidationError } from "../core/errors.js";
import { isAnnRun } from "./run-config.js";
import { canonicalJson } from "../core/canonical-json.js";
import type { OverrideValue } from "../devices/overrides.js";
import { deviceChanged, loadPreset, presetSha256 } from "../devices/preset-files.js";
import { axisName, type ExpandedSweep, type SweepRun } from "./expand.js";
import { manifestOf, readManifest, writeManifest } from "./manifest.js";
import { ensureSweepFits } from "./output-space.js";
import { runJobs } from "./pool.js";
import type { RunJob, SnapshotUse } from "./run-job.js";
import { selectShard, type Shard } from "./shard.js";
import {
  checkRun,
  clearRun,
  clearUnfinished,
  isFinished,
  readResultJson,
  foreignSweepHash,
  resultPath,
  runDir,
} from "./store.js";
import { assertLockHeld, lockFolder } from "../core/folder-lock.js";
import { writeFileAtomic } from "../core/atomic.js";
import { join } from "node:path";
import { ERROR_FILE, SNAPSHOT_FILE } from "./store.js";
import { existsSync } from "node:fs";
import { snapshotBelongsTo } from "../network/pipeline.js";
import { readSnapshot } from "./snapshot-file.js";

/**
 * Events emitted while a sweep runs: sweep start, damaged or unverified runs found, run
 * start/snapshot use/progress/end/failure, sweep end.
 */
export type SweepEvent =
  | {
      readonly type: "sweep-start";
      /** Runs this invocation is responsible for (the shard, or one run with --point). */
      readonly selected: readonly SweepRun[];
      readonly pending: readonly SweepRun[];
      readonly skipped: number;
      readonly workers: number;
    }
  /** A finished run whose files fail their checksums: it is re-run. */
  | { readonly type: "run-damaged"; readonly key: string; readonly problems: readonly string[] }
  /** Finished runs written before checksums existed: kept, but their files cannot be checked. */
  | { readonly type: "runs-unverified"; readonly keys: readonly string[] }
  | { readonly type: "run-start"; readonly key: string }
  /** An unfinished run found its snapshot: continued from it, or discarded it (and why). */
  | { readonly type: "run-snapshot"; readonly key: string; readonly use: SnapshotUse }
  | { readonly type: "run-progress"; readonly key: string; readonly fraction: number }
  | {
      readonly type: "run-end";
      readonly key: string;
      readonly accuracy: number;
      readonly seconds: number;
    }
  | {
      readonly type: "run-failed";
      readonly key: string;
      readonly message: string;
      readonly code: string;
    }
  | { readonly type: "sweep-end"; readonly summary: SweepSummary };

/**
 * Options of runSweep: output folder, worker threads, resume, shard or single run, event callback,
 * abort signal and stale-lock notice.
 */
export interface SweepOptions {
  readonly out: string;
  /** Worker threads (default: the cores this process may use); 0 = in the calling thread. */
  readonly workers?: number;
  /** Skip finished runs, re-run the others. Without it a folder holding finished runs is refused. */
  readonly resume?: boolean;
  readonly shard?: Shard;
  /** Only these runs (--point ID [--seed S]): selected after sharding. */
  readonly only?: { readonly point?: string; readonly replicate?: number };
  readonly onEvent?: (event: SweepEvent) => void;
  readonly signal?: AbortSignal;
  /** Told when the folder's lock was left by a process that no longer runs (and is taken over). */
  readonly onStaleLock?: (message: string) => void;
  /**
   * Training samples between snapshots of each SNN run (snapshot.bin in its folder; 0 or absent =
   * none). An interrupted run then continues from its last snapshot, to the same result.
   */
  readonly snapshotEvery?: number;
}

/**
 * Summary of a sweep invocation: runs selected, skipped (already finished), damaged and re-run,
 * finished and failed; whether it was interrupted; wall-clock seconds.
 */
export interface SweepSummary {
  readonly out: string;
  readonly selected: number;
  readonly skipped: number;
  /** Finished runs found damaged (checksum mismatch) and re-run. */
  readonly damaged: readonly string[];
  readonly finished: number;
  readonly failed: readonly { readonly key: string; readonly message: string }[];
  readonly interrupted: boolean;
  readonly seconds: number;
}

/** Default worker-thread count: the cores this process may use (os.availableParallelism()). */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** The runs chosen by --point (an id or a unique prefix of one) and --seed. */
export function selectRuns(
  sweep: ExpandedSweep,
  runs: readonly SweepRun[],
  only: SweepOptions["only"],
): SweepRun[] {
  if (!only) return [...runs];
  let out = [...runs];
  if (only.point !== undefined) {
    const ids = [...new Set(sweep.points.map((p) => p.id))].filter((id) =>
      id.startsWith(only.point!),
    );
    if (ids.length === 0) {
      throw new UsageError(
        `--point: no point of ${sweep.source} has an id starting with "${only.point}" (list them with neuroxbar scenario points ${sweep.source})`,
      );
    }
    if (ids.length > 1)
      throw new UsageError(
        `--point: "${only.point}" matches ${ids.length} points: ${ids.join(", ")}`,
      );
    out = out.filter((r) => r.point.id === ids[0]);
  }
  if (only.replicate !== undefined) {
    if (!sweep.seeds.includes(only.replicate)) {
      throw new UsageError(
        `--seed: ${only.replicate} is not one of the scenario's seeds (${sweep.seeds.join(", ")})`,
      );
    }
    out = out.filter((r) => r.replicate === only.replicate);
  }
  return out;
}

/** The `sweep` block added to each result.json: everything the report needs about the run. */
function sweepBlock(sweep: ExpandedSweep, run: SweepRun): Record<string, unknown> {
  return {
    sweep: {
      scenario: sweep.scenario.name,
      variant: sweep.variant,
      scenarioHash: sweep.scenarioHash,
      sweepHash: sweep.sweepHash,
      pointId: run.point.id,
      pointIndex: run.point.index,
      replicate: run.replicate,
      seed: run.seed,
      axes: sweep.scenario.axes.map((a, i) => ({
        path: a.path,
        name: axisName(a),
        value: run.point.values[i],
        label: run.point.labels[i],
      })),
    },
  };
}

/**
 * A finished run from another scenario (or an edited one) must not be mistaken for this one's:
 * its recorded configuration has to equal the one expanded now.
 */
function checkFinishedMatches(
  out: string,
  run: SweepRun,
  sweepHash: string,
  deviceSha256Now: (device: string, set: Record<string, OverrideValue>) => string,
): void {
  const path = resultPath(out, run.key);
  const result = readResultJson(path);
  // An ANN run's result.json keeps the ANN result's own `config` and the run's as `runConfig`.
  const recorded = isAnnRun(run.config) ? result.runConfig : result.config;
  if (canonicalJson(recorded) !== canonicalJson(run.config)) {
    throw new ValidationError(
      `${path}: this finished run has a different configuration from point ${run.point.id} of the scenario now (was the scenario edited?); use another --out, or delete the folder to start over`,
    );
  }
  // Same configuration, another sweep: two sweeps wrote this folder (one still running when the
  // folder was deleted and started again, say). Its sweep block (point index, hashes) is not ours.
  const writtenBy = foreignSweepHash(result, sweepHash);
  if (writtenBy !== null) {
    throw new ValidationError(
      `${path}: this finished run was written by another sweep (hash ${writtenBy.slice(0, 12)}…) than the one this folder holds (${sweepHash.slice(0, 12)}…): two sweeps wrote into this folder; delete ${runDir(out, run.key)} to re-run it`,
    );
  }
  // The configuration names a device file, not its content: a file edited since the run finished
  // would mix two devices in one sweep without a word. Results before presetSha256 are not checked.
  if (isAnnRun(run.config)) return;
  const synapses = run.config.synapses;
  const described = result.synapses as { presetSha256?: unknown } | undefined;
  if (synapses.kind !== "crossbar" || typeof described?.presetSha256 !== "string") return;
  const now = deviceSha256Now(synapses.device, synapses.set);
  if (now !== described.presetSha256) {
    throw deviceChanged({
      where: path,
      device: synapses.device,
      since: "this run finished",
      thenSha256: described.presetSha256,
      nowSha256: now,
      consequence: "the sweep would mix two devices",
      remedy: "restore the device file, or use another --out",
    });
  }
}

/**
 * The unfinished runs' counterpart of checkFinishedMatches: a pending crossbar run whose snapshot
 * belongs to its configuration but recorded another device description (the file was edited since)
 * would continue on a different device. The sweep refuses before it starts anything, as it does for
 * a finished run, instead of failing that one run later. A snapshot that cannot be read or belongs
 * to another configuration is left to the run, which discards it and starts over.
 */
function checkSnapshotMatches(
  out: string,
  run: SweepRun,
  deviceSha256Now: (device: string, set: Record<string, OverrideValue>) => string,
): void {
  if (isAnnRun(run.config)) return;
  const synapses = run.config.synapses;
  if (synapses.kind !== "crossbar") return;
  const path = join(runDir(out, run.key), SNAPSHOT_FILE);
  if (!existsSync(path)) return;
  let recorded: string | undefined;
  try {
    const snapshot = readSnapshot(path);
    if (!snapshotBelongsTo(snapshot, run.config)) return;
    recorded = snapshot.deviceSha256;
  } catch {
    return;
  }
  if (recorded === undefined) return;
  const now = deviceSha256Now(synapses.device, synapses.set);
  if (now !== recorded) {
    throw deviceChanged({
      where: path,
      device: synapses.device,
      since: "this snapshot was taken",
      thenSha256: recorded,
      nowSha256: now,
      consequence: "resuming would continue the run on a different device",
      remedy: "restore the device file, or use another --out",
    });
  }
}

/** deviceSha256Now for checkFinishedMatches: loads each (device, overrides) once per sweep. */
function deviceHasher(): (device: string, set: Record<string, OverrideValue>) => string {
  const cache = new Map<string, string>();
  return (device, set) => {
    const key = canonicalJson([device, set]);
    let sha = cache.get(key);
    if (sha === undefined) {
      sha = presetSha256(loadPreset(device, set).preset);
      cache.set(key, sha);
    }
    return sha;
  };
}

/**
 * Runs a sweep (or a shard of it) into `options.out` under a folder lock: writes the manifest,
 * skips finished runs, runs the rest in the worker pool and resolves with a summary.
 */
export async function runSweep(sweep: ExpandedSweep, options: SweepOptions): Promise<SweepSummary> {
  const t0 = performance.now();
  const { out } = options;
  const emit = options.onEvent ?? (() => undefined);
  ensureWritableDir(out);
  const lock = lockFolder(out, { onStale: options.onStaleLock });
  try {
    return await runLocked(sweep, options, t0, emit, { path: lock.path, holder: lock.holder });
  } finally {
    lock.release();
  }
}

async function runLocked(
  sweep: ExpandedSweep,
  options: SweepOptions,
  t0: number,
  emit: (event: SweepEvent) => void,
  lock: NonNullable<RunJob["lock"]>,
): Promise<SweepSummary> {
  const { out } = options;
  const existing = readManifest(out);
  if (existing && existing.sweepHash !== sweep.sweepHash) {
    throw new ValidationError(
      `${out} holds a different sweep (${existing.source}, ${existing.variant}, hash ${existing.sweepHash.slice(0, 12)}) than ${sweep.source} (${sweep.variant}, hash ${sweep.sweepHash.slice(0, 12)}); use another --out`,
    );
  }
  const selected = selectRuns(sweep, selectShard(sweep.runs, options.shard), options.only);
  const finishedRuns = selected.filter((r) => isFinished(out, r.key));
  if (finishedRuns.length > 0 && !options.resume && !options.only) {
    throw new UsageError(
      `${out} already holds ${finishedRuns.length} finished run(s) of this sweep: pass --resume to run the rest, or choose another --out`,
    );
  }
  // A finished run is trusted only when its files match their checksums; damaged ones re-run.
  const done = new Set<string>();
  const deviceSha256Now = deviceHasher();
  const damaged: string[] = [];
  const unverified: string[] = [];
  for (const r of finishedRuns) {
    const check = checkRun(out, r.key);
    if (check.problems.length > 0) {
      damaged.push(r.key);
      emit({ type: "run-damaged", key: r.key, problems: check.problems });
      continue;
    }
    if (check.unverified) unverified.push(r.key);
    checkFinishedMatches(out, r, sweep.sweepHash, deviceSha256Now);
    done.add(r.key);
  }
  if (unverified.length > 0) emit({ type: "runs-unverified", keys: unverified });
  // --point re-runs the chosen run even if finished (reproducing it is the point).
  const pending = options.only ? selected : selected.filter((r) => !done.has(r.key));
  for (const r of pending) checkSnapshotMatches(out, r, deviceSha256Now);
  const snapshotEvery = options.snapshotEvery ?? 0;
  ensureSweepFits(
    out,
    pending.map((r) => r.config),
    snapshotEvery,
  );
  writeManifest(out, manifestOf(sweep));
  for (const key of damaged) clearRun(out, key);
  for (const r of pending) clearUnfinished(out, r.key);

  const workers = Math.max(0, options.workers ?? defaultWorkers());
  const skipped = selected.length - pending.length;
  emit({
    type: "sweep-start",
    selected,
    pending,
    skipped,
    workers: Math.min(workers, pending.length),
  });

  const jobs: RunJob[] = pending.map((r) => ({
    key: r.key,
    dir: runDir(out, r.key),
    config: r.config,
    extra: sweepBlock(sweep, r),
    snapshotEvery,
    lock,
  }));
  let finished = 0;
  const failed: { key: string; message: string }[] = [];
  const { interrupted } = await runJobs(jobs, {
    workers,
    signal: options.signal,
    onStart: (key) => emit({ type: "run-start", key }),
    onProgress: (key, fraction) => emit({ type: "run-progress", key, fraction }),
    onSnapshot: (key, use) => emit({ type: "run-snapshot", key, use }),
    onDone: (d) => {
      finished++;
      emit({ type: "run-end", ...d });
    },
    onFailed: (key, message, code) => {
      failed.push({ key, message });
      try {
        // Not into a folder this sweep no longer owns (the check throws, the record is skipped).
        assertLockHeld(lock.path, lock.holder);
        writeFileAtomic(
          join(runDir(out, key), ERROR_FILE),
          `${JSON.stringify({ key, code, message }, null, 2)}\n`,
        );
      } catch {
        // the failure is reported anyway; a missing error.json loses nothing
      }
      emit({ type: "run-failed", key, message, code });
    },
  });
  const summary: SweepSummary = {
    out,
    selected: selected.length,
    skipped,
    damaged,
    finished,
    failed,
    interrupted,
    seconds: (performance.now() - t0) / 1000,
  };
  emit({ type: "sweep-end", summary });
  return summary;
}
