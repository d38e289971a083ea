/**
 * Configuration of a memristive crossbar (CrossbarConfig). Strict: unknown fields are rejected
 * with their path; parse with parseCrossbarConfig (core/validate.ts messages).
 */
import { z } from "zod";
import { parseWithSchema } from "../core/validate.js";

/** Programming controllers (docs/crossbar.md § Write path). */
export const UPDATE_MODES = ["open-loop", "write-verify", "delta", "pulse"] as const;
/**
 * How a learning update is written to the devices: "open-loop", "write-verify", "delta" (ideal
 * inverse) or "pulse".
 */
export type UpdateMode = (typeof UPDATE_MODES)[number];
/** Accepted spellings: the modes plus "ideal-inverse", an alias of "delta" (stored as "delta"). */
export const UPDATE_MODE_INPUTS = [...UPDATE_MODES, "ideal-inverse"] as const;

/**
 * Write-verify (program-and-verify) controller: read, program, read again until the conductance is
 * within tolerance of the target or the iteration cap (Alibart, Gao, Hoskins & Strukov,
 * Nanotechnology 23, 075201, 2012: TiO2 devices tuned to about 1 % of the dynamic range).
 */
export const writeVerifySchema = z
  .object({
    toleranceOfRange: z
      .number()
      .finite()
      .positive()
      .max(0.5)
      .default(0.01)
      .describe(
        "fraction of ΔG_nom — stop when |G_read − target| ≤ this × (Gmax − Gmin) (Alibart et al. 2012: ~1 % of the range)",
      ),
    maxIterations: z
      .int()
      .min(1)
      .max(1000)
      .default(20)
      .describe(
        "verify iterations (read + corrective pulses) after the first open-loop shot; the controller gives up after this many (cap chosen here, not from a source)",
      ),
  })
  .strict();
/**
 * Write-verify controller settings (tolerance as a fraction of ΔG_nom, iteration cap), parsed from
 * writeVerifySchema.
 */
export type WriteVerifyConfig = z.infer<typeof writeVerifySchema>;

/**
 * Column ADC: b bits over [0, full scale]; a column value x (in weight units, Σ w of the step's
 * active rows) becomes round(x/LSB)·LSB with LSB = FS/(2^b − 1), clipped at FS (clips counted).
 * Full scale as a current (fullScaleA, amps: FS_w = I_FS / (V_read · ΔG_nom)) or directly in
 * weight units (fullScaleWeights). aihwkit's forward out_res / out_bound model the same thing.
 */
export const adcSchema = z
  .object({
    bits: z.int().min(1).max(16).describe("bits — ADC resolution (2^bits levels)"),
    fullScaleA: z
      .number()
      .finite()
      .positive()
      .optional()
      .describe("A — net column current (after the reference column) that maps to the top code"),
    fullScaleWeights: z
      .number()
      .finite()
      .positive()
      .optional()
      .describe("1 — the same full scale in weight units (Σ w of the active rows)"),
  })
  .strict()
  .superRefine((a, ctx) => {
    if ((a.fullScaleA === undefined) === (a.fullScaleWeights === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["fullScaleA"],
        message: "give exactly one of fullScaleA (amps) or fullScaleWeights (weight units)",
      });
    }
  });
/** Column ADC settings (bits, full scale), parsed from adcSchema. */
export type AdcConfig = z.infer<typeof adcSchema>;

/**
 * Zod schema of the `synapses` section for the crossbar path: device preset or file, parameter
 * overrides, mapping, update mode, non-idealities and ADC.
 */
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
      .enum(UPDATE_MODE_INPUTS)
      .default("open-loop")
      .transform((m): UpdateMode => (m === "ideal-inverse" ? "delta" : m))
      .describe(
        "programming controller (docs/crossbar.md): open-loop: pulses = Δw · Pmax of the NOMINAL device, no read (NeuroSim); write-verify: read, program, read until within tolerance (counted); delta (alias ideal-inverse): UPPER BOUND, a controller that knows every device's own curve and present conductance; pulse: one fixed pulse per STDP event (Querlioz 2013, learning.rule pulse)",
      ),
    writeVerify: writeVerifySchema.prefault({}),
    adc: adcSchema
      .nullable()
      .optional()
      .describe("column read-out converter; absent or null = ideal (an exact analog column sum)"),
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

/** Crossbar configuration after validation and defaults (output of crossbarConfigSchema). */
export type CrossbarConfig = z.infer<typeof crossbarConfigSchema>;
/** Crossbar configuration as written by a user, before defaults (input of crossbarConfigSchema). */
export type CrossbarConfigInput = z.input<typeof crossbarConfigSchema>;

/**
 * Validates `value` against crossbarConfigSchema and fills defaults; `source` names the input in
 * error messages. Throws NeuroXbarError (E_VALIDATION) naming the bad field.
 */
export function parseCrossbarConfig(value: unknown, source = "crossbar"): CrossbarConfig {
  return parseWithSchema(crossbarConfigSchema, value, source);
}
