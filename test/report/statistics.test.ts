import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import {
  excludesZero,
  pairedInterval,
  stats,
  studentTCdf,
  studentTQuantile,
  welchInterval,
} from "../../src/report/statistics.js";

describe("studentTQuantile", () => {
  it("matches the printed two-sided 95 % table (df 1, 2, 4, 10, 30) and the normal limit", () => {
    // Standard tables give t(0.975) to 3 decimals.
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [4, 2.776],
      [10, 2.228],
      [30, 2.042],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 4);
  });

  it("inverts the CDF for fractional df (Welch–Satterthwaite) and is antisymmetric", () => {
    for (const df of [1.5, 3.7, 7.25]) {
      const t = studentTQuantile(0.975, df);
      expect(studentTCdf(t, df)).toBeCloseTo(0.975, 10);
      expect(studentTQuantile(0.025, df)).toBeCloseTo(-t, 10);
    }
    // Between its integer neighbours.
    expect(studentTQuantile(0.975, 3.5)).toBeLessThan(studentTQuantile(0.975, 3));
    expect(studentTQuantile(0.975, 3.5)).toBeGreaterThan(studentTQuantile(0.975, 4));
  });
});

describe("welchInterval", () => {
  it("mean(a) − mean(b) ± t(df) · √(sa²/na + sb²/nb) with the Welch–Satterthwaite df", () => {
    const a = [0.8, 0.82, 0.84, 0.9];
    const b = [0.6, 0.7];
    const d = welchInterval(a, b);
    const sa = stats(a);
    const sb = stats(b);
    const va = sa.std ** 2 / 4;
    const vb = sb.std ** 2 / 2;
    const df = (va + vb) ** 2 / (va ** 2 / 3 + vb ** 2 / 1);
    expect(d.method).toBe("welch");
    expect(d.df).toBeCloseTo(df, 12);
    expect(d.mean).toBeCloseTo(sa.mean - sb.mean, 12);
    const half = studentTQuantile(0.975, df) * Math.sqrt(va + vb);
    expect(d.low).toBeCloseTo(d.mean - half, 12);
    expect(d.high).toBeCloseTo(d.mean + half, 12);
  });

  it("has no interval with one value on a side", () => {
    const d = welchInterval([0.5], [0.4, 0.45]);
    expect(d.mean).toBeCloseTo(0.075, 12);
    expect(Number.isNaN(d.low)).toBe(true);
    expect(excludesZero(d)).toBe(false);
  });

  it("covers the true difference about 95 % of the time (2,000 seeded normal draws, 3 vs 5 seeds)", () => {
    const rng = createRng(14);
    const normal = (): number => rng.normal();
    const trials = 2000;
    let covered = 0;
    for (let i = 0; i < trials; i++) {
      const a = Array.from({ length: 3 }, () => 0.7 + 0.03 * normal());
      const b = Array.from({ length: 5 }, () => 0.6 + 0.01 * normal());
      const d = welchInterval(a, b);
      if (d.low <= 0.1 && 0.1 <= d.high) covered++;
    }
    // Welch is approximate; allow 4 binomial standard errors (√(0.95·0.05/2000) ≈ 0.49 %).
    const se = Math.sqrt((0.95 * 0.05) / trials);
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(4 * se + 0.01);
  });
});

describe("pairedInterval", () => {
  it("mean of the differences ± t(n − 1) · sd / √n", () => {
    const diffs = [0.02, 0.03, 0.025];
    const d = pairedInterval(diffs);
    const s = stats(diffs);
    expect(d.method).toBe("paired");
    expect(d.df).toBe(2);
    expect(d.high - d.mean).toBeCloseTo((4.3027 * s.std) / Math.sqrt(3), 4);
    expect(excludesZero(d)).toBe(true);
  });
});
