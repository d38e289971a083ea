import { z } from "zod";
import type { ComponentState, Inhibition } from "../../core/contracts.js";
import { declareState } from "../../core/state-spec.js";
import { OP, type OpLedger } from "../../core/ops.js";
import type { DiehlCookNeurons } from "../../neurons/diehl-cook.js";

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
  constructor(
    readonly config: LateralInhibitionConfig,
    private readonly exc: DiehlCookNeurons,
    private readonly ledger: OpLedger,
  ) {}

  afterStep(_t: number, fired: Int32Array, nFired: number): number {
    const gi = this.exc.gi;
    const n = gi.length;
    for (let s = 0; s < nFired; s++) {
      const k = fired[s]!;
      for (let j = 0; j < n; j++) if (j !== k) gi[j]! += this.config.weight;
    }
    this.ledger.counts[OP.inhibitionEvents]! += nFired * (n - 1);
    return nFired;
  }

  rest(): void {}

  /** Stateless: the declaration is empty, so loading any non-empty state is refused. */
  private readonly state = declareState("inhibition (lateral)", {});

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
