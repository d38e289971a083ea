import { z } from "zod";
import type { ComponentState, LearningRule, SynapseArray } from "../core/contracts.js";
import { array, declareState, scalar } from "../core/state-spec.js";
import type { FusedPreLearning } from "../kernels/stepper.js";
import type { RowBatch } from "../kernels/wasm.js";
import { decayAt } from "./decay-table.js";
import { TraceKernels, ruleArrays } from "./rule-arrays.js";

/**
 * Triplet STDP as shipped with Diehl & Cook 2015 (traces set to 1 on their spike, exact
 * exponential decay between spikes, as Brian's event-driven traces):
 *   on pre:  w ← clip(w − ν_pre · x_post1, 0, w_max)
 *   on post: w ← clip(w + ν_post · x_pre · x_post2(before), 0, w_max);  x_post1 = x_post2 = 1
 * with τ_pre = τ_post1 = 20 ms, τ_post2 = 40 ms, ν_pre = 1e-4, ν_post = 1e-2, and before each
 * training presentation every neuron's input weights rescaled to sum 78.
 */
export const tripletStdpSchema = z.strictObject({
  rule: z.literal("triplet"),
  nuPre: z
    .number()
    .nonnegative()
    .default(0.0001)
    .describe("1 — depression rate ν_pre on a pre spike (Diehl & Cook 2015 code)"),
  nuPost: z
    .number()
    .nonnegative()
    .default(0.01)
    .describe("1 — potentiation rate ν_post on a post spike (Diehl & Cook 2015 code)"),
  tauPreMs: z
    .number()
    .positive()
    .default(20)
    .describe("ms — pre trace time constant (Diehl & Cook 2015 code)"),
  tauPost1Ms: z
    .number()
    .positive()
    .default(20)
    .describe("ms — post trace 1 time constant (depression; Diehl & Cook 2015 code)"),
  tauPost2Ms: z
    .number()
    .positive()
    .default(40)
    .describe("ms — post trace 2 time constant (triplet term; Diehl & Cook 2015 code)"),
  /** Column sum each neuron's weights are rescaled to before each training presentation; 0 = off. */
  normalisationSum: z
    .number()
    .nonnegative()
    .default(78)
    .describe(
      "1 — each neuron's input weights rescaled to this sum before each training image (Diehl & Cook 2015: 78); 0 = off",
    ),
});
/**
 * Validated triplet STDP parameters (output of {@link tripletStdpSchema}): rates ν dimensionless,
 * time constants in ms, `normalisationSum` the column sum before each training sample (0 = off).
 */
export type TripletStdpConfig = z.output<typeof tripletStdpSchema>;

/**
 * Post traces below this are treated as zero in the pre-spike depression: the skipped change is
 * below ν_pre·1e-7 = 1e-11 per event, under float32 resolution for any weight above 1e-4.
 */
const TRACE_CUTOFF = 1e-7;

/**
 * Diehl & Cook's triplet STDP (equation in {@link tripletStdpSchema}) on a SynapseArray, time in
 * steps of `dtMs` (ms). `onPre` depresses the input's synapses to neurons whose post1 trace is
 * still live; `onPost` potentiates every synapse of the firing neuron by ν_post·x_pre·x_post2
 * (before the spike); `beforeSample` rescales each column to `normalisationSum`. Every change goes
 * through SynapseArray.update, which clips to [0, w_max].
 */
export class TripletStdp implements LearningRule {
  /**
   * onPre(row, t) changes only row `row`'s weights (and this rule's own state): the engine may read
   * all of a step's input rows before their pre-synaptic learning.
   */
  readonly preTouchesOnlyItsRow = true;
  private readonly lastPre: Float64Array;
  private readonly lastPost: Float64Array;
  /** Neurons whose post1 trace may still exceed TRACE_CUTOFF. */
  private readonly activePost: Int32Array;
  private nActivePost = 0;
  private readonly isActivePost: Uint8Array;
  private readonly preDecayPerStep: number;
  private readonly post1DecayPerStep: number;
  private readonly post2DecayPerStep: number;
  private readonly cutoffSteps: number;
  private readonly rows: number;
  private readonly cols: number;
  /** e^(−s·dt/τ_pre) until it underflows, and e^(−s·dt/τ_post1) for s ≤ cutoffSteps (decay-table.ts). */
  private readonly preTable: Float64Array | null;
  private readonly post1Table: Float64Array | null;
  /** The WebAssembly loops (ideal synapses in a kernel arena), or null: the JavaScript loops. */
  private readonly kernels: TraceKernels | null;
  /** The pre-synaptic learning the neuron step may run in its kernel (null: JavaScript loops). */
  readonly fusedPre: FusedPreLearning | null;

  constructor(
    readonly config: TripletStdpConfig,
    private readonly synapses: SynapseArray,
    dtMs: number,
  ) {
    this.rows = synapses.rows;
    this.cols = synapses.cols;
    this.preDecayPerStep = dtMs / config.tauPreMs;
    this.post1DecayPerStep = dtMs / config.tauPost1Ms;
    this.post2DecayPerStep = dtMs / config.tauPost2Ms;
    this.cutoffSteps = Math.ceil(-Math.log(TRACE_CUTOFF) / this.post1DecayPerStep);
    const arrays = ruleArrays(synapses, {
      f64: [this.rows, this.cols, this.cols],
      i32: [this.cols, this.cols, 1],
      u8: [this.cols],
      outColumns: this.cols,
      tables: [
        [this.preDecayPerStep, Infinity],
        [this.post1DecayPerStep, this.cutoffSteps],
      ],
    });
    [this.lastPre, this.lastPost] = arrays.f64 as [Float64Array, Float64Array];
    this.lastPre.fill(-Infinity);
    this.lastPost.fill(-Infinity);
    this.activePost = arrays.i32[0]!;
    this.isActivePost = arrays.u8[0]!;
    [this.preTable, this.post1Table] = arrays.tables as [Float64Array | null, Float64Array | null];
    this.kernels = arrays.kernel
      ? new TraceKernels(arrays, {
          preKind: 0,
          postKind: 0,
          postTraceCutoffSteps: this.cutoffSteps,
          // Every row that ever spiked (t − (−∞) = ∞ is skipped).
          preTraceCutoffSteps: Number.MAX_VALUE,
          nuPre: config.nuPre,
        })
      : null;
    this.fusedPre = this.kernels?.fused ?? null;
  }

  beforeSample(): void {
    if (this.config.normalisationSum > 0)
      this.synapses.normaliseColumns(this.config.normalisationSum);
  }

  onPre(row: number, t: number): void {
    if (this.kernels !== null) {
      this.kernels.preRow(row, t);
      return;
    }
    this.lastPre[row] = t;
    const { synapses, lastPost, activePost, cols } = this;
    const nuPre = this.config.nuPre;
    const base = row * cols;
    const table = this.post1Table;
    let w = 0;
    for (let r = 0; r < this.nActivePost; r++) {
      const j = activePost[r]!;
      const since = t - lastPost[j]!;
      if (since > this.cutoffSteps) {
        this.isActivePost[j] = 0;
        continue;
      }
      activePost[w++] = j;
      const x = table !== null ? table[since]! : Math.exp(-since * this.post1DecayPerStep);
      synapses.update(base + j, -nuPre * x);
    }
    this.nActivePost = w;
  }

  /**
   * onPre(row, t) for the first nRows rows of `batch`, in order; one kernel call when the batch and
   * this rule's arrays share the arena (the engine's fused step), else the onPre loop.
   */
  onPreRows(batch: RowBatch, nRows: number, t: number): void {
    if (this.kernels !== null && this.kernels.canRead(batch)) {
      this.kernels.pre(batch.rowsAddress, nRows, t);
      return;
    }
    for (let k = 0; k < nRows; k++) this.onPre(batch.rows[k]!, t);
  }

  onPost(col: number, t: number): void {
    const kernels = this.kernels;
    if (kernels !== null) {
      kernels.postCols[0] = col;
      this.onPostKernels(kernels.postCols, 1, t);
      return;
    }
    const { synapses, lastPre, cols, rows } = this;
    const gain = this.postGain(col, t);
    if (gain > 0) {
      const table = this.preTable;
      for (let i = 0; i < rows; i++) {
        const since = t - lastPre[i]!;
        if (since === Infinity) continue;
        const x = table !== null ? decayAt(table, since) : Math.exp(-since * this.preDecayPerStep);
        synapses.update(i * cols + col, gain * x);
      }
    }
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

  /** ν_post·x_post2 of column col just before its spike at step t. */
  private postGain(col: number, t: number): number {
    return this.config.nuPost * Math.exp(-(t - this.lastPost[col]!) * this.post2DecayPerStep);
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

  /** The checkpoint state, declared once; save and load (with shape checks) derive from it. */
  private readonly state = declareState("triplet STDP", {
    lastPre: array(() => this.lastPre),
    lastPost: array(() => this.lastPost),
    activePost: array(() => this.activePost),
    isActivePost: array(() => this.isActivePost),
    nActivePost: scalar(
      () => this.nActivePost,
      (n) => (this.nActivePost = n),
    ),
  });

  saveState(): ComponentState {
    // The kernels keep only the flags; the list is written for the JavaScript path (ascending).
    if (this.kernels !== null) this.nActivePost = this.kernels.listActive(this.activePost);
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
