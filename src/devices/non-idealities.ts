/**
 * Non-idealities of a device array, each switchable on its own. A block acts only when its
 * `enabled` flag is true AND its values are non-zero, so a preset states published values and a
 * run can switch any of them off (`--device-set c2c.enabled=false`) without editing numbers.
 *
 * Randomness: each effect draws from its own named stream (see crossbar/create.ts), so switching
 * one effect on or off never changes the draws of another.
 */
import { z } from "zod";
import { relativeSigma } from "./schema-helpers.js";

/**
 * Zod schema of device-to-device spread: relative σ of Gmin, Gmax, step size and nonlinearity,
 * drawn once per device.
 */
export const d2dSchema = z
  .object({
    enabled: z.boolean().default(true).describe("device-to-device spread on/off"),
    gMinSigma: relativeSigma("relative σ of Gmin per device"),
    gMaxSigma: relativeSigma("relative σ of Gmax per device"),
    stepSigma: relativeSigma("relative σ of the pulse step (pulse-position increment) per device"),
    nlSigma: relativeSigma("relative σ of the nonlinearity (NL label, β or γ) per device"),
  })
  .strict();

/**
 * Zod schema of cycle-to-cycle write noise: additive σ per pulse (fraction of the range) and
 * multiplicative σ of each step.
 */
export const c2cSchema = z
  .object({
    enabled: z.boolean().default(true).describe("cycle-to-cycle write noise on/off"),
    sigmaOfRange: relativeSigma(
      "additive σ per pulse as a fraction of the device's range (NeuroSim sigmaCtoC: σ√pulses per write)",
      0.5,
    ),
    sigmaOfStep: relativeSigma("multiplicative σ of each pulse's step (aihwkit dw_min_std)", 10),
  })
  .strict();

/**
 * Zod schema of stuck-device faults: fractions stuck at Gmin, at Gmax and at a random conductance.
 */
export const faultsSchema = z
  .object({
    enabled: z.boolean().default(true).describe("stuck devices on/off"),
    stuckAtGminFraction: relativeSigma("fraction of devices stuck at their Gmin (HRS)"),
    stuckAtGmaxFraction: relativeSigma("fraction of devices stuck at their Gmax (LRS)"),
    stuckAtRandomFraction: relativeSigma(
      "fraction stuck at a uniform random conductance in [Gmin, Gmax]",
    ),
  })
  .strict()
  .superRefine((f, ctx) => {
    const sum = f.stuckAtGminFraction + f.stuckAtGmaxFraction + f.stuckAtRandomFraction;
    if (sum > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["stuckAtRandomFraction"],
        message: `stuck fractions add up to ${sum}, more than all devices (≤ 1)`,
      });
    }
  });

/** Zod schema of read noise: relative σ of each cell read, G_read = G(1 + σξ). */
export const readNoiseSchema = z
  .object({
    enabled: z.boolean().default(true).describe("read noise on/off"),
    sigma: relativeSigma("relative σ of each cell read: G_read = G(1 + σξ)"),
  })
  .strict();

/** Zod schema of conductance drift before inference (exponent ν at Gmax and at Gmin). */
export const driftSchema = z
  .object({
    enabled: z.boolean().default(true).describe("conductance drift before inference on/off"),
    nu: z.number().finite().min(0).max(1).default(0).describe("1 — drift exponent ν at Gmax"),
    nuAtGmin: z
      .number()
      .finite()
      .min(0)
      .max(1)
      .optional()
      .describe(
        "1 — drift exponent at Gmin (PCM drifts more at low G); linear in G between; default ν",
      ),
    nuSigma: relativeSigma("relative σ of ν per device"),
    t0S: z
      .number()
      .finite()
      .positive()
      .default(20)
      .describe("s — reference time t0 after programming"),
    tInferenceS: z
      .number()
      .finite()
      .positive()
      .default(3600)
      .describe("s — time between the end of training and inference"),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.tInferenceS < d.t0S) {
      ctx.addIssue({
        code: "custom",
        path: ["tInferenceS"],
        message: `must be ≥ t0S (${d.t0S} s)`,
      });
    }
  });

/**
 * Zod schema of a preset's `nonIdealities` block: finite levels, asymmetry, on/off ratio switches
 * and the d2d, c2c, faults, readNoise and drift blocks.
 */
export const nonIdealitiesSchema = z
  .object({
    finiteLevels: z
      .boolean()
      .default(true)
      .describe(
        "true: Δw becomes a whole number of pulses; false: continuous (analog) programming",
      ),
    asymmetry: z
      .boolean()
      .default(true)
      .describe("true: the preset's LTD curve; false: LTD mirrors LTP (symmetric device)"),
    onOffRatio: z
      .boolean()
      .default(true)
      .describe("true: Gmin as given; false: Gmin = 0 (infinite on/off ratio)"),
    d2d: d2dSchema.prefault({}),
    c2c: c2cSchema.prefault({}),
    faults: faultsSchema.prefault({}),
    readNoise: readNoiseSchema.prefault({}),
    drift: driftSchema.prefault({}),
  })
  .strict();

/** Non-idealities of a device preset after defaults (output of nonIdealitiesSchema). */
export type NonIdealities = z.infer<typeof nonIdealitiesSchema>;

/** The blocks with fields, by name (override resolution walks them). */
export const NON_IDEALITY_BLOCKS = {
  d2d: d2dSchema,
  c2c: c2cSchema,
  faults: faultsSchema,
  readNoise: readNoiseSchema,
  drift: driftSchema,
} as const;

/** Names of the blocks/flags, usable without the `nonIdealities.` prefix in overrides. */
export const NON_IDEALITY_KEYS = Object.keys(nonIdealitiesSchema.shape);

/** The effects that will act, as a record for result files (disabled or zero ones left out). */
export function activeNonIdealities(n: NonIdealities): Record<string, unknown> {
  const out: Record<string, unknown> = {
    finiteLevels: n.finiteLevels,
    asymmetry: n.asymmetry,
    onOffRatio: n.onOffRatio,
  };
  const { d2d, c2c, faults, readNoise, drift } = n;
  if (d2d.enabled && (d2d.gMinSigma || d2d.gMaxSigma || d2d.stepSigma || d2d.nlSigma)) {
    out.d2d = {
      gMinSigma: d2d.gMinSigma,
      gMaxSigma: d2d.gMaxSigma,
      stepSigma: d2d.stepSigma,
      nlSigma: d2d.nlSigma,
    };
  }
  if (c2c.enabled && (c2c.sigmaOfRange || c2c.sigmaOfStep)) {
    out.c2c = { sigmaOfRange: c2c.sigmaOfRange, sigmaOfStep: c2c.sigmaOfStep };
  }
  if (
    faults.enabled &&
    (faults.stuckAtGminFraction || faults.stuckAtGmaxFraction || faults.stuckAtRandomFraction)
  ) {
    out.faults = {
      stuckAtGminFraction: faults.stuckAtGminFraction,
      stuckAtGmaxFraction: faults.stuckAtGmaxFraction,
      stuckAtRandomFraction: faults.stuckAtRandomFraction,
    };
  }
  if (readNoise.enabled && readNoise.sigma) out.readNoise = { sigma: readNoise.sigma };
  if (drift.enabled && (drift.nu || drift.nuAtGmin)) {
    out.drift = {
      nu: drift.nu,
      nuAtGmin: drift.nuAtGmin ?? drift.nu,
      nuSigma: drift.nuSigma,
      t0S: drift.t0S,
      tInferenceS: drift.tInferenceS,
    };
  }
  return out;
}
