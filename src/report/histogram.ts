/**
 * Histogram bins for the report's distributions (spike counts per neuron, weights): the
 * Freedman–Diaconis width 2·IQR·n^(−1/3) (robust to the long tails these distributions have),
 * Sturges' ⌈log₂ n⌉ + 1 bins when the interquartile range is zero, the count bounded to
 * [minBins, maxBins]. Integer data get integer-wide bins (no bin between two counts). When the
 * tail is so long that Freedman–Diaconis would need more than maxBins bins, non-negative data are
 * binned on log10(1 + x) instead, so the bulk and the tail both stay readable.
 */

/** Binning rule a histogram used. */
export type BinRule = "Freedman–Diaconis" | "Sturges";

/** Bins of one histogram: edges (counts.length + 1, increasing) and the values per bin. */
export interface Histogram {
  /** Bin i is [edges[i], edges[i + 1]); the last bin includes its upper edge. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
  readonly rule: BinRule;
  /** Bins are equal on log10(1 + x) rather than on x. */
  readonly logX: boolean;
  /** The rule's bin count was cut to the bounds. */
  readonly clamped: boolean;
}

/**
 * Options: bounds of the bin count, and log-spaced bins — "auto" (default): when the tail needs
 * them; "always": for non-negative data; "never".
 */
export interface BinOptions {
  readonly minBins?: number;
  readonly maxBins?: number;
  readonly logX?: "auto" | "always" | "never";
}

/** The q-quantile of sorted values (linear interpolation between order statistics). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Bin count by the rule (unbounded), for sorted values with min < max. */
function ruleBins(sorted: Float64Array): { bins: number; rule: BinRule } {
  const n = sorted.length;
  const range = sorted[n - 1]! - sorted[0]!;
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  if (iqr > 0)
    return { bins: Math.ceil(range / (2 * iqr * n ** (-1 / 3))), rule: "Freedman–Diaconis" };
  return { bins: Math.ceil(Math.log2(n)) + 1, rule: "Sturges" };
}

function count(values: ArrayLike<number>, edges: readonly number[], map: (x: number) => number) {
  const k = edges.length - 1;
  const counts = new Array<number>(k).fill(0);
  const lo = map(edges[0]!);
  const hi = map(edges[k]!);
  const width = (hi - lo) / k;
  for (let i = 0; i < values.length; i++) {
    const x = map(values[i]!);
    let b = width > 0 ? Math.floor((x - lo) / width) : 0;
    if (b >= k) b = k - 1;
    if (b < 0) b = 0;
    // Guard against rounding at the edges (x exactly on an edge belongs to the upper bin).
    while (b > 0 && x < map(edges[b]!)) b--;
    while (b < k - 1 && x >= map(edges[b + 1]!)) b++;
    counts[b]!++;
  }
  return counts;
}

/** Histogram of `values` (see the module comment for the rule). Empty input: no bins. */
export function histogramBins(values: ArrayLike<number>, options: BinOptions = {}): Histogram {
  const minBins = options.minBins ?? 5;
  const maxBins = options.maxBins ?? 40;
  const n = values.length;
  if (n === 0) return { edges: [], counts: [], rule: "Sturges", logX: false, clamped: false };
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  let integers = true;
  for (let i = 0; i < n && integers; i++) integers = Number.isInteger(sorted[i]!);
  if (min === max) {
    const edges = integers ? [min, min + 1] : [min - 0.5, min + 0.5];
    return { edges, counts: [n], rule: "Sturges", logX: false, clamped: false };
  }
  const { bins, rule } = ruleBins(sorted);
  const logX = options.logX ?? "auto";
  if (min >= 0 && (logX === "always" || (logX === "auto" && bins > maxBins))) {
    const logged = sorted.map((x) => Math.log10(1 + x));
    const r = ruleBins(logged);
    const k = Math.min(maxBins, Math.max(minBins, r.bins));
    const lo = logged[0]!;
    const width = (logged[n - 1]! - lo) / k;
    const edges = Array.from({ length: k + 1 }, (_, i) =>
      i === 0 ? min : i === k ? max : 10 ** (lo + i * width) - 1,
    );
    const counts = count(sorted, edges, (x) => Math.log10(1 + x));
    return { edges, counts, rule: r.rule, logX: true, clamped: k !== r.bins };
  }
  let k = Math.min(maxBins, Math.max(minBins, bins));
  if (integers) {
    // Integer-wide bins covering min … max inclusive.
    const width = Math.max(1, Math.ceil((max - min + 1) / k));
    k = Math.ceil((max - min + 1) / width);
    const edges = Array.from({ length: k + 1 }, (_, i) => min + i * width);
    return {
      edges,
      counts: count(sorted, edges, (x) => x),
      rule,
      logX: false,
      clamped: k !== bins,
    };
  }
  const width = (max - min) / k;
  const edges = Array.from({ length: k + 1 }, (_, i) => (i === k ? max : min + i * width));
  return { edges, counts: count(sorted, edges, (x) => x), rule, logX: false, clamped: k !== bins };
}
