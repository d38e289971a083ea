import type { ColumnTeam } from "./team.js";
import { RANGE_OUT_HEADER_INTS, type RangeKernels } from "./team-ops.js";

/**
 * What steps all the neurons of a network in the range kernels (src/kernels/asm/kernels.ts): one
 * thread (SoloStepper) or a column team of several (ColumnTeam, `--threads N`). Both call the same
 * kernels over column ranges with the same arguments (ColumnTeam's signatures), so a neuron array
 * makes one call and gets the same bits either way. `counts` after hwStep: [updates, overflows];
 * after hwLeak: [0] the changed registers.
 */
export type ColumnStepper = Pick<ColumnTeam, "columns" | "counts" | "dcStep" | "hwStep" | "hwLeak">;

/**
 * The one-thread ColumnStepper: the range kernels over columns [0, columns) on the calling thread,
 * with its own out block in the kernel memory.
 */
export class SoloStepper implements ColumnStepper {
  readonly counts = new Float64Array(2);
  private readonly outAddress: number;

  /** `out`: RANGE_OUT_HEADER_INTS + columns int32 of the kernel memory (the kernels' out block). */
  constructor(
    private readonly kernels: RangeKernels,
    readonly columns: number,
    private readonly out: Int32Array,
  ) {
    if (out.length < RANGE_OUT_HEADER_INTS + columns) {
      throw new RangeError(
        `SoloStepper: out block of ${out.length} ints, expected ≥ ${RANGE_OUT_HEADER_INTS + columns}`,
      );
    }
    this.outAddress = out.byteOffset;
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
    fired: Int32Array,
  ): number {
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
    );
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
    fired: Int32Array,
  ): number {
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
    );
    this.counts[0] = this.out[1]!;
    this.counts[1] = this.out[2]!;
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
}
