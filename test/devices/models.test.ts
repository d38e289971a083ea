import { describe, expect, test } from "vitest";
import { parseWithSchema } from "../../src/core/validate.js";
import { presetSchema } from "../../src/devices/preset.js";
import { devices, ELECTRICAL, preset, trace } from "./helpers.js";

const G_MIN = 1e-7;
const G_MAX = 5e-6;
const RANGE = G_MAX - G_MIN;

describe("linear device", () => {
  const p = preset("linear", { gMinS: G_MIN, gMaxS: G_MAX, pMaxLtp: 50, pMaxLtd: 25 });

  test("each LTP pulse adds (Gmax − Gmin)/pMaxLtp and 50 pulses reach Gmax (1e-12)", () => {
    const g = trace(devices(p, 1), 0, 50, 1);
    for (let i = 1; i <= 50; i++)
      expect(Math.abs(g[i]! - g[i - 1]! - RANGE / 50) / RANGE).toBeLessThan(1e-12);
    expect(Math.abs(g[50]! - G_MAX) / RANGE).toBeLessThan(1e-12);
  });

  test("LTD uses its own level count: 25 pulses from Gmax reach Gmin, further pulses clip", () => {
    const d = devices(p, 1);
    d.applyPulses(0, 50, 1);
    d.applyPulses(0, 25, -1);
    expect(Math.abs(d.g[0]! - G_MIN) / RANGE).toBeLessThan(1e-12);
    d.applyPulses(0, 3, -1);
    expect(d.g[0]).toBe(G_MIN);
  });
});

describe("querlioz device", () => {
  const params = {
    gMinS: 1e-10,
    gMaxS: 1e-6,
    alphaLtp: 0.0017,
    alphaLtd: 0.0007,
    betaLtp: 3,
    betaLtd: 0,
  };
  const range = params.gMaxS - params.gMinS;

  test("each step is α±·range·exp(−β±·distance) (Querlioz 2013) to 1e-12", () => {
    const d = devices(preset("querlioz", params), 1);
    const up = trace(d, 0, 300, 1);
    for (let i = 1; i < up.length; i++) {
      const x = (up[i - 1]! - params.gMinS) / range;
      expect(
        Math.abs(up[i]! - up[i - 1]! - 0.0017 * range * Math.exp(-3 * x)) / range,
      ).toBeLessThan(1e-12);
    }
    const down = trace(d, 0, 10, -1);
    for (let i = 1; i < down.length; i++) {
      expect(Math.abs(down[i - 1]! - down[i]! - 0.0007 * range) / range).toBeLessThan(1e-12); // β− = 0
    }
  });

  test("ltpPulsesTo (continuous limit) predicts the discrete pulse count to within αβ relative + 1 pulse", () => {
    const d = devices(preset("querlioz", params), 1);
    const target = params.gMinS + 0.6 * range;
    let n = 0;
    while (d.g[0]! < target) {
      d.applyPulses(0, 1, 1);
      n++;
    }
    const predicted = d.kernel.ltpPulsesTo(0, params.gMinS, target);
    // The Euler map and the ODE differ per step by O((αβ)²/2) relative to the step; over the
    // path that is ≤ αβ relative of the count; the discrete count overshoots the target by < 1 pulse.
    expect(Math.abs(predicted - n)).toBeLessThan(0.0017 * 3 * n + 1);
  });
});

describe("soft-bounds device", () => {
  const params = { gMinS: G_MIN, gMaxS: G_MAX, dwMin: 0.01, upDown: 0.2 };

  test("the step at mid-range is dw± = dwMin(1 ± upDown) of the range (aihwkit convention)", () => {
    const d = devices(preset("soft-bounds", params), 1);
    const mid = G_MIN + 0.5 * RANGE;
    expect(Math.abs(d.kernel.ltp(0, mid, 1) - mid - 0.012 * RANGE) / RANGE).toBeLessThan(1e-12);
    expect(Math.abs(mid - d.kernel.ltd(0, mid, 1) - 0.008 * RANGE) / RANGE).toBeLessThan(1e-12);
  });

  test("ltpPulsesTo / ltdPulsesTo are exact for the geometric map (1e-9 pulses)", () => {
    const d = devices(preset("soft-bounds", params), 1);
    const up = trace(d, 0, 200, 1);
    for (const n of [1, 17, 200]) expect(d.kernel.ltpPulsesTo(0, up[0]!, up[n]!)).toBeCloseTo(n, 9);
    const down = trace(d, 0, 150, -1);
    for (const n of [1, 33, 150])
      expect(d.kernel.ltdPulsesTo(0, down[0]!, down[n]!)).toBeCloseTo(n, 9);
  });
});

describe("pow-step device", () => {
  test("γ = 1 with dw = 2·dwMin is the soft-bounds device (aihwkit: PowStep reduces to SoftBounds)", () => {
    const sb = devices(
      preset("soft-bounds", { gMinS: G_MIN, gMaxS: G_MAX, dwMin: 0.01, upDown: 0 }),
      1,
    );
    const ps = devices(
      preset("pow-step", {
        gMinS: G_MIN,
        gMaxS: G_MAX,
        dwMin: 0.02,
        upDown: 0,
        gammaUp: 1,
        gammaDown: 1,
      }),
      1,
    );
    const a = [...trace(sb, 0, 100, 1), ...trace(sb, 0, 60, -1)];
    const b = [...trace(ps, 0, 100, 1), ...trace(ps, 0, 60, -1)];
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!) / RANGE).toBeLessThan(1e-12);
  });

  test("steps follow dw+·ω^γ+ up and dw−·(1 − ω)^γ− down (Li-ECRAM γ 0.115 / 0.509)", () => {
    const p = {
      gMinS: G_MIN,
      gMaxS: G_MAX,
      dwMin: 0.002,
      upDown: 0,
      gammaUp: 0.115,
      gammaDown: 0.509,
    };
    const d = devices(preset("pow-step", p), 1);
    for (const x of [0.1, 0.5, 0.9]) {
      const g = G_MIN + x * RANGE;
      expect((d.kernel.ltp(0, g, 1) - g) / RANGE).toBeCloseTo(0.002 * Math.pow(1 - x, 0.115), 14);
      expect((g - d.kernel.ltd(0, g, 1)) / RANGE).toBeCloseTo(0.002 * Math.pow(x, 0.509), 14);
    }
  });
});

describe("measured device", () => {
  const ltp = [1, 2, 4, 5, 5, 6, 8].map((v) => v * 1e-7);
  const ltd = [8, 6, 5, 3, 2, 1.5].map((v) => v * 1e-7);
  const p = preset("measured", { ltpConductanceS: ltp, ltdConductanceS: ltd });

  test("pulses from the first sample reproduce the measured LTP samples; a plateau costs no pulse", () => {
    // A device is described by its conductance alone, so a pulse that did not change G in the data
    // cannot be told apart from the next one: the plateau 5, 5 is crossed by a single pulse.
    const g = trace(devices(p, 1), 0, 6, 1);
    const expected = [1, 2, 4, 5, 6, 8, 8].map((v) => v * 1e-7);
    for (let i = 0; i < expected.length; i++) expect(g[i]).toBeCloseTo(expected[i]!, 18);
  });

  test("LTD from the top reproduces the LTD samples and stays at the last LTD sample", () => {
    const d = devices(p, 1);
    d.applyPulses(0, 6, 1);
    const g = trace(d, 0, 7, -1);
    for (let i = 0; i < ltd.length; i++) expect(g[i]).toBeCloseTo(ltd[i]!, 18);
    // The measured LTD train ends at 1.5e-7: more pulses do not go lower, although Gmin (the
    // lowest sample overall, the LTP start) is 1e-7.
    expect(g[7]).toBeCloseTo(1.5e-7, 18);
  });

  test("a non-monotone curve is rejected naming the sample", () => {
    expect(() =>
      parseWithSchema(
        presetSchema,
        {
          model: "measured",
          params: { ltpConductanceS: [1e-7, 3e-7, 2e-7], ltdConductanceS: ltd },
          electrical: ELECTRICAL,
          source: "t",
        },
        "m.json",
      ),
    ).toThrow(/m\.json › params\.ltpConductanceS\[2\]: the LTP curve falls here/);
  });
});

describe("custom (formula) device", () => {
  const formula = "gMin + (gMax - gMin) * (1 - exp(-p / 20)) / (1 - exp(-pMax / 20))";
  const params = {
    gMinS: G_MIN,
    gMaxS: G_MAX,
    pMaxLtp: 60,
    pMaxLtd: 60,
    ltpFormula: formula,
    ltdFormula: "gMax - (gMax - gMin) * p / pMax",
  };

  test("the compiled table reproduces the formula at whole pulses (1e-12) and reaches Gmax at pMax", () => {
    const g = trace(devices(preset("custom", params), 1), 0, 60, 1);
    const b = RANGE / (1 - Math.exp(-3));
    for (let n = 0; n <= 60; n++) {
      expect(Math.abs(g[n]! - (G_MIN + b * (1 - Math.exp(-n / 20)))) / RANGE).toBeLessThan(1e-12);
    }
  });

  test("the linear LTD formula gives equal steps of range/pMaxLtd", () => {
    const d = devices(preset("custom", params), 1);
    d.applyPulses(0, 60, 1);
    const g = trace(d, 0, 60, -1);
    for (let n = 1; n <= 60; n++)
      expect(Math.abs(g[n - 1]! - g[n]! - RANGE / 60) / RANGE).toBeLessThan(1e-12);
  });

  const bad = (ltpFormula: string) =>
    presetSchema.safeParse({
      model: "custom",
      params: { ...params, ltpFormula },
      electrical: ELECTRICAL,
      source: "t",
    });

  test.each([
    ["gMin + x", /unknown symbol "x"/],
    ["import('fs')", /not allowed/],
    ["gMin + (gMax - gMin) * sin(p)", /not monotone/],
    ["gMax * 2", /outside \[gMin, gMax\]/],
    ["a = 3", /not allowed/],
    ["gMin +", /cannot parse/],
  ])("formula %s is rejected (%s)", (f, message) => {
    const r = bad(f);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(message);
    expect(r.error?.issues[0]?.path).toEqual(["params", "ltpFormula"]);
  });

  test("a table over 1e6 points (pMax 5,000 × 1,000 samples per pulse) is rejected before any formula is evaluated; 1,000 × 1,000 is accepted", () => {
    const parse = (pMax: number) =>
      presetSchema.safeParse({
        model: "custom",
        params: { ...params, pMaxLtp: pMax, pMaxLtd: 60, samplesPerPulse: 1000 },
        electrical: ELECTRICAL,
        source: "t",
      });
    const r = parse(5000);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["params", "samplesPerPulse"]);
    expect(r.error?.issues[0]?.message).toMatch(/5000 × 1000 = 5,000,000/);
    expect(parse(1000).success).toBe(true);
  });
});
