import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { parseWithSchema } from "../../src/core/validate.js";
import { linearStepModel, type LinearStepParams } from "../../src/devices/linear-step.js";
import { presetSchema } from "../../src/devices/preset.js";
import { loadPreset } from "../../src/devices/preset-files.js";
import { resolveDevice } from "../../src/devices/resolve.js";
import { caught } from "../caught.js";
import { devices, ELECTRICAL, preset, trace } from "./helpers.js";

/** An asymmetric axis with a bias, so every term of the equation matters. */
const P: LinearStepParams = {
  gMinS: 2e-7,
  gMaxS: 4.2e-6,
  wMin: -0.6,
  wMax: 1.4,
  dwMin: 0.01,
  upDown: 0.2,
  gammaUp: 0.3,
  gammaDown: 0.7,
};
const RANGE = P.gMaxS - P.gMinS;
/** Siemens per unit of aihwkit's weight, and the weight of a conductance (the documented map). */
const KAPPA = RANGE / (P.wMax - P.wMin);
const weightOf = (g: number, p = P) =>
  p.wMin + ((g - p.gMinS) * (p.wMax - p.wMin)) / (p.gMaxS - p.gMinS);

describe("linear-step device: one pulse follows aihwkit's LinearStep update", () => {
  const d = devices(preset("linear-step", P), 1);
  // aihwkit C++ (rpu_pulsed_device.cpp): up_down > 0 keeps the up step and shrinks the down step.
  const up = P.dwMin;
  const down = P.dwMin * (1 - P.upDown);

  test.each([0, 0.1, 0.3, 0.5, 0.8, 1])(
    "at x = %s: Δw = +scale_up(1 − γ_up·w/w_max) up, −scale_down(1 − γ_down·w/w_min) down (1e-12 of the range)",
    (x) => {
      const g = P.gMinS + x * RANGE;
      const w = weightOf(g);
      const expectUp = KAPPA * up * (1 - (P.gammaUp * w) / P.wMax);
      const expectDown = KAPPA * down * (1 - (P.gammaDown * w) / P.wMin);
      expect(Math.abs(d.kernel.ltp(0, g, 1) - g - expectUp) / RANGE).toBeLessThan(1e-12);
      expect(Math.abs(g - d.kernel.ltd(0, g, 1) - expectDown) / RANGE).toBeLessThan(1e-12);
    },
  );

  test("up_down < 0 shrinks the up step instead (aihwkit C++ convention)", () => {
    const k = devices(preset("linear-step", { ...P, upDown: -0.25 }), 1).kernel;
    const g0 = P.gMinS - P.wMin * KAPPA; // w = 0: the step is the bare scale
    expect((k.ltp(0, g0, 1) - g0) / KAPPA).toBeCloseTo(0.0075, 14);
    expect((g0 - k.ltd(0, g0, 1)) / KAPPA).toBeCloseTo(0.01, 14);
  });

  test("strength scales one step (multiplicative C2C 1 + σξ); exactStrength is false", () => {
    const g = P.gMinS + 0.4 * RANGE;
    const k = d.kernel;
    expect(k.exactStrength).toBe(false);
    expect(k.ltp(0, g, 2.5) - g).toBeCloseTo(2.5 * (k.ltp(0, g, 1) - g), 20);
    expect(g - k.ltd(0, g, -0.5)).toBeCloseTo(-0.5 * (g - k.ltd(0, g, 1)), 20);
  });

  test("γ = 0 is a constant step; γ = 1 is soft bounds (the step vanishes at the bound)", () => {
    const flat = devices(preset("linear-step", { ...P, gammaUp: 0, gammaDown: 0 }), 1).kernel;
    const soft = devices(preset("linear-step", { ...P, gammaUp: 1, gammaDown: 1 }), 1).kernel;
    for (const x of [0, 0.5, 1]) {
      const g = P.gMinS + x * RANGE;
      expect(Math.abs(flat.ltp(0, g, 1) - g - KAPPA * up) / RANGE).toBeLessThan(1e-12);
      expect(Math.abs(g - flat.ltd(0, g, 1) - KAPPA * down) / RANGE).toBeLessThan(1e-12);
    }
    expect(Math.abs(soft.ltp(0, P.gMaxS, 1) - P.gMaxS) / RANGE).toBeLessThan(1e-12);
    expect(Math.abs(soft.ltd(0, P.gMinS, 1) - P.gMinS) / RANGE).toBeLessThan(1e-12);
  });
});

describe("linear-step device: bounds and pulse counts", () => {
  test("hard bounds: pulses reach Gmax and Gmin exactly (the step stays finite there) and then stop", () => {
    const d = devices(preset("linear-step", P, { c2c: { enabled: false } }), 1);
    const sweep = linearStepModel.sweepPulses(P);
    d.applyPulses(0, sweep.ltp - 1, 1);
    expect(d.g[0]!).toBeLessThan(P.gMaxS);
    d.applyPulses(0, 1, 1);
    expect(d.g[0]).toBe(P.gMaxS);
    d.applyPulses(0, 5, 1);
    expect(d.g[0]).toBe(P.gMaxS);
    d.applyPulses(0, sweep.ltd, -1);
    expect(d.g[0]).toBe(P.gMinS);
    d.applyPulses(0, 5, -1);
    expect(d.g[0]).toBe(P.gMinS);
  });

  test("ltpPulsesTo / ltdPulsesTo equal the number of pulses between two points of a trace (1e-9, exact geometric map)", () => {
    const d = devices(preset("linear-step", P), 1);
    const upTrace = trace(d, 0, 150, 1);
    for (const n of [1, 7, 60, 150])
      expect(d.kernel.ltpPulsesTo(0, upTrace[0]!, upTrace[n]!)).toBeCloseTo(n, 9);
    expect(d.kernel.ltpPulsesTo(0, upTrace[20]!, upTrace[95]!)).toBeCloseTo(75, 9);
    const downTrace = trace(d, 0, 120, -1);
    for (const n of [1, 33, 120])
      expect(d.kernel.ltdPulsesTo(0, downTrace[0]!, downTrace[n]!)).toBeCloseTo(n, 9);
  });

  test("a target beyond the point where the step vanishes needs infinitely many pulses", () => {
    const k = devices(preset("linear-step", { ...P, gammaUp: 1 }), 1).kernel;
    expect(k.ltpPulsesTo(0, P.gMinS, P.gMaxS)).toBe(Infinity);
    expect(Number.isFinite(k.ltpPulsesTo(0, P.gMinS, P.gMinS + 0.99 * RANGE))).toBe(true);
  });

  test("the step follows the nominal map: a device's own (spread) bounds only move where it clips", () => {
    const d = devices(preset("linear-step", P, { d2d: { gMaxSigma: 0.2, gMinSigma: 0.2 } }), 8);
    const g = P.gMinS + 0.5 * RANGE;
    const nominal = KAPPA * P.dwMin * (1 - (P.gammaUp * weightOf(g)) / P.wMax);
    for (let i = 0; i < 8; i++) {
      expect(Math.abs(d.kernel.ltp(i, g, 1) - g - nominal) / RANGE).toBeLessThan(1e-12);
    }
  });

  test("the step spread scales both directions' steps; the NL spread scales γ", () => {
    const d = devices(preset("linear-step", P, { d2d: { stepSigma: 0.3, nlSigma: 0.3 } }), 6);
    const g0 = P.gMinS - P.wMin * KAPPA; // at w = 0 only the step factor acts
    const steps = Array.from({ length: 6 }, (_, i) => (d.kernel.ltp(i, g0, 1) - g0) / KAPPA);
    expect(new Set(steps.map((s) => s.toPrecision(12))).size).toBe(6);
    const gammas: number[] = [];
    for (let i = 0; i < 6; i++) {
      const s = steps[i]! / P.dwMin;
      const downRatio = (g0 - d.kernel.ltd(i, g0, 1)) / KAPPA / (P.dwMin * (1 - P.upDown));
      expect(downRatio / s).toBeCloseTo(1, 12);
      // At Gmax the up step is s·dwMin·(1 − γ_i): recover γ_i per device.
      gammas.push(1 - (d.kernel.ltp(i, P.gMaxS, 1) - P.gMaxS) / KAPPA / (s * P.dwMin));
    }
    expect(new Set(gammas.map((g) => g.toPrecision(12))).size).toBe(6);
    for (const g of gammas) expect(g).toBeGreaterThan(0);
  });
});

describe("asymmetry off: LTD is the mirror image of LTP", () => {
  test("the LTD step at distance u above Gmin equals the LTP step at u below Gmax; LTP is unchanged (1e-12)", () => {
    const sym = linearStepModel.symmetric(P);
    const k = linearStepModel.fabricate(
      sym,
      1,
      { gMinS: P.gMinS, gMaxS: P.gMaxS },
      {
        gMin: null,
        gMax: null,
        step: null,
        nl: null,
      },
    );
    const orig = devices(preset("linear-step", P), 1).kernel;
    for (const u of [0, 0.2, 0.5, 0.9, 1]) {
      const top = P.gMaxS - u * RANGE;
      const bottom = P.gMinS + u * RANGE;
      expect(Math.abs(k.ltp(0, top, 1) - orig.ltp(0, top, 1)) / RANGE).toBeLessThan(1e-12);
      expect(
        Math.abs(bottom - k.ltd(0, bottom, 1) - (k.ltp(0, top, 1) - top)) / RANGE,
      ).toBeLessThan(1e-12);
    }
  });

  test("a preset with asymmetry false fabricates that mirror", () => {
    const d = resolveDevice(preset("linear-step", P, { asymmetry: false }));
    expect(d.params).toMatchObject(linearStepModel.symmetric(P));
  });
});

describe("Li-ECRAM preset (aihwkit EcRamPresetDevice, Tang et al., IEDM 2018)", () => {
  const loaded = loadPreset("ecram-li", { "c2c.enabled": false, "d2d.enabled": false });
  const dev = resolveDevice(loaded.preset);

  test("is a linear-step device with aihwkit's published values", () => {
    expect(loaded.preset.model).toBe("linear-step");
    expect(loaded.preset.params).toMatchObject({
      wMin: -0.8276,
      wMax: 1.1724,
      dwMin: 0.002,
      upDown: 0,
      gammaUp: 0.1153,
      gammaDown: 0.5085,
    });
    const full = loadPreset("ecram-li").preset.nonIdealities;
    expect(full.c2c.sigmaOfStep).toBe(0.3);
    expect(full.d2d.stepSigma).toBe(0.1);
  });

  test("the step ratio at the bounds follows γ: LTP at Gmax = (1 − γ_up)·step at w = 0, LTD at Gmin = (1 − γ_down)·step at w = 0", () => {
    const k = dev.model.fabricate(dev.params, 1, dev.bounds, {
      gMin: null,
      gMax: null,
      step: null,
      nl: null,
    });
    const { gMinS, gMaxS } = dev.bounds;
    const g0 = gMinS + (0.8276 / 2) * (gMaxS - gMinS); // w = 0
    const up0 = k.ltp(0, g0, 1) - g0;
    const down0 = g0 - k.ltd(0, g0, 1);
    expect(up0 / (gMaxS - gMinS)).toBeCloseTo(0.001, 12); // dw_min 0.002 of a w-range of 2
    expect((k.ltp(0, gMaxS, 1) - gMaxS) / up0).toBeCloseTo(1 - 0.1153, 10);
    expect((gMinS - k.ltd(0, gMinS, 1)) / down0).toBeCloseTo(1 - 0.5085, 10);
    // The other ends grow linearly past w = 0: 1 + γ·|w_far|/|w_ref|.
    expect((k.ltp(0, gMinS, 1) - gMinS) / up0).toBeCloseTo(1 + (0.1153 * 0.8276) / 1.1724, 10);
    expect((gMaxS - k.ltd(0, gMaxS, 1)) / down0).toBeCloseTo(1 + (0.5085 * 1.1724) / 0.8276, 10);
  });

  test("a nominal device sweeps bound to bound in about 1,000 pulses each way (0.1 % of the range per pulse)", () => {
    const sweep = dev.model.sweepPulses(dev.params);
    // Mean step over the sweep lies between the end steps: 0.0885–0.108 % up, 0.049–0.172 % down.
    expect(sweep.ltp).toBeGreaterThan(1 / 0.00108139);
    expect(sweep.ltp).toBeLessThan(1 / 0.0008847 + 1);
    expect(sweep.ltd).toBeGreaterThan(1 / 0.00172036);
    expect(sweep.ltd).toBeLessThan(1 / 0.0004915 + 1);
  });
});

describe("linear-step schema", () => {
  const rejection = (params: Record<string, unknown>): string => {
    const body = { model: "linear-step", params, electrical: ELECTRICAL, source: "t" };
    const err = caught(() => parseWithSchema(presetSchema, body, "p.json"));
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  };

  test("a weight axis without 0 inside is rejected naming the bound", () => {
    expect(rejection({ ...P, wMin: 0 })).toMatch(/params\.wMin: linear-step needs wMin < 0 < wMax/);
    expect(rejection({ ...P, wMin: -1, wMax: 0 })).toMatch(/params\.wMax: linear-step needs/);
  });

  test("γ above 1 (a step that reverses before the bound) is rejected naming it", () => {
    expect(rejection({ ...P, gammaDown: 1.2 })).toMatch(/params\.gammaDown: .*got 1\.2/);
  });

  test("a step over half the axis, or a sweep over 1e6 pulses, is rejected naming dwMin", () => {
    expect(rejection({ ...P, dwMin: 1.5 })).toMatch(/params\.dwMin: a step of 1\.5 is 0\.750 of/);
    expect(rejection({ ...P, dwMin: 1e-7 })).toMatch(
      /params\.dwMin: a nominal LTP sweep from bound to bound .* takes [\d.]+e7 pulses, above the limit/,
    );
  });
});
