import { z } from "zod";
import type { ComponentState, LearningRule, SynapseArray } from "../core/contracts.js";
import { ValidationError } from "../core/errors.js";
import { array, declareState } from "../core/state-spec.js";
import { decayAt, decayTable } from "./decay-table.js";

/**
 * Diehl & Cook 2015's power-law weight-dependent rule (`--rule power-law`; Front. Comput.
 * Neurosci. 9:99, §2.3, the rule behind the paper's published accuracies). Each input keeps a
 * presynaptic trace x_pre that grows by 1 at each of its spikes and decays with τ_pre otherwise
 * (the paper's description; `preTrace: "set"` sets it to 1 instead, as their shipped code does for
 * its triplet rule). Only a post spike changes weights, every synapse of the neuron that fired:
 *   Δw = η · (x_pre − x_tar) · (w_max − w)^μ
 * Inputs whose trace is above the target x_tar at the neuron's spike are potentiated, the others
 * (inputs that rarely precede the spike, silent pixels included) depressed; (w_max − w)^μ softens
 * the approach to w_max. Weights stay in [0, w_max] (SynapseArray.update clips at 0).
 *
 * Parameters. The paper gives the equation but not η, x_tar or μ, and the authors' code ships
 * only the triplet rule (shared/reference/diehl-cook-2015.md). What is published and used:
 * w_max = 1, τ_pre = 20 ms and the per-image normalisation to 78 (the shipped code). Chosen here,
 * and why (none tuned on accuracy):
 *   η = 0.01     the shipped code's potentiation rate ν_post: the step at a unit trace.
 *   μ = 0.4      the exponent Morrison, Aertsen & Diesmann (Neural Comput. 19:1437, 2007) fitted
 *                for power-law weight-dependent STDP to Bi & Poo's data.
 *   x_tar = 0.17 the mean presynaptic trace over MNIST's inputs at the D&C input rates: mean
 *                pixel 33.3 → 8.33 Hz at pixel/4 Hz, additive trace mean r·τ_pre = 0.167. With
 *                this target a post spike's changes sum to about zero over an average image, so
 *                the rule redistributes weight from silent to active inputs without, on average,
 *                changing a neuron's total (the job the normalisation also does).
 * Timing: an input spike at step t counts in x_pre for a post spike of the same step.
 */
export const powerLawStdpSchema = z.strictObject({
  rule: z.literal("power-law"),
  eta: z
    .number()
    .nonnegative({ error: "expected a learning rate ≥ 0" })
    .default(0.01)
    .describe(
      "1 — η, learning rate per post spike (not published; chosen = D&C code's ν_post 0.01)",
    ),
  xTar: z
    .number()
    .nonnegative({ error: "expected a target trace ≥ 0" })
    .default(0.17)
    .describe(
      "1 — x_tar, target presynaptic trace at a post spike (not published; chosen = mean MNIST trace at D&C rates, 0.167)",
    ),
  mu: z
    .number()
    .nonnegative({ error: "expected an exponent ≥ 0" })
    .default(0.4)
    .describe(
      "1 — μ, weight-dependence exponent (not published; chosen = Morrison et al. 2007 power-law fit 0.4)",
    ),
  tauPreMs: z
    .number()
    .positive({ error: "expected a time constant > 0 ms" })
    .default(20)
    .describe("ms — presynaptic trace time constant (D&C code τ_pre 20)"),
  preTrace: z
    .enum(["add", "set"])
    .default("add")
    .describe(
      "how a spike moves x_pre: add 1 (D&C 2015 §2.3 text) or set it to 1 (D&C code, BindsNET)",
    ),
  normalisationSum: z
    .number()
    .nonnegative({ error: "expected a column sum ≥ 0 (0 = off)" })
    .default(78)
    .describe(
      "1 — each neuron's input weights are rescaled to this sum before each training image; 0 = off (D&C code 78)",
    ),
});
/**
 * Validated power-law rule parameters (output of {@link powerLawStdpSchema}): η, x_tar and μ
 * dimensionless, `tauPreMs` in ms, the `preTrace` mode and `normalisationSum` (0 = off).
 */
export type PowerLawStdpConfig = z.output<typeof powerLawStdpSchema>;

/** Traces below this count as zero (the skipped part of Δw is below η·1e-7). */
const TRACE_CUTOFF = 1e-7;

/**
 * Diehl & Cook 2015's power-law weight-dependent rule (equation and parameter choices in
 * {@link powerLawStdpSchema}), time in steps of `dtMs` (ms). `onPre` moves the input's trace
 * x_pre (add 1 or set to 1); `onPost` changes every synapse of the firing neuron by
 * η·(x_pre − x_tar)·(w_max − w)^μ through SynapseArray.update; `beforeSample` normalises the
 * columns. The constructor throws a ValidationError when dtMs ≤ 0.
 */
export class PowerLawStdp implements LearningRule {
  /**
   * onPre(row, t) changes only row `row`'s weights (and this rule's own state): the engine may read
   * all of a step's input rows before their pre-synaptic learning.
   */
  readonly preTouchesOnlyItsRow = true;
  /** Step of each input's last spike (−∞ before the first). */
  private readonly lastPre: Float64Array;
  /** x_pre right after that spike. */
  private readonly traceAtLast: Float64Array;
  private readonly ratePerStep: number;
  private readonly cols: number;
  private readonly rows: number;
  /**
   * x_pre of every input at step `tracesAt`, filled by the first post spike of a step and reused by
   * the others of that step (the same preTrace values, so the same bits); −1 = not filled. Every
   * onPre and loadState invalidates it.
   */
  private readonly traces: Float64Array;
  private tracesAt = -1;

  constructor(
    readonly config: PowerLawStdpConfig,
    private readonly synapses: SynapseArray,
    dtMs: number,
  ) {
    if (!(dtMs > 0)) throw new ValidationError(`power-law rule: dtMs must be > 0, got ${dtMs}`);
    this.rows = synapses.rows;
    this.cols = synapses.cols;
    this.lastPre = new Float64Array(this.rows).fill(-Infinity);
    this.traceAtLast = new Float64Array(this.rows);
    this.traces = new Float64Array(this.rows);
    this.ratePerStep = dtMs / config.tauPreMs;
    this.decay = decayTable(this.ratePerStep, Infinity);
  }

  /** e^(−s·dt/τ_pre) for whole steps s until it underflows (decay-table.ts), or null: Math.exp. */
  private readonly decay: Float64Array | null;

  beforeSample(): void {
    if (this.config.normalisationSum > 0) {
      this.synapses.normaliseColumns(this.config.normalisationSum);
    }
  }

  /** x_pre of input `row` at step t (0 before its first spike). */
  preTrace(row: number, t: number): number {
    const since = t - this.lastPre[row]!;
    if (since === Infinity) return 0;
    const table = this.decay;
    const x =
      this.traceAtLast[row]! *
      (table !== null ? decayAt(table, since) : Math.exp(-since * this.ratePerStep));
    return x < TRACE_CUTOFF ? 0 : x;
  }

  onPre(row: number, t: number): void {
    const x = this.config.preTrace === "add" ? this.preTrace(row, t) + 1 : 1;
    this.traceAtLast[row] = x;
    this.lastPre[row] = t;
    this.tracesAt = -1;
  }

  onPost(col: number, t: number): void {
    const { synapses, cols, rows } = this;
    const { eta, xTar, mu } = this.config;
    if (eta === 0) return;
    const wMax = synapses.wMax;
    const w = synapses.weights;
    const traces = this.traces;
    if (this.tracesAt !== t) {
      for (let r = 0; r < rows; r++) traces[r] = this.preTrace(r, t);
      this.tracesAt = t;
    }
    for (let r = 0, i = col; r < rows; r++, i += cols) {
      const drive = traces[r]! - xTar;
      if (drive === 0) continue;
      const wi = w[i]!;
      if (drive < 0 && wi <= 0) continue; // already at the lower bound
      const room = wMax - wi;
      const factor = mu === 0 ? 1 : room > 0 ? Math.pow(room, mu) : 0;
      if (factor === 0) continue;
      synapses.update(i, eta * drive * factor);
    }
  }

  /** Checkpoint state, declared once (src/core/state-spec.ts). */
  private readonly state = declareState("learning (power-law)", {
    lastPre: array(() => this.lastPre),
    traceAtLast: array(() => this.traceAtLast),
  });

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
    this.tracesAt = -1;
  }
}
