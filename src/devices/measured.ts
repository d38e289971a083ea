/**
 * Measured device: conductance after each pulse of an LTP train (from the low state) and of an
 * LTD train (from the high state), linearly interpolated (device-models.md §1e; aihwkit's
 * PiecewiseStepDevice plays the same role). Gmin and Gmax are the lowest and highest measured
 * values; device-to-device spread scales them and the step as for the other models.
 *
 * The curves must be monotone (non-decreasing LTP, non-increasing LTD): noisy raw data cannot be
 * inverted to a pulse position. Smooth it, or fit a model with `neuroxbar device fit`.
 */
import { z } from "zod";
import type { DeviceModel } from "./model.js";
import { checkSweepPulses, MIN_GMAX_S, siemens } from "./schema-helpers.js";
import { TableKernel, tableLength, type CurveTable } from "./table-curve.js";

const curve = (dir: string) =>
  z
    .array(siemens("measured conductance"))
    .min(2)
    .describe(`S — conductance before the first and after each ${dir} pulse`);
const positions = (dir: string) =>
  z
    .array(z.number().finite().nonnegative())
    .optional()
    .describe(`pulses — pulse number of each ${dir} sample (default 0, 1, 2, …)`);

function checkCurve(
  g: readonly number[],
  pos: readonly number[] | undefined,
  rising: boolean,
  key: string,
  posKey: string,
  ctx: z.RefinementCtx,
): void {
  for (let i = 1; i < g.length; i++) {
    if (rising ? g[i]! < g[i - 1]! : g[i]! > g[i - 1]!) {
      ctx.addIssue({
        code: "custom",
        path: [key, i],
        message: `the ${rising ? "LTP curve falls" : "LTD curve rises"} here (${g[i - 1]} → ${g[i]} S); a measured curve must be monotone — smooth it or fit a model with \`neuroxbar device fit\``,
      });
      return;
    }
  }
  if (pos) {
    if (pos.length !== g.length) {
      ctx.addIssue({
        code: "custom",
        path: [posKey],
        message: `has ${pos.length} entries, ${key} has ${g.length}`,
      });
      return;
    }
    if (pos[0] !== 0)
      ctx.addIssue({
        code: "custom",
        path: [posKey, 0],
        message: "must be 0 (the state before the first pulse)",
      });
    for (let i = 1; i < pos.length; i++) {
      if (!(pos[i]! > pos[i - 1]!)) {
        ctx.addIssue({
          code: "custom",
          path: [posKey, i],
          message: "pulse numbers must increase strictly",
        });
        return;
      }
    }
  }
  // The curve's span in pulses is its sweep (last pulse number, or one pulse per sample).
  const span = pos ? pos[pos.length - 1]! : g.length - 1;
  const dir = rising ? "LTP" : "LTD";
  if (pos) checkSweepPulses(ctx, span, [posKey, pos.length - 1], `${dir} sweep along the curve`);
  else checkSweepPulses(ctx, span, [key], `${dir} sweep along the curve (one pulse per sample)`);
}

/**
 * Zod schema of the measured-curve device: G-versus-pulse tables (S) for LTP and LTD, interpolated
 * linearly.
 */
export const measuredParamsSchema = z
  .object({
    ltpConductanceS: curve("LTP"),
    ltdConductanceS: curve("LTD"),
    ltpPulseNumbers: positions("LTP"),
    ltdPulseNumbers: positions("LTD"),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkCurve(
      p.ltpConductanceS,
      p.ltpPulseNumbers,
      true,
      "ltpConductanceS",
      "ltpPulseNumbers",
      ctx,
    );
    checkCurve(
      p.ltdConductanceS,
      p.ltdPulseNumbers,
      false,
      "ltdConductanceS",
      "ltdPulseNumbers",
      ctx,
    );
    const { gMinS, gMaxS } = measuredBounds(p);
    if (!(gMaxS > gMinS)) {
      ctx.addIssue({
        code: "custom",
        path: ["ltpConductanceS"],
        message: "all samples are equal: the device never changes",
      });
    } else if (gMaxS < MIN_GMAX_S) {
      ctx.addIssue({
        code: "custom",
        path: ["ltpConductanceS"],
        message: `the highest sample, ${gMaxS} S, is below ${MIN_GMAX_S} S (1 pS, a 1 TΩ device that could not be read)`,
      });
    }
  });

/** Parameters of the measured-curve device model (output of measuredParamsSchema). */
export type MeasuredParams = z.infer<typeof measuredParamsSchema>;

function measuredBounds(p: MeasuredParams): { gMinS: number; gMaxS: number } {
  const all = [...p.ltpConductanceS, ...p.ltdConductanceS];
  return { gMinS: Math.min(...all), gMaxS: Math.max(...all) };
}

function toTable(
  g: readonly number[],
  pos: readonly number[] | undefined,
  gMinS: number,
  gMaxS: number,
): CurveTable {
  const inv = 1 / (gMaxS - gMinS);
  return {
    positions: Float64Array.from(pos ?? g.map((_, i) => i)),
    y: Float64Array.from(g, (v) => (v - gMinS) * inv),
  };
}

function tables(p: MeasuredParams): { ltp: CurveTable; ltd: CurveTable } {
  const { gMinS, gMaxS } = measuredBounds(p);
  return {
    ltp: toTable(p.ltpConductanceS, p.ltpPulseNumbers, gMinS, gMaxS),
    ltd: toTable(p.ltdConductanceS, p.ltdPulseNumbers, gMinS, gMaxS),
  };
}

/** The measured-curve device model: measured LTP and LTD conductance tables, run by TableKernel. */
export const measuredModel: DeviceModel<MeasuredParams> = {
  name: "measured",
  title: "measured G-versus-pulse curves for LTP and LTD, interpolated",
  equationSource:
    "user data; device-models.md §1e (aihwkit PiecewiseStepDevice plays the same role)",
  paramsSchema: measuredParamsSchema,
  hasNonlinearity: false,
  exclusiveParams: [],
  nominalBounds: measuredBounds,
  // Mirror: LTD conductances are Gmin + Gmax − LTP conductances, at the same pulse numbers.
  symmetric: (p) => {
    const { gMinS, gMaxS } = measuredBounds(p);
    const { ltdPulseNumbers: _unused, ...rest } = p;
    return {
      ...rest,
      ltdConductanceS: p.ltpConductanceS.map((g) => gMinS + gMaxS - g),
      ...(p.ltpPulseNumbers ? { ltdPulseNumbers: p.ltpPulseNumbers } : {}),
    };
  },
  fabricate: (p, n, bounds, f) => {
    const t = tables(p);
    return new TableKernel(t.ltp, t.ltd, n, bounds, f);
  },
  sweepPulses: (p) => {
    const t = tables(p);
    return { ltp: Math.ceil(tableLength(t.ltp)), ltd: Math.ceil(tableLength(t.ltd)) };
  },
  derived: (p) => ({
    ...measuredBounds(p),
    ltpSamples: p.ltpConductanceS.length,
    ltdSamples: p.ltdConductanceS.length,
  }),
};
