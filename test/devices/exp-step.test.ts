import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { parseWithSchema } from "../../src/core/validate.js";
import { expStepModel, type ExpStepParams } from "../../src/devices/exp-step.js";
import { NO_SPREAD } from "../../src/devices/kernel.js";
import { presetSchema } from "../../src/devices/preset.js";
import { loadPreset } from "../../src/devices/preset-files.js";
import { resolveDevice } from "../../src/devices/resolve.js";
import { caught } from "../caught.js";
import { devices, ELECTRICAL, preset, trace } from "./helpers.js";

/** aihwkit's ReRamESPresetDevice fit (Gong et al., Nat. Commun. 2018) on a 0.5–5 µS device. */
const RERAM: ExpStepParams = {
  gMinS: 5e-7,
  gMaxS: 5e-6,
  wMin: -1,
  wMax: 1,
  dwMin: 0.00135,
  upDown: 0.259359,
  aUp: -1.18445,
  aDown: -0.081404,
  gammaUp: 5,
  gammaDown: 5,
  zSlope: -0.5,
  zOffset: -0.5,
};
/** aihwkit's ExpStepDevice defaults (A, γ, a, b) on an asymmetric axis: saturating steps (A > 0). */
const DEFAULTS: ExpStepParams = {
  gMinS: 1e-7,
  gMaxS: 2.1e-6,
  wMin: -0.5,
  wMax: 0.7,
  dwMin: 0.004,
  upDown: -0.1,
  aUp: 0.00081,
  aDown: 0.36833,
  gammaUp: 12.44625,
  gammaDown: 12.78785,
  zSlope: 0.244,
  zOffset: 0.2425,
};

/**
 * aihwkit's update written out on w (rpu_expstep_device.cpp), for a device whose weight bounds
 * are [bMin, bMax]: the expected change of w for one unit pulse.
 */
function aihwkitDw(p: ExpStepParams, w: number, up: boolean, bMin = p.wMin, bMax = p.wMax) {
  const z = ((2 * w) / (bMax - bMin)) * p.zSlope + p.zOffset;
  const scaleUp = p.dwMin * (1 + Math.min(p.upDown, 0));
  const scaleDown = p.dwMin * (1 - Math.max(p.upDown, 0));
  return up
    ? scaleUp * Math.max(0, 1 - p.aUp * Math.exp(p.gammaUp * z))
    : -scaleDown * Math.max(0, 1 - p.aDown * Math.exp(-p.gammaDown * z));
}

const kappaOf = (p: ExpStepParams) => (p.gMaxS - p.gMinS) / (p.wMax - p.wMin);
const weightOf = (p: ExpStepParams, g: number) => p.wMin + (g - p.gMinS) / kappaOf(p);

describe.each([
  ["ReRamES fit", RERAM],
  ["aihwkit defaults", DEFAULTS],
] as const)("exp-step device (%s): one pulse follows aihwkit's ExpStep update", (_, p) => {
  const range = p.gMaxS - p.gMinS;
  const k = devices(preset("exp-step", p), 1).kernel;

  test.each([0, 0.1, 0.35, 0.5, 0.8, 1])(
    "at x = %s both directions equal scale·max(0, 1 − A·e^(±γz)) (1e-12 of the range)",
    (x) => {
      const g = p.gMinS + x * range;
      const w = weightOf(p, g);
      const up = kappaOf(p) * aihwkitDw(p, w, true);
      const down = kappaOf(p) * aihwkitDw(p, w, false);
      expect(Math.abs(k.ltp(0, g, 1) - g - up) / range).toBeLessThan(1e-12);
      expect(Math.abs(k.ltd(0, g, 1) - g - down) / range).toBeLessThan(1e-12);
    },
  );

  test("strength scales one step (multiplicative C2C 1 + σξ); exactStrength is false", () => {
    const g = p.gMinS + 0.3 * range;
    expect(k.exactStrength).toBe(false);
    expect(k.ltp(0, g, 3) - g).toBeCloseTo(3 * (k.ltp(0, g, 1) - g), 20);
    expect(k.ltd(0, g, -2) - g).toBeCloseTo(-2 * (k.ltd(0, g, 1) - g), 20);
  });

  test("pulse counts (continuous limit) match a trace of discrete pulses within the derived bound", () => {
    const d = devices(preset("exp-step", p, { c2c: { enabled: false } }), 1);
    const sweep = expStepModel.sweepPulses(p);
    for (const polarity of [1, -1] as const) {
      // Stay inside the range: a clipped pulse is not a step of the curve.
      const n = Math.min(400, (polarity > 0 ? sweep.ltp : sweep.ltd) - 2);
      const g = trace(d, 0, n, polarity);
      const step = (x: number) => Math.abs((polarity > 0 ? k.ltp(0, x, 1) : k.ltd(0, x, 1)) - x);
      // Pulse k covers [g_k, g_k+1] with step f(g_k); the ODE needs ∫dG/f(G) for it, which lies
      // between 1 and f(g_k)/f(g_k+1) as f is monotone: the count is off by at most Σ|ratio − 1|.
      let bound = 0;
      for (let i = 0; i < n; i++) bound += Math.abs(step(g[i]!) / step(g[i + 1]!) - 1);
      const predicted =
        polarity > 0 ? k.ltpPulsesTo(0, g[0]!, g[n]!) : k.ltdPulsesTo(0, g[0]!, g[n]!);
      expect(bound).toBeGreaterThan(0);
      expect(Math.abs(predicted - n)).toBeLessThanOrEqual(bound + 1e-9);
      expect(n).toBeGreaterThan(100);
    }
  });
});

describe("exp-step device: bounds, spread and special cases", () => {
  const range = RERAM.gMaxS - RERAM.gMinS;

  test("hard bounds: the ReRAM step stays finite at both bounds, so a sweep lands on them exactly and stays", () => {
    const d = devices(preset("exp-step", RERAM, { c2c: { enabled: false } }), 1);
    const sweep = expStepModel.sweepPulses(RERAM);
    d.applyPulses(0, sweep.ltp - 1, 1);
    expect(d.g[0]!).toBeLessThan(RERAM.gMaxS);
    d.applyPulses(0, 1, 1);
    expect(d.g[0]).toBe(RERAM.gMaxS);
    d.applyPulses(0, 3, 1);
    expect(d.g[0]).toBe(RERAM.gMaxS);
    d.applyPulses(0, sweep.ltd, -1);
    expect(d.g[0]).toBe(RERAM.gMinS);
  });

  test("z uses each device's own bound span (aihwkit b_max − b_min) while the step size stays nominal", () => {
    const d = devices(preset("exp-step", RERAM, { d2d: { gMinSigma: 0.1, gMaxSigma: 0.1 } }), 5);
    const kappa = kappaOf(RERAM);
    for (let i = 0; i < 5; i++) {
      const bMin = weightOf(RERAM, d.kernel.gMinS[i]!);
      const bMax = weightOf(RERAM, d.kernel.gMaxS[i]!);
      for (const x of [0.2, 0.7]) {
        const g = RERAM.gMinS + x * range;
        const w = weightOf(RERAM, g);
        const up = kappa * aihwkitDw(RERAM, w, true, bMin, bMax);
        const down = kappa * aihwkitDw(RERAM, w, false, bMin, bMax);
        expect(Math.abs(d.kernel.ltp(i, g, 1) - g - up) / range).toBeLessThan(1e-12);
        expect(Math.abs(d.kernel.ltd(i, g, 1) - g - down) / range).toBeLessThan(1e-12);
      }
    }
  });

  test("a = 0 gives a constant step; the pulse count is then exact (1e-9)", () => {
    const flat = { ...RERAM, zSlope: 0 };
    const d = devices(preset("exp-step", flat), 1);
    const g = trace(d, 0, 300, 1);
    for (let i = 1; i <= 300; i++)
      expect(Math.abs(g[i]! - g[i - 1]! - (g[1]! - g[0]!)) / range).toBeLessThan(1e-12);
    expect(d.kernel.ltpPulsesTo(0, g[0]!, g[300]!)).toBeCloseTo(300, 9);
  });

  test("a step that vanishes (max(0, y)) stops the device: no pulse passes that point, the count is infinite", () => {
    // y_up = 1 − A·e^(γz) reaches 0 at 99.5 % of the range when A = e^(−γ·z(x = 0.995)).
    const p = { ...RERAM, aUp: 0, gammaUp: 2, zSlope: 0.5, zOffset: 0 };
    const zAt = (x: number) => ((2 * (p.wMin + x * (p.wMax - p.wMin))) / 2) * p.zSlope;
    const stop = { ...p, aUp: Math.exp(-p.gammaUp * zAt(0.995)) };
    const d = devices(preset("exp-step", stop, { c2c: { enabled: false } }), 1);
    d.applyPulses(0, 20000, 1);
    const x = (d.g[0]! - stop.gMinS) / range;
    expect(x).toBeGreaterThan(0.99);
    expect(x).toBeLessThan(0.995);
    expect(d.kernel.ltp(0, stop.gMaxS, 1)).toBe(stop.gMaxS);
    expect(d.kernel.ltpPulsesTo(0, stop.gMinS, stop.gMaxS)).toBe(Infinity);
  });
});

describe("asymmetry off: LTD is the mirror image of LTP", () => {
  test.each([
    ["ReRamES fit", RERAM],
    ["aihwkit defaults", DEFAULTS],
  ] as const)(
    "%s: the LTD step at u above Gmin equals the LTP step at u below Gmax; LTP unchanged (1e-12)",
    (_, p) => {
      const range = p.gMaxS - p.gMinS;
      const bounds = { gMinS: p.gMinS, gMaxS: p.gMaxS };
      const sym = expStepModel.fabricate(expStepModel.symmetric(p), 1, bounds, NO_SPREAD);
      const orig = expStepModel.fabricate(p, 1, bounds, NO_SPREAD);
      for (const u of [0, 0.25, 0.5, 0.9, 1]) {
        const top = p.gMaxS - u * range;
        const bottom = p.gMinS + u * range;
        expect(Math.abs(sym.ltp(0, top, 1) - orig.ltp(0, top, 1)) / range).toBeLessThan(1e-12);
        expect(
          Math.abs(bottom - sym.ltd(0, bottom, 1) - (sym.ltp(0, top, 1) - top)) / range,
        ).toBeLessThan(1e-12);
      }
    },
  );
});

describe("ReRAM preset reram-gong2018 (aihwkit ReRamESPresetDevice, Gong et al., Nat. Commun. 2018)", () => {
  const loaded = loadPreset("reram-gong2018", { "c2c.enabled": false, "d2d.enabled": false });

  test("is an exp-step device with aihwkit's published values", () => {
    expect(loaded.preset.model).toBe("exp-step");
    expect(loaded.preset.params).toEqual(RERAM);
    const full = loadPreset("reram-gong2018").preset.nonIdealities;
    expect(full.c2c.sigmaOfStep).toBe(5);
    expect(full.d2d.stepSigma).toBe(0.2);
  });

  test("steps are dw_min/2 of the range times y: LTP 2.18× at Gmin to 1.01× at Gmax, LTD 1.08× to 13.1× (×(1 − up_down))", () => {
    const dev = resolveDevice(loaded.preset);
    const k = dev.model.fabricate(dev.params, 1, dev.bounds, NO_SPREAD);
    const base = 0.00135 / 2; // dw_min in units of w over a w-range of 2
    const up = (g: number) => (k.ltp(0, g, 1) - g) / range / base;
    const down = (g: number) => (g - k.ltd(0, g, 1)) / range / (base * (1 - 0.259359));
    const range = RERAM.gMaxS - RERAM.gMinS;
    expect(up(RERAM.gMinS)).toBeCloseTo(1 + 1.18445, 10);
    expect(up(RERAM.gMaxS)).toBeCloseTo(1 + 1.18445 * Math.exp(-5), 10);
    expect(down(RERAM.gMinS)).toBeCloseTo(1 + 0.081404, 10);
    expect(down(RERAM.gMaxS)).toBeCloseTo(1 + 0.081404 * Math.exp(5), 10);
  });
});

describe("exp-step schema", () => {
  const rejection = (params: Record<string, unknown>): string => {
    const body = { model: "exp-step", params, electrical: ELECTRICAL, source: "t" };
    const err = caught(() => parseWithSchema(presetSchema, body, "p.json"));
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  };

  test("a weight axis that does not contain 0 is rejected naming the bound (aihwkit requires it)", () => {
    expect(rejection({ ...RERAM, wMin: 0.1 })).toMatch(/params\.wMin: .*got 0\.1/);
  });

  test("a step that vanishes before 99 % of the range is rejected naming A", () => {
    expect(rejection({ ...RERAM, aUp: 1 })).toMatch(
      /params\.aUp: a nominal LTP sweep .* takes infinitely many pulses/,
    );
  });

  test("a one-sided axis (aihwkit's PCMPresetDevice: w in [0, 2]) is accepted", () => {
    const pcm = {
      gMinS: 1e-7,
      gMaxS: 5e-6,
      wMin: 0,
      wMax: 2,
      dwMin: 0.01,
      upDown: 0,
      aUp: -27.235,
      aDown: -2.235,
      gammaUp: 2.5,
      gammaDown: 2.5,
      zSlope: -1,
      zOffset: 0,
    };
    const body = { model: "exp-step", params: pcm, electrical: ELECTRICAL, source: "t" };
    expect(parseWithSchema(presetSchema, body, "p.json").model).toBe("exp-step");
  });

  test("a nominal sweep over 1e6 pulses is rejected naming dwMin", () => {
    expect(rejection({ ...RERAM, dwMin: 1e-7 })).toMatch(
      /params\.dwMin: a nominal LTP sweep .* takes [\d.]+e7 pulses, above the limit/,
    );
  });
});
