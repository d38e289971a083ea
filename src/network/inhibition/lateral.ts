import { z } from "zod";
import type { ComponentState, Inhibition } from "../../core/contracts.js";
import { declareState } from "../../core/state-spec.js";
import { OP, type OpLedger } from "../../core/ops.js";
import type { DiehlCookNeurons } from "../../neurons/diehl-cook.js";
import { EulerLimitWatch } from "./euler-limit.js";

/**
 * Direct lateral inhibition (the common simplification of Diehl & Cook 2015, e.g. the Brian2
 * example): an excitatory spike of j adds `weight` to g_i of every other excitatory neuron, as if
 * its inhibitory partner fired at once with the population's 17.0 weight.
 */
export const lateralInhibitionSchema = z.strictObject({
  mode: z.literal("lateral"),
  weight: z.number().nonnegative().default(17.0),
});
/**
 * Lateral inhibition settings after defaults: `weight` added to g_i of every other excitatory
 * neuron per spike.
 */
export type LateralInhibitionConfig = z.output<typeof lateralInhibitionSchema>;

/**
 * Direct lateral inhibition for Diehl & Cook neurons: each excitatory spike adds `weight` to the
 * inhibitory conductance of every other excitatory neuron at once.
 */
export class LateralInhibition implements Inhibition {
  /** Counts the steps whose g_i could break the excitatory forward-Euler update. */
  private readonly eulerWatch = new EulerLimitWatch();

  constructor(
    readonly config: LateralInhibitionConfig,
    private readonly exc: DiehlCookNeurons,
    private readonly ledger: OpLedger,
  ) {}

  stepsBeyondStableConductance(): { readonly steps: number; readonly peakRatio: number } {
    return this.eulerWatch.summary();
  }

  afterStep(_t: number, fired: Int32Array, nFired: number): number {
    this.exc.inhibitOthers(fired, nFired, this.config.weight);
    this.ledger.counts[OP.inhibitionEvents]! += nFired * (this.exc.size - 1);
    this.eulerWatch.step(this.exc, nFired, this.config.weight);
    return nFired;
  }

  rest(_t: number, restSteps: number): void {
    this.eulerWatch.rest(this.exc, restSteps);
  }

  /** Only the Euler-limit watch's envelope and count (the conductances live in the neurons). */
  private readonly state = declareState("inhibition (lateral)", this.eulerWatch.stateFields());

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
