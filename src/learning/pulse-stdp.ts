/**
 * Pulse-based simplified STDP (update mode "pulse"), after Querlioz, Bichler, Dollfus & Gamrat,
 * IEEE Trans. Nanotechnol. 12(3):288–295, 2013: when output neuron `col` fires at step t, every
 * synapse of that column whose input spiked within the LTP window before t (same step included)
 * gets ONE potentiating pulse, every other synapse of the column gets ONE depressing pulse. The
 * device's own nonlinearity decides how much a pulse changes the conductance — no Δw is computed.
 * There is no weight normalisation in this rule: beforeSample() does nothing.
 *
 * Time is integer steps of dtMs; the last spike step of each input is the only state.
 */
import { z } from "zod";
import type { ComponentState, LearningRule, SynapseArray } from "../core/contracts.js";
import { ValidationError } from "../core/errors.js";
import { array, declareState } from "../core/state-spec.js";
import type { StdpKernelTarget } from "../kernels/wasm.js";
import { ruleArrays, type RuleArrays } from "./rule-arrays.js";

/** Params of the rule; `rule: "pulse"` discriminates it from the other STDP rules. */
export const pulseStdpSchema = z
  .object({
    rule: z.literal("pulse"),
    ltpWindowMs: z
      .number()
      .finite()
      .positive()
      .default(45)
      .describe(
        "ms — an input that spiked this long or less before the output spike is potentiated (Querlioz 2013: T_LTP = 45 ms)",
      ),
  })
  .strict();

/** Validated pulse STDP parameters: the output of {@link pulseStdpSchema} (`ltpWindowMs` in ms). */
export type PulseStdpConfig = z.output<typeof pulseStdpSchema>;

/** "Never spiked": far enough in the past for any window, and t − NEVER does not overflow. */
const NEVER = -(2 ** 30);

/**
 * Querlioz et al. 2013 pulse STDP (this module's header): when neuron `col` fires, each synapse of
 * that column gets one potentiating pulse if its input spiked within `windowSteps` steps before
 * (same step included), else one depressing pulse, through SynapseArray.pulse, so the device sets
 * the size of each change. The constructor throws a ValidationError when dtMs ≤ 0.
 */
export class PulseStdp implements LearningRule {
  /**
   * onPre(row, t) changes only row `row`'s weights (and this rule's own state): the engine may read
   * all of a step's input rows before their pre-synaptic learning.
   */
  readonly preTouchesOnlyItsRow = true;
  /** Step of each input's most recent spike. */
  private readonly lastPreStep: Int32Array;
  /** The LTP window in whole steps (rounded to the nearest step). */
  readonly windowSteps: number;

  /** Same argument order as TripletStdp: (config, synapses, dtMs). */
  constructor(
    readonly config: PulseStdpConfig,
    private readonly synapses: SynapseArray,
    dtMs: number,
  ) {
    if (!(dtMs > 0)) throw new ValidationError(`pulse STDP: dtMs must be positive, got ${dtMs}`);
    this.windowSteps = Math.round(config.ltpWindowMs / dtMs);
    const arrays = ruleArrays(synapses, { i32: [synapses.rows] });
    this.lastPreStep = arrays.i32[0]!.fill(NEVER);
    this.kernel = arrays.kernel ? arrays : null;
    this.target = arrays.target;
  }

  /** The WebAssembly loop (ideal synapses in a kernel arena), or null: the JavaScript loop. */
  private readonly kernel: RuleArrays | null;
  private readonly target: StdpKernelTarget | null;

  beforeSample(): void {}

  onPre(row: number, t: number): void {
    this.lastPreStep[row] = t;
  }

  onPost(col: number, t: number): void {
    const { rows, cols } = this.synapses;
    const kernel = this.kernel;
    if (kernel !== null) {
      // Ideal synapses: pulse(i, ±1) is update(i, ±w_max/256), applied in the kernel.
      const target = this.target!;
      target.arena.kernels.pulsePost(
        col,
        t,
        target.weightsAddress,
        cols,
        rows,
        target.dirtyAddress,
        target.wMax,
        kernel.at.i32[0]!,
        this.windowSteps,
        kernel.at.counts,
      );
      target.countUpdates(kernel.counts);
      return;
    }
    const last = this.lastPreStep;
    const window = this.windowSteps;
    for (let row = 0, i = col; row < rows; row++, i += cols) {
      this.synapses.pulse(i, t - last[row]! <= window ? 1 : -1);
    }
  }

  /** The checkpoint state, declared once; save and load (with shape checks) derive from it. */
  private readonly state = declareState("pulse STDP", {
    lastPreStep: array(() => this.lastPreStep),
  });

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
