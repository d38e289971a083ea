// A worker thread of a column team (src/kernels/team.ts): instantiates the kernels on the run's
// shared WebAssembly memory, then waits for each published operation and runs it on its own
// column chunk (unless the main thread has taken the chunk over), until the team publishes
// `stop`. No state of its own besides the instance's globals; everything it reads and writes is in
// the shared memory.
import { parentPort, workerData } from "node:worker_threads";
import {
  ARG_SLOTS,
  CTRL,
  SPIN_CHECK_EVERY,
  SPIN_MS,
  TEAM_OP,
  RANGE_OUT_DONE,
  RANGE_OUT_HEADER_INTS,
  claimChunk,
  controlInts,
  runRangeOp,
  sleepIndex,
  type RangeKernels,
} from "./team-ops.js";

interface ColumnWorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly threads: number;
  readonly slot: number;
  /** This slot's chunk: columns [c0, c1). */
  readonly c0: number;
  readonly c1: number;
  /** Its out block's address. */
  readonly out: number;
  readonly ctrlAddress: number;
  readonly argsAddress: number;
}

const data = workerData as ColumnWorkerData;
const instance = new WebAssembly.Instance(data.module, { env: { memory: data.memory } });
const kernels = instance.exports as unknown as RangeKernels;
const buffer = data.memory.buffer as unknown as SharedArrayBuffer;
const ctrl = new Int32Array(buffer, data.ctrlAddress, controlInts(data.threads));
const args = new Float64Array(buffer, data.argsAddress, ARG_SLOTS);
const { slot, c0, c1, out } = data;
/** The chunk's out-block header (its done generation at RANGE_OUT_DONE). */
const head = new Int32Array(buffer, out, RANGE_OUT_HEADER_INTS);
const sleep = sleepIndex(data.threads, slot);

/** Runs operation `op` on this slot's chunk unless the main thread has taken it over. */
function runChunk(op: number, gen: number): void {
  if (!claimChunk(ctrl, slot, gen)) return;
  try {
    runRangeOp(kernels, op, c0, c1, out, args);
  } catch (error) {
    Atomics.store(ctrl, CTRL.error, slot);
    parentPort?.postMessage({ error: String(error) });
  }
  Atomics.store(head, RANGE_OUT_DONE, gen);
  if (Atomics.load(ctrl, CTRL.mainSleeping) !== 0) Atomics.notify(head, RANGE_OUT_DONE);
}

/** The worker's loop (a function, not module top-level code, so V8 optimises it). */
function serve(): void {
  let gen = Atomics.load(ctrl, CTRL.gen);
  Atomics.add(ctrl, CTRL.ready, 1);
  Atomics.notify(ctrl, CTRL.ready);
  for (;;) {
    let next = Atomics.load(ctrl, CTRL.gen);
    let spins = 0;
    let sleepAt = 0;
    while (next === gen) {
      if (++spins === SPIN_CHECK_EVERY) {
        spins = 0;
        const now = performance.now();
        if (sleepAt === 0) sleepAt = now + SPIN_MS;
        else if (now >= sleepAt) {
          // Announce the sleep, then re-check: the main thread stores gen before it reads the
          // flag, so either it sees the flag and notifies, or this load sees the new generation.
          Atomics.store(ctrl, sleep, 1);
          if (Atomics.load(ctrl, CTRL.gen) === gen) Atomics.wait(ctrl, CTRL.gen, gen);
          Atomics.store(ctrl, sleep, 0);
          sleepAt = 0;
        }
      }
      next = Atomics.load(ctrl, CTRL.gen);
    }
    gen = next;
    const op = Atomics.load(ctrl, CTRL.op);
    if (op === TEAM_OP.stop) return;
    // Only its own chunk: no line of another thread's chunk is read, so none is pulled away from
    // the thread that runs it (the main thread takes over a late worker's chunk).
    runChunk(op, gen);
  }
}

serve();
