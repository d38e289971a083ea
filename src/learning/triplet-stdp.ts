import { z } from "zod";
import type { ComponentState, LearningRule, SynapseArray } from "../core/contracts.js";
import { array, declareState, scalar } from "../core/state-spec.js";
import type { RowBatch, StdpKernelTarget } from "../kernels/wasm.js";
import { decayAt } from "./decay-table.js";
import { preKernel, ruleArrays, type RuleArrays } from "./rule-arrays.js";

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
  private readonly kernel: RuleArrays | null;
  private readonly target: StdpKernelTarget | null;

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
      f64: [this.rows, this.cols],
      i32: [this.cols],
      u8: [this.cols],
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
    this.kernel = arrays.kernel ? arrays : null;
    this.target = arrays.target;
  }

  beforeSample(): void {
    if (this.config.normalisationSum > 0)
      this.synapses.normaliseColumns(this.config.normalisationSum);
  }

  onPre(row: number, t: number): void {
    this.lastPre[row] = t;
    const { synapses, lastPost, activePost, cols } = this;
    const nuPre = this.config.nuPre;
    const active = preKernel(
      this.kernel,
      0,
      cols,
      this.nActivePost,
      this.cutoffSteps,
      nuPre,
      t,
      row,
      null,
      1,
    );
    if (active !== null) {
      this.nActivePost = active;
      return;
    }
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
    const active = preKernel(
      this.kernel,
      0,
      this.cols,
      this.nActivePost,
      this.cutoffSteps,
      this.config.nuPre,
      t,
      -1,
      batch,
      nRows,
    );
    if (active !== null) {
      this.nActivePost = active;
      return;
    }
    for (let k = 0; k < nRows; k++) this.onPre(batch.rows[k]!, t);
  }

  onPost(col: number, t: number): void {
    const { synapses, lastPre, cols, rows } = this;
    const post2Before = Math.exp(-(t - this.lastPost[col]!) * this.post2DecayPerStep);
    const gain = this.config.nuPost * post2Before;
    if (gain > 0) {
      const kernel = this.kernel;
      const table = this.preTable;
      if (kernel !== null) {
        const target = this.target!;
        target.arena.kernels.stdpPost(
          0,
          col,
          t,
          target.weightsAddress,
          cols,
          rows,
          target.dirtyAddress,
          target.wMax,
          kernel.at.f64[0]!,
          Number.MAX_VALUE, // every row that ever spiked (t − (−∞) = ∞ is skipped)
          kernel.at.tables[0]!,
          table!.length,
          gain,
          kernel.at.counts,
        );
        target.countUpdates(kernel.counts);
      } else {
        for (let i = 0; i < rows; i++) {
          const since = t - lastPre[i]!;
          if (since === Infinity) continue;
          const x =
            table !== null ? decayAt(table, since) : Math.exp(-since * this.preDecayPerStep);
          synapses.update(i * cols + col, gain * x);
        }
      }
    }
    this.lastPost[col] = t;
    if (this.isActivePost[col] === 0) {
      this.isActivePost[col] = 1;
      this.activePost[this.nActivePost++] = col;
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
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
