import { describe, expect, it } from "vitest";
import { PTRS_MIN_MEAN, Rng, createRng, poissonLaw } from "../../src/core/rng.js";

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

describe("Rng", () => {
  it("createRng(seed): the same seed gives the same stream, another seed another stream", () => {
    expect(draws(createRng(7), 50)).toEqual(draws(createRng(7), 50));
    expect(draws(createRng(7), 50)).toEqual(draws(new Rng("7"), 50));
    expect(draws(createRng(7), 50)).not.toEqual(draws(createRng(8), 50));
  });

  it("Rng.fork: the same (seed, name) gives the same stream; other names give other streams", () => {
    const a = createRng(3).fork("encoder");
    const b = createRng(3).fork("encoder");
    const c = createRng(3).fork("synapses");
    const sa = draws(a, 100);
    expect(sa).toEqual(draws(b, 100));
    const sc = draws(c, 100);
    expect(sc).not.toEqual(sa);
    // Not a shifted copy either: no common value at all (2^-32 resolution, 100 × 100 pairs).
    expect(sc.filter((x) => sa.includes(x))).toEqual([]);
  });

  it("Rng.fork: drawing from one fork changes neither a sibling fork nor the parent", () => {
    const reference = createRng(11);
    const refB = draws(reference.fork("b"), 200);
    const refParent = draws(createRng(11), 20);

    const root = createRng(11);
    const a = root.fork("a");
    const b = root.fork("b");
    draws(a, 10_000); // heavy use of a sibling
    for (let i = 0; i < 1000; i++) a.normal();
    expect(draws(b, 200)).toEqual(refB);
    // Forking does not advance the parent.
    expect(draws(root, 20)).toEqual(refParent);
    // Forks of forks are named by path: root/a/x ≠ root/x.
    expect(draws(a.fork("x"), 20)).not.toEqual(draws(root.fork("x"), 20));
  });

  it("Rng.state / new Rng(seed, state): resumes the uniform stream identically", () => {
    const rng = createRng("resume");
    draws(rng, 1234);
    const state = rng.state();
    const expected = draws(rng, 500);
    const resumed = new Rng("resume", state);
    expect(draws(resumed, 500)).toEqual(expected);
    // The saved state is a copy: drawing from the original afterwards does not change it.
    expect(draws(new Rng("resume", state), 500)).toEqual(expected);
  });

  it("Rng.state / new Rng(seed, state): resumes with a pending normal() spare", () => {
    const rng = createRng(5);
    rng.next();
    const first = rng.normal(); // Box–Muller: the second variate is kept as spare
    const state = rng.state();
    expect(state.spare).not.toBeNull();
    const expected = [rng.normal(), rng.normal(), rng.normal(), rng.next(), rng.normal()];
    // The first normal() after the save returns the saved spare.
    expect(expected[0]).toBe(state.spare);
    const resumed = new Rng("5", state);
    expect([
      resumed.normal(),
      resumed.normal(),
      resumed.normal(),
      resumed.next(),
      resumed.normal(),
    ]).toEqual(expected);
    expect(Number.isFinite(first)).toBe(true);
    // Without the spare (state taken with none pending) the first normal() draws fresh uniforms.
    const even = createRng(5);
    even.normal();
    even.normal();
    expect(even.state().spare).toBeNull();
  });

  it("Rng.next in [0, 1), nextOpen in (0, 1], int(n) in [0, n) and covers every value", () => {
    const rng = createRng(99);
    const seen = new Set<number>();
    let bad = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = rng.next();
      const o = rng.nextOpen();
      const k = rng.int(7);
      if (!(u >= 0 && u < 1) || !(o > 0 && o <= 1) || !Number.isInteger(k) || k < 0 || k >= 7)
        bad++;
      seen.add(k);
    }
    expect(bad).toBe(0);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("Rng.normal: sample mean, variance and fourth moment of 100 000 draws match N(0, 1) within 5 standard errors", () => {
    // For x ~ N(0,1) and n draws: SE(mean) = 1/√n; SE(sample variance) = √(2/(n−1));
    // E x⁴ = 3 with Var(x⁴) = E x⁸ − 9 = 105 − 9 = 96, so SE(mean of x⁴) = √(96/n).
    // 5 SE: a correct generator fails with probability < 1e-6 per check, for any seed.
    const n = 100_000;
    const rng = createRng(2024);
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      xs[i] = x;
      s1 += x;
      s4 += x ** 4;
    }
    const mean = s1 / n;
    for (let i = 0; i < n; i++) s2 += (xs[i]! - mean) ** 2;
    const variance = s2 / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / (n - 1)));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it("Rng.shuffle: a seeded permutation (every element kept), reproducible by seed", () => {
    const a = Int32Array.from({ length: 100 }, (_, i) => i);
    const b = Int32Array.from({ length: 100 }, (_, i) => i);
    createRng(1).shuffle(a);
    createRng(1).shuffle(b);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // 100 elements left in place by chance: probability 1/100!.
    expect(Array.from(a)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe("Rng.poisson", () => {
  // N draws per mean: the sample mean has s.d. √(λ/N); the sample variance s.d. ≈ √((λ + 2λ²)/N)
  // (Poisson μ₄ = λ + 3λ², Var(s²) ≈ (μ₄ − σ⁴)/N). Tolerances are 5 of those s.d.
  const N = 40_000;
  it.each([0.5, 3, 9.99, 10, 15.6, 50, 1992])(
    "λ = %s: sample mean and variance within 5 s.d. of λ (inversion below 10, PTRS from 10)",
    (lambda) => {
      const rng = createRng(`poisson-${lambda}`);
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < N; i++) {
        const k = rng.poisson(lambda);
        expect(Number.isInteger(k) && k >= 0).toBe(true);
        sum += k;
        sumSq += k * k;
      }
      const mean = sum / N;
      const variance = (sumSq - N * mean * mean) / (N - 1);
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / N));
      expect(Math.abs(variance - lambda)).toBeLessThan(
        5 * Math.sqrt((lambda + 2 * lambda ** 2) / N),
      );
    },
  );

  it.each([3, 15.6])(
    "λ = %s: P(k) for k near the mean matches e^(−λ)λ^k/k! within 5 binomial s.d.",
    (lambda) => {
      const rng = createRng(`poisson-pmf-${lambda}`);
      const counts = new Map<number, number>();
      for (let i = 0; i < N; i++) {
        const k = rng.poisson(lambda);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const centre = Math.floor(lambda);
      for (let k = Math.max(0, centre - 3); k <= centre + 3; k++) {
        let logFactorial = 0;
        for (let i = 2; i <= k; i++) logFactorial += Math.log(i);
        const p = Math.exp(-lambda + k * Math.log(lambda) - logFactorial);
        expect(Math.abs((counts.get(k) ?? 0) - N * p)).toBeLessThan(5 * Math.sqrt(N * p * (1 - p)));
      }
    },
  );

  it("poissonLaw: PTRS constants from λ = 10 (finite, 1/α > 0), NaN below where inversion needs only e^−λ", () => {
    expect(PTRS_MIN_MEAN).toBe(10);
    for (const lambda of [0.5, 3, 9.99]) {
      const law = poissonLaw(lambda);
      expect(law.expMinusMean).toBe(Math.exp(-lambda));
      for (const field of [law.a, law.b, law.logInvAlpha, law.vr, law.logMean]) {
        expect(field).toBeNaN();
      }
    }
    for (const lambda of [10, 15.6, 1992]) {
      const law = poissonLaw(lambda);
      const b = 0.931 + 2.53 * Math.sqrt(lambda);
      expect(law.b).toBe(b);
      expect(law.a).toBe(-0.059 + 0.02483 * b);
      // b ≥ 0.931 + 2.53·√10 ≈ 8.93 > 3.4, so 1/α = 1.1239 + 1.1328/(b − 3.4) is positive.
      expect(Number.isFinite(law.logInvAlpha)).toBe(true);
      expect(law.vr).toBe(0.9277 - 3.6224 / (b - 2));
      expect(law.logMean).toBe(Math.log(lambda));
    }
  });

  it("refuses a mean that is not a finite number > 0", () => {
    const rng = createRng(1);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => rng.poisson(bad)).toThrow("Rng.poisson: expected a finite mean > 0");
    }
  });
});
