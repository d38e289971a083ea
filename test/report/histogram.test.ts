import { describe, expect, it } from "vitest";
import { histogramBins, quantileSorted } from "../../src/report/histogram.js";

/** Every value lies in the bin counted for it: recount from the edges. */
function recount(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const v of values) {
    let b = edges.findIndex((e, i) => i < edges.length - 1 && v >= e && v < edges[i + 1]!);
    if (b < 0 && v === edges[edges.length - 1]) b = edges.length - 2;
    counts[b]!++;
  }
  return counts;
}

describe("histogramBins", () => {
  it("Freedman–Diaconis: width 2·IQR·n^(−1/3) for real-valued data", () => {
    // 0, 0.01, …, 9.99 (1000 values): IQR = 4.995, width = 2·4.995/10 = 0.999 → ⌈9.99/0.999⌉ = 10 bins.
    const values = Array.from({ length: 1000 }, (_, i) => i / 100 + 1e-9);
    const h = histogramBins(values);
    expect(h.rule).toBe("Freedman–Diaconis");
    const sorted = [...values].sort((a, b) => a - b);
    const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
    const expected = Math.ceil((sorted[999]! - sorted[0]!) / (2 * iqr * 1000 ** (-1 / 3)));
    expect(h.counts).toHaveLength(expected);
    expect(h.logX).toBe(false);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(h.counts).toEqual(recount(values, h.edges));
  });

  it("Sturges' ⌈log₂ n⌉ + 1 when the interquartile range is zero, bounded below by minBins", () => {
    const values = [...new Array<number>(60).fill(3), 0, 10, 20, 50.5];
    const h = histogramBins(values, { minBins: 2, maxBins: 40 });
    expect(h.rule).toBe("Sturges");
    expect(h.counts).toHaveLength(Math.ceil(Math.log2(64)) + 1);
    const few = histogramBins([1.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 3.5], { minBins: 5 });
    expect(few.counts.length).toBeGreaterThanOrEqual(5);
  });

  it("integer data get integer-wide bins from the smallest count (no bin edge between two counts)", () => {
    const counts = [0, 0, 0, 1, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9, 9, 10];
    const h = histogramBins(counts);
    for (let i = 0; i < h.counts.length; i++) {
      expect(Number.isInteger(h.edges[i]!)).toBe(true);
      expect(h.edges[i + 1]! - h.edges[i]!).toBeGreaterThanOrEqual(1);
    }
    expect(h.edges[0]).toBe(0);
    expect(h.counts[0]).toBe(counts.filter((c) => c < h.edges[1]!).length);
    expect(h.counts).toEqual(recount(counts, h.edges));
  });

  it("a tail far beyond the bulk switches to bins on log10(1 + x), within maxBins", () => {
    // 200 neurons with 5–15 spikes and 3 dominant ones with thousands: linear FD would need
    // hundreds of bins of width ~2 to reach 5,000.
    const values = [...Array.from({ length: 200 }, (_, i) => 5 + (i % 11)), 2000, 3500, 5000];
    const h = histogramBins(values, { maxBins: 30 });
    expect(h.logX).toBe(true);
    expect(h.counts.length).toBeLessThanOrEqual(30);
    expect(h.counts).toEqual(recount(values, h.edges));
    // Equal widths on log10(1 + x).
    const w = h.edges.map((e) => Math.log10(1 + e));
    for (let i = 1; i < w.length; i++) expect(w[i]! - w[i - 1]!).toBeCloseTo(w[1]! - w[0]!, 9);
    expect(histogramBins(values, { maxBins: 30, logX: "never" }).counts).toHaveLength(30);
  });

  it("one distinct value: one bin holding all; no values: no bins", () => {
    expect(histogramBins([4, 4, 4]).counts).toEqual([3]);
    expect(histogramBins([]).counts).toEqual([]);
  });
});
