/**
 * Schema building blocks whose descriptions carry the unit, so docs and error messages can say
 * "siemens" instead of "number". Every parameter record built from them is strict and readonly.
 */
import { z } from "zod";

/** Conductance in siemens (≥ 0). */
export function siemens(meaning: string) {
  return z.number().finite().nonnegative().describe(`S — ${meaning}`);
}

/** Positive whole number of pulses. */
export function pulses(meaning: string) {
  return z.number().int().positive().describe(`pulses — ${meaning}`);
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
