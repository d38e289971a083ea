/**
 * Device presets ↔ IBM aihwkit device configurations (aihwkit `simulator/configs/devices.py`,
 * the dataclasses ConstantStepDevice, SoftBoundsDevice, SoftBoundsPmaxDevice, PowStepDevice;
 * field names exactly as those dataclasses name them).
 *
 * File format (JSON): `{ "device_class": "<aihwkit class name>", "params": { <dataclass fields> },
 * "neuroxbar": { ... } }`. In Python: `getattr(aihwkit.simulator.configs.devices,
 * d["device_class"])(**d["params"])`. The optional `neuroxbar` block carries what aihwkit has no
 * field for (the conductance scale in siemens, the electrical operating point, citation, and the
 * non-idealities without an aihwkit counterpart); aihwkit users ignore it.
 *
 * Weights: aihwkit's weight w ∈ [w_min, w_max] maps linearly onto G ∈ [Gmin, Gmax]:
 * x = (w − w_min)/(w_max − w_min) = (G − Gmin)/(Gmax − Gmin). Export writes w_min = −1, w_max = 1.
 *
 * Step sizes follow aihwkit's C++ convention for up_down (see src/devices/aihwkit-axis.ts):
 * scale_up = dw_min(1 + min(up_down, 0)), scale_down = dw_min(1 − max(up_down, 0)).
 *
 * Families both sides have (per-pulse update, nominal device):
 * - linear ↔ ConstantStepDevice: scale_up/down = (w_max − w_min)/Pmax±.
 * - soft-bounds ↔ SoftBoundsDevice: aihwkit Δw+ = scale_up(1 − w/w_max), Δw− = scale_down(1 − w/w_min),
 *   so (w_max − w) shrinks by the fraction scale_up/w_max per pulse; ours by 2·dwMin(1 + upDown).
 * - pow-step ↔ PowStepDevice: Δw+ = scale_up·((w_max − w)/(w_max − w_min))^γ+,
 *   γ± = pow_gamma(1 ± pow_up_down); ours: scale± = dwMin(1 ± upDown)·(w_max − w_min).
 * - linear-step ↔ LinearStepDevice and exp-step ↔ ExpStepDevice: our parameters are aihwkit's own
 *   (wMin = w_min, dwMin = dw_min, upDown = up_down, gamma_up/down, A_up/down, a, b).
 * - neurosim with a mirror-symmetric curve (Pmax equal, A_LTD = −A_LTP) ↔ SoftBoundsPmaxDevice:
 *   w(p) = B(1 − e^(−αp)) + range_min, α = 1/A, p_max = Pmax.
 * Variation: aihwkit dw_min_std ↔ c2c.sigmaOfStep, dw_min_dtod ↔ d2d.stepSigma,
 * pow_gamma_dtod ↔ d2d.nlSigma (pow-step). Other aihwkit variation fields are written as 0 and,
 * on import, reported in the preset's notes when non-zero (not imported).
 */
import { ValidationError } from "../../core/errors.js";
import { scaleDown, scaleUp, stepsToDwMin } from "../aihwkit-axis.js";
import { curvatureFromLabel } from "../nl-label.js";
import { presetSchema, type Preset } from "../preset.js";
import { parseWithSchema } from "../../core/validate.js";

/** The aihwkit device classes this module reads and writes. */
export const AIHWKIT_DEVICE_CLASSES = [
  "ConstantStepDevice",
  "SoftBoundsDevice",
  "SoftBoundsPmaxDevice",
  "PowStepDevice",
  "LinearStepDevice",
  "ExpStepDevice",
] as const;
/** One of {@link AIHWKIT_DEVICE_CLASSES}. */
export type AihwkitDeviceClass = (typeof AIHWKIT_DEVICE_CLASSES)[number];

/** An aihwkit device configuration as JSON: the dataclass name, its fields, and our extras. */
export interface AihwkitDeviceFile {
  readonly device_class: AihwkitDeviceClass;
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly neuroxbar?: AihwkitExtras;
}

/** What aihwkit has no field for, kept so an export imports back to the same device. */
export interface AihwkitExtras {
  readonly gMinS: number;
  readonly gMaxS: number;
  readonly electrical: Preset["electrical"];
  readonly nonIdealities?: Record<string, unknown>;
  readonly source?: string;
  readonly notes?: string;
}

/** aihwkit variation fields of PulsedDevice that this mapping does not carry. */
const UNMAPPED_VARIATION = [
  "w_min_dtod",
  "w_max_dtod",
  "up_down_dtod",
  "corrupt_devices_prob",
  "diffusion",
  "lifetime",
  "reset_std",
  "write_noise_std",
  "pow_up_down_dtod",
  "gamma_up_dtod",
  "gamma_down_dtod",
] as const;

/** Conductance scale and operating point assumed for an aihwkit file without a neuroxbar block
 * (the MLP+NeuroSim V3.0 ideal device, as devices/ideal.json). */
const DEFAULT_EXTRAS: AihwkitExtras = {
  gMinS: 1e-7,
  gMaxS: 5e-6,
  electrical: {
    readVoltageV: 0.5,
    readPulseWidthS: 5e-9,
    ltpVoltageV: 2,
    ltdVoltageV: -2,
    writePulseWidthS: 1e-8,
  },
};

function relClose(a: number, b: number, tol = 1e-12): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));
}

/** Variation fields shared by every pulsed device, all zero except the ones we map. */
function variationFields(preset: Preset): Record<string, number> {
  const d2d = preset.nonIdealities.d2d;
  const c2c = preset.nonIdealities.c2c;
  const fields: Record<string, number> = {
    dw_min_dtod: d2d.enabled ? d2d.stepSigma : 0,
    dw_min_std: c2c.enabled ? c2c.sigmaOfStep : 0,
  };
  for (const f of UNMAPPED_VARIATION) fields[f] = 0;
  return fields;
}

/** Non-idealities with the aihwkit-mapped fields removed (they travel in `params`). */
function remainingNonIdealities(preset: Preset): Record<string, unknown> {
  const ni = structuredClone(preset.nonIdealities);
  ni.d2d.stepSigma = 0;
  if (preset.model === "pow-step") ni.d2d.nlSigma = 0;
  ni.c2c.sigmaOfStep = 0;
  return ni;
}

/** Signed curvature k = Pmax/A of one direction of a neurosim preset. */
function neurosimCurvature(nl: number | undefined, a: number | undefined, pMax: number): number {
  return nl !== undefined ? curvatureFromLabel(nl) : pMax / a!;
}

/**
 * A preset as an aihwkit device configuration. Throws ValidationError for a model aihwkit has no
 * counterpart for (querlioz, measured, custom; neurosim unless mirror-symmetric).
 */
export function toAihwkit(preset: Preset): AihwkitDeviceFile {
  if (!("gMinS" in preset.params)) {
    throw new ValidationError(
      `aihwkit export: model "${preset.model}" has no aihwkit counterpart (a measured curve)`,
    );
  }
  const extras: AihwkitExtras = {
    gMinS: preset.params.gMinS,
    gMaxS: preset.params.gMaxS,
    electrical: preset.electrical,
    nonIdealities: remainingNonIdealities(preset),
    source: preset.source,
    ...(preset.notes !== undefined ? { notes: preset.notes } : {}),
  };
  const bounds = { w_min: -1, w_max: 1 };
  const variation = variationFields(preset);
  switch (preset.model) {
    case "linear": {
      const steps = stepsToDwMin(2 / preset.params.pMaxLtp, 2 / preset.params.pMaxLtd);
      return {
        device_class: "ConstantStepDevice",
        params: { ...bounds, dw_min: steps.dwMin, up_down: steps.upDown, ...variation },
        neuroxbar: extras,
      };
    }
    case "soft-bounds": {
      const { dwMin, upDown } = preset.params;
      // w_max = −w_min = 1: scale_up/w_max and scale_down/|w_min| are our per-pulse fractions.
      const steps = stepsToDwMin(2 * dwMin * (1 + upDown), 2 * dwMin * (1 - upDown));
      return {
        device_class: "SoftBoundsDevice",
        params: { ...bounds, dw_min: steps.dwMin, up_down: steps.upDown, ...variation },
        neuroxbar: extras,
      };
    }
    case "linear-step": {
      const p = preset.params;
      return {
        device_class: "LinearStepDevice",
        params: {
          w_min: p.wMin,
          w_max: p.wMax,
          dw_min: p.dwMin,
          up_down: p.upDown,
          gamma_up: p.gammaUp,
          gamma_down: p.gammaDown,
          mean_bound_reference: true,
          mult_noise: true,
          ...variation,
        },
        neuroxbar: extras,
      };
    }
    case "exp-step": {
      const p = preset.params;
      return {
        device_class: "ExpStepDevice",
        params: {
          w_min: p.wMin,
          w_max: p.wMax,
          dw_min: p.dwMin,
          up_down: p.upDown,
          A_up: p.aUp,
          A_down: p.aDown,
          gamma_up: p.gammaUp,
          gamma_down: p.gammaDown,
          a: p.zSlope,
          b: p.zOffset,
          ...variation,
        },
        neuroxbar: extras,
      };
    }
    case "pow-step": {
      const { gammaUp, gammaDown } = preset.params;
      const gamma = (gammaUp + gammaDown) / 2;
      const d2d = preset.nonIdealities.d2d;
      return {
        device_class: "PowStepDevice",
        params: {
          ...bounds,
          ...(() => {
            const { dwMin, upDown } = preset.params;
            const steps = stepsToDwMin(2 * dwMin * (1 + upDown), 2 * dwMin * (1 - upDown));
            return { dw_min: steps.dwMin, up_down: steps.upDown };
          })(),
          pow_gamma: gamma,
          pow_up_down: gamma === 0 ? 0 : (gammaUp - gammaDown) / (gammaUp + gammaDown),
          pow_gamma_dtod: d2d.enabled ? d2d.nlSigma : 0,
          pow_up_down_dtod: 0,
          ...variation,
        },
        neuroxbar: extras,
      };
    }
    case "neurosim": {
      const p = preset.params;
      const kLtp = neurosimCurvature(p.nlLtp, p.aLtpPulses, p.pMaxLtp);
      const kLtd = neurosimCurvature(p.nlLtd, p.aLtdPulses, p.pMaxLtd);
      if (p.pMaxLtp !== p.pMaxLtd || !relClose(kLtd, -kLtp) || kLtp === 0) {
        throw new ValidationError(
          `aihwkit export: neurosim device with pMaxLtp ${p.pMaxLtp}, pMaxLtd ${p.pMaxLtd}, curvatures ${kLtp} / ${kLtd}: ` +
            "aihwkit's SoftBoundsPmaxDevice needs equal pulse counts and a mirror-symmetric LTD curve (nlLtd = −nlLtp)",
        );
      }
      return {
        device_class: "SoftBoundsPmaxDevice",
        params: {
          p_max: p.pMaxLtp,
          alpha: kLtp / p.pMaxLtp,
          range_min: -1,
          range_max: 1,
          ...variation,
        },
        neuroxbar: extras,
      };
    }
    default:
      throw new ValidationError(
        `aihwkit export: model "${preset.model}" has no aihwkit counterpart; exportable: linear (ConstantStepDevice), soft-bounds (SoftBoundsDevice), pow-step (PowStepDevice), linear-step (LinearStepDevice), exp-step (ExpStepDevice), mirror-symmetric neurosim (SoftBoundsPmaxDevice)`,
      );
  }
}

function num(params: Readonly<Record<string, unknown>>, key: string, source: string): number {
  const v = params[key];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ValidationError(
      `${source} › params.${key}: expected a finite number, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function optionalNum(params: Readonly<Record<string, unknown>>, key: string): number {
  const v = params[key];
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

/** A whole pulse count from a real one, refused when it is not whole to 1e-9. */
function wholePulses(p: number, what: string, source: string): number {
  const n = Math.round(p);
  if (!(n >= 1) || Math.abs(p - n) > 1e-9 * n) {
    throw new ValidationError(
      `${source}: ${what} gives ${p} pulses over the range; NeuroXbar's linear device needs a whole number`,
    );
  }
  return n;
}

/**
 * An aihwkit device configuration (the JSON of {@link toAihwkit}, or the dataclass fields of a
 * Python config) as a validated preset. `source` names the file in messages.
 */
export function fromAihwkit(file: unknown, source: string): Preset {
  if (typeof file !== "object" || file === null) {
    throw new ValidationError(`${source}: expected a JSON object with device_class and params`);
  }
  const f = file as { device_class?: unknown; params?: unknown; neuroxbar?: AihwkitExtras };
  const cls = f.device_class;
  if (typeof cls !== "string" || !(AIHWKIT_DEVICE_CLASSES as readonly string[]).includes(cls)) {
    throw new ValidationError(
      `${source} › device_class: expected one of ${AIHWKIT_DEVICE_CLASSES.join(", ")}, got ${JSON.stringify(cls)}`,
    );
  }
  if (typeof f.params !== "object" || f.params === null) {
    throw new ValidationError(`${source} › params: expected an object of aihwkit dataclass fields`);
  }
  const params = f.params as Record<string, unknown>;
  const extras = f.neuroxbar ?? DEFAULT_EXTRAS;
  const notes: string[] = [];
  if (!f.neuroxbar) {
    notes.push(
      `Imported from aihwkit ${cls}; conductance scale (Gmin ${DEFAULT_EXTRAS.gMinS} S, Gmax ${DEFAULT_EXTRAS.gMaxS} S) and electrical values assumed (MLP+NeuroSim V3.0 ideal device).`,
    );
  }
  const ignored = UNMAPPED_VARIATION.filter((k) => optionalNum(params, k) !== 0);
  if (ignored.length) {
    notes.push(`aihwkit fields not imported (no NeuroXbar counterpart): ${ignored.join(", ")}.`);
  }
  const g = { gMinS: extras.gMinS, gMaxS: extras.gMaxS };
  const ni = structuredClone(extras.nonIdealities ?? {}) as Record<string, Record<string, unknown>>;
  const d2d = (ni.d2d ??= {});
  const c2c = (ni.c2c ??= {});
  const stepSigma = optionalNum(params, "dw_min_dtod");
  const sigmaOfStep = optionalNum(params, "dw_min_std");
  if (stepSigma) d2d.stepSigma = stepSigma;
  if (sigmaOfStep) c2c.sigmaOfStep = sigmaOfStep;

  let model: string;
  let modelParams: Record<string, number>;
  if (cls === "SoftBoundsPmaxDevice") {
    const pMax = num(params, "p_max", source);
    const alpha = num(params, "alpha", source);
    model = "neurosim";
    modelParams = {
      ...g,
      pMaxLtp: pMax,
      pMaxLtd: pMax,
      aLtpPulses: 1 / alpha,
      aLtdPulses: -1 / alpha,
    };
  } else {
    const wMin = num(params, "w_min", source);
    const wMax = num(params, "w_max", source);
    const dwMin = num(params, "dw_min", source);
    const upDown = optionalNum(params, "up_down");
    const range = wMax - wMin;
    if (!(range > 0)) {
      throw new ValidationError(
        `${source} › params: expected w_max > w_min, got ${wMin} … ${wMax}`,
      );
    }
    const steps = { dwMin, upDown };
    const up = scaleUp(steps);
    const down = scaleDown(steps);
    if (cls === "ConstantStepDevice") {
      model = "linear";
      modelParams = {
        ...g,
        pMaxLtp: wholePulses(range / up, "the up step", source),
        pMaxLtd: wholePulses(range / down, "the down step", source),
      };
    } else if (cls === "SoftBoundsDevice") {
      if (!(wMin < 0 && wMax > 0)) {
        throw new ValidationError(
          `${source} › params: soft bounds need w_min < 0 < w_max, got ${wMin} … ${wMax}`,
        );
      }
      // Per-pulse shrink of the distance to each bound, as fractions (see the header).
      const ru = up / wMax;
      const rd = down / -wMin;
      model = "soft-bounds";
      modelParams = { ...g, dwMin: (ru + rd) / 4, upDown: (ru - rd) / (ru + rd) };
    } else if (cls === "PowStepDevice") {
      const gamma = num(params, "pow_gamma", source);
      const powUpDown = optionalNum(params, "pow_up_down");
      const nlSigma = optionalNum(params, "pow_gamma_dtod");
      if (nlSigma) d2d.nlSigma = nlSigma;
      const dwUp = up / range;
      const dwDown = down / range;
      model = "pow-step";
      modelParams = {
        ...g,
        dwMin: (dwUp + dwDown) / 2,
        upDown: (dwUp - dwDown) / (dwUp + dwDown),
        gammaUp: gamma * (1 + powUpDown),
        gammaDown: gamma * (1 - powUpDown),
      };
    } else if (cls === "LinearStepDevice") {
      model = "linear-step";
      modelParams = {
        ...g,
        wMin,
        wMax,
        dwMin,
        upDown,
        gammaUp: optionalNum(params, "gamma_up"),
        gammaDown: optionalNum(params, "gamma_down"),
      };
    } else {
      model = "exp-step";
      modelParams = {
        ...g,
        wMin,
        wMax,
        dwMin,
        upDown,
        aUp: num(params, "A_up", source),
        aDown: num(params, "A_down", source),
        gammaUp: num(params, "gamma_up", source),
        gammaDown: num(params, "gamma_down", source),
        zSlope: num(params, "a", source),
        zOffset: num(params, "b", source),
      };
    }
  }
  const preset = {
    model,
    params: modelParams,
    nonIdealities: ni,
    electrical: extras.electrical,
    source: extras.source ?? `aihwkit ${cls} configuration (${source})`,
    ...(extras.notes !== undefined || notes.length
      ? { notes: [extras.notes, ...notes].filter(Boolean).join(" ") }
      : {}),
  };
  return parseWithSchema(presetSchema, preset, source);
}
