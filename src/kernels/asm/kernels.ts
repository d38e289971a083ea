// AssemblyScript (compiled by `asc` to dist/kernels/kernels.wasm; not part of the tsc build).
// The two hot loops of a presentation with 128-bit SIMD. Every lane performs the same IEEE-754
// double operations in the same order as the JavaScript reference implementations
// (src/crossbar/ideal-synapses.ts readRow, src/neurons/diehl-cook.ts step), so results are
// bit-identical with and without the kernels.

/** target[j] += f64(row[j]) for j < n: one crossbar row read into the neurons' input. */
export function addRowF32(target: usize, row: usize, n: i32): void {
  let j: i32 = 0;
  for (; j + 2 <= n; j += 2) {
    const t = target + ((<usize>j) << 3);
    const w = f64x2.promote_low_f32x4(v128.load64_zero(row + ((<usize>j) << 2)));
    v128.store(t, f64x2.add(v128.load(t), w));
  }
  if (j < n) {
    const t = target + ((<usize>j) << 3);
    store<f64>(t, load<f64>(t) + <f64>load<f32>(row + ((<usize>j) << 2)));
  }
}

/**
 * One forward-Euler step of n Diehl & Cook neurons (see src/neurons/diehl-cook.ts):
 *   v ← v + kV·((E_rest − v) + g_e(E_exc − v) + g_i(E_inh − v)) unless clamped (t ≤ clampUntil)
 *   g_e ← g_e·geDecay, g_i ← g_i·giDecay; fires when v > thrBase + θ̃·d and t > fireAfter.
 * Writes firing indices (ascending) at `fired` (i32) and returns how many.
 */
export function dcStep(
  n: i32,
  pV: usize,
  pGe: usize,
  pGi: usize,
  pTheta: usize,
  pClamp: usize,
  pFireAfter: usize,
  pFired: usize,
  t: f64,
  kV: f64,
  geDecay: f64,
  giDecay: f64,
  restMv: f64,
  eExc: f64,
  eInh: f64,
  thrBase: f64,
  d: f64,
): i32 {
  const vt = f64x2.splat(t);
  const vkV = f64x2.splat(kV);
  const vgeD = f64x2.splat(geDecay);
  const vgiD = f64x2.splat(giDecay);
  const vRest = f64x2.splat(restMv);
  const vExc = f64x2.splat(eExc);
  const vInh = f64x2.splat(eInh);
  const vThr = f64x2.splat(thrBase);
  const vd = f64x2.splat(d);
  let nFired: i32 = 0;
  let j: i32 = 0;
  for (; j + 2 <= n; j += 2) {
    const o = (<usize>j) << 3;
    const v = v128.load(pV + o);
    const ge = v128.load(pGe + o);
    const gi = v128.load(pGi + o);
    const drive = f64x2.add(
      f64x2.add(f64x2.sub(vRest, v), f64x2.mul(ge, f64x2.sub(vExc, v))),
      f64x2.mul(gi, f64x2.sub(vInh, v)),
    );
    const integrated = f64x2.add(v, f64x2.mul(vkV, drive));
    const free = f64x2.gt(vt, v128.load(pClamp + o));
    const vNew = v128.bitselect(integrated, v, free);
    v128.store(pV + o, vNew);
    v128.store(pGe + o, f64x2.mul(ge, vgeD));
    v128.store(pGi + o, f64x2.mul(gi, vgiD));
    const thr = f64x2.add(vThr, f64x2.mul(v128.load(pTheta + o), vd));
    const cross = v128.and(f64x2.gt(vNew, thr), f64x2.gt(vt, v128.load(pFireAfter + o)));
    if (v128.any_true(cross)) {
      if (i64x2.extract_lane(cross, 0) != 0) {
        store<i32>(pFired + ((<usize>nFired) << 2), j);
        nFired++;
      }
      if (i64x2.extract_lane(cross, 1) != 0) {
        store<i32>(pFired + ((<usize>nFired) << 2), j + 1);
        nFired++;
      }
    }
  }
  if (j < n) {
    const o = (<usize>j) << 3;
    let v = load<f64>(pV + o);
    const ge = load<f64>(pGe + o);
    const gi = load<f64>(pGi + o);
    if (t > load<f64>(pClamp + o)) {
      v = v + kV * (restMv - v + ge * (eExc - v) + gi * (eInh - v));
      store<f64>(pV + o, v);
    }
    store<f64>(pGe + o, ge * geDecay);
    store<f64>(pGi + o, gi * giDecay);
    if (v > thrBase + load<f64>(pTheta + o) * d && t > load<f64>(pFireAfter + o)) {
      store<i32>(pFired + ((<usize>nFired) << 2), j);
      nFired++;
    }
  }
  return nFired;
}
