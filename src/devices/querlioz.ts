/**
 * Querlioz exponential-in-G device (Querlioz, Bichler, Dollfus, Gamrat, IEEE Trans. Nanotechnol.
 * 12(3):288–295, 2013; device-models.md §1c). With x = (G − Gmin)/(Gmax − Gmin):
 *
 *   LTP step ΔG+ = α+·(Gmax − Gmin)·exp(−β+·x)
 *   LTD step ΔG− = α−·(Gmax − Gmin)·exp(−β−·(1 − x))          then clip to [Gmin, Gmax]
 *
 * α± are fractions of the range (the paper's normalised units, Gmax − Gmin ≈ 1). The pulse count
 * between two conductances (update mode "delta") uses the continuous limit dx/dP = α e^(−βx), whose
 * solution gives P = e^(βx0)·(e^(βΔx) − 1)/(αβ); it differs from the discrete map by O(αβ/2)
 * relative (0.3 % for the paper's α+ = 0.0017, β+ = 3). Pulses themselves use the exact step.
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
 * Zod schema of the Querlioz exponential-in-G device: conductance bounds (S), steps α± at the
 * starting bound (fractions of the range) and decay rates β± (dimensionless).
 */
export const querliozParamsSchema = z
  .object({
    gMinS: siemens("lowest conductance"),
    gMaxS: siemens("highest conductance", MIN_GMAX_S),
    alphaLtp: dimensionless("α+: LTP step at Gmin as a fraction of the range", 1e-9, 0.5),
    alphaLtd: dimensionless("α−: LTD step at Gmax as a fraction of the range", 1e-9, 0.5),
    betaLtp: dimensionless("β+: how fast the LTP step shrinks towards Gmax", 0, 50),
    betaLtd: dimensionless("β−: how fast the LTD step shrinks towards Gmin", 0, 50),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkBounds(p, ctx);
    checkSweep(ctx, "LTP", "alphaLtp", p.alphaLtp, "betaLtp", p.betaLtp);
    checkSweep(ctx, "LTD", "alphaLtd", p.alphaLtd, "betaLtd", p.betaLtd);
  });

/**
 * A full sweep takes odePulses(0, 1, α, β) = (e^β − 1)/(αβ) pulses (1/α for β = 0): blamed on α
 * when 1/α alone is over the limit, otherwise on β (the step shrinks e^β-fold towards the far
 * bound).
 */
function checkSweep(
  ctx: z.RefinementCtx,
  dir: "LTP" | "LTD",
  alphaKey: string,
  alpha: number,
  betaKey: string,
  beta: number,
): void {
  const field = 1 / alpha > MAX_SWEEP_PULSES ? alphaKey : betaKey;
  const how = `${dir} sweep ${dir === "LTP" ? "Gmin → Gmax" : "Gmax → Gmin"} ((e^β − 1)/(αβ) with ${alphaKey} ${alpha}, ${betaKey} ${beta})`;
  checkSweepPulses(ctx, odePulses(0, 1, alpha, beta), field, how);
}

/** Parameters of the Querlioz device model (output of querliozParamsSchema). */
export type QuerliozParams = z.infer<typeof querliozParamsSchema>;

/** Below this β the exponential is 1 to 1e-9 over the range: use the linear formula. */
const BETA_LINEAR = 1e-9;

/** Pulses for a normalised distance dz starting at z0 on dz/dP = a·e^(−βz). */
function odePulses(z0: number, dz: number, a: number, beta: number): number {
  if (beta < BETA_LINEAR) return dz / a;
  return (Math.exp(beta * z0) * Math.expm1(beta * dz)) / (a * beta);
}

/** Record slots: 1/range; α± (fraction of the range per pulse, step factor included); β±. */
const INV_RANGE = 2;
const ALPHA_LTP = 3;
const ALPHA_LTD = 4;
const BETA_LTP = 5;
const BETA_LTD = 6;

class QuerliozKernel extends KernelBase implements DeviceKernel {
  readonly exactStrength = false;
  readonly slotNames = ["invRange", "alphaLtp", "alphaLtd", "betaLtp", "betaLtd"];

  constructor(p: QuerliozParams, n: number, bounds: NominalBounds, f: DeviceFactors) {
    super(n, bounds, f);
    const r = this.params;
    for (let d = 0, o = 0; d < n; d++, o += PARAM_STRIDE) {
      const s = factorAt(f.step, d);
      const nl = factorAt(f.nl, d);
      r[o + INV_RANGE] = 1 / (r[o + 1]! - r[o]!);
      r[o + ALPHA_LTP] = p.alphaLtp * s;
      r[o + ALPHA_LTD] = p.alphaLtd * s;
      r[o + BETA_LTP] = p.betaLtp * nl;
      r[o + BETA_LTD] = p.betaLtd * nl;
    }
  }

  ltp(d: number, gS: number, strength: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const gMin = r[o]!;
    const range = r[o + 1]! - gMin;
    const x = (gS - gMin) * r[o + INV_RANGE]!;
    return gS + strength * r[o + ALPHA_LTP]! * range * Math.exp(-r[o + BETA_LTP]! * x);
  }
  ltd(d: number, gS: number, strength: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const gMax = r[o + 1]!;
    const range = gMax - r[o]!;
    const z = (gMax - gS) * r[o + INV_RANGE]!;
    return gS - strength * r[o + ALPHA_LTD]! * range * Math.exp(-r[o + BETA_LTD]! * z);
  }
  ltpPulsesTo(d: number, gS: number, targetS: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const inv = r[o + INV_RANGE]!;
    return odePulses((gS - r[o]!) * inv, (targetS - gS) * inv, r[o + ALPHA_LTP]!, r[o + BETA_LTP]!);
  }
  ltdPulsesTo(d: number, gS: number, targetS: number): number {
    const r = this.params;
    const o = d * PARAM_STRIDE;
    const inv = r[o + INV_RANGE]!;
    return odePulses(
      (r[o + 1]! - gS) * inv,
      (gS - targetS) * inv,
      r[o + ALPHA_LTD]!,
      r[o + BETA_LTD]!,
    );
  }
}

/**
 * The Querlioz device model: steps ΔG± = α± e^(−β± x±) that shrink towards the bound being
 * approached.
 */
export const querliozModel: DeviceModel<QuerliozParams> = {
  name: "querlioz",
  title: "Querlioz exponential-in-G steps ΔG± = α± e^(−β± x±)",
  equationSource: "Querlioz, Bichler, Dollfus, Gamrat, IEEE Trans. Nanotechnol. 12(3):288, 2013",
  paramsSchema: querliozParamsSchema,
  hasNonlinearity: true,
  exclusiveParams: [],
  nominalBounds: (p) => ({ gMinS: p.gMinS, gMaxS: p.gMaxS }),
  // The LTD form already mirrors the LTP form in (1 − x): symmetric means equal α and β.
  symmetric: (p) => ({ ...p, alphaLtd: p.alphaLtp, betaLtd: p.betaLtp }),
  fabricate: (p, n, bounds, f) => new QuerliozKernel(p, n, bounds, f),
  sweepPulses: (p) => ({
    ltp: Math.ceil(odePulses(0, 1, p.alphaLtp, p.betaLtp)),
    ltd: Math.ceil(odePulses(0, 1, p.alphaLtd, p.betaLtd)),
  }),
  derived: (p) => ({
    pulsesGminToGmax: odePulses(0, 1, p.alphaLtp, p.betaLtp),
    pulsesGmaxToGmin: odePulses(0, 1, p.alphaLtd, p.betaLtd),
  }),
};
