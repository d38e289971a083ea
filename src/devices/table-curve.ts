/**
 * A pulse response given as a table: normalised conductance y = (G − Gmin)/(Gmax − Gmin) at known
 * pulse positions, one table for LTP (y rising from the low state) and one for LTD (y falling from
 * the high state), linearly interpolated. Shared by the measured-curve and custom-formula models.
 *
 * A pulse: find the device's position on the table by inverting y (binary search), advance it by
 * one pulse (times the device's step factor), read y back. On a flat stretch the inverse returns
 * the stretch's far end, so a device never gets stuck on a plateau of a measured curve.
 */
import {
  factorAt,
  KernelBase,
  PARAM_STRIDE,
  type DeviceFactors,
  type DeviceKernel,
  type NominalBounds,
} from "./kernel.js";

/**
 * A pulse-response table: pulse positions and normalised conductances y ∈ [0, 1] of one direction.
 */
export interface CurveTable {
  /** Pulse positions, strictly increasing, starting at 0. */
  readonly positions: Float64Array;
  /** Normalised conductance at each position: non-decreasing (LTP) or non-increasing (LTD). */
  readonly y: Float64Array;
}

/** y at position p, linearly interpolated (clamped to the table's ends). */
function evalTable(t: CurveTable, p: number): number {
  const pos = t.positions;
  const n = pos.length;
  if (p <= 0) return t.y[0]!;
  if (p >= pos[n - 1]!) return t.y[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pos[mid]! <= p) lo = mid;
    else hi = mid;
  }
  const f = (p - pos[lo]!) / (pos[hi]! - pos[lo]!);
  return t.y[lo]! + f * (t.y[hi]! - t.y[lo]!);
}

/**
 * Position of value v on a monotone table, the furthest one where the curve has not passed v yet
 * (sign = +1 for a rising table, −1 for a falling one).
 */
function invert(t: CurveTable, v: number, sign: 1 | -1): number {
  const y = t.y;
  const pos = t.positions;
  const n = y.length;
  const sv = sign * v;
  if (sv < sign * y[0]!) return 0;
  if (sv >= sign * y[n - 1]!) return pos[n - 1]!;
  // Largest index with sign·y[i] ≤ sign·v.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sign * y[mid]! <= sv) lo = mid;
    else hi = mid;
  }
  const dy = y[hi]! - y[lo]!;
  const f = dy === 0 ? 0 : (v - y[lo]!) / dy;
  return pos[lo]! + f * (pos[hi]! - pos[lo]!);
}

/** Record slots: 1/range, pulse-position increment per pulse (device step factor), its inverse. */
const INV_RANGE = 2;
const STEP = 3;
const INV_STEP = 4;

/**
 * Device kernel for table-defined curves (measured and custom models): inverts y by binary search,
 * advances the pulse position, interpolates y back.
 */
export class TableKernel extends KernelBase implements DeviceKernel {
  readonly exactStrength = true;
  readonly slotNames = ["invRange", "step", "invStep"];

  constructor(
    private readonly ltpTable: CurveTable,
    private readonly ltdTable: CurveTable,
    n: number,
    bounds: NominalBounds,
    f: DeviceFactors,
  ) {
    super(n, bounds, f);
    const r = this.params;
    for (let d = 0, o = 0; d < n; d++, o += PARAM_STRIDE) {
      r[o + INV_RANGE] = 1 / (r[o + 1]! - r[o]!);
      r[o + STEP] = factorAt(f.step, d);
      r[o + INV_STEP] = 1 / r[o + STEP]!;
    }
  }

  /** Normalised conductance of device d. */
  private y(o: number, gS: number): number {
    return (gS - this.params[o]!) * this.params[o + INV_RANGE]!;
  }

  private at(o: number, y: number): number {
    const gMin = this.params[o]!;
    return gMin + y * (this.params[o + 1]! - gMin);
  }

  ltp(d: number, gS: number, strength: number): number {
    const o = d * PARAM_STRIDE;
    const p = invert(this.ltpTable, this.y(o, gS), 1) + strength * this.params[o + STEP]!;
    return this.at(o, evalTable(this.ltpTable, p));
  }
  ltd(d: number, gS: number, strength: number): number {
    const o = d * PARAM_STRIDE;
    const p = invert(this.ltdTable, this.y(o, gS), -1) + strength * this.params[o + STEP]!;
    return this.at(o, evalTable(this.ltdTable, p));
  }
  ltpPulsesTo(d: number, gS: number, targetS: number): number {
    const o = d * PARAM_STRIDE;
    const t = this.ltpTable;
    return (
      (invert(t, this.y(o, targetS), 1) - invert(t, this.y(o, gS), 1)) * this.params[o + INV_STEP]!
    );
  }
  ltdPulsesTo(d: number, gS: number, targetS: number): number {
    const o = d * PARAM_STRIDE;
    const t = this.ltdTable;
    return (
      (invert(t, this.y(o, targetS), -1) - invert(t, this.y(o, gS), -1)) *
      this.params[o + INV_STEP]!
    );
  }
}

/** Pulses to sweep the table from its first to its last value. */
export function tableLength(t: CurveTable): number {
  return t.positions[t.positions.length - 1]!;
}
