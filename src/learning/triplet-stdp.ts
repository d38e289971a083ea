import { z } from "zod";
import type { SynapseArray } from "../core/contracts.js";
import { decayAt } from "./decay-table.js";
import { TraceRule, type TraceRuleSpec } from "./trace-rule.js";

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
 * (before the spike); `beforeSample` rescales each column to `normalisationSum` (the shared part:
 * src/learning/trace-rule.ts). Every change goes through SynapseArray.update, which clips to
 * [0, w_max].
 */
export class TripletStdp extends TraceRule {
  private readonly preDecayPerStep: number;
  private readonly post1DecayPerStep: number;
  private readonly post2DecayPerStep: number;
  private readonly cutoffSteps: number;

  constructor(
    readonly config: TripletStdpConfig,
    synapses: SynapseArray,
    dtMs: number,
  ) {
    super(synapses, tripletSpec(config, dtMs), "triplet STDP");
    this.preDecayPerStep = dtMs / config.tauPreMs;
    this.post1DecayPerStep = dtMs / config.tauPost1Ms;
    this.post2DecayPerStep = dtMs / config.tauPost2Ms;
    this.cutoffSteps = post1CutoffSteps(this.post1DecayPerStep);
  }

  protected preWalk(row: number, t: number): void {
    const { synapses, lastPost, activePost, cols } = this;
    const nuPre = this.config.nuPre;
    const base = row * cols;
    const table = this.postTable;
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

  /** ν_post·x_post2 of column col just before its spike at step t. */
  protected postGain(col: number, t: number): number {
    return this.config.nuPost * Math.exp(-(t - this.lastPost[col]!) * this.post2DecayPerStep);
  }

  protected postWalk(col: number, gain: number, t: number): void {
    const { synapses, lastPre, cols, rows } = this;
    const table = this.preTable;
    for (let i = 0; i < rows; i++) {
      const since = t - lastPre[i]!;
      if (since === Infinity) continue;
      const x = table !== null ? decayAt(table, since) : Math.exp(-since * this.preDecayPerStep);
      synapses.update(i * cols + col, gain * x);
    }
  }
}

/** Steps after which the post1 trace (decay rate dt/τ_post1 per step) is below TRACE_CUTOFF. */
function post1CutoffSteps(post1DecayPerStep: number): number {
  return Math.ceil(-Math.log(TRACE_CUTOFF) / post1DecayPerStep);
}

/** The triplet rule's tables, kernel codes and cutoffs. */
function tripletSpec(config: TripletStdpConfig, dtMs: number): TraceRuleSpec {
  const preRate = dtMs / config.tauPreMs;
  const post1Rate = dtMs / config.tauPost1Ms;
  const cutoff = post1CutoffSteps(post1Rate);
  return {
    tables: [
      [preRate, Infinity],
      [post1Rate, cutoff],
    ],
    kernel: {
      preKind: 0,
      postKind: 0,
      postTraceCutoffSteps: cutoff,
      // Every row that ever spiked (t − (−∞) = ∞ is skipped).
      preTraceCutoffSteps: Number.MAX_VALUE,
      nuPre: config.nuPre,
    },
    normalisationSum: config.normalisationSum,
  };
}
