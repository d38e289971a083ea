import { z } from "zod";
import type { ComponentState, LearningRule, SynapseArray } from "../core/contracts.js";
import { ValidationError } from "../core/errors.js";
import { array, declareState, scalar } from "../core/state-spec.js";
import type { FusedPreLearning } from "../kernels/stepper.js";
import type { RowBatch } from "../kernels/wasm.js";
import { TraceKernels, ruleArrays } from "./rule-arrays.js";

/**
 * The engine of BindsNET's trace-based pair rules (bindsnet/learning/learning.py: PostPre,
 * WeightDependentPostPre, Hebbian), used by src/learning/pair-stdp.ts, weight-dependent-stdp.ts
 * and hebbian.ts. Each neuron and each input keeps a spike trace that is set to 1 on its spike and
 * decays as e^(−Δt/τ) (BindsNET's default, non-additive traces); it is evaluated from the last
 * spike step, exactly, never stored. On an input spike at step t (after its read):
 *   Δw_ij = sign_pre · ν_pre · x_post,j(t) · f_pre(w_ij)
 * and on a post spike of neuron j at step t (after inhibition):
 *   Δw_ij = ν_post · x_pre,i(t) · f_post(w_ij)
 * with (sign_pre, f_pre, f_post) = (−, 1, 1) for PostPre, (−, w − w_min, w_max − w) for
 * WeightDependentPostPre (soft bounds, w_min = 0) and (+, 1, 1) for Hebbian. Every change goes
 * through SynapseArray.update (ideal: exact with clipping to [0, w_max]; crossbar: Δw → pulses).
 *
 * Timing: an input spike at step t sees x_pre = 1 at a post spike of the same step, but a post
 * spike of step t is not yet in x_post when that step's input spikes are processed (the engine
 * reads inputs before it integrates), as in the triplet rule. BindsNET updates after both
 * layers, so a coincident pair also gets the pre term there; the difference is ν_pre per
 * coincidence.
 *
 * Normalisation: before each training presentation every column is rescaled to sum
 * `normalisationSum` (BindsNET's Connection `norm`, 78.4 in its DiehlAndCook2015 network; 78 in
 * Diehl & Cook's code, which the triplet rule uses too); 0 turns it off.
 */

/** x below this is treated as zero: the skipped change is below ν·1e-7, under float32 resolution. */
const TRACE_CUTOFF = 1e-7;

/**
 * Which BindsNET rule a {@link PostPreRule} runs: `pair` (PostPre), `weight-dependent`
 * (WeightDependentPostPre, soft bounds) or `hebbian` (Hebbian).
 */
export type PostPreKind = "pair" | "weight-dependent" | "hebbian";

/** Fields shared by the three rules' schemas. */
export function postPreFields(sources: { nuPre: string; nuPost: string }) {
  return {
    nuPre: z
      .number()
      .nonnegative({ error: "expected a learning rate ≥ 0" })
      .default(1e-4)
      .describe(`1 — ν_pre, learning rate on input spikes (${sources.nuPre})`),
    nuPost: z
      .number()
      .nonnegative({ error: "expected a learning rate ≥ 0" })
      .default(1e-2)
      .describe(`1 — ν_post, learning rate on neuron spikes (${sources.nuPost})`),
    tauPreMs: z
      .number()
      .positive({ error: "expected a time constant > 0 ms" })
      .default(20)
      .describe("ms — input spike trace time constant (BindsNET tc_trace 20; D&C 20)"),
    tauPostMs: z
      .number()
      .positive({ error: "expected a time constant > 0 ms" })
      .default(20)
      .describe("ms — neuron spike trace time constant (BindsNET tc_trace 20; D&C 20)"),
    normalisationSum: z
      .number()
      .nonnegative({ error: "expected a column sum ≥ 0 (0 = off)" })
      .default(78)
      .describe(
        "1 — each neuron's input weights are rescaled to this sum before each training image; 0 = off (D&C code 78; BindsNET norm 78.4)",
      ),
  };
}

/**
 * What {@link PostPreRule} reads, the fields {@link postPreFields} adds to each rule's schema:
 * `nuPre`, `nuPost` learning rates (dimensionless); `tauPreMs`, `tauPostMs` trace time constants
 * (ms); `normalisationSum` the column sum before each training sample (0 = off).
 */
export interface PostPreConfig {
  readonly nuPre: number;
  readonly nuPost: number;
  readonly tauPreMs: number;
  readonly tauPostMs: number;
  readonly normalisationSum: number;
}

/**
 * The engine of the trace-based pair rules (equations in this module's header), used through
 * {@link PairStdp}, {@link WeightDependentStdp} and {@link Hebbian}: it keeps the last spike step
 * of every input and neuron and evaluates the traces e^(−Δt/τ) exactly when needed; `onPre` and
 * `onPost` apply Δw through SynapseArray.update, `beforeSample` normalises the columns. Time in
 * steps of `dtMs` (ms); the constructor throws a ValidationError when dtMs ≤ 0.
 */
export class PostPreRule implements LearningRule {
  /**
   * onPre(row, t) changes only row `row`'s weights (and this rule's own state): the engine may read
   * all of a step's input rows before their pre-synaptic learning.
   */
  readonly preTouchesOnlyItsRow = true;
  /** Step of each input's / neuron's last spike (−∞ before the first). */
  private readonly lastPre: Float64Array;
  private readonly lastPost: Float64Array;
  /** Neurons whose trace may still exceed TRACE_CUTOFF (only they take part in onPre). */
  private readonly activePost: Int32Array;
  private nActivePost = 0;
  private readonly isActivePost: Uint8Array;
  private readonly preRatePerStep: number;
  private readonly postRatePerStep: number;
  private readonly preCutoffSteps: number;
  private readonly postCutoffSteps: number;
  private readonly rows: number;
  private readonly cols: number;
  /** e^(−s·dt/τ) for s up to each trace's cutoff (decay-table.ts), or null (Math.exp). */
  private readonly preTable: Float64Array | null;
  private readonly postTable: Float64Array | null;
  /** The WebAssembly loops (ideal synapses in a kernel arena), or null: the JavaScript loops. */
  private readonly kernels: TraceKernels | null;
  /** The pre-synaptic learning the neuron step may run in its kernel (null: JavaScript loops). */
  readonly fusedPre: FusedPreLearning | null;

  constructor(
    readonly kind: PostPreKind,
    readonly config: PostPreConfig,
    private readonly synapses: SynapseArray,
    dtMs: number,
  ) {
    if (!(dtMs > 0)) throw new ValidationError(`${kind} rule: dtMs must be > 0, got ${dtMs}`);
    this.rows = synapses.rows;
    this.cols = synapses.cols;
    this.preRatePerStep = dtMs / config.tauPreMs;
    this.postRatePerStep = dtMs / config.tauPostMs;
    this.preCutoffSteps = Math.ceil(-Math.log(TRACE_CUTOFF) / this.preRatePerStep);
    this.postCutoffSteps = Math.ceil(-Math.log(TRACE_CUTOFF) / this.postRatePerStep);
    const arrays = ruleArrays(synapses, {
      f64: [this.rows, this.cols, this.cols],
      i32: [this.cols, this.cols, 1],
      u8: [this.cols],
      outColumns: this.cols,
      tables: [
        [this.preRatePerStep, this.preCutoffSteps],
        [this.postRatePerStep, this.postCutoffSteps],
      ],
    });
    [this.lastPre, this.lastPost] = arrays.f64 as [Float64Array, Float64Array];
    this.lastPre.fill(-Infinity);
    this.lastPost.fill(-Infinity);
    this.activePost = arrays.i32[0]!;
    this.isActivePost = arrays.u8[0]!;
    [this.preTable, this.postTable] = arrays.tables as [Float64Array | null, Float64Array | null];
    this.kernels = arrays.kernel
      ? new TraceKernels(arrays, {
          preKind: kind === "pair" ? 0 : kind === "hebbian" ? 1 : 2,
          postKind: kind === "weight-dependent" ? 2 : 0,
          postTraceCutoffSteps: this.postCutoffSteps,
          preTraceCutoffSteps: this.preCutoffSteps,
          nuPre: config.nuPre,
        })
      : null;
    this.fusedPre = this.kernels?.fused ?? null;
  }

  beforeSample(): void {
    if (this.config.normalisationSum > 0) {
      this.synapses.normaliseColumns(this.config.normalisationSum);
    }
  }

  onPre(row: number, t: number): void {
    if (this.kernels !== null) {
      this.kernels.preRow(row, t);
      return;
    }
    this.lastPre[row] = t;
    const { synapses, lastPost, activePost, cols, kind } = this;
    const nu = this.config.nuPre;
    const table = this.postTable;
    const w = synapses.weights;
    const base = row * cols;
    let kept = 0;
    for (let r = 0; r < this.nActivePost; r++) {
      const j = activePost[r]!;
      const since = t - lastPost[j]!;
      if (since > this.postCutoffSteps) {
        this.isActivePost[j] = 0;
        continue;
      }
      activePost[kept++] = j;
      if (nu === 0) continue;
      const x = table !== null ? table[since]! : Math.exp(-since * this.postRatePerStep);
      const i = base + j;
      if (kind === "pair") synapses.update(i, -nu * x);
      else if (kind === "hebbian") synapses.update(i, nu * x);
      else synapses.update(i, -nu * x * w[i]!);
    }
    this.nActivePost = kept;
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
    const { synapses, lastPre, cols, rows, kind } = this;
    const nu = this.config.nuPost;
    const wMax = synapses.wMax;
    const w = synapses.weights;
    if (nu > 0) {
      const table = this.preTable;
      for (let r = 0, i = col; r < rows; r++, i += cols) {
        const since = t - lastPre[r]!;
        if (since > this.preCutoffSteps) continue;
        const x = table !== null ? table[since]! : Math.exp(-since * this.preRatePerStep);
        synapses.update(i, kind === "weight-dependent" ? nu * x * (wMax - w[i]!) : nu * x);
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

  private onPostKernels(fired: Int32Array, n: number, t: number): void {
    const kernels = this.kernels!;
    const nu = this.config.nuPost;
    if (nu > 0) {
      const { postCols, postGains } = kernels;
      for (let k = 0; k < n; k++) {
        postCols[k] = fired[k]!;
        postGains[k] = nu;
      }
      kernels.post(n, t);
    }
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

  /** Checkpoint state, declared once (src/core/state-spec.ts). */
  private readonly state = declareState("learning (PostPre family)", {
    lastPre: array(() => this.lastPre),
    lastPost: array(() => this.lastPost),
    activePost: array(() => this.activePost),
    isActivePost: array(() => this.isActivePost),
    nActivePost: scalar(
      () => this.nActivePost,
      (v) => (this.nActivePost = v),
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
