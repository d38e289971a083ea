import type { ComponentState, LearningRule, SynapseArray } from "../core/contracts.js";
import { array, declareState, scalar, type StateSpec } from "../core/state-spec.js";
import type { FusedPreLearning } from "../kernels/stepper.js";
import type { RowBatch } from "../kernels/wasm.js";
import { TraceKernels, ruleArrays, type TraceKernelSpec } from "./rule-arrays.js";

/**
 * What a {@link TraceRule} is built from: its two decay tables as [ratePerStep, maxSteps]
 * (tables[0] the input trace, tables[1] the post trace of the pre-synaptic walk), its kernel codes
 * and cutoffs, and the column sum of its normalisation (0 = off).
 */
export interface TraceRuleSpec {
  readonly tables: readonly [
    readonly [ratePerStep: number, maxSteps: number],
    readonly [ratePerStep: number, maxSteps: number],
  ];
  readonly kernel: TraceKernelSpec;
  readonly normalisationSum: number;
}

/**
 * The part the trace-based rules share (src/learning/triplet-stdp.ts, post-pre.ts): the last spike
 * step of every input and neuron (−∞ before the first), the neurons whose trace may still count
 * (flags; the JavaScript path also keeps them in a list, in spike order), the WebAssembly path
 * (TraceKernels: the pre-synaptic walk inside the neuron step, the post-synaptic walks of a step in
 * one call), normalisation before each sample, and the checkpoint state. A rule supplies its
 * JavaScript walks (preWalk, postWalk) and the gain of a neuron's post-synaptic walk (postGain).
 */
export abstract class TraceRule implements LearningRule {
  /**
   * onPre(row, t) changes only row `row`'s weights (and this rule's own state): the engine may read
   * all of a step's input rows before their pre-synaptic learning.
   */
  readonly preTouchesOnlyItsRow = true;
  /** Step of each input's / neuron's last spike (−∞ before the first). */
  protected readonly lastPre: Float64Array;
  protected readonly lastPost: Float64Array;
  /** JavaScript path: the neurons whose trace may still count, in spike order (first nActivePost). */
  protected readonly activePost: Int32Array;
  protected nActivePost = 0;
  protected readonly isActivePost: Uint8Array;
  protected readonly rows: number;
  protected readonly cols: number;
  /** The spec's decay tables (decay-table.ts), or null where too long to build (Math.exp). */
  protected readonly preTable: Float64Array | null;
  protected readonly postTable: Float64Array | null;
  /** The WebAssembly loops (ideal synapses in a kernel arena), or null: the JavaScript loops. */
  protected readonly kernels: TraceKernels | null;
  /** The pre-synaptic learning the neuron step may run in its kernel (null: JavaScript loops). */
  readonly fusedPre: FusedPreLearning | null;
  private readonly normalisationSum: number;
  private readonly state: StateSpec;

  protected constructor(
    protected readonly synapses: SynapseArray,
    spec: TraceRuleSpec,
    stateLabel: string,
  ) {
    this.rows = synapses.rows;
    this.cols = synapses.cols;
    this.normalisationSum = spec.normalisationSum;
    const arrays = ruleArrays(synapses, {
      f64: [this.rows, this.cols, this.cols],
      i32: [this.cols, this.cols, 1],
      u8: [this.cols],
      tables: spec.tables,
    });
    [this.lastPre, this.lastPost] = arrays.f64 as [Float64Array, Float64Array];
    this.lastPre.fill(-Infinity);
    this.lastPost.fill(-Infinity);
    this.activePost = arrays.i32[0]!;
    this.isActivePost = arrays.u8[0]!;
    [this.preTable, this.postTable] = arrays.tables as [Float64Array | null, Float64Array | null];
    this.kernels = arrays.kernel ? new TraceKernels(arrays, spec.kernel) : null;
    this.fusedPre = this.kernels?.fused ?? null;
    this.state = declareState(stateLabel, {
      lastPre: array(() => this.lastPre),
      lastPost: array(() => this.lastPost),
      activePost: array(() => this.activePost),
      isActivePost: array(() => this.isActivePost),
      nActivePost: scalar(
        () => this.nActivePost,
        (n) => (this.nActivePost = n),
      ),
    });
  }

  /**
   * The JavaScript pre-synaptic walk of input `row` at step t (after lastPre[row] ← t): drops the
   * listed neurons past the cutoff and changes w[row, j] of the others.
   */
  protected abstract preWalk(row: number, t: number): void;

  /** The JavaScript post-synaptic walk of column col at step t, with gain postGain(col, t). */
  protected abstract postWalk(col: number, gain: number, t: number): void;

  /** The gain of column col's post-synaptic walk at step t (before its spike is booked; 0: none). */
  protected abstract postGain(col: number, t: number): number;

  beforeSample(): void {
    if (this.normalisationSum > 0) this.synapses.normaliseColumns(this.normalisationSum);
  }

  onPre(row: number, t: number): void {
    if (this.kernels !== null) {
      this.kernels.preRow(row, t);
      return;
    }
    this.lastPre[row] = t;
    this.preWalk(row, t);
  }

  /**
   * onPre(row, t) for the first nRows rows of `batch`, in order; one kernel call when the batch and
   * this rule's arrays share the arena, else the onPre loop.
   */
  onPreRows(batch: RowBatch, nRows: number, t: number): void {
    if (this.kernels !== null && this.kernels.canRead(batch)) {
      this.kernels.pre(batch.rowsAddress, nRows, t);
      return;
    }
    for (let k = 0; k < nRows; k++) this.onPre(batch.rows[k]!, t);
  }

  onPost(col: number, t: number): void {
    if (this.kernels !== null) {
      this.kernels.postCols[0] = col;
      this.onPostKernels(this.kernels.postCols, 1, t);
      return;
    }
    const gain = this.postGain(col, t);
    if (gain > 0) this.postWalk(col, gain, t);
    this.spiked(col, t);
  }

  /**
   * onPost for the first n entries of `fired` (distinct columns, in order): with kernels the
   * column walks run in one call, split across the column team when there is one.
   */
  onPostMany(fired: Int32Array, n: number, t: number): void {
    if (this.kernels !== null) this.onPostKernels(fired, n, t);
    else for (let k = 0; k < n; k++) this.onPost(fired[k]!, t);
  }

  private onPostKernels(fired: Int32Array, n: number, t: number): void {
    const kernels = this.kernels!;
    const { postCols, postGains } = kernels;
    let m = 0;
    for (let k = 0; k < n; k++) {
      const col = fired[k]!;
      const gain = this.postGain(col, t);
      if (gain > 0) {
        postCols[m] = col;
        postGains[m++] = gain;
      }
    }
    kernels.post(m, t);
    for (let k = 0; k < n; k++) this.spiked(fired[k]!, t);
  }

  /** Books column col's spike at step t: its last spike and its active flag (and list). */
  private spiked(col: number, t: number): void {
    this.lastPost[col] = t;
    if (this.isActivePost[col] === 0) {
      this.isActivePost[col] = 1;
      if (this.kernels === null) this.activePost[this.nActivePost++] = col;
    }
  }

  saveState(): ComponentState {
    // The kernels keep only the flags; the list is written for the JavaScript path (ascending).
    if (this.kernels !== null) this.nActivePost = this.kernels.listActive(this.activePost);
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
