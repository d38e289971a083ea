import { z } from "zod";
import type { SynapseArray } from "../core/contracts.js";
import { PostPreRule, postPreFields } from "./post-pre.js";

/**
 * Pair STDP with spike traces (`--rule pair`), BindsNET's `PostPre` (bindsnet/learning/
 * learning.py), the rule of the reference study's grid (Shears & Yazdani):
 *   on an input spike:  w ← clip(w − ν_pre · x_post, 0, w_max)
 *   on a neuron spike:  w ← clip(w + ν_post · x_pre, 0, w_max)
 * traces set to 1 on their spike and decaying with τ = 20 ms; weights rescaled to sum 78 per
 * neuron before each training image. Defaults: BindsNET's networks (nu = (1e-4, 1e-2),
 * tc_trace 20 ms), the same rates as Diehl & Cook's shipped code. Engine: ./post-pre.ts.
 */
export const pairStdpSchema = z.strictObject({
  rule: z.literal("pair"),
  ...postPreFields({ nuPre: "BindsNET nu[0] 1e-4", nuPost: "BindsNET nu[1] 1e-2" }),
});
/**
 * Validated PairStdp parameters: the output of {@link pairStdpSchema}, with the fields of
 * {@link PostPreConfig}.
 */
export type PairStdpConfig = z.output<typeof pairStdpSchema>;

/**
 * BindsNET's PostPre pair STDP (equation in {@link pairStdpSchema}) on a SynapseArray, time in
 * steps of `dtMs` (ms); the engine is {@link PostPreRule}. Throws a ValidationError when dtMs ≤ 0.
 */
export class PairStdp extends PostPreRule {
  /** Same argument order as TripletStdp: (config, synapses, dtMs). */
  constructor(config: PairStdpConfig, synapses: SynapseArray, dtMs: number) {
    super("pair", config, synapses, dtMs);
  }
}
