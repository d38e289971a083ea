/**
 * The size of cycle-to-cycle write noise on the three write paths that take many pulses in one
 * step (continuous write, analog open-loop write, first programming): NeuroSim's aggregate noise
 * is σ·(Gmax − Gmin)·√pulses. Stochastic rounding of first programming, and drift sparing stuck
 * devices. Each test fails when the scale, the rounding or the stuck check is changed (issue #19
 * item 7). SDs are checked within 4 standard errors (SE of an SD estimate: SD/√(2n)).
 */
import { describe, expect, test } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { createCrossbar } from "../../src/crossbar/index.js";
import { devices, preset } from "./helpers.js";

const G_MIN = 1e-7;
const G_MAX = 5e-6;
const RANGE = G_MAX - G_MIN;
const P_MAX = 400;
const SIGMA = 0.002;
const N = 6000;

function linear(nonIdealities: Record<string, unknown>) {
  return devices(
    preset("linear", { gMinS: G_MIN, gMaxS: G_MAX, pMaxLtp: P_MAX, pMaxLtd: P_MAX }, nonIdealities),
    N,
    3,
  );
}

function meanSd(values: ArrayLike<number>): { mean: number; sd: number } {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  const mean = s / values.length;
  let q = 0;
  for (let i = 0; i < values.length; i++) q += (values[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(q / (values.length - 1)) };
}

/** SD within 4 SE of `expected`, and the mean within 4 SE of `mean`. */
function expectNoise(g: ArrayLike<number>, mean: number, expected: number): void {
  const got = meanSd(g);
  expect(Math.abs(got.sd - expected)).toBeLessThan((4 * expected) / Math.sqrt(2 * g.length));
  expect(Math.abs(got.mean - mean)).toBeLessThan((4 * expected) / Math.sqrt(g.length));
}

const C2C = { finiteLevels: false, c2c: { sigmaOfRange: SIGMA } };

describe("C2C noise scale σ·ΔG·√pulses on multi-pulse writes", () => {
  test("writeContinuous: Gmin → the middle (200 nominal pulses) spreads with SD σ·ΔG·√200", () => {
    const d = linear(C2C);
    const target = G_MIN + 0.5 * RANGE;
    for (let i = 0; i < N; i++) d.writeContinuous(i, target);
    expectNoise(d.g, target, SIGMA * RANGE * Math.sqrt(200));
  });

  test("applyAnalog: 100 real-valued pulses as one write spread with SD σ·ΔG·√100", () => {
    const d = linear(C2C);
    const rng = createRng(2);
    for (let i = 0; i < N; i++) {
      d.programFromReset(i, 0, rng); // at Gmin, no noise
      d.applyAnalog(i, 100, 1);
    }
    expectNoise(d.g, G_MIN + 0.25 * RANGE, SIGMA * RANGE * 10);
  });

  test("programFromReset: 300 pulses from Gmin spread with SD σ·ΔG·√300", () => {
    const d = linear(C2C);
    const rng = createRng(9);
    for (let i = 0; i < N; i++) d.programFromReset(i, 300, rng);
    expectNoise(d.g, G_MIN + 0.75 * RANGE, SIGMA * RANGE * Math.sqrt(300));
  });
});

describe("first programming", () => {
  test("stochastic rounding of the initial pulse count: w = 0.0025 on 100 levels gives one pulse with probability 0.25 (Binomial, 4 SD)", () => {
    const n = 20000;
    const xb = createCrossbar(
      {
        device: "ideal",
        set: { finiteLevels: true, "params.pMaxLtp": 100, "params.pMaxLtd": 100 },
        rounding: "stochastic",
        initialWeights: "open-loop",
      },
      1,
      n,
      createRng(4),
      new OpLedger(),
    );
    xb.programInitialWeights(new Float32Array(n).fill(0.0025));
    let ones = 0;
    for (const w of xb.weights) if (w > 0.005) ones++;
    expect(Math.abs(ones - 0.25 * n)).toBeLessThan(4 * Math.sqrt(n * 0.25 * 0.75));
  });
});

describe("drift", () => {
  test("drift moves healthy devices and never a stuck one", () => {
    const xb = createCrossbar(
      {
        device: "ideal",
        set: {
          "drift.nu": 0.1,
          "faults.stuckAtGmaxFraction": 0.2,
          "faults.stuckAtRandomFraction": 0.2,
        },
        initialWeights: "verified",
      },
      1,
      2000,
      createRng(6),
      new OpLedger(),
    );
    xb.programInitialWeights(new Float32Array(2000).fill(0.5));
    const before = xb.devices.g.slice();
    xb.setPhase("label");
    let stuck = 0;
    let moved = 0;
    for (let d = 0; d < before.length; d++) {
      if (xb.devices.stuck[d] !== 0) {
        stuck++;
        expect(xb.devices.g[d]).toBe(before[d]);
      } else if (xb.devices.g[d] !== before[d]) moved++;
    }
    expect(stuck).toBeGreaterThan(600); // 40 % of 2000, 4 SD ≈ 88
    expect(moved).toBe(before.length - stuck);
  });
});
