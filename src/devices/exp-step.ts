/**
 * aihwkit exponential-step device (IBM aihwkit ExpStepDevice: simulator/configs/devices.py, update
 * rule in rpucuda/rpu_expstep_device.cpp; MIT licence, re-implemented; device-models.md §1d,
 * write-path.md §4). On aihwkit's weight axis w ∈ [w_min, w_max] (see aihwkit-axis.ts for its map
 * onto [Gmin, Gmax]), with b_max − b_min the device's own bound span:
 *
 *   z = 2·a·w/(b_max − b_min) + b
 *   up:   Δw = +scale_up·max(0, 1 − A_up·e^(γ_up·z))·strength
 *   down: Δw = −scale_down·max(0, 1 − A_down·e^(−γ_down·z))·strength   then clip to the bounds
 *
 * (aihwkit's multiplicative cycle-to-cycle noise is `strength` = 1 + dw_min_std·ξ; its optional
 * "complex noise" dw_min_std_add/slope is not modelled). A, γ, a and b are tile-wide fit constants
 * in aihwkit (no device-to-device spread), so the model has no NL parameter to spread; the step
 * factor scales scale_up/down (aihwkit dw_min_dtod). In conductance, with δ = G − Gmin_d (the
 * device's own Gmin) and z = z0 + k·δ, k = 2a/(Gmax_d − Gmin_d):
 *
 *   LTP: ΔG = S+·max(0, 1 − C+·e^(r+·δ)),  C+ = A_up·e^(γ_up·z0),     r+ = γ_up·k
 *   LTD: ΔG = −S−·max(0, 1 − C−·e^(r−·δ)), C− = A_down·e^(−γ_down·z0), r− = −γ_down·k
 *
 * with S± = κ·scale_up/down (siemens). Pulse counts for update mode "delta" use the continuous
 * limit dG/dP = S·y(G), whose solution is P = (Δ − ln(y1/y0)/r)/S (Δ/(S·y) when r = 0); the discrete
 * map differs by about ½·|dΔG/dG| relative per pulse (tested).
 */
import { z } from "zod";
import {
  aihwkitAxisFields,
  checkAxis,
  conductanceOfZero,
  scaleDown,
  scaleUp,
  siemensPerWeight,
  stepsToDwMin,
} from "./aihwkit-axis.js";
import {
  KernelBase,
  factorAt,
  NO_SPREAD,
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
 * Zod schema of aihwkit's exponential-step device (ExpStepDevice) mapped onto a conductance range
 * (S).
 */
export const expStepParamsSchema = z
  .object({
    gMinS: siemens("lowest conductance, the image of wMin (hard lower bound)"),
    gMaxS: siemens("highest conductance, the image of wMax (hard upper bound)", MIN_GMAX_S),
    ...aihwkitAxisFields,
    aUp: dimensionless(
      "A_up: factor of the LTP step's exponential term, y_up = 1 − A_up·e^(γ_up·z) (aihwkit ExpStepDevice.A_up)",
      -1e3,
      1e3,
    ),
    aDown: dimensionless(
      "A_down: factor of the LTD step's exponential term, y_down = 1 − A_down·e^(−γ_down·z) (aihwkit ExpStepDevice.A_down)",
      -1e3,
      1e3,
    ),
    gammaUp: dimensionless(
      "γ_up: exponent of the LTP step's exponential term (aihwkit ExpStepDevice.gamma_up)",
      0,
      50,
    ),
    gammaDown: dimensionless(
      "γ_down: exponent of the LTD step's exponential term (aihwkit ExpStepDevice.gamma_down)",
      0,
      50,
    ),
    zSlope: dimensionless(
      "a: slope of z = 2a·w/(b_max − b_min) + b (aihwkit ExpStepDevice.a)",
      -5,
      5,
    ),
    zOffset: dimensionless("b: offset of z (aihwkit ExpStepDevice.b)", -5, 5),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkBounds(p, ctx);
    if (!checkAxis(p, ctx) || !(p.gMaxS > p.gMinS)) return;
    // A step that vanishes before 99 % of the range is blamed on A; an over-long sweep on dwMin
    // when it is over the limit even without the up/down bias, otherwise on upDown.
    const sweep = sweepPulses(p);
    const unbiased = sweepPulses({ ...p, upDown: 0 });
    for (const [dir, n, n0, aKey, gKey] of [
      ["LTP", sweep.ltp, unbiased.ltp, "aUp", "gammaUp"],
      ["LTD", sweep.ltd, unbiased.ltd, "aDown", "gammaDown"],
    ] as const) {
      const field = !Number.isFinite(n) ? aKey : n0 > MAX_SWEEP_PULSES ? "dwMin" : "upDown";
      const how = `${dir} sweep (dwMin ${p.dwMin}, upDown ${p.upDown}, ${aKey} ${p[aKey]}, ${gKey} ${p[gKey]})`;
      checkSweepPulses(ctx, n, field, how);
    }
  });

/** Parameters of the exponential-step device model (output of expStepParamsSchema). */
export type ExpStepParams = z.infer<typeof expStepParamsSchema>;

/** Record slots: C± (1), r± (per S), S± (S per pulse at y = 1). */
const C_UP = 2;
const R_UP = 3;
const C_DOWN = 4;
const R_DOWN = 5;
const S_UP = 6;
const S_DOWN = 7;

/** A·e^x with the exponent kept finite (A = 0 gives 0, never 0·∞). */
function scaledExp(a: number, x: number): number {
  return a === 0 ? 0 : a * Math.exp(Math.max(-700, Math.min(700, x)));
}

/**
 * Pulses of the continuous limit dδ/dP = s·(1 − C·e^(r·δ)) from δa to δa + span (span ≥ 0), i.e.
 * (span − ln(y(δa + span)/y(δa))/r)/s; Infinity when y ≤ 0 at either end (y is monotone).
 */
function odePulses(c: number, r: number, s: number, deltaA: number, span: number): number {
  if (!(span > 0)) return 0;
  const ea = c * Math.exp(r * deltaA);
  const y0 = 1 - ea;
  const y1 = 1 - ea * Math.exp(r * span);
  if (!(y0 > 0 && y1 > 0) || !(s > 0)) return Infinity;
  // ln(y1/y0) = log1p(−C·e^(rδa)·(e^(r·span) − 1)/y0); divided by r, with its r → 0 limit.
  const logOverR = r === 0 ? (-ea * span) / y0 : Math.log1p((-ea * Math.expm1(r * span)) / y0) / r;
  return (span - logOverR) / s;
}

class ExpStepKernel extends KernelBase implements DeviceKernel {
  readonly exactStrength = false;
  readonly slotNames = ["cUp", "rUpPerS", "cDown", "rDownPerS", "stepUpS", "stepDownS"];

  constructor(p: ExpStepParams, n: number, bounds: NominalBounds, f: DeviceFactors) {
    super(n, bounds, f);
    const r = this.params;
    const kappa = siemensPerWeight(p, bounds.gMinS, bounds.gMaxS);
    const g0 = conductanceOfZero(p, bounds.gMinS, bounds.gMaxS);
    const up = scaleUp(p);
    const down = scaleDown(p);
    for (let d = 0, o = 0; d < n; d++, o += PARAM_STRIDE) {
      const gMin = r[o]!;
      const k = (2 * p.zSlope) / (r[o + 1]! - gMin);
      const z0 = k * (gMin - g0) + p.zOffset;
      const s = factorAt(f.step, d);
      r[o + C_UP] = scaledExp(p.aUp, p.gammaUp * z0);
      r[o + R_UP] = p.gammaUp * k;
      r[o + C_DOWN] = scaledExp(p.aDown, -p.gammaDown * z0);
      r[o + R_DOWN] = -p.gammaDown * k;
      r[o + S_UP] = kappa * up * s;
      r[o + S_DOWN] = kappa * down * s;
    }
  }

  ltp(d: number, gS: number, strength: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const y = 1 - r[o + C_UP]! * Math.exp(r[o + R_UP]! * (gS - r[o]!));
    return y > 0 ? gS + strength * r[o + S_UP]! * y : gS;
  }
  ltd(d: number, gS: number, strength: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const y = 1 - r[o + C_DOWN]! * Math.exp(r[o + R_DOWN]! * (gS - r[o]!));
    return y > 0 ? gS - strength * r[o + S_DOWN]! * y : gS;
  }
  ltpPulsesTo(d: number, gS: number, targetS: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    return odePulses(r[o + C_UP]!, r[o + R_UP]!, r[o + S_UP]!, gS - r[o]!, targetS - gS);
  }
  ltdPulsesTo(d: number, gS: number, targetS: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    return odePulses(r[o + C_DOWN]!, r[o + R_DOWN]!, r[o + S_DOWN]!, targetS - r[o]!, gS - targetS);
  }
}

/**
 * Pulses a nominal device needs from one bound to the other, counted on the discrete map (the
 * continuous limit can fall short when the step grows along the way); when the step vanishes at
 * the far bound, to 99 % of the range. Infinity when the step vanishes before that.
 */
function sweepPulses(p: ExpStepParams): { ltp: number; ltd: number } {
  const k = new ExpStepKernel(p, 1, { gMinS: p.gMinS, gMaxS: p.gMaxS }, NO_SPREAD);
  const lo = p.gMinS;
  const hi = p.gMaxS;
  const range = hi - lo;
  const stepAt = (g: number, up: boolean) => Math.abs((up ? k.ltp(0, g, 1) : k.ltd(0, g, 1)) - g);
  const count = (up: boolean): number => {
    const target =
      stepAt(up ? hi : lo, up) > 0 ? (up ? hi : lo) : up ? lo + 0.99 * range : hi - 0.99 * range;
    const estimate = up ? k.ltpPulsesTo(0, lo, target) : k.ltdPulsesTo(0, hi, target);
    if (!(estimate <= 2 * MAX_SWEEP_PULSES)) return estimate;
    let g = up ? lo : hi;
    let n = 0;
    const cap = 4 * MAX_SWEEP_PULSES;
    while (n < cap && (up ? g < target : g > target)) {
      g = up ? Math.min(hi, k.ltp(0, g, 1)) : Math.max(lo, k.ltd(0, g, 1));
      n++;
    }
    return n;
  };
  return { ltp: count(true), ltd: count(false) };
}

/**
 * The same device with LTD the mirror image of LTP (the LTD step at distance u from Gmin equals
 * the LTP step at distance u from Gmax): scale_down = scale_up, γ_down = γ_up and
 * A_down = A_up·e^(γ_up·(2a·(w_min + w_max)/(w_max − w_min) + 2b)), from z(w) + z(w_min + w_max − w)
 * = 2a·(w_min + w_max)/(w_max − w_min) + 2b.
 */
function symmetric(p: ExpStepParams): ExpStepParams {
  const up = scaleUp(p);
  const zSum = (2 * p.zSlope * (p.wMin + p.wMax)) / (p.wMax - p.wMin) + 2 * p.zOffset;
  return {
    ...p,
    ...stepsToDwMin(up, up),
    gammaDown: p.gammaUp,
    aDown: scaledExp(p.aUp, p.gammaUp * zSum),
  };
}

/** y± of the nominal device at a fraction x of the range. */
function nominalY(p: ExpStepParams, x: number): { up: number; down: number } {
  const zx = (2 * p.zSlope * (p.wMin + x * (p.wMax - p.wMin))) / (p.wMax - p.wMin) + p.zOffset;
  return {
    up: Math.max(0, 1 - scaledExp(p.aUp, p.gammaUp * zx)),
    down: Math.max(0, 1 - scaledExp(p.aDown, -p.gammaDown * zx)),
  };
}

/**
 * The aihwkit exponential-step device model: Δw = scale·(1 − A·e^(±γ·z)) per pulse, hard bounds.
 */
export const expStepModel: DeviceModel<ExpStepParams> = {
  name: "exp-step",
  title: "aihwkit exponential step: Δw = scale·(1 − A·e^(±γ·z)), z = 2a·w/(b_max − b_min) + b",
  equationSource:
    "IBM aihwkit ExpStepDevice (simulator/configs/devices.py, rpucuda/rpu_expstep_device.cpp)",
  paramsSchema: expStepParamsSchema,
  hasNonlinearity: false,
  exclusiveParams: [],
  nominalBounds: (p) => ({ gMinS: p.gMinS, gMaxS: p.gMaxS }),
  symmetric,
  fabricate: (p, n, bounds, f) => new ExpStepKernel(p, n, bounds, f),
  sweepPulses,
  derived: (p) => {
    const range = p.wMax - p.wMin;
    const up = scaleUp(p);
    const down = scaleDown(p);
    const atMin = nominalY(p, 0);
    const atMax = nominalY(p, 1);
    const sweep = sweepPulses(p);
    return {
      scaleUp: up,
      scaleDown: down,
      ltpStepAtGminOfRange: (up * atMin.up) / range,
      ltpStepAtGmaxOfRange: (up * atMax.up) / range,
      ltdStepAtGminOfRange: (down * atMin.down) / range,
      ltdStepAtGmaxOfRange: (down * atMax.down) / range,
      pulsesLtp: sweep.ltp,
      pulsesLtd: sweep.ltd,
    };
  },
};
