/**
 * Configuration of a memristive crossbar (CrossbarConfig). Strict: unknown fields are rejected
 * with their path; parse with parseCrossbarConfig (core/validate.ts messages).
 */
import { z } from "zod";
import { parseWithSchema } from "../core/validate.js";

export const crossbarConfigSchema = z
  .object({
    device: z.string().min(1).describe("preset name in devices/ or a path to a preset .json file"),
    set: z
      .record(z.string(), z.union([z.number(), z.string(), z.boolean()]))
      .default({})
      .describe(
        'overrides applied before validation, e.g. {"params.nlLtp": 2, "c2c.enabled": false}',
      ),
    mapping: z
      .enum(["reference", "differential"])
      .default("reference")
      .describe(
        "one device per synapse against a reference column, or a differential pair G+ − G−",
      ),
    update: z
      .enum(["delta", "pulse"])
      .default("delta")
      .describe(
        "delta: Δw → pulse counts through the device curve; pulse: Querlioz-style one-pulse STDP",
      ),
    rounding: z
      .enum(["stochastic", "deterministic"])
      .default("stochastic")
      .describe("how a real-valued pulse count becomes whole pulses"),
    normalisation: z
      .enum(["pulses", "off"])
      .default("pulses")
      .describe("column normalisation done by programming pulses (counted), or switched off"),
    initialWeights: z
      .enum(["open-loop", "verified"])
      .default("open-loop")
      .describe(
        "open-loop: reset to Gmin, then the nominal pulse count for w (device spread shows); verified: write-verify to the exact conductance",
      ),
  })
  .strict();

export type CrossbarConfig = z.infer<typeof crossbarConfigSchema>;
export type CrossbarConfigInput = z.input<typeof crossbarConfigSchema>;

export function parseCrossbarConfig(value: unknown, source = "crossbar"): CrossbarConfig {
  return parseWithSchema(crossbarConfigSchema, value, source);
}
