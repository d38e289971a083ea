import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { createRng } from "../../src/core/rng.js";
import {
  drawThresholdsMv,
  parseThresholdMvFlag,
  thresholdSpecSchema,
} from "../../src/neurons/threshold-variation.js";

function moments(values: Float64Array): {
  mean: number;
  variance: number;
  min: number;
  max: number;
} {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, variance: ss / (values.length - 1), min, max };
}

const N = 20_000;

describe("drawThresholdsMv", () => {
  it("drawThresholdsMv(uniform 40:60, n=20000, seed 7) stays in [40, 60) with mean 50 and variance 100/3 within 4 SE", () => {
    const m = moments(drawThresholdsMv({ kind: "uniform", loMv: 40, hiMv: 60 }, N, createRng(7)));
    expect(m.min).toBeGreaterThanOrEqual(40);
    expect(m.max).toBeLessThan(60);
    // SE(mean) = (20/√12)/√N; SE(var) = √((μ4 − σ⁴)/N) with μ4 = 20⁴/80 = 2000, σ⁴ = (400/12)².
    const seMean = 20 / Math.sqrt(12) / Math.sqrt(N);
    const seVar = Math.sqrt((2000 - (400 / 12) ** 2) / N);
    expect(Math.abs(m.mean - 50)).toBeLessThan(4 * seMean);
    expect(Math.abs(m.variance - 400 / 12)).toBeLessThan(4 * seVar);
    // The range is used: both ends are approached within 0.01 mV (P(miss) = (1 − 0.0005)^N ≈ 5e-5).
    expect(m.min).toBeLessThan(40.01);
    expect(m.max).toBeGreaterThan(59.99);
  });

  it("drawThresholdsMv(gaussian 50~3, n=20000, seed 7) has mean 50 and σ² 9 within 4 SE, and stays within ±6σ", () => {
    const m = moments(
      drawThresholdsMv({ kind: "gaussian", meanMv: 50, sigmaMv: 3 }, N, createRng(7)),
    );
    // SE(mean) = σ/√N; SE(var) = σ²·√(2/(N−1)) for a normal sample.
    expect(Math.abs(m.mean - 50)).toBeLessThan((4 * 3) / Math.sqrt(N));
    expect(Math.abs(m.variance - 9)).toBeLessThan(4 * 9 * Math.sqrt(2 / (N - 1)));
    expect(m.min).toBeGreaterThanOrEqual(32);
    expect(m.max).toBeLessThanOrEqual(68);
  });

  it("drawThresholdsMv(fixed 50) gives 50 everywhere and draws nothing from the stream", () => {
    const rng = createRng(7);
    const before = JSON.stringify(rng.state());
    expect(Array.from(drawThresholdsMv({ kind: "fixed", valueMv: 50 }, 5, rng))).toEqual([
      50, 50, 50, 50, 50,
    ]);
    expect(JSON.stringify(rng.state())).toBe(before);
  });

  it("drawThresholdsMv is reproducible per seed and differs across seeds", () => {
    const spec = { kind: "uniform", loMv: 40, hiMv: 60 } as const;
    const a = drawThresholdsMv(spec, 50, createRng(1));
    expect(Array.from(drawThresholdsMv(spec, 50, createRng(1)))).toEqual(Array.from(a));
    expect(Array.from(drawThresholdsMv(spec, 50, createRng(2)))).not.toEqual(Array.from(a));
  });
});

describe("parseThresholdMvFlag", () => {
  it("parseThresholdMvFlag('40:60') is uniform, '50~3' Gaussian, '50' fixed (mV)", () => {
    expect(parseThresholdMvFlag("40:60")).toEqual({ kind: "uniform", loMv: 40, hiMv: 60 });
    expect(parseThresholdMvFlag("50~3")).toEqual({ kind: "gaussian", meanMv: 50, sigmaMv: 3 });
    expect(parseThresholdMvFlag("50")).toEqual({ kind: "fixed", valueMv: 50 });
    expect(parseThresholdMvFlag(" 42.5 : 57.5 ")).toEqual({
      kind: "uniform",
      loMv: 42.5,
      hiMv: 57.5,
    });
    expect(parseThresholdMvFlag("50~0")).toEqual({ kind: "gaussian", meanMv: 50, sigmaMv: 0 });
  });

  const cases: [string, string][] = [
    ["60:40", "LO must be below HI"],
    ["50:50", "LO must be below HI"],
    ["-10:60", "LO must be above rest, 0 mV"],
    ["50~-1", "SIGMA must not be negative"],
    ["10~2", "MEAN − 6·SIGMA must be above rest, 0 mV"],
    ["40mV:60", "LO is not a number"],
    ["abc", "the value is not a number"],
    ["40:60~2", "use one ':' or one '~'"],
    ["1:2:3", "use one ':' or one '~'"],
    ["", "the value is not a number"],
  ];
  for (const [text, why] of cases) {
    it(`parseThresholdMvFlag(${JSON.stringify(text)}) is a usage error: ${why}`, () => {
      expect(() => parseThresholdMvFlag(text)).toThrow(UsageError);
      expect(() => parseThresholdMvFlag(text)).toThrow(
        `--threshold-mv: expected LO:HI (uniform, mV) or MEAN~SIGMA (Gaussian, mV), got ${JSON.stringify(text)} (${why})`,
      );
    });
  }
});

describe("thresholdSpecSchema", () => {
  it("thresholdSpecSchema rejects lo ≥ hi on loMv, σ < 0 and mean − 6σ ≤ 0 on sigmaMv, thresholds ≤ 0 mV", () => {
    const issues = (value: unknown): string[] => {
      const r = thresholdSpecSchema.safeParse(value);
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    expect(issues({ kind: "uniform", loMv: 60, hiMv: 40 })).toEqual(["loMv"]);
    expect(issues({ kind: "gaussian", meanMv: 50, sigmaMv: -1 })).toEqual(["sigmaMv"]);
    expect(issues({ kind: "gaussian", meanMv: 50, sigmaMv: 9 })).toEqual(["sigmaMv"]);
    expect(issues({ kind: "fixed", valueMv: 0 })).toEqual(["valueMv"]);
    expect(issues({ kind: "fixed", valueMv: 50, sigmaMv: 1 })).toEqual([""]);
  });
});
