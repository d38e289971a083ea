/**
 * aihwkit's normalised weight axis on one device's conductance, shared by the linear-step and
 * exp-step models (IBM aihwkit, MIT licence; re-implemented, not copied).
 *
 * aihwkit writes its device models on a dimensionless weight w ∈ [w_min, w_max] with
 * w_min ≤ 0 ≤ w_max (rpu_pulsed_device.cpp rejects an interval without 0), and a step dw_min in
 * units of w. NeuroXbar maps that axis linearly and monotonically onto one device's nominal
 * conductance range:
 *
 *   G(w) = Gmin + (w − w_min)·κ,   κ = (Gmax − Gmin)/(w_max − w_min)  (S per unit of w)
 *
 * so w_min ↔ Gmin, w_max ↔ Gmax, w = 0 ↔ G0 = Gmin − w_min·κ, and a step of dw (units of w) is
 * dw·κ siemens, i.e. dw/(w_max − w_min) of the range. The map uses the NOMINAL bounds (those the
 * kernel is fabricated around), as aihwkit's step sizes do not depend on a device's own bounds:
 * device-to-device spread of Gmin/Gmax only moves where a device is clipped.
 *
 * Up/down step sizes follow aihwkit's C++ (rpu_pulsed_device.cpp, PulsedRPUDevice::populate),
 * which differs from the Python docstring's dw_min·(1 ± up_down): the larger direction keeps
 * dw_min and only the other one shrinks,
 *
 *   scale_up = dw_min·(1 + min(up_down, 0)),   scale_down = dw_min·(1 − max(up_down, 0)).
 */
import { z } from "zod";

/** Schema fields of the aihwkit weight axis and base step (units of w, not of the range). */
export const aihwkitAxisFields = {
  wMin: z
    .number()
    .finite()
    .min(-1e3)
    .max(0)
    .describe(
      "w — lower bound of aihwkit's weight axis (w_min, ≤ 0), mapped onto Gmin (aihwkit PulsedDevice.w_min)",
    ),
  wMax: z
    .number()
    .finite()
    .min(0)
    .max(1e3)
    .describe(
      "w — upper bound of aihwkit's weight axis (w_max, ≥ 0), mapped onto Gmax (aihwkit PulsedDevice.w_max)",
    ),
  dwMin: z
    .number()
    .finite()
    .positive()
    .describe(
      "w — base step in units of the weight axis, dwMin/(wMax − wMin) of the range (aihwkit PulsedDevice.dw_min)",
    ),
  upDown: z
    .number()
    .finite()
    .min(-0.99)
    .max(0.99)
    .describe(
      "1 — up/down step bias: up = dwMin(1 + min(upDown, 0)), down = dwMin(1 − max(upDown, 0)) (aihwkit PulsedDevice.up_down, C++ convention)",
    ),
};

/**
 * A device's conductance range (gMinS, gMaxS in S) expressed on aihwkit's weight axis: bounds
 * wMin/wMax, base step dwMin (weight units) and up/down bias upDown (dimensionless).
 */
export interface AihwkitAxis {
  readonly gMinS: number;
  readonly gMaxS: number;
  readonly wMin: number;
  readonly wMax: number;
  readonly dwMin: number;
  readonly upDown: number;
}

/** Largest base step as a fraction of the range: a pulse crossing half the range is no device. */
export const MAX_STEP_FRACTION = 0.5;

/**
 * Checks shared by both models: wMin < wMax, and dwMin at most MAX_STEP_FRACTION of the range.
 * Returns false when the axis is unusable (later checks that need it should be skipped).
 */
export function checkAxis(p: AihwkitAxis, ctx: z.RefinementCtx): boolean {
  if (!(p.wMax > p.wMin)) {
    ctx.addIssue({
      code: "custom",
      path: ["wMax"],
      message: `must be greater than wMin (${p.wMin}): the weight axis needs w_min < w_max`,
    });
    return false;
  }
  const fraction = p.dwMin / (p.wMax - p.wMin);
  if (!(fraction <= MAX_STEP_FRACTION)) {
    ctx.addIssue({
      code: "custom",
      path: ["dwMin"],
      message: `a step of ${p.dwMin} is ${fraction.toPrecision(3)} of the weight axis [${p.wMin}, ${p.wMax}]; at most ${MAX_STEP_FRACTION} is allowed`,
    });
    return false;
  }
  return true;
}

/** aihwkit's up-direction base step (units of w). */
export function scaleUp(p: { dwMin: number; upDown: number }): number {
  return p.dwMin * (1 + Math.min(p.upDown, 0));
}

/** aihwkit's down-direction base step (units of w). */
export function scaleDown(p: { dwMin: number; upDown: number }): number {
  return p.dwMin * (1 - Math.max(p.upDown, 0));
}

/** dwMin and upDown that give the base steps (up, down) in aihwkit's convention. */
export function stepsToDwMin(up: number, down: number): { dwMin: number; upDown: number } {
  return up >= down ? { dwMin: up, upDown: 1 - down / up } : { dwMin: down, upDown: up / down - 1 };
}

/** Siemens per unit of w for the given conductance bounds. */
export function siemensPerWeight(
  p: { wMin: number; wMax: number },
  gMinS: number,
  gMaxS: number,
): number {
  return (gMaxS - gMinS) / (p.wMax - p.wMin);
}

/** Conductance of aihwkit's w = 0 for the given conductance bounds. */
export function conductanceOfZero(
  p: { wMin: number; wMax: number },
  gMinS: number,
  gMaxS: number,
): number {
  return gMinS - p.wMin * siemensPerWeight(p, gMinS, gMaxS);
}
