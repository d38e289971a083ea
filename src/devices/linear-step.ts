/**
 * aihwkit linear-step device (IBM aihwkit LinearStepDevice: simulator/configs/devices.py, update
 * rule in rpucuda/rpu_linearstep_device.cpp; MIT licence, re-implemented; device-models.md §1d,
 * write-path.md §4). On aihwkit's weight axis w ∈ [w_min, w_max] (see aihwkit-axis.ts for its map
 * onto [Gmin, Gmax]) one pulse moves w by
 *
 *   up:   Δw = +scale_up·(1 − γ_up·w/w_max)·strength
 *   down: Δw = −scale_down·(1 − γ_down·w/w_min)·strength        then clip to the device's bounds
 *
 * (aihwkit's slopes with mean_bound_reference = true, the default and the presets' setting; its
 * multiplicative noise, mult_noise = true, is `strength` = 1 + dw_min_std·ξ here). The step is
 * scale at w = 0 and shrinks LINEARLY towards the bound it approaches: by the fraction γ_up at
 * w_max, γ_down at w_min. γ = 0 is a constant step, γ = 1 soft bounds (step 0 at the bound). γ are
 * slopes, not exponents (contrast pow-step). In conductance, with G0 the conductance of w = 0 and
 * κ siemens per unit of w:
 *
 *   LTP: ΔG = a+ − b+·(G − G0),  a+ = κ·scale_up,    b+ = scale_up·γ_up/w_max
 *   LTD: ΔG = −(a− + b−·(G − G0)), a− = κ·scale_down, b− = scale_down·γ_down/|w_min|
 *
 * Each pulse multiplies the step by (1 − b), so the pulse count between two conductances is exact:
 * n = ln(1 − b·ΔG/step0)/ln(1 − b) (ΔG/step0 when b = 0). Device-to-device: the step factor scales
 * scale_up/down (aihwkit dw_min_dtod), the NL factor scales γ± (aihwkit draws γ per device with an
 * additive σ, gamma_up_dtod; NeuroXbar's d2d.nlSigma is relative).
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
  factorAt,
  KernelBase,
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
 * Zod schema of aihwkit's linear-step device (LinearStepDevice) mapped onto a conductance range
 * (S).
 */
export const linearStepParamsSchema = z
  .object({
    gMinS: siemens("lowest conductance, the image of wMin (hard lower bound)"),
    gMaxS: siemens("highest conductance, the image of wMax (hard upper bound)", MIN_GMAX_S),
    ...aihwkitAxisFields,
    gammaUp: dimensionless(
      "γ_up: slope — the LTP step at wMax is (1 − γ_up) times the step at w = 0 (aihwkit LinearStepDevice.gamma_up)",
      0,
      1,
    ),
    gammaDown: dimensionless(
      "γ_down: slope — the LTD step at wMin is (1 − γ_down) times the step at w = 0 (aihwkit LinearStepDevice.gamma_down)",
      0,
      1,
    ),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkBounds(p, ctx);
    if (!(p.wMin < 0 && p.wMax > 0)) {
      ctx.addIssue({
        code: "custom",
        path: [p.wMin < 0 ? "wMax" : "wMin"],
        message: `linear-step needs wMin < 0 < wMax (got [${p.wMin}, ${p.wMax}]): the slopes are taken relative to the bounds, so a bound at 0 leaves its γ without effect`,
      });
      return;
    }
    if (!checkAxis(p, ctx) || !(p.gMaxS > p.gMinS)) return;
    // Blamed on dwMin when the sweep is over the limit even without the up/down bias, otherwise
    // on upDown (it only ever shrinks one direction's step).
    const sweep = sweepPulses(p);
    const unbiased = sweepPulses({ ...p, upDown: 0 });
    const how = (dir: string, key: string, gamma: number) =>
      `${dir} sweep from bound to bound (dwMin ${p.dwMin}, upDown ${p.upDown}, ${key} ${gamma})`;
    const blame = (n: number) => (n > MAX_SWEEP_PULSES ? "dwMin" : "upDown");
    checkSweepPulses(ctx, sweep.ltp, blame(unbiased.ltp), how("LTP", "gammaUp", p.gammaUp));
    checkSweepPulses(ctx, sweep.ltd, blame(unbiased.ltd), how("LTD", "gammaDown", p.gammaDown));
  });

/** Parameters of the linear-step device model (output of linearStepParamsSchema). */
export type LinearStepParams = z.infer<typeof linearStepParamsSchema>;

/** A per-device factor could push b = scale·γ/|w_ref| to 1 or beyond (overshoot): capped. */
const MAX_FRACTION_PER_PULSE = 0.95;

/** Record slots: G0 (S); a± (S, step at w = 0); b± (per pulse, fraction of the step lost). */
const G_ZERO = 2;
const A_UP = 3;
const B_UP = 4;
const A_DOWN = 5;
const B_DOWN = 6;

/** Pulses for a total change dG ≥ 0 when the first step is step0 and each step is (1 − b)× the last. */
function geometricPulses(dG: number, step0: number, b: number): number {
  if (!(dG > 0)) return 0;
  if (!(step0 > 0)) return Infinity;
  if (b === 0) return dG / step0;
  const q = (b * dG) / step0;
  if (q >= 1) return Infinity;
  return Math.log1p(-q) / Math.log1p(-b);
}

class LinearStepKernel extends KernelBase implements DeviceKernel {
  readonly exactStrength = false;
  readonly slotNames = ["g0S", "aUpS", "bUp", "aDownS", "bDown"];

  constructor(p: LinearStepParams, n: number, bounds: NominalBounds, f: DeviceFactors) {
    super(n, bounds, f);
    const r = this.params;
    const kappa = siemensPerWeight(p, bounds.gMinS, bounds.gMaxS);
    const g0 = conductanceOfZero(p, bounds.gMinS, bounds.gMaxS);
    const up = scaleUp(p);
    const down = scaleDown(p);
    for (let d = 0, o = 0; d < n; d++, o += PARAM_STRIDE) {
      const s = factorAt(f.step, d);
      const nl = factorAt(f.nl, d);
      r[o + G_ZERO] = g0;
      r[o + A_UP] = kappa * up * s;
      r[o + B_UP] = Math.min(MAX_FRACTION_PER_PULSE, (up * s * p.gammaUp * nl) / p.wMax);
      r[o + A_DOWN] = kappa * down * s;
      r[o + B_DOWN] = Math.min(MAX_FRACTION_PER_PULSE, (down * s * p.gammaDown * nl) / -p.wMin);
    }
  }

  ltp(d: number, gS: number, strength: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    return gS + strength * (r[o + A_UP]! - r[o + B_UP]! * (gS - r[o + G_ZERO]!));
  }
  ltd(d: number, gS: number, strength: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    return gS - strength * (r[o + A_DOWN]! + r[o + B_DOWN]! * (gS - r[o + G_ZERO]!));
  }
  ltpPulsesTo(d: number, gS: number, targetS: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const step0 = r[o + A_UP]! - r[o + B_UP]! * (gS - r[o + G_ZERO]!);
    return geometricPulses(targetS - gS, step0, r[o + B_UP]!);
  }
  ltdPulsesTo(d: number, gS: number, targetS: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const step0 = r[o + A_DOWN]! + r[o + B_DOWN]! * (gS - r[o + G_ZERO]!);
    return geometricPulses(gS - targetS, step0, r[o + B_DOWN]!);
  }
}

/**
 * Pulses a nominal device needs from one bound to the other (exact); when the step vanishes at
 * the far bound (γ = 1), to 99 % of the range.
 */
function sweepPulses(p: LinearStepParams): { ltp: number; ltd: number } {
  const k = new LinearStepKernel(p, 1, { gMinS: p.gMinS, gMaxS: p.gMaxS }, NO_SPREAD);
  const range = p.gMaxS - p.gMinS;
  const upTo = p.gammaUp >= 1 ? p.gMinS + 0.99 * range : p.gMaxS;
  const downTo = p.gammaDown >= 1 ? p.gMaxS - 0.99 * range : p.gMinS;
  return {
    ltp: Math.ceil(k.ltpPulsesTo(0, p.gMinS, upTo)),
    ltd: Math.ceil(k.ltdPulsesTo(0, p.gMaxS, downTo)),
  };
}

/**
 * The same device with LTD the mirror image of LTP: the LTD step at distance u from Gmin equals
 * the LTP step at distance u from Gmax. The LTP law is kept; the LTD law is linear in w, so its
 * values at the two bounds fix scale_down and γ_down (with U = wMax, L = |wMin|):
 * scale_down = scale_up·(1 − γ_up + γ_up·L/U), γ_down = scale_up·γ_up·(L/U)/scale_down.
 */
function symmetric(p: LinearStepParams): LinearStepParams {
  const up = scaleUp(p);
  const ratio = -p.wMin / p.wMax;
  const down = up * (1 - p.gammaUp + p.gammaUp * ratio);
  return { ...p, ...stepsToDwMin(up, down), gammaDown: (up * p.gammaUp * ratio) / down };
}

/** The aihwkit linear-step device model: Δw = scale·(1 − γ·w/w_bound) per pulse, hard bounds. */
export const linearStepModel: DeviceModel<LinearStepParams> = {
  name: "linear-step",
  title: "aihwkit linear step: Δw = scale·(1 − γ·w/w_bound), γ a slope, hard bounds",
  equationSource:
    "IBM aihwkit LinearStepDevice (simulator/configs/devices.py, rpucuda/rpu_linearstep_device.cpp)",
  paramsSchema: linearStepParamsSchema,
  hasNonlinearity: true,
  exclusiveParams: [],
  nominalBounds: (p) => ({ gMinS: p.gMinS, gMaxS: p.gMaxS }),
  symmetric,
  fabricate: (p, n, bounds, f) => new LinearStepKernel(p, n, bounds, f),
  sweepPulses,
  derived: (p) => {
    const range = p.wMax - p.wMin;
    const up = scaleUp(p);
    const down = scaleDown(p);
    const sweep = sweepPulses(p);
    return {
      scaleUp: up,
      scaleDown: down,
      stepUpAtZeroOfRange: up / range,
      stepDownAtZeroOfRange: down / range,
      zeroAtFractionOfRange: -p.wMin / range,
      ltpStepAtGmaxOverAtZero: 1 - p.gammaUp,
      ltpStepAtGminOverAtZero: 1 - (p.gammaUp * p.wMin) / p.wMax,
      ltdStepAtGminOverAtZero: 1 - p.gammaDown,
      ltdStepAtGmaxOverAtZero: 1 - (p.gammaDown * p.wMax) / p.wMin,
      pulsesLtp: sweep.ltp,
      pulsesLtd: sweep.ltd,
    };
  },
};
