/**
 * e^z for the SRM0 escape intensity, written out so that the JavaScript loop and the WebAssembly
 * kernel `srm0Step` (src/kernels/asm/kernels.ts) compute the same bits: the same IEEE-754 double
 * operations in the same order (Math.exp and the kernel's libm may differ in the last bit).
 *   z ← clamp(z, −700, 700)                    (e^−700 ≈ 1e-304: no hazard; e^700: certain spike)
 *   k = z·log2(e) rounded to nearest-even      (by adding and subtracting 1.5·2^52)
 *   r = (z − k·ln2_hi) − k·ln2_lo              (Cody–Waite reduction, |r| ≤ ln2/2)
 *   e^r by its Taylor series to r^12 (Horner), truncation error < 2e-16 relative
 *   e^z = e^r · 2^k                            (2^k exact, built from its exponent bits)
 */

const ROUND = 6755399441055744; // 1.5·2^52
const LOG2E = 1.4426950408889634;
const LN2_HI = 0.6931471803691238; // high bits of ln 2 (k·LN2_HI exact for |k| < 2^11)
const LN2_LO = 1.9082149292705877e-10; // ln 2 − LN2_HI
/** 1/n! for n = 12 … 2 (Horner order). */
export const ESCAPE_EXP_COEFFS: readonly number[] = (() => {
  const out: number[] = [];
  for (let n = 12; n >= 2; n--) {
    let f = 1;
    for (let i = 2; i <= n; i++) f *= i;
    out.push(1 / f);
  }
  return out;
})();

const POW2 = (() => {
  // 2^e for e = −1022 … 1023 from the exponent bits (exact).
  const table = new Float64Array(2046);
  const view = new DataView(new ArrayBuffer(8));
  for (let e = -1022; e <= 1023; e++) {
    view.setUint32(0, (e + 1023) << 20);
    view.setUint32(4, 0);
    table[e + 1022] = view.getFloat64(0);
  }
  return table;
})();

const C = ESCAPE_EXP_COEFFS;

export function escapeExp(z: number): number {
  const zc0 = z < -700 ? -700 : z;
  const zc = 700 < zc0 ? 700 : zc0;
  const k = zc * LOG2E + ROUND - ROUND;
  const r = zc - k * LN2_HI - k * LN2_LO;
  let p = C[0]!;
  for (let i = 1; i < C.length; i++) p = p * r + C[i]!;
  p = p * r + 1;
  p = p * r + 1;
  return p * POW2[k + 1022]!;
}
