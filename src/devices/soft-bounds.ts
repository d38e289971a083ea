/**
 * aihwkit-style soft-bounds device (IBM aihwkit SoftBoundsDevice, simulator/configs/devices.py;
 * device-models.md §1d), written on x = (G − Gmin)/(Gmax − Gmin) with symmetric bounds
 * (aihwkit's w = 2x − 1, b_max = −b_min):
 *
 *   LTP: Δx = 2·dw+·(1 − x)      LTD: Δx = −2·dw−·x      dw± = dwMin·(1 ± upDown)
 *
 * so the step equals dw± at mid-range (aihwkit's w = 0) and vanishes at the far bound. The pulse
 * map is exactly geometric, hence the pulse count between two conductances is exact:
 * n = ln((Gmax − G1)/(Gmax − G0)) / ln(1 − 2dw+). This is aihwkit's SoftBoundsPmax / NeuroSim's
 * curve in discrete form. Per-device factors: step spread scales dw±; there is no NL parameter.
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
 * Zod schema of aihwkit's soft-bounds device (SoftBoundsDevice) mapped onto a conductance range
 * (S).
 */
export const softBoundsParamsSchema = z
  .object({
    gMinS: siemens("lowest conductance (soft lower bound)"),
    gMaxS: siemens("highest conductance (soft upper bound)", MIN_GMAX_S),
    dwMin: dimensionless(
      "step at mid-range as a fraction of the range (aihwkit dw_min)",
      1e-9,
      0.2,
    ),
    upDown: dimensionless(
      "LTP/LTD step asymmetry, symmetric form dw± = dwMin(1 ± upDown) (aihwkit's docstring form; its C++ keeps the larger step at dw_min, and `device export/import` converts between the two)",
      -0.99,
      0.99,
    ),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkBounds(p, ctx);
    for (const [dir, factor] of [
      ["LTP", 1 + p.upDown],
      ["LTD", 1 - p.upDown],
    ] as const) {
      // 99 % of the range takes ln(0.01)/ln(1 − 2dw) pulses: blamed on dwMin when it alone
      // (upDown 0) is over the limit, otherwise on upDown (dw± = dwMin(1 ± upDown)).
      const field = sweep(2 * p.dwMin) > MAX_SWEEP_PULSES ? "dwMin" : "upDown";
      const how = `${dir} sweep to 99 % of the range (dwMin ${p.dwMin}, upDown ${p.upDown})`;
      checkSweepPulses(ctx, sweep(2 * p.dwMin * factor), field, how);
    }
  });

/** Parameters of the soft-bounds device model (output of softBoundsParamsSchema). */
export type SoftBoundsParams = z.infer<typeof softBoundsParamsSchema>;

/** A per-device step factor could push 2dw above 1 (overshooting the bound): cap the fraction. */
const MAX_FRACTION_PER_PULSE = 0.95;

/** Record slots: fraction of the remaining distance covered per pulse, and 1/ln(1 − fraction). */
const K_UP = 2;
const K_DOWN = 3;
const INV_LOG_UP = 4;
const INV_LOG_DOWN = 5;

class SoftBoundsKernel extends KernelBase implements DeviceKernel {
  readonly exactStrength = false;
  readonly slotNames = ["kUp", "kDown", "invLogUp", "invLogDown"];

  constructor(p: SoftBoundsParams, n: number, bounds: NominalBounds, f: DeviceFactors) {
    super(n, bounds, f);
    const r = this.params;
    for (let d = 0, o = 0; d < n; d++, o += PARAM_STRIDE) {
      const s = factorAt(f.step, d);
      r[o + K_UP] = Math.min(MAX_FRACTION_PER_PULSE, 2 * p.dwMin * (1 + p.upDown) * s);
      r[o + K_DOWN] = Math.min(MAX_FRACTION_PER_PULSE, 2 * p.dwMin * (1 - p.upDown) * s);
      r[o + INV_LOG_UP] = 1 / Math.log1p(-r[o + K_UP]!);
      r[o + INV_LOG_DOWN] = 1 / Math.log1p(-r[o + K_DOWN]!);
    }
  }

  ltp(d: number, gS: number, strength: number): number {
    const o = d * PARAM_STRIDE;
    return gS + strength * this.params[o + K_UP]! * (this.params[o + 1]! - gS);
  }
  ltd(d: number, gS: number, strength: number): number {
    const o = d * PARAM_STRIDE;
    return gS - strength * this.params[o + K_DOWN]! * (gS - this.params[o]!);
  }
  ltpPulsesTo(d: number, gS: number, targetS: number): number {
    const o = d * PARAM_STRIDE;
    return Math.log1p((gS - targetS) / (this.params[o + 1]! - gS)) * this.params[o + INV_LOG_UP]!;
  }
  ltdPulsesTo(d: number, gS: number, targetS: number): number {
    const o = d * PARAM_STRIDE;
    return Math.log1p((targetS - gS) / (gS - this.params[o]!)) * this.params[o + INV_LOG_DOWN]!;
  }
}

/** Pulses to cover 99 % of the range from the far bound. */
function sweep(k: number): number {
  return Math.ceil(Math.log(0.01) / Math.log1p(-Math.min(MAX_FRACTION_PER_PULSE, k)));
}

/** The aihwkit soft-bounds device model: Δx = 2dw+(1 − x) up, −2dw−·x down. */
export const softBoundsModel: DeviceModel<SoftBoundsParams> = {
  name: "soft-bounds",
  title: "aihwkit soft bounds: Δx = 2dw+(1 − x) up, −2dw−·x down",
  equationSource: "IBM aihwkit SoftBoundsDevice (simulator/configs/devices.py)",
  paramsSchema: softBoundsParamsSchema,
  hasNonlinearity: false,
  exclusiveParams: [],
  nominalBounds: (p) => ({ gMinS: p.gMinS, gMaxS: p.gMaxS }),
  symmetric: (p) => ({ ...p, upDown: 0 }),
  fabricate: (p, n, bounds, f) => new SoftBoundsKernel(p, n, bounds, f),
  sweepPulses: (p) => ({
    ltp: sweep(2 * p.dwMin * (1 + p.upDown)),
    ltd: sweep(2 * p.dwMin * (1 - p.upDown)),
  }),
  derived: (p) => ({
    dwUp: p.dwMin * (1 + p.upDown),
    dwDown: p.dwMin * (1 - p.upDown),
    pulsesTo99PercentLtp: sweep(2 * p.dwMin * (1 + p.upDown)),
    pulsesTo99PercentLtd: sweep(2 * p.dwMin * (1 - p.upDown)),
  }),
};
