/**
 * The differential pair (G+ − G−) as the network sees it: normalisation moves the two devices of
 * a pair in opposite directions, and a noisy read keeps the ½ of w = ½ + ½·(G+ − G−)/ΔG.
 * (Issue #19 item 7: both changes used to leave every test green.)
 */
import { describe, expect, test } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { createCrossbar } from "../../src/crossbar/index.js";

const G_MIN = 1e-7; // ideal preset (devices/ideal.json)
const G_MAX = 5e-6;
const RANGE = G_MAX - G_MIN;

function differential(rows: number, cols: number, set: Record<string, number> = {}) {
  return createCrossbar(
    { device: "ideal", set, mapping: "differential", update: "delta" },
    rows,
    cols,
    createRng(5),
    new OpLedger(),
  );
}

describe("differential mapping", () => {
  test("normaliseColumns(3) brings every column sum to 3 by moving G+ and G− of each pair in opposite directions (their sum is kept)", () => {
    const rows = 20;
    const cols = 6;
    const xb = differential(rows, cols);
    const rng = createRng(11);
    const w = Float32Array.from({ length: rows * cols }, () => 0.05 + 0.25 * rng.next());
    xb.programInitialWeights(w);
    const cells = rows * cols;
    const g = xb.devices.g;
    const pairSum = Array.from({ length: cells }, (_, i) => g[i]! + g[i + cells]!);
    xb.normaliseColumns(3);
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let i = j; i < cells; i += cols) s += xb.weights[i]!;
      expect(Math.abs(s - 3)).toBeLessThan(rows * 2 ** -23); // float32 weights
    }
    for (let i = 0; i < cells; i++) {
      expect(Math.abs(g[i]! + g[i + cells]! - pairSum[i]!)).toBeLessThan(1e-9 * RANGE);
      // w = ½ + ½·(G+ − G−)/ΔG for every pair after the writes.
      expect(Math.abs(0.5 + (0.5 * (g[i]! - g[i + cells]!)) / RANGE - xb.weights[i]!)).toBeLessThan(
        1e-6,
      );
    }
  });

  test("a noisy read of w = 0.8 averages 0.8: w = ½ + ½·(G+ − G−)/ΔG with each device read with σ = 0.02 (4 SE over 8000 cells)", () => {
    const n = 8000;
    const sigma = 0.02;
    const xb = differential(1, n, { "readNoise.sigma": sigma });
    xb.programInitialWeights(new Float32Array(n).fill(0.8));
    const t = new Float64Array(n);
    xb.readRow(0, t);
    const gp = G_MIN + 0.8 * RANGE;
    const gm = G_MIN + 0.2 * RANGE;
    // SD of one read: ½·σ·√(G+² + G−²)/ΔG.
    const sd = (0.5 * sigma * Math.sqrt(gp * gp + gm * gm)) / RANGE;
    let s = 0;
    for (const v of t) s += v;
    expect(Math.abs(s / n - 0.8)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });
});
