/**
 * Fabrication: everything drawn once per device when an array is made. Each parameter's spread
 * draws from its own sub-stream of "fabrication" (gMin, gMax, step, nl, drift) and the faults from
 * the "faults" stream, so enabling one spread never changes another's draws, and nothing here
 * depends on the write, read or rounding streams.
 */
import type { Rng } from "../core/rng.js";
import type { DeviceFactors, NominalBounds } from "./kernel.js";
import type { NonIdealities } from "./non-idealities.js";

/** Factors at or below this are redrawn: a spread never flips a parameter's sign. */
export const MIN_FACTOR = 0.05;

/** n factors 1 + σξ from `rng`, redrawn while ≤ MIN_FACTOR; null when σ = 0. */
export function drawFactors(n: number, sigma: number, rng: Rng): Float64Array | null {
  if (!(sigma > 0)) return null;
  const f = new Float64Array(n);
  for (let d = 0; d < n; d++) f[d] = drawFactor(sigma, rng);
  return f;
}

function drawFactor(sigma: number, rng: Rng): number {
  let v: number;
  do v = 1 + sigma * rng.normal();
  while (v <= MIN_FACTOR);
  return v;
}

/**
 * Device-to-device factors for n devices. A device whose drawn Gmin would reach its drawn Gmax
 * gets both redrawn (from their own streams), so every device keeps Gmin < Gmax.
 */
export function drawDeviceFactors(
  n: number,
  spread: NonIdealities["d2d"],
  bounds: NominalBounds,
  fabrication: Rng,
): DeviceFactors {
  if (!spread.enabled) return { gMin: null, gMax: null, step: null, nl: null };
  const gMinRng = fabrication.fork("gMin");
  const gMaxRng = fabrication.fork("gMax");
  const gMin = drawFactors(n, spread.gMinSigma, gMinRng);
  const gMax = drawFactors(n, spread.gMaxSigma, gMaxRng);
  if (gMin || gMax) {
    for (let d = 0; d < n; d++) {
      while (bounds.gMinS * (gMin ? gMin[d]! : 1) >= bounds.gMaxS * (gMax ? gMax[d]! : 1)) {
        if (gMin) gMin[d] = drawFactor(spread.gMinSigma, gMinRng);
        if (gMax) gMax[d] = drawFactor(spread.gMaxSigma, gMaxRng);
      }
    }
  }
  return {
    gMin,
    gMax,
    step: drawFactors(n, spread.stepSigma, fabrication.fork("step")),
    nl: drawFactors(n, spread.nlSigma, fabrication.fork("nl")),
  };
}

/** Stuck state per device: 0 healthy, 1 at Gmin, 2 at Gmax, 3 at a random conductance. */
export const STUCK_NONE = 0;
/** Stuck-state code of a device stuck at its Gmin (HRS). */
export const STUCK_GMIN = 1;
/** Stuck-state code of a device stuck at its Gmax (LRS). */
export const STUCK_GMAX = 2;
/** Stuck-state code of a device stuck at a uniform random conductance in [Gmin, Gmax]. */
export const STUCK_RANDOM = 3;

/**
 * Marks exactly round(fraction·n) devices of each kind (drawn without replacement by a partial
 * Fisher–Yates shuffle) and sets their conductance. Random-stuck values are uniform in the
 * device's own [Gmin, Gmax].
 */
export function drawFaults(
  faults: NonIdealities["faults"],
  gMinS: Float64Array,
  gMaxS: Float64Array,
  g: Float64Array,
  stuck: Uint8Array,
  rng: Rng,
): void {
  if (!faults.enabled) return;
  const n = g.length;
  const counts = [
    Math.round(faults.stuckAtGminFraction * n),
    Math.round(faults.stuckAtGmaxFraction * n),
    Math.round(faults.stuckAtRandomFraction * n),
  ];
  const total = Math.min(n, counts[0]! + counts[1]! + counts[2]!);
  if (total === 0) return;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < total; i++) {
    const j = i + rng.int(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  let i = 0;
  for (let kind = 0; kind < 3; kind++) {
    for (let c = 0; c < counts[kind]! && i < total; c++, i++) {
      const d = order[i]!;
      stuck[d] = kind + 1;
      g[d] =
        kind === 0
          ? gMinS[d]!
          : kind === 1
            ? gMaxS[d]!
            : gMinS[d]! + rng.next() * (gMaxS[d]! - gMinS[d]!);
    }
  }
}

/** Per-device drift-exponent factors (1 + σξ, ≥ 0 after redraw), or null when drift is off. */
export function drawDriftFactors(
  n: number,
  drift: NonIdealities["drift"],
  fabrication: Rng,
): Float64Array | null {
  if (!drift.enabled || !(drift.nu > 0 || (drift.nuAtGmin ?? 0) > 0)) return null;
  const f = drawFactors(n, drift.nuSigma, fabrication.fork("drift"));
  return f ?? new Float64Array(n).fill(1);
}
