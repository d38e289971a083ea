import seedrandom from "seedrandom";
import { logGamma } from "./special-functions.js";

/** Serialisable RNG position: enough to resume a stream bit-identically. */
export interface RngState {
  readonly alea: { c: number; s0: number; s1: number; s2: number };
  readonly spare: number | null;
}

/**
 * The constants of a Poisson law with mean λ that `Rng.poissonFrom` uses: e^−λ for inversion
 * (λ < 10), and PTRS's b = 0.931 + 2.53·√λ, a = −0.059 + 0.02483·b, ln(1/α) with
 * 1/α = 1.1239 + 1.1328/(b − 3.4), v_r = 0.9277 − 3.6224/(b − 2) and ln λ (λ ≥ 10; Hörmann 1993).
 * Each law carries only its own method's constants: below λ = 10 the PTRS fields are NaN (there
 * b < 3.4 would make ln(1/α) undefined anyway), from λ = 10 e^−λ is NaN, so a caller that reads
 * the other method's field by mistake gets NaN, not a plausible number.
 */
export interface PoissonLaw {
  readonly mean: number;
  readonly expMinusMean: number;
  readonly a: number;
  readonly b: number;
  readonly logInvAlpha: number;
  readonly vr: number;
  readonly logMean: number;
}

/** Smallest mean `Rng.poissonFrom` draws by PTRS; below it, by inversion. */
export const PTRS_MIN_MEAN = 10;

/** The Poisson law of mean λ = `mean` (finite, > 0; else a RangeError naming the value). */
export function poissonLaw(mean: number): PoissonLaw {
  if (!(mean > 0) || !Number.isFinite(mean)) {
    throw new RangeError(`Rng.poisson: expected a finite mean > 0, got ${mean}`);
  }
  if (mean < PTRS_MIN_MEAN) {
    const expMinusMean = Math.exp(-mean);
    return { mean, expMinusMean, a: NaN, b: NaN, logInvAlpha: NaN, vr: NaN, logMean: NaN };
  }
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  return {
    mean,
    expMinusMean: NaN,
    a: -0.059 + 0.02483 * b,
    b,
    logInvAlpha: Math.log(1.1239 + 1.1328 / (b - 3.4)),
    vr: 0.9277 - 3.6224 / (b - 2),
    logMean: Math.log(mean),
  };
}

/**
 * Seeded random stream (seedrandom's Alea: fast, 2^116 period, state can be saved).
 * Streams are forked by name, so each consumer (fabrication, c2c, read, encoder, shuffle…)
 * draws from its own sequence: changing how much one consumer draws never shifts another.
 */
export class Rng {
  readonly seed: string;
  private readonly prng: seedrandom.PRNG;
  /** Second Box–Muller variate kept for the next normal() call. */
  private spare: number | null = null;

  constructor(seed: string, state?: RngState) {
    this.seed = seed;
    this.prng = seedrandom.alea(seed, state ? { state: { ...state.alea } } : { state: true });
    if (state) this.spare = state.spare;
  }

  /** Independent child stream; the same (seed, name) always gives the same stream. */
  fork(name: string): Rng {
    return new Rng(`${this.seed}/${name}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform in (0, 1]: safe under log(). */
  nextOpen(): number {
    return 1 - this.prng();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** Standard normal (Box–Muller, both variates used). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(this.nextOpen()));
    const phi = 2 * Math.PI * this.prng();
    this.spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  }

  /**
   * Poisson-distributed whole number with mean λ = `mean` > 0 (see `poissonLaw`). A caller that
   * draws many times from few means precomputes their laws and calls `poissonFrom`: the same bits.
   */
  poisson(mean: number): number {
    return this.poissonFrom(poissonLaw(mean));
  }

  /**
   * One draw from a precomputed Poisson law. Below λ = 10 by inversion (sequential search of the
   * cumulative distribution from k = 0, one uniform draw); from λ = 10 by Hörmann's transformed
   * rejection with squeeze, PTRS (W. Hörmann 1993, "The transformed rejection method for
   * generating Poisson random variables", Insurance: Math. Econ. 12:39; the algorithm of NumPy's
   * legacy `poisson` for λ ≥ 10), two uniform draws per trial, exact up to rounding.
   */
  poissonFrom(law: PoissonLaw): number {
    const mean = law.mean;
    if (mean < PTRS_MIN_MEAN) {
      let p = law.expMinusMean;
      let cumulative = p;
      const u = this.prng();
      let k = 0;
      // The cumulative sum can round below 1: stop where the terms no longer change it.
      while (u > cumulative && p > 0) {
        k++;
        p *= mean / k;
        cumulative += p;
      }
      return k;
    }
    const { a, b, logInvAlpha, vr, logMean } = law;
    for (;;) {
      const u = this.prng() - 0.5;
      const v = this.prng();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <=
        -mean + k * logMean - logGamma(k + 1)
      ) {
        return k;
      }
    }
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle(values: Int32Array | Uint32Array | number[]): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = values[i]!;
      values[i] = values[j]!;
      values[j] = t;
    }
  }

  state(): RngState {
    const s = (this.prng as unknown as { state(): RngState["alea"] }).state();
    return { alea: { ...s }, spare: this.spare };
  }
}

/**
 * Creates a seeded random stream; the same seed gives a bit-identical sequence. Fork it by name for
 * sub-streams.
 */
export function createRng(seed: number | string): Rng {
  return new Rng(String(seed));
}
