/**
 * A fixed pool of worker threads, one run per worker at a time. Results never depend on the
 * pool: each run is seeded by its own derived seed and writes its own folder, so only the order
 * in which runs finish changes with the worker count.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { NeuroXbarError } from "../core/errors.js";
import { packageRoot } from "../core/version.js";
import {
  DatasetCache,
  executeRun,
  type RunDone,
  type RunJob,
  type SnapshotUse,
  type WorkerMessage,
} from "./run-job.js";

/**
 * Callbacks of the run pool: a run started, its progress (fraction 0–1), what it did with a
 * snapshot it found, finished (RunDone), or failed (message and error code).
 */
export interface PoolCallbacks {
  readonly onStart?: (key: string) => void;
  readonly onProgress?: (key: string, fraction: number) => void;
  /** A run found a snapshot in its folder: continued from it, or discarded it (and why). */
  readonly onSnapshot?: (key: string, use: SnapshotUse) => void;
  readonly onDone?: (done: RunDone) => void;
  readonly onFailed?: (key: string, message: string, code: string) => void;
}

/**
 * Options of the run pool: worker threads (0 = in the calling thread), abort signal and callbacks.
 */
export interface PoolOptions extends PoolCallbacks {
  /** Worker threads; 0 runs every job in the calling thread, one after another. */
  readonly workers: number;
  /** Aborting stops the pool: running workers are terminated, queued jobs are not started. */
  readonly signal?: AbortSignal;
}

/**
 * The compiled worker entry. Running from TypeScript sources (tests), workers still need the
 * compiled JavaScript in dist/.
 */
export function workerScript(): URL {
  const here = new URL("./sweep-worker.js", import.meta.url);
  if (import.meta.url.endsWith(".js") && existsSync(fileURLToPath(here))) return here;
  const built = join(packageRoot, "dist", "experiments", "sweep-worker.js");
  if (!existsSync(built)) {
    throw new NeuroXbarError(
      "E_INTERNAL",
      `worker script ${built} is missing: run npm run build first`,
    );
  }
  return pathToFileURL(built);
}

/** Runs the jobs; resolves with interrupted = true when the signal aborted the pool. */
export async function runJobs(
  jobs: readonly RunJob[],
  options: PoolOptions,
): Promise<{ interrupted: boolean }> {
  if (options.workers <= 0) return runInThread(jobs, options);
  return runInWorkers(jobs, options);
}

async function runInThread(
  jobs: readonly RunJob[],
  options: PoolOptions,
): Promise<{ interrupted: boolean }> {
  const datasets = new DatasetCache();
  for (const job of jobs) {
    if (options.signal?.aborted) return { interrupted: true };
    options.onStart?.(job.key);
    try {
      const done = await executeRun(
        job,
        datasets,
        (f) => options.onProgress?.(job.key, f),
        (use) => options.onSnapshot?.(job.key, use),
      );
      options.onDone?.(done);
    } catch (err) {
      const code = err instanceof NeuroXbarError ? err.code : "E_INTERNAL";
      options.onFailed?.(job.key, (err as Error).message, code);
    }
  }
  return { interrupted: options.signal?.aborted ?? false };
}

function runInWorkers(
  jobs: readonly RunJob[],
  options: PoolOptions,
): Promise<{ interrupted: boolean }> {
  const script = workerScript();
  const queue = [...jobs];
  const size = Math.min(options.workers, queue.length);
  const busy = new Map<Worker, RunJob>();
  const all = new Set<Worker>();
  let settled = false;

  return new Promise((resolve) => {
    const finish = (interrupted: boolean): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener("abort", onAbort);
      const stopping = [...all].map((w) => w.terminate());
      void Promise.allSettled(stopping).then(() => resolve({ interrupted }));
    };
    const onAbort = (): void => finish(true);
    if (options.signal?.aborted) return finish(true);
    options.signal?.addEventListener("abort", onAbort);

    const dispatch = (w: Worker): void => {
      const job = queue.shift();
      if (!job) {
        all.delete(w);
        void w.terminate();
        if (busy.size === 0 && all.size === 0) finish(false);
        return;
      }
      busy.set(w, job);
      options.onStart?.(job.key);
      w.postMessage(job);
    };
    const failCurrent = (w: Worker, message: string): void => {
      const job = busy.get(w);
      busy.delete(w);
      all.delete(w);
      if (job) options.onFailed?.(job.key, message, "E_INTERNAL");
      if (settled) return;
      // A crashed worker is replaced so the rest of the queue still runs.
      const next = spawn();
      dispatch(next);
    };
    const spawn = (): Worker => {
      const w = new Worker(script);
      all.add(w);
      w.on("message", (m: WorkerMessage) => {
        if (settled) return;
        if (m.type === "progress") {
          options.onProgress?.(m.key, m.fraction);
          return;
        }
        if (m.type === "snapshot") {
          options.onSnapshot?.(m.key, m.use);
          return;
        }
        busy.delete(w);
        if (m.type === "done")
          options.onDone?.({ key: m.key, accuracy: m.accuracy, seconds: m.seconds });
        else options.onFailed?.(m.key, m.message, m.code);
        dispatch(w);
      });
      w.on("error", (err) => {
        if (!settled) failCurrent(w, `worker crashed: ${err.message}`);
      });
      w.on("exit", (code) => {
        if (!settled && all.has(w) && code !== 0)
          failCurrent(w, `worker exited with status ${code}`);
      });
      return w;
    };
    for (let i = 0; i < size; i++) dispatch(spawn());
    if (size === 0) finish(false);
  });
}
