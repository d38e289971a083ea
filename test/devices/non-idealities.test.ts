/**
 * Statistical tests use fixed seeds; each tolerance is 4 standard errors of the estimate, written
 * out where it is used (a 4σ band fails by chance with probability ≈ 6e-5 per check).
 */
import { describe, expect, test } from "vitest";
import { slotValues } from "../../src/devices/kernel.js";
import { labelFromCurvature } from "../../src/devices/nl-label.js";
import { AG_A_SI, devices, preset } from "./helpers.js";

const N = 20000;
const LIN = { gMinS: 1e-7, gMaxS: 5e-6, pMaxLtp: 100, pMaxLtd: 100 };
const RANGE = LIN.gMaxS - LIN.gMinS;

function meanStd(v: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const mean = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(q / (v.length - 1)) };
}

/** Checks a sample of N draws against mean 1 and std σ: SE(mean) = σ/√N, SE(std) ≈ σ/√(2N). */
function expectSpread(values: Float64Array, sigma: number): void {
  const { mean, std } = meanStd(values);
  expect(Math.abs(mean - 1)).toBeLessThan((4 * sigma) / Math.sqrt(values.length));
  expect(Math.abs(std - sigma)).toBeLessThan((4 * sigma) / Math.sqrt(2 * values.length));
}

describe("device-to-device spread (drawn once per device)", () => {
  test("gMaxSigma 0.1: per-device Gmax/nominal has mean 1 and σ 0.1 (4 SE: 0.0028 / 0.0020)", () => {
    const d = devices(preset("linear", LIN, { d2d: { gMaxSigma: 0.1 } }), N, 11);
    expectSpread(
      d.kernel.gMaxS.map((g) => g / LIN.gMaxS),
      0.1,
    );
    expect(d.kernel.gMinS.every((g) => g === LIN.gMinS)).toBe(true);
  });

  test("gMinSigma 0.2: per-device Gmin/nominal has mean 1 and σ 0.2", () => {
    const d = devices(preset("linear", LIN, { d2d: { gMinSigma: 0.2 } }), N, 12);
    expectSpread(
      d.kernel.gMinS.map((g) => g / LIN.gMinS),
      0.2,
    );
  });

  test("stepSigma 0.15: the per-device pulse step has mean 1 and σ 0.15 of nominal", () => {
    const d = devices(preset("linear", LIN, { d2d: { stepSigma: 0.15 } }), N, 13);
    const step = slotValues(d.kernel, "stepLtpS").map((s) => (s * LIN.pMaxLtp) / RANGE);
    expectSpread(step, 0.15);
  });

  test("nlSigma 0.1 on NeuroSim spreads the NL label: label/2.4 has mean 1 and σ 0.1", () => {
    const d = devices(preset("neurosim", AG_A_SI, { d2d: { nlSigma: 0.1 } }), N, 14);
    // q = e^(−1/A) with no step spread, so the curvature is k = Pmax/A = −Pmax·ln q.
    const q = slotValues(d.kernel, "qLtp");
    const labels = q.map((v) => labelFromCurvature(-Math.log(v) * AG_A_SI.pMaxLtp) / 2.4);
    expectSpread(labels, 0.1);
  });

  test("every device keeps Gmin < Gmax even with 50 % spread on an on/off ratio of 2", () => {
    const p = preset(
      "linear",
      { ...LIN, gMinS: 2.5e-6 },
      { d2d: { gMinSigma: 0.5, gMaxSigma: 0.5 } },
    );
    const d = devices(p, N, 15);
    for (let i = 0; i < N; i++) expect(d.kernel.gMinS[i]!).toBeLessThan(d.kernel.gMaxS[i]!);
  });

  test("d2d.enabled=false removes every spread", () => {
    const d = devices(
      preset("linear", LIN, { d2d: { enabled: false, gMaxSigma: 0.3, stepSigma: 0.3 } }),
      100,
      1,
    );
    expect(d.kernel.gMaxS.every((g) => g === LIN.gMaxS)).toBe(true);
  });
});

describe("cycle-to-cycle write noise (drawn per pulse)", () => {
  const mid = LIN.gMinS + 0.5 * RANGE;
  const step = RANGE / LIN.pMaxLtp;

  function deltas(
    nonIdealities: Record<string, unknown>,
    pulses: number,
    seed: number,
  ): Float64Array {
    const d = devices(preset("linear", LIN, nonIdealities), N, seed);
    d.g.fill(mid);
    for (let i = 0; i < N; i++) d.applyPulses(i, pulses, 1);
    return d.g.map((g) => g - mid);
  }

  test("sigmaOfRange 0.02: one pulse adds N(0, 0.02·range) to the step (mean within 4 SE)", () => {
    const noise = deltas({ c2c: { sigmaOfRange: 0.02 } }, 1, 21).map((v) => (v - step) / RANGE);
    const { mean, std } = meanStd(noise);
    expect(Math.abs(mean)).toBeLessThan((4 * 0.02) / Math.sqrt(N));
    expect(Math.abs(std - 0.02)).toBeLessThan((4 * 0.02) / Math.sqrt(2 * N));
  });

  test("9 pulses accumulate σ√9 = 0.06 of the range (NeuroSim's σ√pulses per write)", () => {
    const noise = deltas({ c2c: { sigmaOfRange: 0.02 } }, 9, 22).map((v) => (v - 9 * step) / RANGE);
    const { std } = meanStd(noise);
    expect(Math.abs(std - 0.06)).toBeLessThan((4 * 0.06) / Math.sqrt(2 * N));
  });

  test("sigmaOfStep 0.5: the step is multiplied by 1 + 0.5ξ (aihwkit dw_min_std)", () => {
    const rel = deltas({ c2c: { sigmaOfStep: 0.5 } }, 1, 23).map((v) => v / step);
    expectSpread(rel, 0.5);
  });

  test("noise never pushes a device out of its bounds: 200 noisy pulses at σ 0.2 stay in [Gmin, Gmax]", () => {
    const d = devices(
      preset("linear", LIN, { c2c: { sigmaOfRange: 0.2 }, d2d: { gMaxSigma: 0.2 } }),
      500,
      24,
    );
    for (let k = 0; k < 200; k++) {
      for (let i = 0; i < 500; i++) {
        d.applyPulses(i, 1, k % 3 === 0 ? -1 : 1);
        expect(d.g[i]! >= d.kernel.gMinS[i]! && d.g[i]! <= d.kernel.gMaxS[i]!).toBe(true);
      }
    }
  });

  test("c2c.enabled=false makes writes deterministic", () => {
    const noise = deltas({ c2c: { enabled: false, sigmaOfRange: 0.05, sigmaOfStep: 1 } }, 1, 25);
    expect(noise.every((v) => Math.abs(v - step) < 1e-12 * RANGE)).toBe(true);
  });
});

describe("stuck-at faults", () => {
  const n = 10000;
  const faults = {
    stuckAtGminFraction: 0.1,
    stuckAtGmaxFraction: 0.05,
    stuckAtRandomFraction: 0.02,
  };
  const make = (seed = 31) => devices(preset("linear", LIN, { faults }), n, seed);

  test("exactly round(fraction·n) devices of each kind are stuck, at the right value", () => {
    const d = make();
    expect(d.stuckCounts()).toEqual({ atGmin: 1000, atGmax: 500, atRandom: 200 });
    for (let i = 0; i < n; i++) {
      if (d.stuck[i] === 1) expect(d.g[i]).toBe(LIN.gMinS);
      if (d.stuck[i] === 2) expect(d.g[i]).toBe(LIN.gMaxS);
    }
  });

  test("stuck devices are spread over the array: the first half holds half of them (4 SD of the hypergeometric)", () => {
    const d = make();
    let first = 0;
    for (let i = 0; i < n / 2; i++) if (d.stuck[i] !== 0) first++;
    const k = 1700;
    const sd = Math.sqrt(k * 0.25 * ((n - k) / (n - 1)));
    expect(Math.abs(first - k / 2)).toBeLessThan(4 * sd);
  });

  test("stuck-at-random values are uniform in [Gmin, Gmax]: mean level 0.5 within 4 SE (0.082)", () => {
    const d = make();
    const levels: number[] = [];
    for (let i = 0; i < n; i++) if (d.stuck[i] === 3) levels.push((d.g[i]! - LIN.gMinS) / RANGE);
    expect(levels.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(Math.abs(meanStd(levels).mean - 0.5)).toBeLessThan(
      (4 * Math.sqrt(1 / 12)) / Math.sqrt(200),
    );
  });

  test("stuck devices ignore pulses; healthy ones move", () => {
    const d = make();
    const before = d.g.slice();
    for (let i = 0; i < n; i++) d.applyPulses(i, 3, 1);
    for (let i = 0; i < n; i++) {
      if (d.stuck[i] !== 0) expect(d.g[i]).toBe(before[i]);
      else expect(d.g[i]).toBeGreaterThan(before[i]!);
    }
  });

  test("faults.enabled=false: no stuck devices", () => {
    const d = devices(preset("linear", LIN, { faults: { ...faults, enabled: false } }), n, 31);
    expect(d.stuckCounts()).toEqual({ atGmin: 0, atGmax: 0, atRandom: 0 });
  });
});

describe("finite levels, on/off ratio", () => {
  test("onOffRatio=false fabricates Gmin = 0", () => {
    const d = devices(preset("neurosim", AG_A_SI, { onOffRatio: false }), 3);
    expect([...d.kernel.gMinS]).toEqual([0, 0, 0]);
    expect(d.kernel.gMaxS[0]).toBe(AG_A_SI.gMaxS);
  });

  test("finiteLevels=false writes the target directly (continuous device)", () => {
    const d = devices(preset("neurosim", AG_A_SI, { finiteLevels: false }), 1);
    expect(d.continuous).toBe(true);
    d.writeContinuous(0, 1.2345e-8);
    expect(d.g[0]).toBe(1.2345e-8);
  });
});
