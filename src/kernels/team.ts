import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { NO_PRE, type FusedPreLearning } from "./stepper.js";
import {
  ARG_SLOTS,
  CTRL,
  RANGE_OUT_DONE,
  RANGE_OUT_COUNTS,
  RANGE_OUT_HEADER_INTS,
  RANGE_OUT_LEARN,
  SPIN_CHECK_EVERY,
  TEAM_OP,
  claimChunk,
  claimIndex,
  controlInts,
  rangeOutInts,
  runRangeOp,
  sleepIndex,
  type RangeKernels,
} from "./team-ops.js";

/**
 * How long the main thread polls for a worker's answer before it sleeps (ms). A worker that has
 * not answered in that time has lost its core; polling longer would only keep this one busy.
 */
const MAIN_SPIN_MS = 2;

/** Worker threads started by column teams in this process that have not exited yet. */
let liveWorkers = 0;

/**
 * How many column-team worker threads of this process are running (started and not yet exited):
 * 0 whenever no run with `threads` > 1 is in progress.
 */
export function liveColumnWorkers(): number {
  return liveWorkers;
}

/**
 * Neuron steps (dcStep, hwStep operations) per measuring window of the shared-or-alone choice
 * (see ColumnTeam.endWindow): tens of ms at 1,600 neurons, several presentations' worth. Windows
 * are counted in steps, not operations, so that a window's wall time per step compares like with
 * like whatever other operations (learning, normalisation, leak) fall into it.
 */
export const WINDOW_STEPS = 4096;
/**
 * A window of the way measured slower so far runs once every PROBE_EVERY × (its slowdown)
 * windows, about 4 % of the wall time.
 */
const PROBE_EVERY = 24;

/** The split way is chosen only when its wall time per step is below this × the other's. */
const SPLIT_MARGIN = 0.9;

/**
 * Polls of a worker chunk's done line (≈ 20 ns each: Atomics.load is a call in V8) before the main
 * thread looks whether the worker has claimed it, and takes it over if not: ≈ 1–2 µs. A worker
 * that is awake claims its chunk within a cache-line transfer of the publication, long before the
 * main thread has run its own chunks, so an unclaimed chunk means a worker that sleeps or lost its
 * core; reading the claim line earlier would only pull it out of the worker's cache.
 */
const TAKE_OVER_SPINS = 64;

/**
 * One run on several threads (`--threads N`): the excitatory neurons (columns) of a network are
 * split into N fixed column chunks of a shared WebAssembly memory, chunk s for thread slot s: the
 * main thread (slot 0) and N − 1 worker threads (src/kernels/column-worker.ts, the same kernels on
 * the same memory). One chunk per thread: each chunk costs a kernel call and a cache line back to
 * the main thread per operation, and an in-process probe of the team's pure step (2026-12-06,
 * docs/performance.md "The meeting itself") measured one chunk per thread ahead of two in 33 of
 * 48 interleaved rounds.
 *
 * Per operation the main thread publishes the arguments in a small control block (only the
 * values that changed) and bumps a generation counter (workers poll it, then sleep in
 * Atomics.wait after SPIN_MS). Each worker claims its chunk (compare-and-swap) and runs it; the
 * main thread runs its own, then waits for the workers' and takes over a chunk that its worker has
 * not claimed soon after (a worker asleep or descheduled). The main thread then concatenates
 * the chunks' firing lists in ascending chunk order: the same ascending list one thread produces.
 * No value crosses columns inside a range kernel, the chunk boundaries do not depend on who runs a
 * chunk, and integer counts are summed per chunk, so the results are bit-identical to one thread
 * whatever N.
 *
 * The threads wait for each other at every step, so a worker that shares its core with another
 * process stalls the step for a scheduler time slice. The team therefore measures its wall time
 * per neuron step in windows of WINDOW_STEPS, with the chunks split across the threads and with all
 * of them on the main thread (the workers then sleep), and runs the faster way, measuring the
 * other again now and then (about 4 % of the time). Who runs a chunk never changes its bits.
 */
export class ColumnTeam {
  /** Columns (neurons) the team splits; an operation on another size is not the team's. */
  readonly columns: number;
  /** Threads, the main one included. */
  readonly threads: number;
  /** Chunk boundaries: chunk s (thread slot s's) is columns [bounds[s], bounds[s+1]). */
  readonly bounds: Int32Array;
  /**
   * Summed over the chunks: after hwStep [updates, overflows]; after hwLeak [0] the changed
   * registers ([1] then holds nothing meaningful, as SoloStepper's).
   */
  readonly counts = new Float64Array(2);
  /** After stdpPost (and a step with pre-synaptic learning): [ltp, ltd] summed over the chunks. */
  readonly learnCounts = new Float64Array(2);
  private readonly ctrl: Int32Array;
  private readonly args: Float64Array;
  /** Each chunk's out block (rangeOutInts; header slots in src/kernels/team-ops.ts). */
  private readonly outs: Int32Array[];
  private readonly outAddresses: number[];
  private readonly workers: Worker[] = [];
  private readonly exits: Promise<void>[] = [];
  private closing: Promise<void> | null = null;
  private gen = 0;
  /** The operation code last stored in the control block (stored again only when it changes). */
  private publishedOp = 0;
  private workerError: string | null = null;
  /** True while the operations run on the main thread alone (measured faster; see endWindow). */
  private solo = false;
  /** Worker chunks the main thread took over (their worker had not claimed them in time). */
  private takenOver = 0;
  private windowSteps = 0;
  private windowStart = 0;
  /** Wall ms per neuron step measured in [shared, solo] windows (NaN: not yet measured). */
  private readonly msPerStep = new Float64Array([NaN, NaN]);
  private windowsToProbe = PROBE_EVERY;
  private windowsSeen = 0;
  private sharedSteps = 0;
  private soloSteps = 0;

  /**
   * Starts threads − 1 workers on `memory` and blocks until they are ready. `alloc(bytes)` carves
   * the control block and output blocks from the run's arena (64-byte aligned when shared).
   */
  constructor(
    private readonly kernels: RangeKernels,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    alloc: (bytes: number) => number,
    threads: number,
    columns: number,
    /** Every operation split, the shared-or-alone choice off (for benchmarks of the split). */
    private readonly alwaysSplit = false,
  ) {
    if (!Number.isInteger(threads) || threads < 2) {
      throw new RangeError(`column team: expected ≥ 2 threads, got ${threads}`);
    }
    this.threads = threads;
    this.columns = columns;
    const ints = controlInts(threads);
    const buffer = memory.buffer as unknown as SharedArrayBuffer;
    this.ctrl = new Int32Array(buffer, alloc(ints * 4), ints);
    this.args = new Float64Array(buffer, alloc(ARG_SLOTS * 8), ARG_SLOTS);
    this.bounds = columnBounds(columns, threads);
    this.outs = [];
    this.outAddresses = [];
    for (let c = 0; c < threads; c++) {
      const width = this.bounds[c + 1]! - this.bounds[c]!;
      const at = alloc(rangeOutInts(width) * 4);
      this.outAddresses.push(at);
      this.outs.push(new Int32Array(buffer, at, rangeOutInts(width)));
    }
    const script = workerScript();
    for (let slot = 1; slot < threads; slot++) {
      const worker = new Worker(script, {
        workerData: {
          module,
          memory,
          threads,
          slot,
          c0: this.bounds[slot],
          c1: this.bounds[slot + 1],
          out: this.outAddresses[slot],
          ctrlAddress: this.ctrl.byteOffset,
          argsAddress: this.args.byteOffset,
        },
      });
      // A team left open must not keep the process alive (close() is the normal end).
      worker.unref();
      worker.on("message", (m: { error?: string }) => {
        if (m.error) this.workerError = m.error;
      });
      liveWorkers++;
      this.exits.push(
        new Promise<void>((resolve) => {
          worker.once("exit", () => {
            liveWorkers--;
            resolve();
          });
        }),
      );
      this.workers.push(worker);
    }
    this.awaitReady();
  }

  /** Blocks until every worker has instantiated the kernels (or throws after 60 s). */
  private awaitReady(): void {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = Atomics.load(this.ctrl, CTRL.ready);
      if (ready === this.threads - 1) return;
      if (Date.now() > deadline) {
        void this.close();
        throw new Error(
          `column team: ${ready} of ${this.threads - 1} worker threads started within 60 s`,
        );
      }
      Atomics.wait(this.ctrl, CTRL.ready, ready, 50);
    }
  }

  /**
   * Runs `op` (arguments already in `args`) over every chunk: split across the threads
   * (runShared) or on this thread alone, whichever the measuring windows found faster.
   */
  private run(op: number): void {
    if (this.closing !== null) throw new Error("column team: used after close()");
    const step = op === TEAM_OP.dcStep || op === TEAM_OP.hwStep;
    if (step && this.windowSteps === 0) this.windowStart = performance.now();
    if (this.solo) {
      // Every chunk on this thread, in order (the workers see no new generation and go to sleep).
      this.runHere(op);
      if (step) this.soloSteps++;
    } else {
      this.runShared(op);
      if (step) this.sharedSteps++;
    }
    if (step && ++this.windowSteps === WINDOW_STEPS) this.endWindow();
  }

  /**
   * Runs `op` over every chunk on this thread, in order, whatever the mode: for operations so small
   * that waking the workers would cost more than the work (the same bits either way).
   */
  private runHere(op: number): void {
    if (this.closing !== null) throw new Error("column team: used after close()");
    for (let c = 0; c < this.threads; c++) {
      runRangeOp(
        this.kernels,
        op,
        this.bounds[c]!,
        this.bounds[c + 1]!,
        this.outAddresses[c]!,
        this.args,
      );
    }
  }

  /**
   * Ends a measuring window: books its wall time per neuron step for the mode it ran in, and picks
   * the next window's mode — the faster one so far, except that now and then (see PROBE_EVERY)
   * the other one is measured again (the load of the machine changes).
   */
  private endWindow(): void {
    const msPerStep = (performance.now() - this.windowStart) / WINDOW_STEPS;
    this.windowSteps = 0;
    if (this.alwaysSplit) return;
    // The first window warms up the JIT and wakes the workers: not a fair measurement.
    if (this.windowsSeen++ === 0) return;
    const mode = this.solo ? 1 : 0;
    const before = this.msPerStep[mode]!;
    this.msPerStep[mode] = Number.isNaN(before) ? msPerStep : 0.5 * (before + msPerStep);
    const [shared, solo] = this.msPerStep as unknown as [number, number];
    if (Number.isNaN(solo)) {
      this.solo = true;
      return;
    }
    // Split only when it measured clearly faster: on a loaded machine one unlucky main-thread
    // window must not hand the steps to threads that keep stalling.
    const soloFaster = !(shared < solo * SPLIT_MARGIN);
    if (--this.windowsToProbe <= 0) {
      // The slower way's window takes `slowdown` times as long as a faster one: space the probes
      // so that they cost about 1 / (1 + PROBE_EVERY) of the wall time whatever the slowdown.
      const slowdown = soloFaster ? shared / solo : solo / shared;
      this.windowsToProbe = Math.max(PROBE_EVERY, Math.ceil(PROBE_EVERY * slowdown));
      this.solo = !soloFaster;
    } else {
      this.solo = soloFaster;
    }
  }

  /**
   * Neuron steps (dcStep, hwStep operations) run split across the threads, and on the main thread
   * alone (see endWindow).
   */
  get opCounts(): { readonly shared: number; readonly solo: number } {
    return { shared: this.sharedSteps, solo: this.soloSteps };
  }

  /** Worker chunks the main thread has run because their worker had not claimed them in time. */
  get takeOvers(): number {
    return this.takenOver;
  }

  /**
   * One operation split across the threads: publishes it, runs this thread's chunk (0), then
   * waits for each worker chunk — taking over one that its worker has not claimed within
   * TAKE_OVER_SPINS polls (a worker that lost its core) — until every chunk is done.
   *
   * Each step moves as few cache lines between the cores as it can (a line moved costs 0.1–0.3 µs
   * on this kind of machine, against a few µs of column work per thread): the generation line to
   * the workers, the argument lines that changed (see setArg), and back from each worker chunk the
   * one line that holds its done generation, its counts and its first firing columns. The main
   * thread reads a worker's claim line only when it is about to take the chunk over, so a worker's
   * claim stays in its own cache.
   */
  private runShared(op: number): void {
    const { ctrl, threads } = this;
    if (op !== this.publishedOp) {
      Atomics.store(ctrl, CTRL.op, op);
      this.publishedOp = op;
    }
    const gen = (this.gen = (this.gen + 1) | 0);
    Atomics.store(ctrl, CTRL.gen, gen);
    for (let s = 1; s < threads; s++) {
      if (Atomics.load(ctrl, sleepIndex(threads, s)) !== 0) {
        Atomics.notify(ctrl, CTRL.gen);
        break;
      }
    }
    // Every chunk is run or waited for even after an error, so no thread waits forever.
    let mainError = this.runChunk(op, 0);
    // The last worker started is the likeliest to be late.
    for (let c = threads - 1; c >= 1; c--) {
      const error = this.join(op, c, gen);
      if (mainError === null) mainError = error;
    }
    if (mainError !== null) throw mainError;
    if (Atomics.load(ctrl, CTRL.error) !== 0) {
      const slot = Atomics.load(ctrl, CTRL.error);
      throw new Error(
        `column team: worker thread ${slot} failed: ${this.workerError ?? "kernel error"}`,
      );
    }
  }

  /** Runs chunk c on this thread; returns the error it threw, or null. */
  private runChunk(op: number, c: number): unknown {
    try {
      runRangeOp(
        this.kernels,
        op,
        this.bounds[c]!,
        this.bounds[c + 1]!,
        this.outAddresses[c]!,
        this.args,
      );
      return null;
    } catch (thrown) {
      return thrown ?? new Error("column team: kernel failed");
    }
  }

  /**
   * Waits until worker chunk c is done for generation `gen`, or runs it here when its worker has
   * not claimed it after TAKE_OVER_SPINS polls (then returns the error it threw, or null). Polls
   * for MAIN_SPIN_MS, then sleeps in Atomics.wait (the worker notifies); throws when a claimed
   * chunk has not been done for 60 s.
   */
  private join(op: number, c: number, gen: number): unknown {
    const ctrl = this.ctrl;
    const head = this.outs[c]!;
    let spins = 0;
    let sleepAt = 0;
    let deadline = 0;
    let takeOverChecked = false;
    for (;;) {
      const done = Atomics.load(head, RANGE_OUT_DONE);
      if (done === gen) return null;
      ++spins;
      if (!takeOverChecked && spins >= TAKE_OVER_SPINS) {
        takeOverChecked = true;
        if (Atomics.load(ctrl, claimIndex(c)) !== gen && claimChunk(ctrl, c, gen)) {
          this.takenOver++;
          return this.runChunk(op, c);
        }
      }
      if (spins % SPIN_CHECK_EVERY !== 0) continue;
      const now = performance.now();
      if (sleepAt === 0) {
        sleepAt = now + MAIN_SPIN_MS;
        continue;
      }
      if (now < sleepAt) continue;
      Atomics.store(ctrl, CTRL.mainSleeping, 1);
      if (Atomics.load(head, RANGE_OUT_DONE) === done)
        Atomics.wait(head, RANGE_OUT_DONE, done, 100);
      Atomics.store(ctrl, CTRL.mainSleeping, 0);
      if (deadline === 0) deadline = now + 60_000;
      else if (now > deadline) {
        throw new Error(`column team: column chunk ${c} was not done within 60 s`);
      }
    }
  }

  /** Concatenates the chunks' firing lists into `fired` (ascending) and returns how many. */
  private merge(fired: Int32Array): number {
    let n = 0;
    for (let c = 0; c < this.threads; c++) {
      const out = this.outs[c]!;
      const k = out[0]!;
      for (let i = 0; i < k; i++) fired[n++] = out[RANGE_OUT_HEADER_INTS + i]!;
    }
    return n;
  }

  /** Sums the chunks' out-block slots `slot` and `slot` + 1 into `into` [0] and [1]. */
  private sumPair(slot: number, into: Float64Array): void {
    let a = 0;
    let b = 0;
    for (let c = 0; c < this.threads; c++) {
      const out = this.outs[c]!;
      a += out[slot]!;
      b += out[slot + 1]!;
    }
    into[0] = a;
    into[1] = b;
  }

  /**
   * Publishes a step's pre-synaptic learning (a range kernel's ten `learn` arguments) from
   * argument slot `at` on; `learn` 0 without.
   */
  private publishPre(at: number, pre: FusedPreLearning | null): void {
    const a = this.args;
    const p = pre ?? NO_PRE;
    setArg(a, at, pre !== null ? 1 : 0);
    setArg(a, at + 1, p.kind);
    setArg(a, at + 2, p.lastPreAddress);
    setArg(a, at + 3, p.dirtyAddress);
    setArg(a, at + 4, p.wMax);
    setArg(a, at + 5, p.lastPostAddress);
    setArg(a, at + 6, p.isActiveAddress);
    setArg(a, at + 7, p.cutoffSteps);
    setArg(a, at + 8, p.tableAddress);
    setArg(a, at + 9, p.nu);
  }

  /** After a step with pre-synaptic learning: sums its LTP/LTD counts and books them. */
  private bookPre(pre: FusedPreLearning | null): void {
    if (pre === null) return;
    this.sumPair(RANGE_OUT_LEARN, this.learnCounts);
    pre.bookUpdates(this.learnCounts[0]!, this.learnCounts[1]!);
  }

  /**
   * dcStepRange of src/kernels/asm/kernels.ts over all columns, split across the team; the firing
   * indices go to `fired` (ascending). Addresses are byte offsets in the shared memory; pW, cols,
   * pRows are ignored when nRows = 0.
   */
  dcStep(
    pW: number,
    cols: number,
    pRows: number,
    nRows: number,
    pV: number,
    pGe: number,
    pGi: number,
    pTheta: number,
    pClamp: number,
    pFireAfter: number,
    t: number,
    kV: number,
    geDecay: number,
    giDecay: number,
    restMv: number,
    eExc: number,
    eInh: number,
    thrBase: number,
    d: number,
    implicit: number,
    pre: FusedPreLearning | null,
    fired: Int32Array,
  ): number {
    const a = this.args;
    setArg(a, 0, pW);
    setArg(a, 1, cols);
    setArg(a, 2, pRows);
    setArg(a, 3, nRows);
    setArg(a, 4, pV);
    setArg(a, 5, pGe);
    setArg(a, 6, pGi);
    setArg(a, 7, pTheta);
    setArg(a, 8, pClamp);
    setArg(a, 9, pFireAfter);
    setArg(a, 10, t);
    setArg(a, 11, kV);
    setArg(a, 12, geDecay);
    setArg(a, 13, giDecay);
    setArg(a, 14, restMv);
    setArg(a, 15, eExc);
    setArg(a, 16, eInh);
    setArg(a, 17, thrBase);
    setArg(a, 18, d);
    setArg(a, 19, implicit);
    this.publishPre(20, pre);
    this.run(TEAM_OP.dcStep);
    this.bookPre(pre);
    return this.merge(fired);
  }

  /**
   * stdpPostRange over all columns, split across the team: each thread changes the columns of its
   * chunk among the nPost firing columns at pCols; [ltp, ltd] to `learnCounts`.
   */
  stdpPost(
    kind: number,
    pCols: number,
    pGains: number,
    nPost: number,
    t: number,
    pW: number,
    cols: number,
    rows: number,
    pDirty: number,
    wMax: number,
    pLastPre: number,
    cutoff: number,
    pTable: number,
    tableLen: number,
  ): void {
    const a = this.args;
    setArg(a, 0, kind);
    setArg(a, 1, pCols);
    setArg(a, 2, pGains);
    setArg(a, 3, nPost);
    setArg(a, 4, t);
    setArg(a, 5, pW);
    setArg(a, 6, cols);
    setArg(a, 7, rows);
    setArg(a, 8, pDirty);
    setArg(a, 9, wMax);
    setArg(a, 10, pLastPre);
    setArg(a, 11, cutoff);
    setArg(a, 12, pTable);
    setArg(a, 13, tableLen);
    this.run(TEAM_OP.stdpPost);
    this.sumPair(RANGE_OUT_LEARN, this.learnCounts);
  }

  /**
   * hwStepRange over all columns, split across the team; firing indices to `fired` (ascending),
   * [updates, overflows] to `counts`.
   */
  hwStep(
    pW: number,
    cols: number,
    pRows: number,
    nRows: number,
    pInput: number,
    pV: number,
    pThr: number,
    pHold: number,
    pMargin: number,
    t: number,
    gain: number,
    vMax: number,
    vMin: number,
    pre: FusedPreLearning | null,
    fired: Int32Array,
  ): number {
    const a = this.args;
    setArg(a, 0, pW);
    setArg(a, 1, cols);
    setArg(a, 2, pRows);
    setArg(a, 3, nRows);
    setArg(a, 4, pInput);
    setArg(a, 5, pV);
    setArg(a, 6, pThr);
    setArg(a, 7, pHold);
    setArg(a, 8, pMargin);
    setArg(a, 9, t);
    setArg(a, 10, gain);
    setArg(a, 11, vMax);
    setArg(a, 12, vMin);
    this.publishPre(13, pre);
    this.run(TEAM_OP.hwStep);
    this.sumPair(RANGE_OUT_COUNTS, this.counts);
    this.bookPre(pre);
    return this.merge(fired);
  }

  /** hwLeakAll over all columns, split across the team; returns the changed registers. */
  hwLeak(pV: number, pEpoch: number, epoch: number, shift: number): number {
    const a = this.args;
    setArg(a, 0, pV);
    setArg(a, 1, pEpoch);
    setArg(a, 2, epoch);
    setArg(a, 3, shift);
    this.run(TEAM_OP.hwLeak);
    this.sumPair(RANGE_OUT_COUNTS, this.counts);
    return this.counts[0]!;
  }

  /**
   * inhibitRange over all columns: g_i[j] += w for every column j other than each of the nSpikes
   * inhibiting columns at pSpikes. Always on this thread (a few additions per column: less than a
   * meeting of the threads costs), chunk by chunk.
   */
  inhibit(pGi: number, pSpikes: number, nSpikes: number, w: number): void {
    const a = this.args;
    setArg(a, 0, pGi);
    setArg(a, 1, pSpikes);
    setArg(a, 2, nSpikes);
    setArg(a, 3, w);
    this.runHere(TEAM_OP.inhibit);
  }

  /**
   * normaliseRange over all columns, split across the team: each thread rescales the dirty
   * columns of its chunk to sum `target`.
   */
  normalise(pW: number, cols: number, rows: number, pDirty: number, target: number): void {
    const a = this.args;
    setArg(a, 0, pW);
    setArg(a, 1, cols);
    setArg(a, 2, rows);
    setArg(a, 3, pDirty);
    setArg(a, 4, target);
    this.run(TEAM_OP.normalise);
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.closing !== null;
  }

  /**
   * Stops and terminates the workers; resolves when every one has exited. Idempotent. The team
   * must not be used afterwards.
   */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    Atomics.store(this.ctrl, CTRL.op, TEAM_OP.stop);
    this.gen = (this.gen + 1) | 0;
    Atomics.store(this.ctrl, CTRL.gen, this.gen);
    Atomics.notify(this.ctrl, CTRL.gen);
    for (const worker of this.workers) void worker.terminate();
    this.closing = Promise.all(this.exits).then(() => undefined);
    return this.closing;
  }
}

/**
 * Publishes argument slot i: stores `value` only when it differs from what the slot holds (±0
 * told apart), because storing even an unchanged value takes the line away from the workers'
 * caches and makes each of them fetch it again at the next operation.
 */
function setArg(a: Float64Array, i: number, value: number): void {
  const held = a[i]!;
  if (held !== value || (value === 0 && Object.is(value, -0) !== Object.is(held, -0))) {
    a[i] = value;
  }
}

/**
 * Chunk boundaries for `chunks` chunks over `columns` columns: near-equal ranges whose inner
 * boundaries are multiples of 16 (in a 64-byte aligned arena, no cache line of a float32 or
 * float64 array is written by two threads); a chunk may be empty.
 */
export function columnBounds(columns: number, chunks: number): Int32Array {
  const bounds = new Int32Array(chunks + 1);
  for (let s = 1; s < chunks; s++) {
    bounds[s] = Math.min(
      columns,
      Math.max(bounds[s - 1]!, Math.round((s * columns) / chunks / 16) * 16),
    );
  }
  bounds[chunks] = columns;
  return bounds;
}

/** The worker entry: next to this module in dist/, or dist/kernels/ when running from src/. */
function workerScript(): URL {
  const candidates = [
    new URL("./column-worker.js", import.meta.url),
    new URL("../../dist/kernels/column-worker.js", import.meta.url),
  ];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return url;
  throw new Error("column team: column-worker.js not found (run `npm run build`)");
}
