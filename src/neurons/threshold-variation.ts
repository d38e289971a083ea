import { z } from "zod";
import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";

/**
 * Device-to-device threshold variation: each neuron's comparator reference is drawn once, at
 * fabrication, from one of these distributions (mV above rest). Comparator offset noise (a fresh
 * draw per comparison) lives with the neuron array; it uses `truncatedNormal` below.
 */

/** Gaussian draws are truncated at ±6σ (rejection; P(reject) = 2·10⁻⁹), so bounds are provable. */
export const GAUSSIAN_TRUNCATION_SIGMAS = 6;

/** Every neuron gets the same threshold `valueMv` (mV above rest, default 50). */
export const fixedThresholdSchema = z.strictObject({
  kind: z.literal("fixed"),
  /** Every neuron's threshold (mV above rest). */
  valueMv: z.number().positive({ error: "expected a threshold above rest (> 0 mV)" }).default(50),
});

/**
 * Thresholds drawn once per neuron from U[loMv, hiMv) (mV above rest); parsing rejects loMv ≥ hiMv.
 */
export const uniformThresholdSchema = z
  .strictObject({
    kind: z.literal("uniform"),
    /** Lower bound of U[lo, hi) (mV above rest). */
    loMv: z.number().positive({ error: "expected a threshold above rest (> 0 mV)" }),
    /** Upper bound of U[lo, hi) (mV above rest). */
    hiMv: z.number().positive({ error: "expected a threshold above rest (> 0 mV)" }),
  })
  .superRefine((spec, ctx) => {
    if (spec.loMv >= spec.hiMv) {
      ctx.addIssue({
        code: "custom",
        path: ["loMv"],
        message: `expected loMv below hiMv (${spec.hiMv} mV)`,
      });
    }
  });

/**
 * Thresholds drawn once per neuron from N(meanMv, sigmaMv²) truncated at ±6σ (mV above rest);
 * parsing rejects meanMv − 6·sigmaMv ≤ 0, so no threshold can fall at or below rest.
 */
export const gaussianThresholdSchema = z
  .strictObject({
    kind: z.literal("gaussian"),
    /** Mean threshold (mV above rest). */
    meanMv: z.number().positive({ error: "expected a threshold above rest (> 0 mV)" }),
    /** Standard deviation (mV); draws are truncated at ±6σ. */
    sigmaMv: z.number().nonnegative({ error: "expected a standard deviation ≥ 0 mV" }),
  })
  .superRefine((spec, ctx) => {
    const lowest = spec.meanMv - GAUSSIAN_TRUNCATION_SIGMAS * spec.sigmaMv;
    if (lowest <= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["sigmaMv"],
        message:
          `expected meanMv − 6·sigmaMv > 0 so no threshold falls at or below rest ` +
          `(${spec.meanMv} − 6·${spec.sigmaMv} = ${lowest} mV)`,
      });
    }
  });

/**
 * Per-neuron threshold distribution, chosen by `kind`: `fixed`, `uniform` or `gaussian` (mV above
 * rest).
 */
export const thresholdSpecSchema = z.discriminatedUnion("kind", [
  fixedThresholdSchema,
  uniformThresholdSchema,
  gaussianThresholdSchema,
]);
/** A validated threshold distribution: the output of {@link thresholdSpecSchema}. */
export type ThresholdSpec = z.output<typeof thresholdSpecSchema>;

/** Smallest and largest threshold a spec can produce (mV), truncation included. */
export function thresholdBoundsMv(spec: ThresholdSpec): { minMv: number; maxMv: number } {
  switch (spec.kind) {
    case "fixed":
      return { minMv: spec.valueMv, maxMv: spec.valueMv };
    case "uniform":
      return { minMv: spec.loMv, maxMv: spec.hiMv };
    case "gaussian": {
      const half = GAUSSIAN_TRUNCATION_SIGMAS * spec.sigmaMv;
      return { minMv: spec.meanMv - half, maxMv: spec.meanMv + half };
    }
  }
}

/** Standard normal truncated to |z| ≤ 6 by rejection (Box–Muller underneath). */
export function truncatedNormal(rng: Rng): number {
  for (;;) {
    const z = rng.normal();
    if (z <= GAUSSIAN_TRUNCATION_SIGMAS && z >= -GAUSSIAN_TRUNCATION_SIGMAS) return z;
  }
}

/**
 * Draws `n` thresholds (mV) once, device to device. Uniform: lo + (hi − lo)·U[0,1);
 * Gaussian: mean + σ·z with z truncated at ±6. Fixed draws nothing (the stream is untouched).
 */
export function drawThresholdsMv(spec: ThresholdSpec, n: number, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  switch (spec.kind) {
    case "fixed":
      out.fill(spec.valueMv);
      break;
    case "uniform": {
      const span = spec.hiMv - spec.loMv;
      for (let j = 0; j < n; j++) out[j] = spec.loMv + span * rng.next();
      break;
    }
    case "gaussian":
      for (let j = 0; j < n; j++) out[j] = spec.meanMv + spec.sigmaMv * truncatedNormal(rng);
      break;
  }
  return out;
}

/** The design value of a spec: fixed value, uniform midpoint, Gaussian mean (mV). */
export function nominalThresholdMv(spec: ThresholdSpec): number {
  switch (spec.kind) {
    case "fixed":
      return spec.valueMv;
    case "uniform":
      return (spec.loMv + spec.hiMv) / 2;
    case "gaussian":
      return spec.meanMv;
  }
}

/**
 * One-time threshold trim after fabrication (a per-neuron trim DAC set once by calibration).
 * Each neuron's comparator reference is measured against the nominal threshold and corrected by
 * a signed trim code of `bits` bits in steps of `stepMv`:
 *   code_j = clamp(round((Θ_nom − Θ_j) / step), −2^(bits−1), 2^(bits−1) − 1),  Θ_j ← Θ_j + code_j·step
 * so the residual |Θ_j − Θ_nom| ≤ step/2 for every neuron within ±2^(bits−1)·step of nominal
 * (the code a successive-approximation search finds: one comparison per bit per neuron).
 * Source: the standard post-fabrication offset trim of a comparator reference (a trim DAC set
 * by a calibration search), applied per neuron; the equation above is this model's, not a
 * published circuit's.
 * Cost (reported, not priced): `bits` comparisons per neuron once, `bits` bits of trim register
 * per neuron.
 */
export const thresholdTrimSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe("— trim each neuron's threshold once after fabrication"),
  bits: z
    .int()
    .min(1, { error: "expected a trim code of at least 1 bit" })
    .max(16, { error: "expected a trim code of at most 16 bits" })
    .default(6)
    .describe("bit — width of the signed trim code (range ±2^(bits−1)·stepMv)"),
  stepMv: z
    .number()
    .positive({ error: "expected a trim step > 0 mV" })
    .default(0.5)
    .describe("mV — trim DAC step; the residual after trim is at most stepMv/2"),
});
/**
 * Validated trim settings (output of {@link thresholdTrimSchema}): `enabled`, code width `bits`,
 * step `stepMv` (mV).
 */
export type ThresholdTrim = z.output<typeof thresholdTrimSchema>;

/** Applies the trim in place (mV); returns the trim codes (all 0 when disabled). */
export function trimThresholdsMv(
  drawnMv: Float64Array,
  nominalMv: number,
  trim: ThresholdTrim,
): Int32Array {
  const codes = new Int32Array(drawnMv.length);
  if (!trim.enabled) return codes;
  const top = 2 ** (trim.bits - 1) - 1;
  const bottom = -(2 ** (trim.bits - 1));
  for (let j = 0; j < drawnMv.length; j++) {
    const code = Math.min(
      top,
      Math.max(bottom, Math.round((nominalMv - drawnMv[j]!) / trim.stepMv)),
    );
    codes[j] = code;
    drawnMv[j] = drawnMv[j]! + code * trim.stepMv;
  }
  return codes;
}

const FLAG = "--threshold-mv";
const EXPECTED = "expected LO:HI (uniform, mV) or MEAN~SIGMA (Gaussian, mV)";
/** A plain decimal number (no units, no hex, no Infinity). */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function usage(text: string, why: string): UsageError {
  return new UsageError(`${FLAG}: ${EXPECTED}, got ${JSON.stringify(text)} (${why})`);
}

function numberPart(text: string, part: string, name: string): number {
  const trimmed = part.trim();
  if (!NUMBER.test(trimmed)) throw usage(text, `${name} is not a number`);
  return Number(trimmed);
}

/**
 * Parses the CLI form of a threshold distribution: `40:60` → uniform [40, 60) mV, `50~3` →
 * Gaussian mean 50 mV, σ 3 mV, `50` → fixed 50 mV. Checks the shape (LO < HI, σ ≥ 0, thresholds
 * above rest); the neuron schema then checks the spec against the membrane's range.
 */
export function parseThresholdMvFlag(text: string): ThresholdSpec {
  const colon = text.split(":");
  const tilde = text.split("~");
  if (colon.length > 2 || tilde.length > 2 || (colon.length === 2 && tilde.length === 2)) {
    throw usage(text, "use one ':' or one '~'");
  }
  if (colon.length === 2) {
    const loMv = numberPart(text, colon[0]!, "LO");
    const hiMv = numberPart(text, colon[1]!, "HI");
    if (loMv >= hiMv) throw usage(text, "LO must be below HI");
    if (loMv <= 0) throw usage(text, "LO must be above rest, 0 mV");
    return { kind: "uniform", loMv, hiMv };
  }
  if (tilde.length === 2) {
    const meanMv = numberPart(text, tilde[0]!, "MEAN");
    const sigmaMv = numberPart(text, tilde[1]!, "SIGMA");
    if (sigmaMv < 0) throw usage(text, "SIGMA must not be negative");
    if (meanMv - GAUSSIAN_TRUNCATION_SIGMAS * sigmaMv <= 0) {
      throw usage(text, "MEAN − 6·SIGMA must be above rest, 0 mV");
    }
    return { kind: "gaussian", meanMv, sigmaMv };
  }
  const valueMv = numberPart(text, text, "the value");
  if (valueMv <= 0) throw usage(text, "a fixed threshold must be above rest, 0 mV");
  return { kind: "fixed", valueMv };
}
