/**
 * NeuroSim's nonlinearity label "NL" ↔ curvature of the saturating-exponential pulse response.
 *
 * NeuroSim (MLP+NeuroSim V3.0 manual §5; Chen & Yu, IEEE Design & Test 2019) labels a device's
 * update curve G(P) = B(1 − e^(−P/A)) + Gmin by a number NL and converts it to A/Pmax through a
 * table. The tabulated pairs satisfy, to their printed four digits, one rule: the curve's largest
 * deviation from the straight line between its end points, as a fraction of the range, is
 * 0.099·|NL| (device-models.md §1b). We therefore define the label by that rule and invert it
 * numerically instead of copying a table; the reference values are checked in the tests.
 *
 * Sign: A has the sign of NL (NeuroSim's convention, see neurosim.ts).
 */

/** Largest deviation from linear per unit NL (device-models.md §1b). */
export const NL_DEVIATION_PER_LABEL = 0.099;
/** The deviation cannot reach 1, so labels stop below 1/0.099 ≈ 10.1; beyond 9.5 curves are steps. */
export const NL_LABEL_MAX = 9.5;
/** Below this |Pmax/A| the curve is linear to 1e-7 of the range; used instead of an infinite A. */
export const MIN_CURVATURE = 1e-6;

/**
 * Largest deviation from the chord of y(x) = (1 − e^(−k x))/(1 − e^(−k)), x ∈ [0, 1], for
 * curvature k = Pmax/A > 0. The maximum sits where y'(x) = 1.
 */
export function maxDeviationFromLinear(k: number): number {
  if (k < MIN_CURVATURE) return k / 8; // series limit: y − x ≈ k x(1 − x)/2, max k/8
  const c = -Math.expm1(-k);
  const xStar = Math.log(k / c) / k; // where e^(−k x)·k/c = 1
  const yStar = -Math.expm1(-k * xStar) / c;
  return yStar - xStar;
}

/** Curvature k = Pmax/A (> 0) whose largest deviation is `deviation` (in (0, 1)), by bisection. */
function curvatureForDeviation(deviation: number): number {
  if (deviation <= 0) return 0;
  let lo = 0;
  let hi = 1;
  while (maxDeviationFromLinear(hi) < deviation) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (maxDeviationFromLinear(mid) < deviation) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Grid step of the label → curvature table (interpolation error < 1e-7 relative). */
const TABLE_STEP = 0.005;
let curvatureTable: Float64Array | null = null;

function table(): Float64Array {
  if (curvatureTable) return curvatureTable;
  const n = Math.ceil(NL_LABEL_MAX / TABLE_STEP) + 1;
  const t = new Float64Array(n);
  for (let i = 1; i < n; i++) t[i] = curvatureForDeviation(NL_DEVIATION_PER_LABEL * i * TABLE_STEP);
  curvatureTable = t;
  return t;
}

/**
 * Signed curvature k = Pmax/A for a NeuroSim NL label (|NL| ≤ NL_LABEL_MAX). k is interpolated
 * from a 0.005-step table built once by bisection: fast enough to convert one label per device.
 */
export function curvatureFromLabel(nl: number): number {
  const t = table();
  const x = Math.abs(nl) / TABLE_STEP;
  const i = Math.min(Math.floor(x), t.length - 2);
  const f = x - i;
  const k = t[i]! + f * (t[i + 1]! - t[i]!);
  return nl < 0 ? -k : k;
}

/** A/Pmax for a NeuroSim NL label (the quantity NeuroSim tabulates); ±Infinity for NL = 0. */
export function aOverPmaxFromLabel(nl: number): number {
  const k = curvatureFromLabel(nl);
  return k === 0 ? (Object.is(nl, -0) ? -Infinity : Infinity) : 1 / k;
}

/** NL label of a curve with signed curvature k = Pmax/A (inverse of curvatureFromLabel). */
export function labelFromCurvature(k: number): number {
  const nl = maxDeviationFromLinear(Math.abs(k)) / NL_DEVIATION_PER_LABEL;
  return k < 0 ? -nl : nl;
}
