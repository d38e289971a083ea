import { z } from "zod";
import type { OpLedger } from "../core/ops.js";
import type { Rng } from "../core/rng.js";
import type { KernelArena } from "../kernels/wasm.js";
import {
  adaptiveThresholdFields,
  refractoryField,
  CurrentBasedNeurons,
  lowerBoundField,
  oneSpikeField,
} from "./current-based.js";

/**
 * Simplified spike response model with escape noise (`--neuron srm0`), BindsNET's `SRM0Nodes`
 * (bindsnet/network/nodes.py, after Vasilaki et al., PLoS Comput. Biol. 5:e1000586, 2009; Gerstner
 * & Kistler §5.3, §5.5). The membrane is the sum of exponential response kernels
 * ε(s) = ε0·e^(−s/τ_m) of past input spikes (the kernel response of one input of weight w is
 * v − E_rest = ε0·w·e^(−k·dt/τ_m) k steps later) plus the reset; per step of dt:
 *   v ← E_rest + e^(−dt/τ_m)·(v − E_rest)
 *   v ← v + ε0·Σ_i w_i s_i(t)                        unless refractory
 *   ρ = ρ0·exp((v − v_thresh − θ)/Δ);  spike with probability p = 1 − e^(−ρ·dt)
 *   on a spike: v ← v_reset, refractory for t_ref (no firing during it; see current-based.ts)
 * The threshold is soft: at v = v_thresh a neuron fires at ρ0 per ms, and below it still fires
 * now and then (at rest −65 mV with the defaults: ρ = e^(−13/5)/ms ≈ 74 spikes/s), so the rest
 * period is stepped, never skipped. The draws (by time rescaling, see current-based.ts: exactly
 * the per-step probability above) come from the neuron stream "neurons/escape", so runs are
 * reproducible per seed.
 *
 * Defaults: the reference study's values (Shears & Yazdani's BindsNET fork,
 * `TwoLayerNetwork(node_type="SRM0")`: rest −65, reset −65, thresh −52 mV, tc_decay 100 ms,
 * refrac 5 ms) with SRM0Nodes' own ε0 = 1, ρ0 = 1 per ms, Δ = 5 mV. SRM0Nodes' class defaults
 * (rest/reset −70, thresh −50 mV, τ 10 ms) are one config away.
 */
export const srm0NeuronConfigSchema = z.strictObject({
  model: z.literal("srm0"),
  tauMembraneMs: z
    .number()
    .positive({ error: "expected a time constant > 0 ms" })
    .default(100)
    .describe(
      "ms — response-kernel time constant τ_m (reference study 100; SRM0Nodes class default 10)",
    ),
  restMv: z
    .number()
    .default(-65)
    .describe("mV — resting potential (reference study −65; SRM0Nodes default −70)"),
  resetMv: z
    .number()
    .default(-65)
    .describe("mV — potential after a spike (reference study −65; SRM0Nodes default −70)"),
  thresholdMv: z
    .number()
    .default(-52)
    .describe("mV — soft threshold v_thresh (reference study −52; SRM0Nodes default −50)"),
  refractoryMs: refractoryField,
  inputGainMv: z
    .number()
    .positive({ error: "expected a gain > 0 mV per unit weight" })
    .default(1)
    .describe("mV per unit weight — ε0, the kernel amplitude per unit weight (SRM0Nodes eps_0 1)"),
  rho0PerMs: z
    .number()
    .positive({ error: "expected an intensity > 0 per ms" })
    .default(1)
    .describe("1/ms — ρ0, firing intensity at threshold (SRM0Nodes rho_0 1, per ms of dt)"),
  escapeWidthMv: z
    .number()
    .positive({ error: "expected a width > 0 mV" })
    .default(5)
    .describe("mV — Δ, width of the threshold region (SRM0Nodes d_thresh 5)"),
  ...adaptiveThresholdFields,
  lowerBoundMv: lowerBoundField,
  oneSpikePerStep: oneSpikeField,
});
/**
 * Validated SRM0 neuron parameters: the output of {@link srm0NeuronConfigSchema}; mV, ms and 1/ms.
 */
export type Srm0NeuronConfig = z.output<typeof srm0NeuronConfigSchema>;

/** `rng` is the run's neuron stream; the escape draws use its fork "escape". */
export function createSrm0Neurons(
  config: Srm0NeuronConfig,
  n: number,
  dtMs: number,
  ledger: OpLedger,
  rng: Rng,
  arena: KernelArena | null = null,
): CurrentBasedNeurons {
  return new CurrentBasedNeurons(
    {
      model: "srm0",
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
      escape: { rho0PerMs: config.rho0PerMs, widthMv: config.escapeWidthMv },
    },
    n,
    dtMs,
    ledger,
    rng.fork("escape"),
    arena,
    config.oneSpikePerStep === true ? rng.fork("one-spike") : null,
  );
}
