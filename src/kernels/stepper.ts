import type { ColumnTeam } from "./team.js";
import {
  RANGE_OUT_COUNTS,
  RANGE_OUT_HEADER_INTS,
  RANGE_OUT_LEARN,
  rangeOutInts,
  type RangeKernels,
} from "./team-ops.js";
import type { KernelArena, RowBatch } from "./wasm.js";

/**
 * A learning rule's pre-synaptic learning in the form dcStepRange runs it inside the neuron step
 * (its `learn` arguments, src/kernels/asm/kernels.ts stdpPreSpan): the rule's arrays in the arena
 * that holds the weights (src/learning/rule-arrays.ts), its constants, and where the step's LTP and
 * LTD counts go. A split step then learns on every thread's own columns.
 */
export interface FusedPreLearning {
  /** The arena of the weights and the rule's arrays (the neurons' arena must be the same). */
  readonly arena: KernelArena;
  /** Byte address of the weights the rule changes (the step's row batch must read these). */
  readonly weightsAddress: number;
  /** stdpPreSpan's kind: 0 triplet or pair, 1 hebbian, 2 weight-dependent. */
  readonly kind: number;
  readonly lastPreAddress: number;
  readonly dirtyAddress: number;
  readonly wMax: number;
  readonly lastPostAddress: number;
  readonly isActiveAddress: number;
  /** Steps after a post spike from which its trace counts as 0 (the flag is dropped). */
  readonly cutoffSteps: number;
  /** The post-trace decay table e^(−s·dt/τ) (f64). */
  readonly tableAddress: number;
  /** ν_pre. */
  readonly nu: number;
  /** Books a step's weight changes (potentiating, depressing) in the op ledger. */
  bookUpdates(ltp: number, ltd: number): void;
}

/**
 * True when a neuron array of `size` columns whose state lives in `arena` can run `pre` in its range
 * kernel for the rows of `batch`: the rule's arrays, the batch's weights and the array's state
 * share the arena, and the batch reads the weights the rule changes.
 */
export function preFitsStep(
  arena: KernelArena | null,
  size: number,
  pre: FusedPreLearning,
  batch: RowBatch,
): boolean {
  return (
    arena !== null &&
    pre.arena === arena &&
    batch.arena === arena &&
    batch.cols === size &&
    pre.weightsAddress === batch.weightsAddress
  );
}

/** The `learn` arguments of a step without pre-synaptic learning (all zero; `learn` 0). */
export const NO_PRE: Omit<FusedPreLearning, "arena" | "bookUpdates"> = {
  weightsAddress: 0,
  kind: 0,
  lastPreAddress: 0,
  dirtyAddress: 0,
  wMax: 0,
  lastPostAddress: 0,
  isActiveAddress: 0,
  cutoffSteps: 0,
  tableAddress: 0,
  nu: 0,
};

/**
 * What steps all the neurons of a network in the range kernels (src/kernels/asm/kernels.ts): one
 * thread (SoloStepper) or a column team of several (ColumnTeam, `--threads N`). Both call the same
 * kernels over column ranges with the same arguments (ColumnTeam's signatures), so a neuron array
 * makes one call and gets the same bits either way. `counts` after hwStep: [updates, overflows];
 * after hwLeak: [0] the changed registers; `learnCounts` after stdpPost (and a step with
 * pre-synaptic learning): [ltp, ltd].
 */
export type ColumnStepper = Pick<
  ColumnTeam,
  | "columns"
  | "counts"
  | "learnCounts"
  | "dcStep"
  | "hwStep"
  | "hwLeak"
  | "stdpPost"
  | "normalise"
  | "inhibit"
>;

/**
 * The one-thread ColumnStepper: the range kernels over columns [0, columns) on the calling thread,
 * with its own out block in the kernel memory.
 */
export class SoloStepper implements ColumnStepper {
  readonly counts = new Float64Array(2);
  readonly learnCounts = new Float64Array(2);
  private readonly outAddress: number;

  /** `out`: rangeOutInts(columns) int32 of the kernel memory (the kernels' out block). */
  constructor(
    private readonly kernels: RangeKernels,
    readonly columns: number,
    private readonly out: Int32Array,
  ) {
    if (out.length < rangeOutInts(columns)) {
      throw new RangeError(
        `SoloStepper: out block of ${out.length} ints, expected ≥ ${rangeOutInts(columns)}`,
      );
    }
    this.outAddress = out.byteOffset;
  }

  /** After a step with pre-synaptic learning: books its LTP/LTD counts. */
  private bookPre(pre: FusedPreLearning | null): void {
    if (pre !== null) pre.bookUpdates(this.out[RANGE_OUT_LEARN]!, this.out[RANGE_OUT_LEARN + 1]!);
  }

  private firing(fired: Int32Array): number {
    const out = this.out;
    const n = out[0]!;
    for (let k = 0; k < n; k++) fired[k] = out[RANGE_OUT_HEADER_INTS + k]!;
    return n;
  }

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
    const p = pre ?? NO_PRE;
    this.kernels.dcStepRange(
      0,
      this.columns,
      this.outAddress,
      pW,
      cols,
      pRows,
      nRows,
      pV,
      pGe,
      pGi,
      pTheta,
      pClamp,
      pFireAfter,
      t,
      kV,
      geDecay,
      giDecay,
      restMv,
      eExc,
      eInh,
      thrBase,
      d,
      implicit,
      pre !== null ? 1 : 0,
      p.kind,
      p.lastPreAddress,
      p.dirtyAddress,
      p.wMax,
      p.lastPostAddress,
      p.isActiveAddress,
      p.cutoffSteps,
      p.tableAddress,
      p.nu,
    );
    this.bookPre(pre);
    return this.firing(fired);
  }

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
    const p = pre ?? NO_PRE;
    this.kernels.hwStepRange(
      0,
      this.columns,
      this.outAddress,
      pW,
      cols,
      pRows,
      nRows,
      pInput,
      pV,
      pThr,
      pHold,
      pMargin,
      t,
      gain,
      vMax,
      vMin,
      pre !== null ? 1 : 0,
      p.kind,
      p.lastPreAddress,
      p.dirtyAddress,
      p.wMax,
      p.lastPostAddress,
      p.isActiveAddress,
      p.cutoffSteps,
      p.tableAddress,
      p.nu,
    );
    this.counts[0] = this.out[RANGE_OUT_COUNTS]!;
    this.counts[1] = this.out[RANGE_OUT_COUNTS + 1]!;
    this.bookPre(pre);
    return this.firing(fired);
  }

  hwLeak(pV: number, pEpoch: number, epoch: number, shift: number): number {
    const leaks = this.kernels.hwLeakRange(
      0,
      this.columns,
      this.outAddress,
      pV,
      pEpoch,
      epoch,
      shift,
    );
    this.counts[0] = leaks;
    return leaks;
  }

  /**
   * stdpPreRange over all columns on this thread (a step's pre-synaptic learning outside the
   * neuron step), its scratch in this stepper's out block; [ltp, ltd] to `learnCounts`.
   */
  stdpPre(
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
  ): void {
    this.kernels.stdpPreRange(
      0,
      this.columns,
      this.outAddress,
      kind,
      pRows,
      nRows,
      pLastPre,
      t,
      pW,
      cols,
      pDirty,
      wMax,
      pLastPost,
      pIsActive,
      cutoff,
      pTable,
      nu,
    );
    this.readLearnCounts();
  }

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
    this.kernels.stdpPostRange(
      0,
      this.columns,
      this.outAddress,
      kind,
      pCols,
      pGains,
      nPost,
      t,
      pW,
      cols,
      rows,
      pDirty,
      wMax,
      pLastPre,
      cutoff,
      pTable,
      tableLen,
    );
    this.readLearnCounts();
  }

  /** The last kernel call's [ltp, ltd] from the out block into `learnCounts`. */
  private readLearnCounts(): void {
    this.learnCounts[0] = this.out[RANGE_OUT_LEARN]!;
    this.learnCounts[1] = this.out[RANGE_OUT_LEARN + 1]!;
  }

  normalise(pW: number, cols: number, rows: number, pDirty: number, target: number): void {
    this.kernels.normaliseRange(0, this.columns, pW, cols, rows, pDirty, target);
  }

  inhibit(pGi: number, pSpikes: number, nSpikes: number, w: number): void {
    this.kernels.inhibitRange(0, this.columns, pGi, pSpikes, nSpikes, w);
  }
}
