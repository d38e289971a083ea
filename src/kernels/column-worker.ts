// A worker thread of a column team (src/kernels/team.ts): instantiates the kernels on the run's
// shared WebAssembly memory, then waits for each published operation and runs its own column
// chunks of it (each one unless the main thread has taken it over), until the team publishes
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
  /** Chunk boundaries: chunk c is columns [bounds[c], bounds[c+1]). */
  readonly bounds: readonly number[];
  /** Each chunk's output block address. */
  readonly outs: readonly number[];
  /** This slot's own chunks [first, end). */
  readonly first: number;
  readonly end: number;
  readonly ctrlAddress: number;
  readonly argsAddress: number;
}

const data = workerData as ColumnWorkerData;
const instance = new WebAssembly.Instance(data.module, { env: { memory: data.memory } });
const kernels = instance.exports as unknown as RangeKernels;
const buffer = data.memory.buffer as unknown as SharedArrayBuffer;
const chunks = data.bounds.length - 1;
const ctrl = new Int32Array(buffer, data.ctrlAddress, controlInts(chunks, data.threads));
const args = new Float64Array(buffer, data.argsAddress, ARG_SLOTS);
const bounds = Int32Array.from(data.bounds);
const outs = Int32Array.from(data.outs);
/** Each chunk's out-block header (its done generation at RANGE_OUT_DONE). */
const heads = data.outs.map((at) => new Int32Array(buffer, at, RANGE_OUT_HEADER_INTS));
const { slot, first, end } = data;
const sleep = sleepIndex(chunks, slot);

/** Runs chunk c of operation `op` unless the main thread has taken it over. */
function tryChunk(op: number, c: number, gen: number): void {
  if (!claimChunk(ctrl, c, gen)) return;
  try {
    runRangeOp(kernels, op, bounds[c]!, bounds[c + 1]!, outs[c]!, args);
  } catch (error) {
    Atomics.store(ctrl, CTRL.error, slot);
    parentPort?.postMessage({ error: String(error) });
  }
  const head = heads[c]!;
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
    // Only its own chunks: no line of another thread's chunks is read, so none is pulled away
    // from the thread that runs it (the main thread takes over a late worker's chunks).
    for (let c = first; c < end; c++) tryChunk(op, c, gen);
  }
}

serve();
