import { logGamma } from "../core/special-functions.js";

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

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Standard error of the mean; NaN when n < 2. */
export function standardError(s: Stats): number {
  return s.n > 1 ? s.std / Math.sqrt(s.n) : NaN;
}

/** Continued fraction of the incomplete beta function (modified Lentz's method). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta function I_x(a, b), 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(a, b, x)) / a
    : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** Cumulative distribution of Student's t with `df` (> 0, fractional allowed) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Quantile of Student's t: the t with studentTCdf(t, df) = p (bisection to 1e-12; fractional df
 * allowed, as Welch's interval needs). NaN for df ≤ 0 or p outside (0, 1).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0) || !(p > 0 && p < 1)) return NaN;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** How a difference's interval was computed. */
export type IntervalMethod = "welch" | "paired";

/**
 * A difference of two means over seeds with its confidence interval: `low`/`high` are NaN when it
 * cannot be estimated (fewer than two values on a side, or fewer than two pairs).
 */
export interface DifferenceInterval {
  readonly method: IntervalMethod;
  /** Mean difference (a − b). */
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** Degrees of freedom of the t quantile used (Welch–Satterthwaite for "welch"). */
  readonly df: number;
  /** Confidence level, e.g. 0.95. */
  readonly level: number;
}

/**
 * Welch's t interval for mean(a) − mean(b) of two independent samples (unequal variances,
 * Welch–Satterthwaite degrees of freedom). When both samples have zero spread the interval is the
 * point itself (df = na + nb − 2).
 */
export function welchInterval(
  a: readonly number[],
  b: readonly number[],
  level = 0.95,
): DifferenceInterval {
  const sa = stats(a);
  const sb = stats(b);
  const mean = sa.mean - sb.mean;
  if (sa.n < 2 || sb.n < 2) return { method: "welch", mean, low: NaN, high: NaN, df: NaN, level };
  const va = (sa.std * sa.std) / sa.n;
  const vb = (sb.std * sb.std) / sb.n;
  const se = Math.sqrt(va + vb);
  const df =
    se > 0 ? (va + vb) ** 2 / (va ** 2 / (sa.n - 1) + vb ** 2 / (sb.n - 1)) : sa.n + sb.n - 2;
  const half = se > 0 ? studentTQuantile(0.5 + level / 2, df) * se : 0;
  return { method: "welch", mean, low: mean - half, high: mean + half, df, level };
}

/** Paired t interval for the mean of per-pair differences (a_i − b_i), df = pairs − 1. */
export function pairedInterval(differences: readonly number[], level = 0.95): DifferenceInterval {
  const s = stats(differences);
  if (s.n < 2) return { method: "paired", mean: s.mean, low: NaN, high: NaN, df: NaN, level };
  const half =
    s.std > 0 ? (studentTQuantile(0.5 + level / 2, s.n - 1) * s.std) / Math.sqrt(s.n) : 0;
  return {
    method: "paired",
    mean: s.mean,
    low: s.mean - half,
    high: s.mean + half,
    df: s.n - 1,
    level,
  };
}

/** The interval excludes zero: the difference is resolved at its confidence level. */
export function excludesZero(d: DifferenceInterval): boolean {
  return Number.isFinite(d.low) && Number.isFinite(d.high) && (d.low > 0 || d.high < 0);
}
