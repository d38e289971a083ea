/**
 * Worker-thread entry of the sweep pool (compiled to dist/experiments/sweep-worker.js). Runs one
 * job at a time; datasets stay loaded between jobs.
 */
import { parentPort } from "node:worker_threads";
import { NeuroXbarError } from "../core/errors.js";
import { DatasetCache, executeRun, type RunJob, type WorkerMessage } from "./run-job.js";

const port = parentPort;
if (!port) throw new Error("sweep-worker.js runs only as a worker thread");
const datasets = new DatasetCache();

port.on("message", (job: RunJob) => {
  const post = (m: WorkerMessage): void => port.postMessage(m);
  executeRun(
    job,
    datasets,
    (fraction) => post({ type: "progress", key: job.key, fraction }),
    (use) => post({ type: "snapshot", key: job.key, use }),
  ).then(
    (done) => post({ type: "done", ...done }),
    (err: unknown) => {
      const e = err as Error;
      const code = err instanceof NeuroXbarError ? err.code : "E_INTERNAL";
      post({ type: "failed", key: job.key, message: e?.message ?? String(err), code });
    },
  );
});
