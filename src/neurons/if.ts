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
 * Integrate-and-fire neuron without leak (`--neuron if`), BindsNET's `IFNodes`
 * (bindsnet/network/nodes.py; Gerstner et al., Neuronal Dynamics §1.3). Per step of dt:
 *   v ← v + g·Σ_i w_i s_i(t)                         unless refractory
 *   spike when v ≥ v_thresh (+ θ): v ← v_reset, refractory for t_ref
 * The membrane only integrates: from v_reset with a constant input I per step it fires at step
 * ⌈(v_thresh − v_reset)/I⌉, and between inputs it keeps its value (no rest potential).
 *
 * Defaults: BindsNET IFNodes defaults (thresh −52, reset −65 mV, refrac 5 ms; v starts at reset),
 * which the reference study used (Shears & Yazdani's BindsNET fork, `TwoLayerNetwork(node_type="IF")`;
 * its rest and tc_decay arguments are ignored by IFNodes). Adaptive threshold off by default.
 */
export const ifNeuronConfigSchema = z.strictObject({
  model: z.literal("if"),
  resetMv: z
    .number()
    .default(-65)
    .describe("mV — potential after a spike and at the start (BindsNET IFNodes reset −65)"),
  thresholdMv: z.number().default(-52).describe("mV — firing threshold (BindsNET −52)"),
  refractoryMs: refractoryField,
  inputGainMv: inputGainField,
  ...adaptiveThresholdFields,
  lowerBoundMv: lowerBoundField,
  oneSpikePerStep: oneSpikeField,
});
/** Validated IF neuron parameters: the output of {@link ifNeuronConfigSchema}; mV and ms. */
export type IfNeuronConfig = z.output<typeof ifNeuronConfigSchema>;

/**
 * Builds `n` integrate-and-fire neurons (no leak; v starts at resetMv) on the current-based engine,
 * stepped every `dtMs` (ms); with an `arena` the state lives in WebAssembly memory and the step
 * runs the SIMD kernel. Throws a ValidationError when dtMs ≤ 0.
 */
export function createIfNeurons(
  config: IfNeuronConfig,
  n: number,
  dtMs: number,
  ledger: OpLedger,
  arena: KernelArena | null = null,
  rng: Rng | null = null,
): CurrentBasedNeurons {
  return new CurrentBasedNeurons(
    {
      model: "if",
      // No leak: the "rest" value only matters to settled(), where v stays put anyway.
      restMv: config.resetMv,
      resetMv: config.resetMv,
      thresholdMv: config.thresholdMv,
      initialMv: config.resetMv,
      tauMembraneMs: Infinity,
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
