/**
 * Linear bounded device — the ideal baseline.
 *
 * ΔG = ±(Gmax − Gmin)/Pmax per pulse, clipped to [Gmin, Gmax] (device-models.md §1a; the "ideal
 * device" of MLP+NeuroSim V3.0, Chen & Yu 2019). LTP and LTD may have different Pmax.
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
import { checkBounds, MIN_GMAX_S, pulses, siemens } from "./schema-helpers.js";

/**
 * Zod schema of the linear bounded device: conductance bounds (S) and LTP/LTD pulses across the
 * range.
 */
export const linearParamsSchema = z
  .object({
    gMinS: siemens("lowest conductance (high-resistance state)"),
    gMaxS: siemens("highest conductance (low-resistance state)", MIN_GMAX_S),
    pMaxLtp: pulses("LTP pulses from Gmin to Gmax (levels)"),
    pMaxLtd: pulses("LTD pulses from Gmax to Gmin (levels)"),
  })
  .strict()
  .superRefine((p, ctx) => checkBounds(p, ctx));

/** Parameters of the linear device model (output of linearParamsSchema). */
export type LinearParams = z.infer<typeof linearParamsSchema>;

/** Record slots: conductance step per LTP/LTD pulse (S, step factor included) and inverses. */
const STEP_LTP = 2;
const STEP_LTD = 3;
const INV_STEP_LTP = 4;
const INV_STEP_LTD = 5;

class LinearKernel extends KernelBase implements DeviceKernel {
  readonly exactStrength = true;
  readonly slotNames = ["stepLtpS", "stepLtdS", "invStepLtp", "invStepLtd"];

  constructor(p: LinearParams, n: number, bounds: NominalBounds, f: DeviceFactors) {
    super(n, bounds, f);
    const r = this.params;
    for (let d = 0, o = 0; d < n; d++, o += PARAM_STRIDE) {
      const range = r[o + 1]! - r[o]!;
      const s = factorAt(f.step, d);
      r[o + STEP_LTP] = (s * range) / p.pMaxLtp;
      r[o + STEP_LTD] = (s * range) / p.pMaxLtd;
      r[o + INV_STEP_LTP] = 1 / r[o + STEP_LTP]!;
      r[o + INV_STEP_LTD] = 1 / r[o + STEP_LTD]!;
    }
  }

  ltp(d: number, gS: number, strength: number): number {
    return gS + strength * this.params[d * PARAM_STRIDE + STEP_LTP]!;
  }
  ltd(d: number, gS: number, strength: number): number {
    return gS - strength * this.params[d * PARAM_STRIDE + STEP_LTD]!;
  }
  ltpPulsesTo(d: number, gS: number, targetS: number): number {
    return (targetS - gS) * this.params[d * PARAM_STRIDE + INV_STEP_LTP]!;
  }
  ltdPulsesTo(d: number, gS: number, targetS: number): number {
    return (gS - targetS) * this.params[d * PARAM_STRIDE + INV_STEP_LTD]!;
  }
}

/** The linear bounded device model (ideal baseline): ΔG = ±(Gmax − Gmin)/Pmax per pulse. */
export const linearModel: DeviceModel<LinearParams> = {
  name: "linear",
  title: "linear bounded (ideal baseline): ΔG = ±(Gmax − Gmin)/Pmax",
  equationSource: "device-models.md §1a; NeuroSim V3.0 ideal device (Chen & Yu 2019)",
  paramsSchema: linearParamsSchema,
  hasNonlinearity: false,
  exclusiveParams: [],
  nominalBounds: (p) => ({ gMinS: p.gMinS, gMaxS: p.gMaxS }),
  symmetric: (p) => ({ ...p, pMaxLtd: p.pMaxLtp }),
  fabricate: (p, n, bounds, f) => new LinearKernel(p, n, bounds, f),
  sweepPulses: (p) => ({ ltp: p.pMaxLtp, ltd: p.pMaxLtd }),
  derived: () => ({}),
};
