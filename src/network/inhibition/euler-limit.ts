import { scalar, type StateEntry } from "../../core/state-spec.js";
import type { DiehlCookNeurons } from "../../neurons/diehl-cook.js";

/**
 * Watches the forward-Euler stability limit of Diehl & Cook neurons under an inhibition mode that
 * adds the same conductance `w` to every other excitatory neuron per inhibitory spike. It keeps an
 * envelope E of the largest g_i it can have caused, E_t = E_{t−1}·(1 − dt/τ_gi) + w·spikes_t (an
 * upper bound: a neuron's own partner does not inhibit it), and counts the steps where E exceeds
 * the neurons' stable conductance 2τ_m/dt − 1 (docs/models/diehl-cook.md: beyond it v overshoots
 * E_inh and the layer can fire in a runaway volley). Under `integration: "implicit-euler"` the
 * limit is ∞ and nothing is counted. The count does not change the dynamics; it is reported.
 */
export class EulerLimitWatch {
  private envelope = 0;
  /** Steps whose g_i envelope exceeded the stable conductance. */
  stepsBeyond = 0;
  /** Largest envelope seen over the stable conductance (0 before any step beyond it). */
  peakRatio = 0;

  /** One step of `exc`: decay the envelope, add `spikes` inhibitory spikes of weight `w`, compare. */
  step(exc: DiehlCookNeurons, spikes: number, w: number): void {
    this.envelope = this.envelope * exc.giDecay + w * spikes;
    if (this.envelope > exc.stableInhibitoryConductance) {
      this.stepsBeyond++;
      const ratio = this.envelope / exc.stableInhibitoryConductance;
      if (ratio > this.peakRatio) this.peakRatio = ratio;
    }
  }

  /** What Inhibition.stepsBeyondStableConductance reports: the count and the peak ratio. */
  summary(): { readonly steps: number; readonly peakRatio: number } {
    return { steps: this.stepsBeyond, peakRatio: this.peakRatio };
  }

  /** `steps` quiet steps of `exc` (rest in closed form). */
  rest(exc: DiehlCookNeurons, steps: number): void {
    this.envelope *= Math.pow(exc.giDecay, steps);
  }

  /** The watch's checkpoint fields (envelope and count), for the owner's state declaration. */
  stateFields(): Record<string, StateEntry> {
    return {
      eulerEnvelope: scalar(
        () => this.envelope,
        (x) => (this.envelope = x),
      ),
      eulerStepsBeyond: scalar(
        () => this.stepsBeyond,
        (x) => (this.stepsBeyond = x),
      ),
      eulerPeakRatio: scalar(
        () => this.peakRatio,
        (x) => (this.peakRatio = x),
      ),
    };
  }
}
