import { z } from "zod";
import type { ComponentState, Inhibition, NeuronArray } from "../../core/contracts.js";
import { declareState } from "../../core/state-spec.js";
import { ValidationError } from "../../core/errors.js";

/**
 * Hard winner-take-all: of the neurons crossing threshold at step t, one spike stands — the largest
 * overshoot (membrane − threshold), ties to the lowest index — and every other neuron (crossers and
 * the rest alike) is reset and held for the inhibition period (`suppress`), or only held when
 * `resetLosers` is false. As in memristive STDP hardware (Querlioz et al., IEEE TNANO 2013): the
 * first neuron to fire resets/inhibits all others for T_inhibit.
 */
export const wtaInhibitionSchema = z.strictObject({
  mode: z.literal("wta"),
  /** Losers are held (no integration, no firing) for this long after the winner's spike (ms). */
  inhibitionPeriodMs: z
    .number()
    .nonnegative({ error: "expected an inhibition period ≥ 0 ms" })
    .default(5),
  /** Losers' membranes are cleared to rest (true) or kept and only held (false). */
  resetLosers: z.boolean().default(true),
});
/** Winner-take-all settings after defaults (inhibition period in ms, whether losers are reset). */
export type WtaInhibitionConfig = z.output<typeof wtaInhibitionSchema>;

/** A neuron array that can hold a neuron without resetting it (needed for resetLosers false). */
export interface HoldCapable {
  hold(j: number, untilStep: number): void;
}

/**
 * Whether `neurons` can hold a neuron without resetting it (required when wta `resetLosers` is
 * false).
 */
export function canHold(neurons: NeuronArray): neurons is NeuronArray & HoldCapable {
  return typeof (neurons as Partial<HoldCapable>).hold === "function";
}

/**
 * Hard winner-take-all: of the neurons crossing threshold in a step only the largest overshoot
 * fires; every other neuron is reset (or only held) for the inhibition period.
 */
export class WtaInhibition implements Inhibition {
  /** Losers are held through step t + periodSteps. */
  readonly periodSteps: number;
  private readonly holder: HoldCapable | null;

  constructor(
    readonly config: WtaInhibitionConfig,
    private readonly neurons: NeuronArray,
    dtMs: number,
  ) {
    this.periodSteps = Math.round(config.inhibitionPeriodMs / dtMs);
    if (!config.resetLosers) {
      if (!canHold(neurons)) {
        throw new ValidationError(
          "inhibition.resetLosers: false needs a neuron array that can hold without reset " +
            "(the adder/comparator array can); use resetLosers: true with this neuron",
        );
      }
      this.holder = neurons;
    } else {
      this.holder = null;
    }
  }

  afterStep(t: number, fired: Int32Array, nFired: number): number {
    if (nFired === 0) return 0;
    const neurons = this.neurons;
    let winner = fired[0]!;
    let best = neurons.overshootMv(winner);
    // `fired` is ascending, so a strict > keeps the lowest index among ties.
    for (let k = 1; k < nFired; k++) {
      const j = fired[k]!;
      const over = neurons.overshootMv(j);
      if (over > best) {
        best = over;
        winner = j;
      }
    }
    const until = t + this.periodSteps;
    const holder = this.holder;
    for (let j = 0; j < neurons.size; j++) {
      if (j === winner) continue;
      if (holder) holder.hold(j, until);
      else neurons.suppress(j, until);
    }
    fired[0] = winner;
    return 1;
  }

  rest(): void {}

  settled(): boolean {
    return true;
  }

  /** Stateless: the declaration is empty, so loading any non-empty state is refused. */
  private readonly state = declareState("inhibition (wta)", {});

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
