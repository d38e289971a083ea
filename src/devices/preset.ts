/**
 * Device preset: a model name, its params, optional non-idealities, the electrical operating
 * point and a citation. Presets are data (devices/*.json); this module only validates them.
 *
 *   { "model": "neurosim", "params": {...}, "nonIdealities": {...}, "electrical": {...},
 *     "source": "paper, year", "notes": "..." }
 */
import { z } from "zod";
import { customModel } from "./custom.js";
import { electricalSchema } from "./electrical.js";
import { expStepModel } from "./exp-step.js";
import { linearStepModel } from "./linear-step.js";
import { linearModel } from "./linear.js";
import { measuredModel } from "./measured.js";
import type { DeviceModel } from "./model.js";
import { neurosimModel } from "./neurosim.js";
import { nonIdealitiesSchema } from "./non-idealities.js";
import { powStepModel } from "./pow-step.js";
import { querliozModel } from "./querlioz.js";
import { softBoundsModel } from "./soft-bounds.js";

function presetMember<N extends string, P>(name: N, model: DeviceModel<P>) {
  return z
    .object({
      model: z.literal(name),
      params: model.paramsSchema,
      nonIdealities: nonIdealitiesSchema.prefault({}),
      electrical: electricalSchema,
      source: z.string().min(1).describe("citation: paper, year"),
      notes: z.string().optional(),
    })
    .strict()
    .superRefine((p, ctx) => {
      if (!model.hasNonlinearity && p.nonIdealities.d2d.nlSigma > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["nonIdealities", "d2d", "nlSigma"],
          message: `model "${name}" has no nonlinearity parameter to spread; set it to 0`,
        });
      }
    });
}

/**
 * Zod schema of a device preset file: `model` selects the params schema; plus non-idealities,
 * electrical operating point, source and notes.
 */
export const presetSchema = z.discriminatedUnion("model", [
  presetMember("linear", linearModel),
  presetMember("neurosim", neurosimModel),
  presetMember("querlioz", querliozModel),
  presetMember("soft-bounds", softBoundsModel),
  presetMember("pow-step", powStepModel),
  presetMember("linear-step", linearStepModel),
  presetMember("exp-step", expStepModel),
  presetMember("measured", measuredModel),
  presetMember("custom", customModel),
]);

/** A validated device preset (output of presetSchema). */
export type Preset = z.infer<typeof presetSchema>;
