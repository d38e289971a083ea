import { beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { initialWeights, type InitNoiseConfig } from "../../src/crossbar/ideal-synapses.js";
import { loadDataset, type Dataset } from "../../src/data/datasets.js";
import { runConfigSchema, type RunConfigInput } from "../../src/network/config.js";
import { runPipeline } from "../../src/network/pipeline.js";

const ROWS = 784;
const COLS = 100;
const N = ROWS * COLS;
const SCALE = 0.3;
const OFFSET = 0.01;
/** Mean of the Diehl & Cook draw (U[0,1) + 0.01) × 0.3. */
const W_BAR = (0.5 + OFFSET) * SCALE;

function draw(seed: number, noise?: InitNoiseConfig, wMax = 1): Float32Array {
  return initialWeights(ROWS, COLS, SCALE, OFFSET, createRng(seed), noise, wMax);
}

/**
 * r = (w − w₀)/(c·w̄) per synapse. c = 0.01 keeps |c·r·w̄| ≤ 0.0015 (normal: below 5σ ≈ 0.0077
 * only with probability 6e-7 per synapse) under the smallest clean weight 0.003, so nothing clips.
 * Float32 storage of w and w₀ leaves an error of about 1e-8/0.0015 ≈ 1e-5 in r, far below the
 * statistical tolerances.
 */
function noiseSamples(distribution: InitNoiseConfig["distribution"]): Float64Array {
  const c = 0.01;
  const clean = draw(7);
  const noisy = draw(7, { c, distribution });
  const r = new Float64Array(N);
  for (let i = 0; i < N; i++) r[i] = (noisy[i]! - clean[i]!) / (c * W_BAR);
  return r;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

function variance(x: Float64Array): number {
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return s / (x.length - 1);
}

/** Fraction of samples in [lo, hi). */
function fraction(x: Float64Array, lo: number, hi: number): number {
  let n = 0;
  for (const v of x) if (v >= lo && v < hi) n++;
  return n / x.length;
}

/** Four standard errors of a mean of N samples with variance `v`. */
const tol = (v: number): number => 4 * Math.sqrt(v / N);

describe("initialWeights with initNoise (w ← clip(w + c·r·w̄, 0, wMax))", () => {
  it("without noise, or with c 0, gives the Diehl & Cook draws (U[0,1) + 0.01) × 0.3 unchanged", () => {
    const plain = draw(3);
    expect(draw(3, { c: 0, distribution: "uniform" })).toEqual(plain);
    let lo = Infinity;
    let hi = -Infinity;
    for (const w of plain) {
      lo = Math.min(lo, w);
      hi = Math.max(hi, w);
    }
    expect(lo).toBeGreaterThanOrEqual(Math.fround(OFFSET * SCALE));
    expect(hi).toBeLessThan((1 + OFFSET) * SCALE);
  });

  it("uniform: r is U[−1, 1) — bounds, mean 0, variance 1/3 and ten equal bins", () => {
    const r = noiseSamples("uniform");
    expect(Math.min(...r)).toBeGreaterThanOrEqual(-1 - 1e-4);
    expect(Math.max(...r)).toBeLessThan(1 + 1e-4);
    expect(Math.min(...r)).toBeLessThan(-0.99);
    expect(Math.max(...r)).toBeGreaterThan(0.99);
    expect(Math.abs(mean(r))).toBeLessThan(tol(1 / 3));
    // Var(r²) = E r⁴ − (E r²)² = 1/5 − 1/9 = 4/45 for U[−1, 1).
    expect(Math.abs(variance(r) - 1 / 3)).toBeLessThan(tol(4 / 45));
    for (let b = 0; b < 10; b++) {
      // Bin probability 0.1; binomial variance 0.1·0.9 per sample; 4.5 SE over ten bins.
      const f = fraction(r, -1 + 0.2 * b, -1 + 0.2 * (b + 1));
      expect(Math.abs(f - 0.1)).toBeLessThan(4.5 * Math.sqrt(0.09 / N));
    }
  });

  it("uniform-positive: r is U[0, 1) — bounds, mean 1/2, variance 1/12", () => {
    const r = noiseSamples("uniform-positive");
    expect(Math.min(...r)).toBeGreaterThanOrEqual(-1e-4);
    expect(Math.max(...r)).toBeLessThan(1 + 1e-4);
    expect(Math.abs(mean(r) - 0.5)).toBeLessThan(tol(1 / 12));
    // Var((r − ½)²) for U[0, 1): 1/80 − 1/144 = 1/180.
    expect(Math.abs(variance(r) - 1 / 12)).toBeLessThan(tol(1 / 180));
  });

  it("normal: r is N(0, 1) — mean 0, variance 1, 68.27 % within one σ", () => {
    const r = noiseSamples("normal");
    expect(Math.abs(mean(r))).toBeLessThan(tol(1));
    // Var(r²) = E r⁴ − 1 = 2 for a standard normal.
    expect(Math.abs(variance(r) - 1)).toBeLessThan(tol(2));
    const p = 0.682689;
    expect(Math.abs(fraction(r, -1, 1) - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N));
  });

  it("clips to [0, wMax]: a large c pins some weights at 0 and some at wMax", () => {
    const wMax = 0.5;
    const w = draw(5, { c: 4, distribution: "uniform" }, wMax);
    let zeros = 0;
    let tops = 0;
    let outside = 0;
    for (const x of w) {
      if (x < 0 || x > wMax) outside++;
      if (x === 0) zeros++;
      if (x === Math.fround(wMax)) tops++;
    }
    expect(outside).toBe(0);
    expect(zeros).toBeGreaterThan(0);
    expect(tops).toBeGreaterThan(0);
  });

  it("is seeded: the same seed gives the same weights, another seed other noise", () => {
    const noise: InitNoiseConfig = { c: 0.5, distribution: "normal" };
    expect(draw(11, noise)).toEqual(draw(11, noise));
    expect(draw(12, noise)).not.toEqual(draw(11, noise));
  });
});

describe("synapses.initNoise in a run configuration", () => {
  let mnist: Dataset;
  beforeAll(() => {
    mnist = loadDataset({ name: "mnist" });
  });

  it("defaults r to uniform and stays absent when not given (existing configurations unchanged)", () => {
    const withNoise = runConfigSchema.parse({ synapses: { kind: "ideal", initNoise: { c: 1 } } });
    expect(withNoise.synapses).toMatchObject({ initNoise: { c: 1, distribution: "uniform" } });
    expect("initNoise" in runConfigSchema.parse({}).synapses).toBe(false);
  });

  const TINY: RunConfigInput = {
    neurons: 10,
    train: 0,
    label: 10,
    test: 10,
    seed: 3,
    timing: { presentationMs: 50, restMs: 20 },
  };
  const SYNAPSES = {
    ideal: { kind: "ideal" },
    device: { kind: "crossbar", device: "ag-a-si" },
  } as const;

  async function weights(
    kind: keyof typeof SYNAPSES,
    initNoise?: InitNoiseConfig,
  ): Promise<Float32Array> {
    const synapses = { ...SYNAPSES[kind], ...(initNoise ? { initNoise } : {}) };
    const cfg = runConfigSchema.parse({ ...TINY, synapses });
    return (await runPipeline(cfg, { dataset: mnist })).weights;
  }

  it.each(["ideal", "device"] as const)(
    "changes most untrained %s weights and keeps them in [0, 1]",
    async (kind) => {
      const clean = await weights(kind);
      const noisy = await weights(kind, { c: 0.5, distribution: "uniform" });
      let changed = 0;
      let outside = 0;
      for (let i = 0; i < clean.length; i++) {
        if (clean[i] !== noisy[i]) changed++;
        if (!(noisy[i]! >= 0 && noisy[i]! <= 1)) outside++;
      }
      expect(outside).toBe(0);
      expect(changed).toBeGreaterThan(clean.length / 2);
    },
  );

  it("ideal synapses: the mean weight moves only by what clipping at 0 adds", async () => {
    const clean = await weights("ideal");
    const noisy = await weights("ideal", { c: 0.5, distribution: "uniform" });
    const n = clean.length;
    let diff = 0;
    for (let i = 0; i < n; i++) diff += noisy[i]! - clean[i]!;
    // Half-width A = c·w̄. A weight w < A clips when u < −w/A and then gains −(w + A·u); averaged
    // over u ~ U[−1, 1) that is (A/4)(1 − w/A)², and over w ~ U[0.003, 0.303) (density 1/0.3)
    // the mean lift is (1/0.3)·(A/4)·(A/3)·(1 − 0.003/A)³. Tolerance: 4 SE of the mean of A·u.
    const A = 0.5 * W_BAR;
    const lo = OFFSET * SCALE;
    const lift = (1 / SCALE) * (A / 4) * (A / 3) * (1 - lo / A) ** 3;
    const se = A / Math.sqrt(3) / Math.sqrt(n);
    expect(Math.abs(diff / n - lift)).toBeLessThan(4 * se);
  });
});
