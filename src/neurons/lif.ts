import { z } from "zod";
import type { OpLedger } from "../core/ops.js";
import type { Rng } from "../core/rng.js";
import type { KernelArena } from "../kernels/wasm.js";
import {
  adaptiveThresholdFields,
  inputGainField,
  refractoryField,
  CurrentBasedNeurons,
  lowerBoundField,
  oneSpikeField,
} from "./current-based.js";

/**
 * Leaky integrate-and-fire neuron with current-based input (`--neuron lif`), BindsNET's
 * `LIFNodes` (bindsnet/network/nodes.py; Gerstner & Kistler, Spiking Neuron Models §4.1). Per step
 * of dt:
 *   v ← E_rest + e^(−dt/τ_m)·(v − E_rest)            exact decay of τ_m dv/dt = E_rest − v
 *   v ← v + g·Σ_i w_i s_i(t)                         unless refractory
 *   spike when v ≥ v_thresh (+ θ): v ← v_reset, refractory for t_ref
 * For a constant input I per step from v_0 = E_rest (decay, then add): v_n − E_rest =
 * I·(1 − a^n)/(1 − a) exactly, a = e^(−dt/τ_m): the sampled closed form
 * v(t) = E_rest + I_∞·(1 − e^(−t/τ_m)) with I_∞ = I/(1 − a) ≈ I·τ_m/dt.
 *
 * Defaults: BindsNET LIFNodes defaults, which are also what the reference study ran (Shears &
 * Yazdani's BindsNET fork, `TwoLayerNetwork(node_type="LIF")`: rest −65, reset −65, thresh −52 mV,
 * refrac 5 ms, tc_decay 100 ms). Adaptive threshold off by default (LIFNodes has none); with
 * thetaPlusMv 0.05 this is BindsNET's AdaptiveLIFNodes / DiehlAndCookNodes (the current-based
 * Diehl & Cook neuron; our `dc` is the conductance-based original).
 */
export const lifNeuronConfigSchema = z.strictObject({
  model: z.literal("lif"),
  tauMembraneMs: z
    .number()
    .positive({ error: "expected a time constant > 0 ms" })
    .default(100)
    .describe("ms — membrane time constant τ_m (BindsNET LIFNodes tc_decay 100; D&C 2015 100)"),
  restMv: z.number().default(-65).describe("mV — resting potential E_rest (BindsNET −65)"),
  resetMv: z.number().default(-65).describe("mV — potential after a spike (BindsNET −65)"),
  thresholdMv: z.number().default(-52).describe("mV — firing threshold (BindsNET −52)"),
  refractoryMs: refractoryField,
  inputGainMv: inputGainField,
  ...adaptiveThresholdFields,
  lowerBoundMv: lowerBoundField,
  oneSpikePerStep: oneSpikeField,
});
/** Validated LIF neuron parameters: the output of {@link lifNeuronConfigSchema}; mV and ms. */
export type LifNeuronConfig = z.output<typeof lifNeuronConfigSchema>;

/**
 * Builds `n` leaky integrate-and-fire neurons (v starts at restMv) on the current-based engine,
 * stepped every `dtMs` (ms); with an `arena` the state lives in WebAssembly memory and the step
 * runs the SIMD kernel. Throws a ValidationError when dtMs ≤ 0.
 */
export function createLifNeurons(
  config: LifNeuronConfig,
  n: number,
  dtMs: number,
  ledger: OpLedger,
  arena: KernelArena | null = null,
  rng: Rng | null = null,
): CurrentBasedNeurons {
  return new CurrentBasedNeurons(
    {
      model: "lif",
      restMv: config.restMv,
      resetMv: config.resetMv,
      thresholdMv: config.thresholdMv,
      initialMv: config.restMv,
      tauMembraneMs: config.tauMembraneMs,
      refractoryMs: config.refractoryMs,
      inputGainMv: config.inputGainMv,
      thetaPlusMv: config.thetaPlusMv,
      tauThetaMs: config.tauThetaMs,
      lowerBoundMv: config.lowerBoundMv,
      oneSpikePerStep: config.oneSpikePerStep === true,
      escape: null,
    },
    n,
    dtMs,
    ledger,
    null,
    arena,
    config.oneSpikePerStep === true && rng !== null ? rng.fork("one-spike") : null,
  );
}
