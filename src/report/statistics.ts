/** Summary statistics over replicate seeds. */
export interface Stats {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1 in the denominator); NaN when n < 2. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Summary statistics of `values`: n, mean, sample standard deviation (NaN when n < 2), min and max
 * (NaN for no values).
 */
export function stats(values: readonly number[]): Stats {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, std: NaN, min: NaN, max: NaN };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { n, mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN, min, max };
}

/** Standard error of the mean; NaN when n < 2. */
export function standardError(s: Stats): number {
  return s.n > 1 ? s.std / Math.sqrt(s.n) : NaN;
}
