/**
 * One run of a sweep, as executed by a worker thread (or in the calling thread with workers 0):
 * run the pipeline (an SNN run) or train the ANN baseline (an ANN run, `kind: "ann"`), write the
 * run's files atomically, report its accuracy.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../core/canonical-json.js";
import { loadDataset, type Dataset } from "../data/datasets.js";
import { trainAnn } from "../ann/train-ann.js";
import type { RunConfig } from "../network/config.js";
import {
  runPipeline,
  snapshotBelongsTo,
  type RunEvent,
  type RunSnapshot,
} from "../network/pipeline.js";
import { isAnnRun, type ScenarioRunConfig } from "./run-config.js";
import { writeAnnRunFiles, writeRunFiles } from "./run-files.js";
import { readSnapshot, writeSnapshot } from "./snapshot-file.js";
import { SNAPSHOT_FILE } from "./store.js";
import { assertLockHeld, type LockHolder } from "../core/folder-lock.js";

/**
 * One run handed to a worker: its key ("<pointId>/seed-<r>"), output folder, configuration and the
 * extra result.json fields.
 */
export interface RunJob {
  /** "<pointId>/seed-<r>". */
  readonly key: string;
  /** Folder the run's files go to. */
  readonly dir: string;
  readonly config: ScenarioRunConfig;
  /** Added to result.json (the `sweep` block: point, axis values, replicate). */
  readonly extra: Readonly<Record<string, unknown>>;
  /**
   * Training samples between snapshots in the run's folder (snapshot.bin; 0 = none). An SNN run
   * whose folder holds a valid snapshot of its own configuration continues from it either way.
   */
  readonly snapshotEvery?: number;
  /**
   * The sweep folder's lock (file and holder): checked before the run starts and before each write,
   * so a run whose sweep lost its folder (deleted, or taken by another process) writes nothing.
   */
  readonly lock?: { readonly path: string; readonly holder: LockHolder };
}

/**
 * What became of an unfinished run's snapshot when the run started: continued from it at
 * `samplesDone`, or discarded (damaged, or taken with another configuration) with the reason.
 */
export type SnapshotUse =
  | { readonly kind: "resumed"; readonly samplesDone: number }
  | { readonly kind: "discarded"; readonly reason: string };

/** What a finished run reports back: its key, test accuracy and wall-clock seconds. */
export interface RunDone {
  readonly key: string;
  readonly accuracy: number;
  readonly seconds: number;
}

/** Messages a worker posts to the pool. */
export type WorkerMessage =
  | { readonly type: "progress"; readonly key: string; readonly fraction: number }
  | { readonly type: "snapshot"; readonly key: string; readonly use: SnapshotUse }
  | ({ readonly type: "done" } & RunDone)
  | {
      readonly type: "failed";
      readonly key: string;
      readonly message: string;
      readonly code: string;
    };

/** Datasets loaded so far in this thread: each worker loads a dataset once, for all its runs. */
export class DatasetCache {
  private readonly loaded = new Map<string, Dataset>();
  get(spec: RunConfig["dataset"]): Dataset {
    const key = canonicalJson(spec);
    let d = this.loaded.get(key);
    if (!d) {
      d = loadDataset(spec);
      this.loaded.set(key, d);
    }
    return d;
  }
}

/** How often a worker reports a run's progress (ms). */
const PROGRESS_EVERY_MS = 1000;

/**
 * The snapshot an unfinished SNN run continues from: the one in its folder if it is intact and was
 * taken with this run's configuration; otherwise none (a damaged or foreign one is deleted, and
 * `onSnapshot` is told why, so the run is not silently started over).
 */
function snapshotToResume(
  path: string,
  config: RunConfig,
  onSnapshot: (use: SnapshotUse) => void,
): RunSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  let reason: string;
  try {
    const snapshot = readSnapshot(path);
    if (snapshotBelongsTo(snapshot, config)) {
      onSnapshot({ kind: "resumed", samplesDone: snapshot.samplesDone });
      return snapshot;
    }
    reason = "it was taken with another run configuration";
  } catch (err) {
    reason = (err as Error).message;
  }
  rmSync(path, { force: true });
  onSnapshot({ kind: "discarded", reason });
  return undefined;
}

/**
 * Executes one sweep run: trains and tests the ANN of an ANN run (its files: result.json with the
 * run configuration as `runConfig`), or runs the pipeline on the (cached) dataset, continuing from
 * the run folder's snapshot when there is a valid one and writing one every `job.snapshotEvery`
 * training samples; writes its files atomically (then removes the snapshot), reports progress
 * fractions through `onFraction` and resolves with its accuracy.
 */
export async function executeRun(
  job: RunJob,
  datasets: DatasetCache,
  onFraction: (fraction: number) => void,
  onSnapshot: (use: SnapshotUse) => void = () => undefined,
): Promise<RunDone> {
  const checkLock = (): void => {
    if (job.lock) assertLockHeld(job.lock.path, job.lock.holder);
  };
  checkLock();
  if (isAnnRun(job.config)) {
    const { result } = trainAnn(job.config, {
      dataset: datasets.get(job.config.dataset),
      onEpoch: (point, _seconds, of) => onFraction(point.epoch / of),
    });
    checkLock();
    writeAnnRunFiles(job.dir, result, job.config, { extra: job.extra });
    return { key: job.key, accuracy: result.accuracy, seconds: result.timings.totalSeconds };
  }
  const dataset = datasets.get(job.config.dataset);
  const phaseDone = { train: 0, label: 0, test: 0 };
  let totalSamples = 1;
  let last = 0;
  const onEvent = (e: RunEvent): void => {
    if (e.type === "run-start") {
      totalSamples = Math.max(1, e.totals.train + e.totals.label + e.totals.test);
    } else if (e.type === "progress" && e.phase !== "checkpoint") {
      phaseDone[e.phase] = e.done;
      const t = performance.now();
      if (t - last >= PROGRESS_EVERY_MS) {
        last = t;
        onFraction((phaseDone.train + phaseDone.label + phaseDone.test) / totalSamples);
      }
    }
  };
  const snapshotPath = join(job.dir, SNAPSHOT_FILE);
  const resumeFrom = snapshotToResume(snapshotPath, job.config, onSnapshot);
  const snapshotEvery = job.snapshotEvery ?? 0;
  const output = await runPipeline(job.config, {
    dataset,
    onEvent,
    ...(resumeFrom ? { resumeFrom } : {}),
    ...(snapshotEvery > 0
      ? {
          snapshotEvery,
          onSnapshot: (s: RunSnapshot) => {
            checkLock();
            writeSnapshot(snapshotPath, s);
          },
        }
      : {}),
  });
  checkLock();
  writeRunFiles(job.dir, output, { extra: job.extra });
  rmSync(snapshotPath, { force: true });
  return {
    key: job.key,
    accuracy: output.result.accuracy,
    seconds: output.result.timings.totalSeconds,
  };
}
