import { z } from "zod";
import type { ComponentState, Inhibition, NeuronArray } from "../../core/contracts.js";
import { ValidationError } from "../../core/errors.js";
import { declareState } from "../../core/state-spec.js";

/**
 * Soft lateral inhibition: every spike that stands at step t lowers the membrane of every neuron
 * that did not fire by `amountMv` (inhibitMv), effective from the next step; all crossers fire.
 * With `spareRefractory`, neurons that will not integrate at step t + 1 are left alone (BindsNET's
 * recurrent inhibitory connection is input, which refractory nodes do not integrate).
 */
export const softInhibitionSchema = z.strictObject({
  mode: z.literal("soft"),
  /**
   * Membrane decrement per spike of another neuron (mV): one threshold gap. D&C's inhibition moves
   * a neuron by 17·2 ms/100 ms·(E_inh − v) = 12–16 mV ≈ their 13 mV gap; ours is 50 mV.
   */
  amountMv: z.number().positive({ error: "expected an inhibition amount > 0 mV" }).default(50),
  spareRefractory: z
    .boolean()
    .optional()
    .describe(
      "— true: a neuron that will not integrate at the next step (refractory) is not inhibited, as when the inhibition is a recurrent input current into BindsNET nodes, which refractory nodes do not integrate (BindsNET Connection Y→Y with weight −inh; nodes.py: v += (refrac_count ≤ 0)·x); needs a neuron model that reports it (if, lif, srm0). Absent or false: every neuron that did not fire is inhibited",
    ),
});
/** Soft inhibition settings after defaults (`amountMv`, mV per spike of another neuron). */
export type SoftInhibitionConfig = z.output<typeof softInhibitionSchema>;

/**
 * Soft lateral inhibition: each spike lowers the membrane of every neuron that did not fire by
 * `amountMv`, from the next step; all crossers fire.
 */
export class SoftInhibition implements Inhibition {
  /** 1 for the neurons firing this step (scratch, reused). */
  private readonly firing: Uint8Array;
  /** spareRefractory: whether neuron j integrates at a step; null = inhibit every non-firer. */
  private readonly integratesAt: ((j: number, t: number) => boolean) | null;

  constructor(
    readonly config: SoftInhibitionConfig,
    private readonly neurons: NeuronArray,
  ) {
    this.firing = new Uint8Array(neurons.size);
    if (config.spareRefractory === true) {
      if (typeof neurons.integratesAt !== "function") {
        throw new ValidationError(
          "inhibition.spareRefractory: true needs a neuron model that reports its refractory state (if, lif, srm0)",
        );
      }
      this.integratesAt = neurons.integratesAt.bind(neurons);
    } else {
      this.integratesAt = null;
    }
  }

  afterStep(t: number, fired: Int32Array, nFired: number): number {
    if (nFired === 0) return 0;
    const { neurons, firing, integratesAt } = this;
    const amount = this.config.amountMv;
    for (let k = 0; k < nFired; k++) firing[fired[k]!] = 1;
    for (let j = 0; j < neurons.size; j++) {
      if (firing[j] === 1) continue;
      // spareRefractory: the inhibition is input to step t + 1, which a refractory neuron drops.
      if (integratesAt !== null && !integratesAt(j, t + 1)) continue;
      // One inhibitory event per spike: two spikes in a step inhibit twice.
      for (let k = 0; k < nFired; k++) neurons.inhibitMv(j, amount);
    }
    for (let k = 0; k < nFired; k++) firing[fired[k]!] = 0;
    return nFired;
  }

  rest(): void {}

  settled(): boolean {
    return true;
  }

  /** Stateless: the declaration is empty, so loading any non-empty state is refused. */
  private readonly state = declareState("inhibition (soft)", {});

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
