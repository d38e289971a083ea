import { z } from "zod";
import type { SynapseArray } from "../core/contracts.js";
import { ValidationError } from "../core/errors.js";
import { TraceRule, type TraceRuleSpec } from "./trace-rule.js";

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
 * `onPost` apply Δw through SynapseArray.update, `beforeSample` normalises the columns (the
 * shared part: src/learning/trace-rule.ts). Time in steps of `dtMs` (ms); the constructor throws a
 * ValidationError when dtMs ≤ 0.
 */
export class PostPreRule extends TraceRule {
  private readonly preRatePerStep: number;
  private readonly postRatePerStep: number;
  private readonly preCutoffSteps: number;
  private readonly postCutoffSteps: number;

  constructor(
    readonly kind: PostPreKind,
    readonly config: PostPreConfig,
    synapses: SynapseArray,
    dtMs: number,
  ) {
    super(synapses, postPreSpec(kind, config, dtMs), "learning (PostPre family)");
    this.preRatePerStep = dtMs / config.tauPreMs;
    this.postRatePerStep = dtMs / config.tauPostMs;
    this.preCutoffSteps = cutoffSteps(this.preRatePerStep);
    this.postCutoffSteps = cutoffSteps(this.postRatePerStep);
  }

  protected preWalk(row: number, t: number): void {
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

  protected postGain(): number {
    return this.config.nuPost;
  }

  protected postWalk(col: number, nu: number, t: number): void {
    const { synapses, lastPre, cols, rows, kind } = this;
    const wMax = synapses.wMax;
    const w = synapses.weights;
    const table = this.preTable;
    for (let r = 0, i = col; r < rows; r++, i += cols) {
      const since = t - lastPre[r]!;
      if (since > this.preCutoffSteps) continue;
      const x = table !== null ? table[since]! : Math.exp(-since * this.preRatePerStep);
      synapses.update(i, kind === "weight-dependent" ? nu * x * (wMax - w[i]!) : nu * x);
    }
  }
}

/** Steps after which a trace with decay rate `ratePerStep` (dt/τ) is below TRACE_CUTOFF. */
function cutoffSteps(ratePerStep: number): number {
  return Math.ceil(-Math.log(TRACE_CUTOFF) / ratePerStep);
}

/** A PostPre-family rule's tables, kernel codes and cutoffs; throws when dtMs ≤ 0. */
function postPreSpec(kind: PostPreKind, config: PostPreConfig, dtMs: number): TraceRuleSpec {
  if (!(dtMs > 0)) throw new ValidationError(`${kind} rule: dtMs must be > 0, got ${dtMs}`);
  const preRate = dtMs / config.tauPreMs;
  const postRate = dtMs / config.tauPostMs;
  return {
    tables: [
      [preRate, cutoffSteps(preRate)],
      [postRate, cutoffSteps(postRate)],
    ],
    kernel: {
      preKind: kind === "pair" ? 0 : kind === "hebbian" ? 1 : 2,
      postKind: kind === "weight-dependent" ? 2 : 0,
      postTraceCutoffSteps: cutoffSteps(postRate),
      preTraceCutoffSteps: cutoffSteps(preRate),
      nuPre: config.nuPre,
    },
    normalisationSum: config.normalisationSum,
  };
}
