import { describe, expect, test } from "vitest";
import {
  aOverPmaxFromLabel,
  curvatureFromLabel,
  labelFromCurvature,
  maxDeviationFromLinear,
  NL_DEVIATION_PER_LABEL,
} from "../../src/devices/nl-label.js";

/** NeuroSim's NL label → A/Pmax pairs (device-models.md §1b). */
const TABLE: [number, number][] = [
  [0.5, 2.5199],
  [1, 1.2517],
  [2, 0.609],
  [2.4, 0.4992],
  [3, 0.3868],
  [4, 0.2691],
  [4.88, 0.2003],
  [5, 0.1924],
  [6, 0.1356],
];

describe("NL label ↔ A/Pmax", () => {
  // The rule "largest deviation = 0.099·NL" is only as exact as the table itself: the factor each
  // table entry implies, maxDev(A/Pmax)/NL, spreads by ±δ around 0.099. For the curve
  // y = (1 − e^(−x/a))/(1 − e^(−1/a)), d ln(maxDev)/d ln(a) lies in [−1, 0), so an entry can differ
  // from our solution by at most δ relative. Tolerance = 2δ (measured from the table, not tuned).
  const implied = TABLE.map(
    ([nl, a]) => maxDeviationFromLinear(1 / a) / nl / NL_DEVIATION_PER_LABEL - 1,
  );
  const delta = Math.max(...implied.map(Math.abs));
  const tol = 2 * delta;

  test("the table is consistent with one rule: each entry implies 0.099 to within 2e-4", () => {
    expect(delta).toBeLessThan(2e-4);
  });

  test.each(TABLE)("aOverPmaxFromLabel(%s) matches the NeuroSim table value %s", (nl, a) => {
    expect(Math.abs(aOverPmaxFromLabel(nl) / a - 1)).toBeLessThanOrEqual(tol);
  });

  test.each(TABLE)("a negative label %s gives −A/Pmax (sign follows NL)", (nl, a) => {
    expect(Math.abs(aOverPmaxFromLabel(-nl) / -a - 1)).toBeLessThanOrEqual(tol);
  });

  test("labelFromCurvature inverts curvatureFromLabel to 1e-6 over [−9.5, 9.5]", () => {
    for (let nl = -9.5; nl <= 9.5; nl += 0.37) {
      expect(labelFromCurvature(curvatureFromLabel(nl))).toBeCloseTo(nl, 6);
    }
  });

  test("NL 0 is the linear curve (curvature 0, deviation 0)", () => {
    expect(curvatureFromLabel(0)).toBe(0);
    expect(maxDeviationFromLinear(0)).toBe(0);
  });

  test("maxDeviationFromLinear matches a brute-force scan of the curve to 1e-9", () => {
    for (const k of [0.3, 1, 2.003, 7.4]) {
      const c = 1 - Math.exp(-k);
      let best = 0;
      for (let i = 0; i <= 200000; i++) {
        const x = i / 200000;
        best = Math.max(best, (1 - Math.exp(-k * x)) / c - x);
      }
      expect(Math.abs(maxDeviationFromLinear(k) - best)).toBeLessThan(1e-9);
    }
  });
});
