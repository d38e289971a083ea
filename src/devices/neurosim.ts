/**
 * NeuroSim saturating-exponential device (MLP+NeuroSim V3.0, formula.cpp/Cell.cpp semantics and
 * user manual §5; Chen & Yu, IEEE Design & Test 2019; device-models.md §1b).
 *
 *   G(P) = B·(1 − e^(−P/A)) + Gmin,   B = (Gmax − Gmin)/(1 − e^(−Pmax/A)),   P ∈ [0, Pmax]
 *
 * with its own (A, Pmax) for LTP and for LTD. An LTP pulse moves the pulse position P up by one,
 * an LTD pulse moves it down by one on the LTD curve; the position is never stored, it is the
 * curve inverse of the present conductance P = −A ln(1 − (G − Gmin)/B), so noise on G carries over.
 *
 * Sign convention (NeuroSim's): A has the sign of the NL label and both directions use the formula
 * above. A negative LTD label therefore gives the usual saturating depression (largest steps just
 * below Gmax) — it equals the mirrored form G(P) = −B(1 − e^((P − Pmax)/A)) + Gmax with A = |A_LTD|
 * — and NL_LTD = −NL_LTP is the symmetric (mirror-image) device, e.g. EpiRAM 0.5 / −0.5.
 *
 * Implementation: with u = Gmin + B − G (distance to the curve's asymptote) one pulse is
 * u ← u·e^(∓1/A), so a pulse costs one multiply, and the pulses between two conductances are
 * ΔP = −A·log1p(−ΔG/u): one logarithm, exact.
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
import { MIN_CURVATURE, NL_LABEL_MAX, curvatureFromLabel, labelFromCurvature } from "./nl-label.js";
import { checkBounds, MIN_GMAX_S, pulses, siemens } from "./schema-helpers.js";

const nlLabel = (dir: string) =>
  z
    .number()
    .finite()
    .min(-NL_LABEL_MAX)
    .max(NL_LABEL_MAX)
    .optional()
    .describe(`1 — NeuroSim nonlinearity label of the ${dir} curve (sign = sign of A)`);
const aPulses = (dir: string) =>
  z
    .number()
    .finite()
    .optional()
    .describe(
      `pulses — curvature constant A of the ${dir} curve, given directly instead of the label`,
    );

/**
 * Zod schema of the NeuroSim saturating-exponential device: conductance bounds (S), LTP/LTD pulses
 * across the range and nonlinearity (NL label or A in pulses).
 */
export const neurosimParamsSchema = z
  .object({
    gMinS: siemens("lowest conductance (high-resistance state)"),
    gMaxS: siemens("highest conductance (low-resistance state)", MIN_GMAX_S),
    pMaxLtp: pulses("LTP pulses from Gmin to Gmax (levels)"),
    pMaxLtd: pulses("LTD pulses from Gmax to Gmin (levels)"),
    nlLtp: nlLabel("LTP"),
    nlLtd: nlLabel("LTD"),
    aLtpPulses: aPulses("LTP"),
    aLtdPulses: aPulses("LTD"),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkBounds(p, ctx);
    for (const [nl, a] of [
      ["nlLtp", "aLtpPulses"],
      ["nlLtd", "aLtdPulses"],
    ] as const) {
      const hasNl = p[nl] !== undefined;
      const hasA = p[a] !== undefined;
      if (hasNl === hasA) {
        ctx.addIssue({
          code: "custom",
          path: [nl],
          message: hasNl
            ? `give either ${nl} (NL label) or ${a} (A in pulses), not both`
            : `missing: give ${nl} (NL label, e.g. 2.4) or ${a} (A in pulses)`,
        });
      }
      if (hasA && p[a] === 0) {
        ctx.addIssue({
          code: "custom",
          path: [a],
          message: "A must not be 0 (use a huge A, or NL 0, for a linear curve)",
        });
      }
    }
  });

/** Parameters of the NeuroSim device model (output of neurosimParamsSchema). */
export type NeurosimParams = z.infer<typeof neurosimParamsSchema>;

/** Signed curvature k = Pmax/A of one direction, from the label or from A. */
function curvature(nl: number | undefined, aPulses: number | undefined, pMax: number): number {
  return nl !== undefined ? curvatureFromLabel(nl) : pMax / aPulses!;
}

/** Keeps |k| ≥ MIN_CURVATURE so A stays finite (a linear curve is the k → 0 limit). */
function finiteCurvature(k: number): number {
  if (Math.abs(k) >= MIN_CURVATURE) return k;
  return k < 0 ? -MIN_CURVATURE : MIN_CURVATURE;
}

/** Per-device curvature with the NL spread applied to the label (NeuroSim spreads the label). */
function deviceCurvature(k: number, factor: number): number {
  if (factor === 1) return finiteCurvature(k);
  const label = Math.max(-NL_LABEL_MAX, Math.min(NL_LABEL_MAX, labelFromCurvature(k) * factor));
  return finiteCurvature(curvatureFromLabel(label));
}

/**
 * Record slots: the asymptotes Gmin + B (S); the per-pulse factors e^(−s/A_LTP) and e^(+s/A_LTD)
 * (s = device step factor; a pulse of strength σ uses q^σ); A/s, converting a position
 * difference into pulses of this device.
 */
const ASYM_LTP = 2;
const ASYM_LTD = 3;
const Q_LTP = 4;
const Q_LTD = 5;
const A_OVER_STEP_LTP = 6;
const A_OVER_STEP_LTD = 7;

class NeurosimKernel extends KernelBase implements DeviceKernel {
  readonly exactStrength = true;
  readonly slotNames = ["asymLtpS", "asymLtdS", "qLtp", "qLtd", "aOverStepLtp", "aOverStepLtd"];

  constructor(p: NeurosimParams, n: number, bounds: NominalBounds, f: DeviceFactors) {
    super(n, bounds, f);
    const r = this.params;
    const kLtp = curvature(p.nlLtp, p.aLtpPulses, p.pMaxLtp);
    const kLtd = curvature(p.nlLtd, p.aLtdPulses, p.pMaxLtd);
    for (let d = 0, o = 0; d < n; d++, o += PARAM_STRIDE) {
      const gMin = r[o]!;
      const range = r[o + 1]! - gMin;
      const s = factorAt(f.step, d);
      const nlFactor = factorAt(f.nl, d);
      const kp = deviceCurvature(kLtp, nlFactor);
      const kd = deviceCurvature(kLtd, nlFactor);
      const aLtp = p.pMaxLtp / kp;
      const aLtd = p.pMaxLtd / kd;
      // B = range/(1 − e^(−k)), written with expm1 so small |k| keeps its precision.
      r[o + ASYM_LTP] = gMin + range / -Math.expm1(-kp);
      r[o + ASYM_LTD] = gMin + range / -Math.expm1(-kd);
      r[o + Q_LTP] = Math.exp(-s / aLtp);
      r[o + Q_LTD] = Math.exp(s / aLtd);
      r[o + A_OVER_STEP_LTP] = aLtp / s;
      r[o + A_OVER_STEP_LTD] = aLtd / s;
    }
  }

  ltp(d: number, gS: number, strength: number): number {
    const o = d * PARAM_STRIDE;
    const asym = this.params[o + ASYM_LTP]!;
    const q = this.params[o + Q_LTP]!;
    return asym - (asym - gS) * (strength === 1 ? q : Math.pow(q, strength));
  }
  ltd(d: number, gS: number, strength: number): number {
    const o = d * PARAM_STRIDE;
    const asym = this.params[o + ASYM_LTD]!;
    const q = this.params[o + Q_LTD]!;
    return asym - (asym - gS) * (strength === 1 ? q : Math.pow(q, strength));
  }
  ltpPulsesTo(d: number, gS: number, targetS: number): number {
    const o = d * PARAM_STRIDE;
    return (
      -this.params[o + A_OVER_STEP_LTP]! *
      Math.log1p((gS - targetS) / (this.params[o + ASYM_LTP]! - gS))
    );
  }
  ltdPulsesTo(d: number, gS: number, targetS: number): number {
    const o = d * PARAM_STRIDE;
    return (
      this.params[o + A_OVER_STEP_LTD]! *
      Math.log1p((gS - targetS) / (this.params[o + ASYM_LTD]! - gS))
    );
  }
}

/**
 * The NeuroSim device model: G(P) = B(1 − e^(−P/A)) + Gmin with separate LTP and LTD nonlinearity.
 */
export const neurosimModel: DeviceModel<NeurosimParams> = {
  name: "neurosim",
  title: "NeuroSim saturating exponential G(P) = B(1 − e^(−P/A)) + Gmin, separate LTP/LTD NL",
  equationSource: "MLP+NeuroSim V3.0 manual §5; Chen & Yu, IEEE Design & Test 2019",
  paramsSchema: neurosimParamsSchema,
  hasNonlinearity: true,
  exclusiveParams: [
    ["nlLtp", "aLtpPulses"],
    ["nlLtd", "aLtdPulses"],
  ],
  nominalBounds: (p) => ({ gMinS: p.gMinS, gMaxS: p.gMaxS }),
  symmetric: (p) => {
    const { nlLtd: _nl, aLtdPulses: _a, ...rest } = p;
    return p.nlLtp !== undefined
      ? { ...rest, pMaxLtd: p.pMaxLtp, nlLtd: -p.nlLtp }
      : { ...rest, pMaxLtd: p.pMaxLtp, aLtdPulses: -p.aLtpPulses! };
  },
  fabricate: (p, n, bounds, f) => new NeurosimKernel(p, n, bounds, f),
  sweepPulses: (p) => ({ ltp: p.pMaxLtp, ltd: p.pMaxLtd }),
  derived: (p) => {
    const kLtp = finiteCurvature(curvature(p.nlLtp, p.aLtpPulses, p.pMaxLtp));
    const kLtd = finiteCurvature(curvature(p.nlLtd, p.aLtdPulses, p.pMaxLtd));
    return {
      aLtpPulses: p.pMaxLtp / kLtp,
      aLtdPulses: p.pMaxLtd / kLtd,
      aOverPmaxLtp: 1 / kLtp,
      aOverPmaxLtd: 1 / kLtd,
      nlLabelLtp: labelFromCurvature(kLtp),
      nlLabelLtd: labelFromCurvature(kLtd),
      firstToLastStepRatioLtp: Math.exp(kLtp),
    };
  },
};
