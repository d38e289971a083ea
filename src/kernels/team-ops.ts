/**
 * What the threads of one run share to step column ranges of the same network (src/kernels/team.ts
 * runs the main thread's range, src/kernels/column-worker.ts the workers'): the layout of the
 * control block in shared WebAssembly memory, the operation codes, and the one function that
 * turns an operation and its published arguments into a range-kernel call, so every thread calls
 * the kernel with the same arguments in the same order.
 */

/** The range kernels a team calls (src/kernels/asm/kernels.ts, column-range section). */
export interface RangeKernels {
  dcStepRange(
    c0: number,
    c1: number,
    pOut: number,
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
    learn: number,
    kind: number,
    pLastPre: number,
    pDirty: number,
    wMax: number,
    pLastPost: number,
    pIsActive: number,
    cutoff: number,
    pTable: number,
    nu: number,
  ): number;
  hwStepRange(
    c0: number,
    c1: number,
    pOut: number,
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
    learn: number,
    kind: number,
    pLastPre: number,
    pDirty: number,
    wMax: number,
    pLastPost: number,
    pIsActive: number,
    cutoff: number,
    pTable: number,
    nu: number,
  ): number;
  hwLeakRange(
    c0: number,
    c1: number,
    pOut: number,
    pV: number,
    pEpoch: number,
    epoch: number,
    shift: number,
  ): number;
  stdpPreRange(
    c0: number,
    c1: number,
    pOut: number,
    kind: number,
    pRows: number,
    nRows: number,
    pLastPre: number,
    t: number,
    pW: number,
    cols: number,
    pDirty: number,
    wMax: number,
    pLastPost: number,
    pIsActive: number,
    cutoff: number,
    pTable: number,
    nu: number,
  ): void;
  inhibitRange(
    c0: number,
    c1: number,
    pGi: number,
    pSpikes: number,
    nSpikes: number,
    w: number,
  ): void;
  normaliseRange(
    c0: number,
    c1: number,
    pW: number,
    cols: number,
    rows: number,
    pDirty: number,
    target: number,
  ): void;
  stdpPostRange(
    c0: number,
    c1: number,
    pOut: number,
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
  ): void;
}

/**
 * Header of a range kernel's out block (i32 slots): [0] firing count, [1] [2] the hw array's
 * updates and overflows (or leak events), [3] the team's done generation (RANGE_OUT_DONE; no
 * kernel writes it), [4] [5] the learning's LTP and LTD counts (RANGE_OUT_LEARN), [6] [7] unused;
 * the firing columns follow (byte 32 on, as the kernels write).
 */
export const RANGE_OUT_HEADER_INTS = 8;

/**
 * Slot of a chunk's done generation in its out block: the thread that ran the chunk stores the
 * operation's generation there after the kernel returned. It shares the 64-byte line of the
 * chunk's counts and first firing columns, so the main thread's wait for the chunk brings in its
 * results with the same cache-line transfer.
 */
export const RANGE_OUT_DONE = 3;

/**
 * Slot of the hw array's update count (or leak events) in a range kernel's out block (its overflow
 * count follows).
 */
export const RANGE_OUT_COUNTS = 1;

/** Slot of the learning's LTP count in a range kernel's out block (LTD follows). */
export const RANGE_OUT_LEARN = 4;

/**
 * Int32 length of a range kernel's out block for `width` columns: the header, then room for the
 * firing list or, before it is written, the pre-synaptic learning's scratch (a list of columns
 * and an f64 coefficient per column, 8-byte aligned: 3 ints per column and 2 of padding; see
 * stdpPreSpan in src/kernels/asm/kernels.ts).
 */
export function rangeOutInts(width: number): number {
  return RANGE_OUT_HEADER_INTS + 3 * width + 2;
}

/** Operation codes published in the control block. */
export const TEAM_OP = {
  /** The workers leave their loop (the team is closing). */
  stop: 1,
  /** dcStepRange with the published arguments. */
  dcStep: 2,
  /** hwStepRange with the published arguments. */
  hwStep: 3,
  /** hwLeakRange with the published arguments. */
  hwLeak: 4,
  /** stdpPostRange with the published arguments. */
  stdpPost: 5,
  /** normaliseRange with the published arguments. */
  normalise: 6,
  /** inhibitRange with the published arguments. */
  inhibit: 7,
} as const;

/**
 * Int32 slots of the control block, each on its own 64-byte cache line (LINE ints apart) so a
 * thread polling one slot is not disturbed by writes to another: generation (bumped to start an
 * operation), operation code, ready count, error (a worker's slot number, 0 = none), the main
 * thread's sleeping flag; then per thread slot s the claim generation of its chunk and its
 * sleeping flag (slot 0's are unused: the main thread never claims or sleeps there). A chunk's
 * done generation is in its out block (RANGE_OUT_DONE).
 */
export const LINE = 16;

/** Line numbers of the fixed slots (× LINE gives the Int32 index). */
export const CTRL = {
  gen: 0,
  op: LINE,
  ready: 2 * LINE,
  error: 3 * LINE,
  mainSleeping: 4 * LINE,
  /** First per-chunk claim generation (chunk c at claim + c·LINE). */
  claim: 5 * LINE,
} as const;

/** Int32 length of the control block for `threads` slots. */
export function controlInts(threads: number): number {
  return CTRL.claim + 2 * threads * LINE;
}

/** Index of the claim generation of slot s's chunk in the control block. */
export function claimIndex(slot: number): number {
  return CTRL.claim + slot * LINE;
}

/** Index of slot s's sleeping flag in the control block (`threads` slots). */
export function sleepIndex(threads: number, slot: number): number {
  return CTRL.claim + (threads + slot) * LINE;
}

/**
 * Claims worker slot s's chunk for generation `gen` (compare-and-swap from the previous
 * generation: every worker chunk is claimed once per split operation, by its worker or by the main
 * thread taking over a late worker's chunk; the main thread's own chunk is never claimed). True
 * when this thread got it and must run it.
 */
export function claimChunk(ctrl: Int32Array, slot: number, gen: number): boolean {
  const index = claimIndex(slot);
  if (Atomics.load(ctrl, index) === gen) return false;
  return Atomics.compareExchange(ctrl, index, (gen - 1) | 0, gen) === ((gen - 1) | 0);
}

/** Float64 slots of the published arguments (the longest operation, dcStep, takes 30). */
export const ARG_SLOTS = 32;

/**
 * How long a waiting thread polls the control block before it sleeps in Atomics.wait (ms): long
 * enough to bridge the main thread's single-threaded part of a step (inhibition, spikes, learning:
 * µs; a sleeping thread takes tens to hundreds of µs to wake), short enough that an idle worker
 * soon stops taking a core (between presentations, during normalisation and evaluation work).
 */
export const SPIN_MS = 0.5;

/** Polls between two clock reads while spinning (a clock read costs tens of ns). */
export const SPIN_CHECK_EVERY = 256;

/**
 * Runs operation `op` for columns [c0, c1) with the published arguments `a`, writing the range's
 * output block at `out` (see the column-range section of src/kernels/asm/kernels.ts).
 */
export function runRangeOp(
  k: RangeKernels,
  op: number,
  c0: number,
  c1: number,
  out: number,
  a: Float64Array,
): void {
  switch (op) {
    case TEAM_OP.dcStep:
      k.dcStepRange(
        c0,
        c1,
        out,
        a[0]!,
        a[1]!,
        a[2]!,
        a[3]!,
        a[4]!,
        a[5]!,
        a[6]!,
        a[7]!,
        a[8]!,
        a[9]!,
        a[10]!,
        a[11]!,
        a[12]!,
        a[13]!,
        a[14]!,
        a[15]!,
        a[16]!,
        a[17]!,
        a[18]!,
        a[19]!,
        a[20]!,
        a[21]!,
        a[22]!,
        a[23]!,
        a[24]!,
        a[25]!,
        a[26]!,
        a[27]!,
        a[28]!,
        a[29]!,
      );
      return;
    case TEAM_OP.hwStep:
      k.hwStepRange(
        c0,
        c1,
        out,
        a[0]!,
        a[1]!,
        a[2]!,
        a[3]!,
        a[4]!,
        a[5]!,
        a[6]!,
        a[7]!,
        a[8]!,
        a[9]!,
        a[10]!,
        a[11]!,
        a[12]!,
        a[13]!,
        a[14]!,
        a[15]!,
        a[16]!,
        a[17]!,
        a[18]!,
        a[19]!,
        a[20]!,
        a[21]!,
        a[22]!,
      );
      return;
    case TEAM_OP.hwLeak:
      k.hwLeakRange(c0, c1, out, a[0]!, a[1]!, a[2]!, a[3]!);
      return;
    case TEAM_OP.stdpPost:
      k.stdpPostRange(
        c0,
        c1,
        out,
        a[0]!,
        a[1]!,
        a[2]!,
        a[3]!,
        a[4]!,
        a[5]!,
        a[6]!,
        a[7]!,
        a[8]!,
        a[9]!,
        a[10]!,
        a[11]!,
        a[12]!,
        a[13]!,
      );
      return;
    case TEAM_OP.inhibit:
      k.inhibitRange(c0, c1, a[0]!, a[1]!, a[2]!, a[3]!);
      return;
    case TEAM_OP.normalise:
      k.normaliseRange(c0, c1, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
      return;
    default:
      throw new RangeError(`column team: unknown operation ${op}`);
  }
}
