/**
 * Schema building blocks whose descriptions carry the unit, so docs and error messages can say
 * "siemens" instead of "number". Every parameter record built from them is strict and readonly.
 */
import { z } from "zod";

/**
 * Highest conductance a preset may give (S). 1 S is a 1 Ω device, already beyond any published
 * memristive device (their low-resistance states are typically kΩ and above). The bound keeps
 * the fabricated per-device parameters finite: near 1e306 S the NeuroSim asymptote
 * Gmin + range/(1 − e^(−k)) and a device-to-device Gmax factor > 1 overflowed to Infinity, and
 * the first pulse made the conductance NaN.
 */
export const MAX_CONDUCTANCE_S = 1;

/**
 * Lowest high-state conductance Gmax a preset may give (S): 1 pS is a 1 TΩ device, far below any
 * readable memristor. Without it, a subnormal range (Gmax ≈ 1e-310 S) makes 1/(Gmax − Gmin)
 * overflow, and pulses and weights become NaN.
 */
export const MIN_GMAX_S = 1e-12;

/**
 * Conductance in siemens, in [min, MAX_CONDUCTANCE_S] (min = 0, or MIN_GMAX_S for a Gmax). The
 * error names the expected range; the validator adds the field and the received value.
 */
export function siemens(meaning: string, min = 0) {
  const error = `expected a conductance in [${min}, ${MAX_CONDUCTANCE_S}] S (1 S is a 1 Ω device, already beyond any published memristor${min > 0 ? "; a Gmax below 1 pS could not be read" : ""})`;
  return z
    .number()
    .finite()
    .min(min, { error })
    .max(MAX_CONDUCTANCE_S, { error })
    .describe(`S — ${meaning}`);
}

/**
 * Most pulses a nominal device may need to sweep its range in one direction (a model's
 * sweepPulses: to the far bound, or to 99 % of the range for models that only approach it).
 *
 * Why 1e6: real devices have at most a few thousand levels (the shipped presets need 32 to 3,743
 * pulses), so 1e6 leaves a factor of ~270 for studies of finer devices. The count is also the
 * cost of a write: a write applies at most twice the sweep (DeviceArray.maxPulsesPerWrite), and
 * the step models (querlioz, soft-bounds, pow-step) simulate every pulse of open-loop initial
 * programming. A schema-valid step of 1e-9 of the range meant ~1e9 pulses per device (53 s to
 * program a 4×3 array); at the limit, programming a device to Gmax (2e6 pulses, the write cap)
 * takes about 25 ms (measured: 12 devices in 0.25–0.32 s for soft-bounds, querlioz, pow-step).
 */
export const MAX_SWEEP_PULSES = 1e6;

/** A pulse count for messages: 2.3e9, 1e6, 3741. */
export function formatPulses(n: number): string {
  if (!Number.isFinite(n)) return "infinitely many";
  return n < 1e5
    ? String(Math.ceil(n))
    : Number(n.toPrecision(2)).toExponential().replace("e+", "e");
}

/** Positive whole number of pulses, at most MAX_SWEEP_PULSES (pulse counts of a full sweep). */
export function pulses(meaning: string) {
  const error = `expected at most ${formatPulses(MAX_SWEEP_PULSES)} pulses per sweep (real devices have at most a few thousand levels)`;
  return z
    .number()
    .int()
    .positive()
    .max(MAX_SWEEP_PULSES, { error })
    .describe(`pulses — ${meaning}`);
}

/**
 * Rejects a parameter set whose nominal sweep in one direction needs more than MAX_SWEEP_PULSES
 * pulses. `field` is the parameter blamed, or its path (the validator adds its value); `how`
 * says which sweep and with which parameters, e.g. "LTP sweep to 99 % of the range (dwMin 1e-9,
 * upDown 0)".
 */
export function checkSweepPulses(
  ctx: z.RefinementCtx,
  count: number,
  field: string | PropertyKey[],
  how: string,
): void {
  if (count <= MAX_SWEEP_PULSES) return;
  ctx.addIssue({
    code: "custom",
    path: typeof field === "string" ? [field] : field,
    message: `a nominal ${how} takes ${formatPulses(count)} pulses, above the limit of ${formatPulses(MAX_SWEEP_PULSES)} pulses per sweep (real devices have at most a few thousand levels; open-loop programming would simulate every pulse)`,
  });
}

/** Dimensionless number in [min, max]. */
export function dimensionless(meaning: string, min: number, max: number) {
  return z.number().finite().min(min).max(max).describe(`1 — ${meaning}`);
}

/** Relative spread σ (fraction of the nominal value) in [0, max]. */
export function relativeSigma(meaning: string, max = 1) {
  return z.number().finite().min(0).max(max).default(0).describe(`fraction — ${meaning}`);
}

/** Shared check: gMaxS must exceed gMinS; the issue names params.gMaxS. */
export function checkBounds(
  p: { gMinS: number; gMaxS: number },
  ctx: z.RefinementCtx,
  path: PropertyKey[] = ["gMaxS"],
): void {
  if (!(p.gMaxS > p.gMinS)) {
    ctx.addIssue({
      code: "custom",
      path,
      message: `must be greater than gMinS (${p.gMinS} S): a device needs Gmin < Gmax`,
    });
  }
}

/** Keys of a (possibly refined) zod object schema, for override resolution and docs. */
export function objectKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}
