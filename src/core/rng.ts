import seedrandom from "seedrandom";

/** Serialisable RNG position: enough to resume a stream bit-identically. */
export interface RngState {
  readonly alea: { c: number; s0: number; s1: number; s2: number };
  readonly spare: number | null;
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
