import { z } from "zod";
import type { SynapseArray } from "../core/contracts.js";
import { PostPreRule, postPreFields } from "./post-pre.js";

/**
 * Pair STDP with soft bounds (`--rule weight-dependent`), BindsNET's `WeightDependentPostPre`
 * (bindsnet/learning/learning.py):
 *   on an input spike:  Δw = −ν_pre · x_post · (w − w_min)
 *   on a neuron spike:  Δw = +ν_post · x_pre · (w_max − w)
 * with w_min = 0 and w_max the synapse array's bound. Depression shrinks with w and potentiation
 * with w_max − w, so for ν·x ≤ 1 a weight never leaves [0, w_max] (the bounds are soft: never
 * reached from inside). Traces, rates and normalisation as `pair` (./pair-stdp.ts).
 */
export const weightDependentStdpSchema = z.strictObject({
  rule: z.literal("weight-dependent"),
  ...postPreFields({ nuPre: "BindsNET nu[0] 1e-4", nuPost: "BindsNET nu[1] 1e-2" }),
});
/**
 * Validated WeightDependentStdp parameters: the output of {@link weightDependentStdpSchema}, with
 * the fields of {@link PostPreConfig}.
 */
export type WeightDependentStdpConfig = z.output<typeof weightDependentStdpSchema>;

/**
 * BindsNET's WeightDependentPostPre, pair STDP with soft bounds (equation in
 * {@link weightDependentStdpSchema}), on a SynapseArray, time in steps of `dtMs` (ms); the engine
 * is {@link PostPreRule}. Throws a ValidationError when dtMs ≤ 0.
 */
export class WeightDependentStdp extends PostPreRule {
  constructor(config: WeightDependentStdpConfig, synapses: SynapseArray, dtMs: number) {
    super("weight-dependent", config, synapses, dtMs);
  }
}
