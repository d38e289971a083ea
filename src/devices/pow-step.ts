/**
 * aihwkit-style power-step device (IBM aihwkit PowStepDevice, after Fusi & Abbott 2007;
 * device-models.md §1d). With ω = (Gmax − G)/(Gmax − Gmin), the distance to the upper bound:
 *
 *   LTP: ΔG = +dw+·(Gmax − Gmin)·ω^γ+      LTD: ΔG = −dw−·(Gmax − Gmin)·(1 − ω)^γ−
 *   dw± = dwMin·(1 ± upDown)
 *
 * As in aihwkit, dw± is the step at the far bound (ω = 1 for LTP), not at mid-range. γ = 1 is the
 * soft-bounds device; small γ gives near-constant steps that stop abruptly at the bound. Pulse
 * counts for update mode "delta" use the continuous limit dω/dP = −dw·ω^γ:
 * P = (ω0^(1−γ) − ω1^(1−γ))/((1 − γ)·dw), or ln(ω0/ω1)/dw at γ = 1. NL spread scales γ.
 */
import { z } from "zod";
import {
  factorAt,
  KernelBase,
  PARAM_STRIDE,
  type DeviceFactors,
  type DeviceKernel,
  type NominalBounds,
} from "./kernel.js";
import type { DeviceModel } from "./model.js";
import {
  checkBounds,
  checkSweepPulses,
  dimensionless,
  MAX_SWEEP_PULSES,
  MIN_GMAX_S,
  siemens,
} from "./schema-helpers.js";

/**
 * Zod schema of aihwkit's power-step device (PowStepDevice) mapped onto a conductance range (S).
 */
export const powStepParamsSchema = z
  .object({
    gMinS: siemens("lowest conductance"),
    gMaxS: siemens("highest conductance", MIN_GMAX_S),
    dwMin: dimensionless(
      "step at the far bound as a fraction of the range (aihwkit dw_min)",
      1e-9,
      0.5,
    ),
    upDown: dimensionless(
      "LTP/LTD step asymmetry, symmetric form dw± = dwMin(1 ± upDown) (not aihwkit's C++ up_down, which keeps the larger step at dw_min; `device export/import` converts)",
      -0.99,
      0.99,
    ),
    gammaUp: dimensionless("γ+: exponent of the LTP step's dependence on ω", 0, 10),
    gammaDown: dimensionless("γ−: exponent of the LTD step's dependence on 1 − ω", 0, 10),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkBounds(p, ctx);
    checkSweep(ctx, "LTP", p, 1 + p.upDown, "gammaUp", p.gammaUp);
    checkSweep(ctx, "LTD", p, 1 - p.upDown, "gammaDown", p.gammaDown);
  });

/**
 * A sweep to 99 % of the range takes sweep(dw, γ) pulses (0.99/dw at γ = 0, more for larger γ as
 * the step vanishes at the bound). Blamed on dwMin when 0.99/dwMin alone is over the limit, then
 * on upDown (dw± = dwMin(1 ± upDown)), then on γ.
 */
function checkSweep(
  ctx: z.RefinementCtx,
  dir: "LTP" | "LTD",
  p: { dwMin: number; upDown: number },
  factor: number,
  gammaKey: string,
  gamma: number,
): void {
  const dw = p.dwMin * factor;
  const field =
    0.99 / p.dwMin > MAX_SWEEP_PULSES
      ? "dwMin"
      : 0.99 / dw > MAX_SWEEP_PULSES
        ? "upDown"
        : gammaKey;
  const how = `${dir} sweep to 99 % of the range (dwMin ${p.dwMin}, upDown ${p.upDown}, ${gammaKey} ${gamma})`;
  checkSweepPulses(ctx, sweep(dw, gamma), field, how);
}

/** Parameters of the power-step device model (output of powStepParamsSchema). */
export type PowStepParams = z.infer<typeof powStepParamsSchema>;

/** Pulses from distance w0 to w1 < w0 (normalised) on dw/dP = −a·w^γ; Infinity when w1 = 0, γ ≥ 1. */
function odePulses(w0: number, w1: number, a: number, gamma: number): number {
  if (w1 >= w0) return 0;
  if (Math.abs(gamma - 1) < 1e-9) return Math.log(w0 / w1) / a;
  const e = 1 - gamma;
  return (Math.pow(w0, e) - Math.pow(Math.max(w1, 0), e)) / (e * a);
}

/** Record slots: 1/range; dw± (fraction of the range per pulse, step factor included); γ±. */
const INV_RANGE = 2;
const DW_UP = 3;
const DW_DOWN = 4;
const GAMMA_UP = 5;
const GAMMA_DOWN = 6;

class PowStepKernel extends KernelBase implements DeviceKernel {
  readonly exactStrength = false;
  readonly slotNames = ["invRange", "dwUp", "dwDown", "gammaUp", "gammaDown"];

  constructor(p: PowStepParams, n: number, bounds: NominalBounds, f: DeviceFactors) {
    super(n, bounds, f);
    const r = this.params;
    for (let d = 0, o = 0; d < n; d++, o += PARAM_STRIDE) {
      const s = factorAt(f.step, d);
      const nl = factorAt(f.nl, d);
      r[o + INV_RANGE] = 1 / (r[o + 1]! - r[o]!);
      r[o + DW_UP] = p.dwMin * (1 + p.upDown) * s;
      r[o + DW_DOWN] = p.dwMin * (1 - p.upDown) * s;
      r[o + GAMMA_UP] = p.gammaUp * nl;
      r[o + GAMMA_DOWN] = p.gammaDown * nl;
    }
  }

  ltp(d: number, gS: number, strength: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const gMax = r[o + 1]!;
    const omega = Math.max(0, (gMax - gS) * r[o + INV_RANGE]!);
    return gS + strength * r[o + DW_UP]! * (gMax - r[o]!) * Math.pow(omega, r[o + GAMMA_UP]!);
  }
  ltd(d: number, gS: number, strength: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const gMin = r[o]!;
    const x = Math.max(0, (gS - gMin) * r[o + INV_RANGE]!);
    return gS - strength * r[o + DW_DOWN]! * (r[o + 1]! - gMin) * Math.pow(x, r[o + GAMMA_DOWN]!);
  }
  ltpPulsesTo(d: number, gS: number, targetS: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const inv = r[o + INV_RANGE]!;
    const gMax = r[o + 1]!;
    return odePulses((gMax - gS) * inv, (gMax - targetS) * inv, r[o + DW_UP]!, r[o + GAMMA_UP]!);
  }
  ltdPulsesTo(d: number, gS: number, targetS: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const inv = r[o + INV_RANGE]!;
    const gMin = r[o]!;
    return odePulses(
      (gS - gMin) * inv,
      (targetS - gMin) * inv,
      r[o + DW_DOWN]!,
      r[o + GAMMA_DOWN]!,
    );
  }
}

/** Pulses to cover 99 % of the range from the far bound (continuous limit). */
function sweep(dw: number, gamma: number): number {
  return Math.ceil(odePulses(1, 0.01, dw, gamma));
}

/** The aihwkit power-step device model: ΔG = dw+·ω^γ+ up, dw−·(1 − ω)^γ− down. */
export const powStepModel: DeviceModel<PowStepParams> = {
  name: "pow-step",
  title: "aihwkit power step: ΔG = dw+·ω^γ+ up, dw−·(1 − ω)^γ− down",
  equationSource: "IBM aihwkit PowStepDevice (simulator/configs/devices.py); Fusi & Abbott 2007",
  paramsSchema: powStepParamsSchema,
  hasNonlinearity: true,
  exclusiveParams: [],
  nominalBounds: (p) => ({ gMinS: p.gMinS, gMaxS: p.gMaxS }),
  symmetric: (p) => ({ ...p, upDown: 0, gammaDown: p.gammaUp }),
  fabricate: (p, n, bounds, f) => new PowStepKernel(p, n, bounds, f),
  sweepPulses: (p) => ({
    ltp: sweep(p.dwMin * (1 + p.upDown), p.gammaUp),
    ltd: sweep(p.dwMin * (1 - p.upDown), p.gammaDown),
  }),
  derived: (p) => ({
    dwUp: p.dwMin * (1 + p.upDown),
    dwDown: p.dwMin * (1 - p.upDown),
    pulsesTo99PercentLtp: sweep(p.dwMin * (1 + p.upDown), p.gammaUp),
    pulsesTo99PercentLtd: sweep(p.dwMin * (1 - p.upDown), p.gammaDown),
  }),
};
