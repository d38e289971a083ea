import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { parseWithSchema } from "../../src/core/validate.js";
import { aOverPmaxFromLabel } from "../../src/devices/nl-label.js";
import { neurosimModel, neurosimParamsSchema } from "../../src/devices/neurosim.js";
import { AG_A_SI, devices, preset, trace } from "./helpers.js";

const range = AG_A_SI.gMaxS - AG_A_SI.gMinS;

/** Closed form G(P) = B(1 − e^(−P/A)) + Gmin with B = range/(1 − e^(−Pmax/A)). */
function closedForm(p: number, pMax: number, a: number): number {
  const b = range / (1 - Math.exp(-pMax / a));
  return b * (1 - Math.exp(-p / a)) + AG_A_SI.gMinS;
}

describe("neurosim device", () => {
  const dev = () => devices(preset("neurosim", AG_A_SI), 1);

  test("pulse(neurosim NL=2.4, 97 up pulses) reaches Gmax within 1e-12 of the range", () => {
    const d = dev();
    d.applyPulses(0, 97, 1);
    expect(Math.abs(d.g[0]! - AG_A_SI.gMaxS) / range).toBeLessThan(1e-12);
  });

  test("96 up pulses stay below Gmax by the closed-form last step", () => {
    const d = dev();
    d.applyPulses(0, 96, 1);
    const a = 97 * aOverPmaxFromLabel(2.4);
    const lastStep = closedForm(97, 97, a) - closedForm(96, 97, a);
    expect(Math.abs(AG_A_SI.gMaxS - d.g[0]! - lastStep) / range).toBeLessThan(1e-12);
  });

  test("pulse(neurosim NL=−4.88, 100 down pulses from Gmax) reaches Gmin within 1e-12", () => {
    const d = dev();
    d.applyPulses(0, 97, 1);
    d.applyPulses(0, 100, -1);
    expect(Math.abs(d.g[0]! - AG_A_SI.gMinS) / range).toBeLessThan(1e-12);
  });

  test("the LTP curve matches the closed form with the table's A/Pmax = 0.4992", () => {
    // Our A differs from the table's 0.4992 by ≤ 2e-4 relative (nl-label.test.ts); dG/dA ≤ range/A·…
    // bounded numerically below: the resulting difference must stay under 1e-4 of the range.
    const g = trace(dev(), 0, 97, 1);
    for (let p = 0; p <= 97; p++) {
      expect(Math.abs(g[p]! - closedForm(p, 97, 97 * 0.4992)) / range).toBeLessThan(1e-4);
    }
  });

  test("the LTP curve equals the closed form with its own A to 1e-12", () => {
    const a = neurosimModel.derived(neurosimParamsSchema.parse(AG_A_SI)).aLtpPulses!;
    const g = trace(dev(), 0, 97, 1);
    for (let p = 0; p <= 97; p++)
      expect(Math.abs(g[p]! - closedForm(p, 97, a)) / range).toBeLessThan(1e-12);
  });

  test("first/last LTP step ratio is e^(Pmax/A) (device-models.md §1b)", () => {
    const a = 97 * aOverPmaxFromLabel(2.4);
    const g = trace(dev(), 0, 97, 1);
    const ratio = (g[1]! - g[0]!) / (g[97]! - g[96]!);
    // The last step is e^(−96/A)·(1 − e^(−1/A))·B, the first (1 − e^(−1/A))·B: ratio e^(96/A) exactly.
    expect(ratio / Math.exp(96 / a) - 1).toBeLessThan(1e-9);
  });

  test("a negative LTD label gives the usual depression: the first step down from Gmax is the largest", () => {
    const d = dev();
    d.applyPulses(0, 97, 1);
    const g = trace(d, 0, 100, -1);
    const steps = g.slice(1).map((v, i) => g[i]! - v);
    expect(steps.every((s) => s > 0)).toBe(true);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeLessThan(steps[i - 1]!);
  });

  test("ltpPulsesTo inverts the curve: from Gmin to G(P) is P pulses (to 1e-9)", () => {
    const d = dev();
    const g = trace(devices(preset("neurosim", AG_A_SI), 1), 0, 97, 1);
    for (const p of [1, 10, 50, 96])
      expect(d.kernel.ltpPulsesTo(0, AG_A_SI.gMinS, g[p]!)).toBeCloseTo(p, 9);
  });

  test("A given directly (aLtpPulses) fabricates the same curve as the equivalent NL label", () => {
    const a = neurosimModel.derived(neurosimParamsSchema.parse(AG_A_SI));
    const { nlLtp: _l, nlLtd: _d, ...rest } = AG_A_SI;
    const direct = { ...rest, aLtpPulses: a.aLtpPulses, aLtdPulses: a.aLtdPulses };
    const g1 = trace(devices(preset("neurosim", AG_A_SI), 1), 0, 97, 1);
    const g2 = trace(devices(preset("neurosim", direct), 1), 0, 97, 1);
    for (let p = 0; p <= 97; p++) expect(Math.abs(g1[p]! - g2[p]!) / range).toBeLessThan(1e-12);
  });

  test("asymmetry off mirrors LTP: the k-th LTD step from Gmax equals the k-th LTP step from Gmin", () => {
    const sym = devices(preset("neurosim", AG_A_SI, { asymmetry: false }), 1);
    const up = trace(sym, 0, 97, 1);
    const down = trace(sym, 0, 97, -1);
    // Mirror image: down[k] = Gmin + Gmax − up[k], so the steps agree one by one.
    for (let i = 0; i < 97; i++) {
      const ltpStep = up[i + 1]! - up[i]!;
      const ltdStep = down[i]! - down[i + 1]!;
      expect(Math.abs(ltpStep - ltdStep) / range).toBeLessThan(1e-12);
    }
  });

  test("giving both nlLtp and aLtpPulses is rejected naming params.nlLtp", () => {
    expect(() =>
      parseWithSchema(neurosimParamsSchema, { ...AG_A_SI, aLtpPulses: 40 }, "x.json"),
    ).toThrow(/x\.json › nlLtp: give either nlLtp/);
  });

  test("a missing curvature for LTD is rejected naming nlLtd", () => {
    const { nlLtd: _unused, ...p } = AG_A_SI;
    expect(() => parseWithSchema(neurosimParamsSchema, p, "x.json")).toThrow(ValidationError);
    expect(() => parseWithSchema(neurosimParamsSchema, p, "x.json")).toThrow(/nlLtd: missing/);
  });
});
