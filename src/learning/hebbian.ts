import { z } from "zod";
import type { SynapseArray } from "../core/contracts.js";
import { PostPreRule, postPreFields } from "./post-pre.js";

/**
 * Hebbian rule with spike traces (`--rule hebbian`), BindsNET's `Hebbian`
 * (bindsnet/learning/learning.py): both updates potentiate,
 *   on an input spike:  w ← clip(w + ν_pre · x_post, 0, w_max)
 *   on a neuron spike:  w ← clip(w + ν_post · x_pre, 0, w_max)
 * Nothing depresses a weight but the normalisation before each training image (sum 78 per neuron),
 * which makes the rule competitive: what one input gains the others lose. With normalisation off
 * every weight a neuron ever sees active grows to w_max. Traces and rates as `pair`.
 */
export const hebbianSchema = z.strictObject({
  rule: z.literal("hebbian"),
  ...postPreFields({ nuPre: "BindsNET nu[0] 1e-4", nuPost: "BindsNET nu[1] 1e-2" }),
});
/**
 * Validated Hebbian parameters: the output of {@link hebbianSchema}, with the fields of
 * {@link PostPreConfig}.
 */
export type HebbianConfig = z.output<typeof hebbianSchema>;

/**
 * BindsNET's Hebbian rule, in which both spikes potentiate (equation in {@link hebbianSchema}),
 * on a SynapseArray, time in steps of `dtMs` (ms); the engine is {@link PostPreRule}. Throws a
 * ValidationError when dtMs ≤ 0.
 */
export class Hebbian extends PostPreRule {
  constructor(config: HebbianConfig, synapses: SynapseArray, dtMs: number) {
    super("hebbian", config, synapses, dtMs);
  }
}
