// AssemblyScript (compiled by `asc` to dist/kernels/kernels.wasm; not part of the tsc build).
// The hot loops of a presentation with 128-bit SIMD. Every lane performs the same IEEE-754
// double operations in the same order as the JavaScript reference implementations
// (src/crossbar/ideal-synapses.ts readRow, src/neurons/diehl-cook.ts step,
// src/neurons/current-based.ts step), so results are bit-identical with and without the kernels.

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

/** target[j] += rows p0, p1, p2, p3 (the first k of them, in that order) for j < cols. */
function addGroup(
  target: usize,
  cols: i32,
  p0: usize,
  p1: usize,
  p2: usize,
  p3: usize,
  k: i32,
): void {
  let j: i32 = 0;
  for (; j + 4 <= cols; j += 4) {
    const t = target + ((<usize>j) << 3);
    const o = (<usize>j) << 2;
    let a = v128.load(t);
    let b = v128.load(t, 16);
    let w = v128.load(p0 + o);
    a = f64x2.add(a, f64x2.promote_low_f32x4(w));
    b = f64x2.add(b, f64x2.promote_low_f32x4(v128.shuffle<i64>(w, w, 1, 1)));
    if (k > 1) {
      w = v128.load(p1 + o);
      a = f64x2.add(a, f64x2.promote_low_f32x4(w));
      b = f64x2.add(b, f64x2.promote_low_f32x4(v128.shuffle<i64>(w, w, 1, 1)));
      if (k > 2) {
        w = v128.load(p2 + o);
        a = f64x2.add(a, f64x2.promote_low_f32x4(w));
        b = f64x2.add(b, f64x2.promote_low_f32x4(v128.shuffle<i64>(w, w, 1, 1)));
        if (k > 3) {
          w = v128.load(p3 + o);
          a = f64x2.add(a, f64x2.promote_low_f32x4(w));
          b = f64x2.add(b, f64x2.promote_low_f32x4(v128.shuffle<i64>(w, w, 1, 1)));
        }
      }
    }
    v128.store(t, a);
    v128.store(t, b, 16);
  }
  for (; j < cols; j++) {
    const t = target + ((<usize>j) << 3);
    const o = (<usize>j) << 2;
    let x = load<f64>(t) + <f64>load<f32>(p0 + o);
    if (k > 1) x += <f64>load<f32>(p1 + o);
    if (k > 2) x += <f64>load<f32>(p2 + o);
    if (k > 3) x += <f64>load<f32>(p3 + o);
    store<f64>(t, x);
  }
}

/**
 * target[j] += f64(w[row·cols + j]) for every row of the batch (nRows row indices, i32, at pRows)
 * and every j < cols: the step's input rows in one call. Each target element receives the rows'
 * weights in batch order, as nRows successive addRowF32 calls would add them, so the bits are the
 * same; rows go in groups of up to four (addGroup), the target loaded and stored once per group.
 */
export function addRowsF32(target: usize, pW: usize, cols: i32, pRows: usize, nRows: i32): void {
  addRowsSpan(target, pW, (<usize>cols) << 2, cols, pRows, nRows);
}

/**
 * addRowsF32 over `width` columns of rows `stride` bytes apart (target and pW point at the first
 * column of the span): a column range of the matrix, each column the same operations in the same
 * order as in the whole-row call.
 */
function addRowsSpan(
  target: usize,
  pW: usize,
  stride: usize,
  cols: i32,
  pRows: usize,
  nRows: i32,
): void {
  for (let r: i32 = 0; r < nRows; r += 4) {
    const k = nRows - r < 4 ? nRows - r : 4;
    const q = pRows + ((<usize>r) << 2);
    const p0 = pW + <usize>load<i32>(q) * stride;
    const p1 = k > 1 ? pW + <usize>load<i32>(q, 4) * stride : p0;
    const p2 = k > 2 ? pW + <usize>load<i32>(q, 8) * stride : p0;
    const p3 = k > 3 ? pW + <usize>load<i32>(q, 12) * stride : p0;
    addGroup(target, cols, p0, p1, p2, p3, k);
  }
}

/**
 * Appends the firing lanes of a two-neuron mask (neurons j, j + 1; a lane is all ones when it
 * fires) to the i32 list at pFired, in ascending order; returns the new count.
 */
function pushFiredPair(pFired: usize, nFired: i32, mask: v128, j: i32): i32 {
  if (i64x2.extract_lane(mask, 0) != 0) {
    store<i32>(pFired + ((<usize>nFired) << 2), j);
    nFired++;
  }
  if (i64x2.extract_lane(mask, 1) != 0) {
    store<i32>(pFired + ((<usize>nFired) << 2), j + 1);
    nFired++;
  }
  return nFired;
}

/**
 * One forward-Euler step of n Diehl & Cook neurons (see src/neurons/diehl-cook.ts):
 *   v ← v + kV·((E_rest − v) + g_e(E_exc − v) + g_i(E_inh − v)) unless clamped (t ≤ clampUntil)
 *   g_e ← g_e·geDecay, g_i ← g_i·giDecay; fires when v > thrBase + θ̃·d and t > fireAfter.
 * With `implicit` ≠ 0 the v update is the linearly implicit one (dcStepImplicit).
 * Writes firing indices (ascending) at `fired` (i32) and returns how many.
 */
function dcStep(
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
  implicit: i32,
): i32 {
  if (implicit != 0) {
    return dcStepImplicit(
      n,
      pV,
      pGe,
      pGi,
      pTheta,
      pClamp,
      pFireAfter,
      pFired,
      t,
      kV,
      geDecay,
      giDecay,
      restMv,
      eExc,
      eInh,
      thrBase,
      d,
    );
  }
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
  // Four neurons per iteration (two lane pairs), then pairs, then the odd one.
  for (; j + 4 <= n; j += 4) {
    const o = (<usize>j) << 3;
    const v = v128.load(pV + o);
    const ge = v128.load(pGe + o);
    const gi = v128.load(pGi + o);
    const v2 = v128.load(pV + o, 16);
    const ge2 = v128.load(pGe + o, 16);
    const gi2 = v128.load(pGi + o, 16);
    const drive = f64x2.add(
      f64x2.add(f64x2.sub(vRest, v), f64x2.mul(ge, f64x2.sub(vExc, v))),
      f64x2.mul(gi, f64x2.sub(vInh, v)),
    );
    const drive2 = f64x2.add(
      f64x2.add(f64x2.sub(vRest, v2), f64x2.mul(ge2, f64x2.sub(vExc, v2))),
      f64x2.mul(gi2, f64x2.sub(vInh, v2)),
    );
    const vNew = v128.bitselect(
      f64x2.add(v, f64x2.mul(vkV, drive)),
      v,
      f64x2.gt(vt, v128.load(pClamp + o)),
    );
    const vNew2 = v128.bitselect(
      f64x2.add(v2, f64x2.mul(vkV, drive2)),
      v2,
      f64x2.gt(vt, v128.load(pClamp + o, 16)),
    );
    v128.store(pV + o, vNew);
    v128.store(pV + o, vNew2, 16);
    v128.store(pGe + o, f64x2.mul(ge, vgeD));
    v128.store(pGe + o, f64x2.mul(ge2, vgeD), 16);
    v128.store(pGi + o, f64x2.mul(gi, vgiD));
    v128.store(pGi + o, f64x2.mul(gi2, vgiD), 16);
    const cross = v128.and(
      f64x2.gt(vNew, f64x2.add(vThr, f64x2.mul(v128.load(pTheta + o), vd))),
      f64x2.gt(vt, v128.load(pFireAfter + o)),
    );
    const cross2 = v128.and(
      f64x2.gt(vNew2, f64x2.add(vThr, f64x2.mul(v128.load(pTheta + o, 16), vd))),
      f64x2.gt(vt, v128.load(pFireAfter + o, 16)),
    );
    if (v128.any_true(v128.or(cross, cross2))) {
      nFired = pushFiredPair(pFired, nFired, cross, j);
      nFired = pushFiredPair(pFired, nFired, cross2, j + 2);
    }
  }
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
      nFired = pushFiredPair(pFired, nFired, cross, j);
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

/**
 * dcStep with the linearly implicit (backward) Euler update of v, conductances taken at the start
 * of the step (src/neurons/diehl-cook.ts, `integration: "implicit-euler"`):
 *   v ← (v + kV·(E_rest + g_e·E_exc + g_i·E_inh)) / (1 + kV·(1 + g_e + g_i))
 * Stable for any conductance (v stays between E_inh and E_exc). Same operation order as the
 * JavaScript reference, so the same bits.
 */
function dcStepImplicit(
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
  const vOne = f64x2.splat(1.0);
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
    const num = f64x2.add(
      v,
      f64x2.mul(vkV, f64x2.add(f64x2.add(vRest, f64x2.mul(ge, vExc)), f64x2.mul(gi, vInh))),
    );
    const den = f64x2.add(vOne, f64x2.mul(vkV, f64x2.add(f64x2.add(vOne, ge), gi)));
    const free = f64x2.gt(vt, v128.load(pClamp + o));
    const vNew = v128.bitselect(f64x2.div(num, den), v, free);
    v128.store(pV + o, vNew);
    v128.store(pGe + o, f64x2.mul(ge, vgeD));
    v128.store(pGi + o, f64x2.mul(gi, vgiD));
    const thr = f64x2.add(vThr, f64x2.mul(v128.load(pTheta + o), vd));
    const cross = v128.and(f64x2.gt(vNew, thr), f64x2.gt(vt, v128.load(pFireAfter + o)));
    if (v128.any_true(cross)) {
      nFired = pushFiredPair(pFired, nFired, cross, j);
    }
  }
  if (j < n) {
    const o = (<usize>j) << 3;
    let v = load<f64>(pV + o);
    const ge = load<f64>(pGe + o);
    const gi = load<f64>(pGi + o);
    if (t > load<f64>(pClamp + o)) {
      v = (v + kV * (restMv + ge * eExc + gi * eInh)) / (1.0 + kV * (1.0 + ge + gi));
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

/**
 * One input step of n adder/comparator neurons (see src/neurons/adder-comparator.ts step(), the
 * JavaScript reference without comparator noise). Per neuron j with x = input[j] ≠ 0:
 *   input[j] ← 0; skip while held (t ≤ hold[j]); i = ⌊x·gain + ½⌋; skip when i = 0;
 *   v ← clamp(v + i, vMin, vMax) (a clamp counts an overflow); margin ← v − Θ_j; fire when ≥ 0.
 * Two neurons per 128-bit lane pair; a lane that skips keeps its register and margin (bitselect).
 * Writes firing indices (ascending) at `pFired`, [updates, overflows] (i32) at `pCounts`, and
 * returns how many fired.
 */
function hwStep(
  n: i32,
  pInput: usize,
  pV: usize,
  pThr: usize,
  pHold: usize,
  pMargin: usize,
  pFired: usize,
  pCounts: usize,
  t: f64,
  gain: f64,
  vMax: f64,
  vMin: f64,
): i32 {
  const zero = f64x2.splat(0);
  const half = f64x2.splat(0.5);
  const vt = f64x2.splat(t);
  const vGain = f64x2.splat(gain);
  const vHi = f64x2.splat(vMax);
  const vLo = f64x2.splat(vMin);
  let nFired: i32 = 0;
  // Per-lane counters: a true comparison lane is all ones (−1), so subtracting counts it.
  let updatesV = i64x2.splat(0);
  let overflowsV = i64x2.splat(0);
  let j: i32 = 0;
  // Four neurons per iteration (two lane pairs), then a pair, then the odd one.
  for (; j + 4 <= n; j += 4) {
    const o8 = (<usize>j) << 3;
    const o4 = (<usize>j) << 2;
    const xa = v128.load(pInput + o8);
    const xb = v128.load(pInput + o8, 16);
    v128.store(pInput + o8, zero);
    v128.store(pInput + o8, zero, 16);
    const ia = f64x2.floor(f64x2.add(f64x2.mul(xa, vGain), half));
    const ib = f64x2.floor(f64x2.add(f64x2.mul(xb, vGain), half));
    const activeA = v128.and(
      v128.and(f64x2.ne(xa, zero), f64x2.lt(v128.load(pHold + o8), vt)),
      f64x2.ne(ia, zero),
    );
    const activeB = v128.and(
      v128.and(f64x2.ne(xb, zero), f64x2.lt(v128.load(pHold + o8, 16), vt)),
      f64x2.ne(ib, zero),
    );
    if (!v128.any_true(v128.or(activeA, activeB))) continue;
    // A pair with no active lane goes through the same selects and keeps every value (an int32
    // register converts to f64 and back exactly), so it is as if skipped.
    const vInt = v128.load(pV + o4);
    const vOldA = f64x2.convert_low_i32x4_s(vInt);
    const vOldB = f64x2.convert_low_i32x4_s(v128.shuffle<i64>(vInt, vInt, 1, 1));
    const sumA = f64x2.add(vOldA, ia);
    const sumB = f64x2.add(vOldB, ib);
    const overA = v128.and(v128.or(f64x2.gt(sumA, vHi), f64x2.lt(sumA, vLo)), activeA);
    const overB = v128.and(v128.or(f64x2.gt(sumB, vHi), f64x2.lt(sumB, vLo)), activeB);
    const sA = v128.bitselect(f64x2.pmin(f64x2.pmax(sumA, vLo), vHi), vOldA, activeA);
    const sB = v128.bitselect(f64x2.pmin(f64x2.pmax(sumB, vLo), vHi), vOldB, activeB);
    const intA = i32x4.trunc_sat_f64x2_s_zero(sA);
    const intB = i32x4.trunc_sat_f64x2_s_zero(sB);
    v128.store(pV + o4, v128.shuffle<i64>(intA, intB, 0, 2));
    updatesV = i64x2.sub(i64x2.sub(updatesV, activeA), activeB);
    overflowsV = i64x2.sub(i64x2.sub(overflowsV, overA), overB);
    const thrInt = v128.load(pThr + o4);
    const marginA = f64x2.sub(sA, f64x2.convert_low_i32x4_s(thrInt));
    const marginB = f64x2.sub(
      sB,
      f64x2.convert_low_i32x4_s(v128.shuffle<i64>(thrInt, thrInt, 1, 1)),
    );
    v128.store(pMargin + o8, v128.bitselect(marginA, v128.load(pMargin + o8), activeA));
    v128.store(pMargin + o8, v128.bitselect(marginB, v128.load(pMargin + o8, 16), activeB), 16);
    const fireA = v128.and(f64x2.ge(marginA, zero), activeA);
    const fireB = v128.and(f64x2.ge(marginB, zero), activeB);
    if (v128.any_true(v128.or(fireA, fireB))) {
      nFired = pushFiredPair(pFired, nFired, fireA, j);
      nFired = pushFiredPair(pFired, nFired, fireB, j + 2);
    }
  }
  for (; j + 2 <= n; j += 2) {
    const o8 = (<usize>j) << 3;
    const o4 = (<usize>j) << 2;
    const x = v128.load(pInput + o8);
    v128.store(pInput + o8, zero);
    const i = f64x2.floor(f64x2.add(f64x2.mul(x, vGain), half));
    const active = v128.and(
      v128.and(f64x2.ne(x, zero), f64x2.lt(v128.load(pHold + o8), vt)),
      f64x2.ne(i, zero),
    );
    if (!v128.any_true(active)) continue;
    const vOld = f64x2.convert_low_i32x4_s(v128.load64_zero(pV + o4));
    const sum = f64x2.add(vOld, i);
    const over = v128.and(v128.or(f64x2.gt(sum, vHi), f64x2.lt(sum, vLo)), active);
    // pmax/pmin: (a < b ? b : a) / (b < a ? b : a), so a NaN sum stays NaN as in the JS clamp.
    const s = v128.bitselect(f64x2.pmin(f64x2.pmax(sum, vLo), vHi), vOld, active);
    v128.store64_lane(pV + o4, i32x4.trunc_sat_f64x2_s_zero(s), 0);
    updatesV = i64x2.sub(updatesV, active);
    overflowsV = i64x2.sub(overflowsV, over);
    const margin = f64x2.sub(s, f64x2.convert_low_i32x4_s(v128.load64_zero(pThr + o4)));
    v128.store(pMargin + o8, v128.bitselect(margin, v128.load(pMargin + o8), active));
    const fire = v128.and(f64x2.ge(margin, zero), active);
    if (v128.any_true(fire)) {
      nFired = pushFiredPair(pFired, nFired, fire, j);
    }
  }
  let updates = <i32>(i64x2.extract_lane(updatesV, 0) + i64x2.extract_lane(updatesV, 1));
  let overflows = <i32>(i64x2.extract_lane(overflowsV, 0) + i64x2.extract_lane(overflowsV, 1));
  if (j < n) {
    const o8 = (<usize>j) << 3;
    const o4 = (<usize>j) << 2;
    const x = load<f64>(pInput + o8);
    store<f64>(pInput + o8, 0);
    const i = Math.floor(x * gain + 0.5);
    if (x != 0 && load<f64>(pHold + o8) < t && i != 0) {
      let s = <f64>load<i32>(pV + o4) + i;
      if (s > vMax) {
        s = vMax;
        overflows++;
      } else if (s < vMin) {
        s = vMin;
        overflows++;
      }
      store<i32>(pV + o4, <i32>s);
      updates++;
      const margin = s - <f64>load<i32>(pThr + o4);
      store<f64>(pMargin + o8, margin);
      if (margin >= 0) {
        store<i32>(pFired + ((<usize>nFired) << 2), j);
        nFired++;
      }
    }
  }
  store<i32>(pCounts, updates);
  store<i32>(pCounts + 4, overflows);
  return nFired;
}

/**
 * Brings n adder/comparator membranes to leak epoch `epoch` (src/neurons/adder-comparator.ts
 * catchUpAll): each replays its own pending events v ← v − sgn(v)·⌊(|v| + 2^(k−1)) / 2^k⌋, stopping
 * at the fixed point. Integer arithmetic (|v| as u32, so the 32-bit bottom is exact). Returns how
 * many events changed a register.
 */
function hwLeakAll(n: i32, pV: usize, pEpoch: usize, epoch: i32, shift: u32): i32 {
  const half: u32 = ((<u32>1) << shift) >> 1;
  let leaks: i32 = 0;
  for (let j: i32 = 0; j < n; j++) {
    const o4 = (<usize>j) << 2;
    const events = epoch - load<i32>(pEpoch + o4);
    if (events == 0) continue;
    store<i32>(pEpoch + o4, epoch);
    const v = load<i32>(pV + o4);
    if (v == 0) continue;
    let m: u32 = v < 0 ? <u32>-v : <u32>v;
    for (let k: i32 = 0; k < events; k++) {
      const d = (m + half) >>> shift;
      if (d == 0) break;
      m -= d;
      leaks++;
    }
    store<i32>(pV + o4, v < 0 ? -(<i32>m) : <i32>m);
  }
  return leaks;
}

/**
 * One step of n current-based neurons without escape noise (`if`, `lif`; see
 * src/neurons/current-based.ts step(), the JavaScript reference):
 *   u ← leak ? rest + decay·(v − rest) : v;  u ← u + gain·x unless clamped (t ≤ clampUntil);
 *   u ← max(u, floor) (pmax: u < floor ? floor : u);  x ← 0;  v ← u;
 *   fires when t > fireAfter and u ≥ thrBase + θ̃·d.
 * Writes firing indices (ascending) at `pFired` (i32) and returns how many.
 */
export function currentStep(
  n: i32,
  pV: usize,
  pX: usize,
  pTheta: usize,
  pClamp: usize,
  pFireAfter: usize,
  pFired: usize,
  t: f64,
  leak: i32,
  decay: f64,
  restMv: f64,
  gain: f64,
  floorMv: f64,
  thrBase: f64,
  d: f64,
): i32 {
  const vt = f64x2.splat(t);
  const vDecay = f64x2.splat(decay);
  const vRest = f64x2.splat(restMv);
  const vGain = f64x2.splat(gain);
  const vFloor = f64x2.splat(floorMv);
  const vThr = f64x2.splat(thrBase);
  const vd = f64x2.splat(d);
  const zero = f64x2.splat(0);
  let nFired: i32 = 0;
  let j: i32 = 0;
  for (; j + 2 <= n; j += 2) {
    const o = (<usize>j) << 3;
    const v = v128.load(pV + o);
    const x = v128.load(pX + o);
    let u = leak != 0 ? f64x2.add(vRest, f64x2.mul(vDecay, f64x2.sub(v, vRest))) : v;
    const free = f64x2.gt(vt, v128.load(pClamp + o));
    u = v128.bitselect(f64x2.add(u, f64x2.mul(vGain, x)), u, free);
    u = f64x2.pmax(u, vFloor);
    v128.store(pX + o, zero);
    v128.store(pV + o, u);
    const thr = f64x2.add(vThr, f64x2.mul(v128.load(pTheta + o), vd));
    const cross = v128.and(f64x2.ge(u, thr), f64x2.gt(vt, v128.load(pFireAfter + o)));
    if (v128.any_true(cross)) {
      nFired = pushFiredPair(pFired, nFired, cross, j);
    }
  }
  if (j < n) {
    const o = (<usize>j) << 3;
    const v = load<f64>(pV + o);
    let u = leak != 0 ? restMv + decay * (v - restMv) : v;
    if (t > load<f64>(pClamp + o)) u = u + gain * load<f64>(pX + o);
    if (u < floorMv) u = floorMv;
    store<f64>(pX + o, 0);
    store<f64>(pV + o, u);
    if (t > load<f64>(pFireAfter + o) && u >= thrBase + load<f64>(pTheta + o) * d) {
      store<i32>(pFired + ((<usize>nFired) << 2), j);
      nFired++;
    }
  }
  return nFired;
}

// e^z of src/neurons/escape-exp.ts (same constants, same operations in the same order).
const EXP_ROUND: f64 = 6755399441055744.0;
const EXP_LOG2E: f64 = 1.4426950408889634;
const EXP_LN2_HI: f64 = 0.6931471803691238;
const EXP_LN2_LO: f64 = 1.9082149292705877e-10;

// 1/n! for n = 12 … 2: n! is exact in a double, so 1/n! is the same correctly rounded quotient
// as escape-exp.ts computes.
const INV12: f64 = 1.0 / 479001600.0;
const INV11: f64 = 1.0 / 39916800.0;
const INV10: f64 = 1.0 / 3628800.0;
const INV9: f64 = 1.0 / 362880.0;
const INV8: f64 = 1.0 / 40320.0;
const INV7: f64 = 1.0 / 5040.0;
const INV6: f64 = 1.0 / 720.0;
const INV5: f64 = 1.0 / 120.0;
const INV4: f64 = 1.0 / 24.0;
const INV3: f64 = 1.0 / 6.0;
const INV2: f64 = 1.0 / 2.0;

function horner2(p: v128, r: v128, c: f64): v128 {
  return f64x2.add(f64x2.mul(p, r), f64x2.splat(c));
}

function escapeExp2(z: v128): v128 {
  const zc = f64x2.pmin(f64x2.pmax(z, f64x2.splat(-700)), f64x2.splat(700));
  const round = f64x2.splat(EXP_ROUND);
  const k = f64x2.sub(f64x2.add(f64x2.mul(zc, f64x2.splat(EXP_LOG2E)), round), round);
  const r = f64x2.sub(
    f64x2.sub(zc, f64x2.mul(k, f64x2.splat(EXP_LN2_HI))),
    f64x2.mul(k, f64x2.splat(EXP_LN2_LO)),
  );
  let p = f64x2.splat(INV12);
  p = horner2(p, r, INV11);
  p = horner2(p, r, INV10);
  p = horner2(p, r, INV9);
  p = horner2(p, r, INV8);
  p = horner2(p, r, INV7);
  p = horner2(p, r, INV6);
  p = horner2(p, r, INV5);
  p = horner2(p, r, INV4);
  p = horner2(p, r, INV3);
  p = horner2(p, r, INV2);
  p = horner2(p, r, 1);
  p = horner2(p, r, 1);
  const ki = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k));
  const pow2 = i64x2.shl(i64x2.add(ki, i64x2.splat(1023)), 52);
  return f64x2.mul(p, pow2);
}

function escapeExp1(z: f64): f64 {
  const zc0 = z < -700 ? -700 : z;
  const zc = 700 < zc0 ? 700 : zc0;
  const k = zc * EXP_LOG2E + EXP_ROUND - EXP_ROUND;
  const r = zc - k * EXP_LN2_HI - k * EXP_LN2_LO;
  let p = INV12;
  p = p * r + INV11;
  p = p * r + INV10;
  p = p * r + INV9;
  p = p * r + INV8;
  p = p * r + INV7;
  p = p * r + INV6;
  p = p * r + INV5;
  p = p * r + INV4;
  p = p * r + INV3;
  p = p * r + INV2;
  p = p * r + 1;
  p = p * r + 1;
  return p * reinterpret<f64>((<i64>(<i32>k) + 1023) << 52);
}

/**
 * One step of n SRM0 neurons (see src/neurons/current-based.ts step(), the JavaScript
 * reference): u ← rest + decay·(v − rest); u ← u + gain·x unless clamped; u ← max(u, floor);
 * x ← 0; v ← u; then, when t > fireAfter: Λ ← Λ + rate·e^((u − thrBase − θ̃·d)/width) and the
 * neuron crosses when Λ ≥ budget (Λ ← 0). Writes crossing indices (ascending) at `pFired`; the
 * caller draws the crossers' new budgets.
 */
export function srm0Step(
  n: i32,
  pV: usize,
  pX: usize,
  pTheta: usize,
  pClamp: usize,
  pFireAfter: usize,
  pHazard: usize,
  pBudget: usize,
  pFired: usize,
  t: f64,
  decay: f64,
  restMv: f64,
  gain: f64,
  floorMv: f64,
  thrBase: f64,
  d: f64,
  rate: f64,
  widthMv: f64,
): i32 {
  const vt = f64x2.splat(t);
  const vDecay = f64x2.splat(decay);
  const vRest = f64x2.splat(restMv);
  const vGain = f64x2.splat(gain);
  const vFloor = f64x2.splat(floorMv);
  const vThr = f64x2.splat(thrBase);
  const vd = f64x2.splat(d);
  const vRate = f64x2.splat(rate);
  const vWidth = f64x2.splat(widthMv);
  const zero = f64x2.splat(0);
  let nFired: i32 = 0;
  let j: i32 = 0;
  for (; j + 2 <= n; j += 2) {
    const o = (<usize>j) << 3;
    const v = v128.load(pV + o);
    let u = f64x2.add(vRest, f64x2.mul(vDecay, f64x2.sub(v, vRest)));
    const free = f64x2.gt(vt, v128.load(pClamp + o));
    u = v128.bitselect(f64x2.add(u, f64x2.mul(vGain, v128.load(pX + o))), u, free);
    u = f64x2.pmax(u, vFloor);
    v128.store(pX + o, zero);
    v128.store(pV + o, u);
    const thr = f64x2.add(vThr, f64x2.mul(v128.load(pTheta + o), vd));
    const old = v128.load(pHazard + o);
    const h = f64x2.add(old, f64x2.mul(vRate, escapeExp2(f64x2.div(f64x2.sub(u, thr), vWidth))));
    const may = f64x2.gt(vt, v128.load(pFireAfter + o));
    const cross = v128.and(may, f64x2.ge(h, v128.load(pBudget + o)));
    v128.store(pHazard + o, v128.bitselect(v128.bitselect(zero, h, cross), old, may));
    if (v128.any_true(cross)) {
      nFired = pushFiredPair(pFired, nFired, cross, j);
    }
  }
  if (j < n) {
    const o = (<usize>j) << 3;
    let u = restMv + decay * (load<f64>(pV + o) - restMv);
    if (t > load<f64>(pClamp + o)) u = u + gain * load<f64>(pX + o);
    if (u < floorMv) u = floorMv;
    store<f64>(pX + o, 0);
    store<f64>(pV + o, u);
    if (t > load<f64>(pFireAfter + o)) {
      const thr = thrBase + load<f64>(pTheta + o) * d;
      const h = load<f64>(pHazard + o) + rate * escapeExp1((u - thr) / widthMv);
      if (h >= load<f64>(pBudget + o)) {
        store<f64>(pHazard + o, 0);
        store<i32>(pFired + ((<usize>nFired) << 2), j);
        nFired++;
      } else {
        store<f64>(pHazard + o, h);
      }
    }
  }
  return nFired;
}

// ---------------------------------------------------------------- learning rules (ideal synapses)
// Each kernel is the loop of a JavaScript rule in src/learning with SynapseArray.update of
// src/crossbar/ideal-synapses.ts inlined: w ← clip(w + Δw, 0, w_max) stored as float32, the
// column marked dirty and an LTP/LTD count when the stored weight moved. The trace decays
// e^(−Δt/τ) come from tables the rule filled with Math.exp of the same arguments (Δt in whole
// steps), so every Δw is the same double as in JavaScript. Counts go to pCounts: [ltp, ltd].

let ltpCount: i32 = 0;
let ltdCount: i32 = 0;

function idealUpdate(pW: usize, i: i32, dw: f64, wMax: f64, pDirty: usize, col: i32): void {
  const p = pW + ((<usize>i) << 2);
  const old = <f64>load<f32>(p);
  let next = old + dw;
  if (next < 0) next = 0;
  else if (next > wMax) next = wMax;
  store<f32>(p, <f32>next);
  const made = <f64>load<f32>(p) - old;
  if (made != 0) {
    store<u8>(pDirty + <usize>col, 1);
    if (made > 0) ltpCount++;
    else ltdCount++;
  }
}

function flushCounts(pCounts: usize): void {
  store<i32>(pCounts, ltpCount);
  store<i32>(pCounts + 4, ltdCount);
  ltpCount = 0;
  ltdCount = 0;
}

// A range kernel's out block (src/kernels/team-ops.ts RANGE_OUT_HEADER_INTS, rangeOutInts): i32
// [0] firing count, [1] [2] the hw array's updates and overflows (or leak events), [4] [5] the
// learning's LTP and LTD counts; from byte OUT_LIST the firing columns, or before them a
// kernel's scratch.
const OUT_LEARN: usize = 16;
const OUT_LIST: usize = 32;

/**
 * Pre-synaptic part of the triplet and pair-family rules (src/learning/triplet-stdp.ts onPre,
 * src/learning/post-pre.ts onPre) on columns [c0, c1), for the nRows input rows at pRows (i32) of
 * step t. First the range's active columns (u8 flag at pIsActive set) are listed once, with their
 * coefficient, in the scratch at pScratch (see scratchCoefficients): a column is dropped (flag cleared)
 * when t − lastPost[j] > cutoff, the same for every row of the step. Then for each row, in order,
 * lastPre[row] ← t (f64 at pLastPre; only by the range that starts at column 0, so a split
 * network books it once) and w[row, j] of every listed column changes by
 *   kind 0 (triplet, pair): −ν·x_post;  1 (hebbian): +ν·x_post;  2 (weight-dependent): −ν·x_post·w
 * with x_post = table[t − lastPost[j]] (nu = 0: no change); the coefficient ∓ν·x_post is the same
 * double for every row (no rows: nothing, not even the drops). Columns do not interact, so any
 * split of the columns into ranges gives the same bits; the flags are scanned eight at a time.
 */
function stdpPreSpan(
  kind: i32,
  c0: i32,
  c1: i32,
  pScratch: usize,
  pRows: usize,
  nRows: i32,
  pLastPre: usize,
  t: f64,
  pW: usize,
  cols: i32,
  pDirty: usize,
  wMax: f64,
  pLastPost: usize,
  pIsActive: usize,
  cutoff: f64,
  pTable: usize,
  nu: f64,
): void {
  if (nRows <= 0) return;
  const pList = pScratch;
  const pCoef = scratchCoefficients(pScratch, c1 - c0);
  const sign: f64 = kind == 1 ? nu : -nu;
  let m: i32 = 0;
  let j = c0;
  while (j < c1) {
    if (j + 8 <= c1 && load<u64>(pIsActive + <usize>j) == 0) {
      j += 8;
      continue;
    }
    const end = j + 8 < c1 ? j + 8 : c1;
    for (; j < end; j++) {
      if (load<u8>(pIsActive + <usize>j) == 0) continue;
      const since = t - load<f64>(pLastPost + ((<usize>j) << 3));
      if (since > cutoff) {
        store<u8>(pIsActive + <usize>j, 0);
        continue;
      }
      store<i32>(pList + ((<usize>m) << 2), j);
      store<f64>(
        pCoef + ((<usize>m) << 3),
        sign * load<f64>(pTable + ((<usize>(<i32>since)) << 3)),
      );
      m++;
    }
  }
  for (let k: i32 = 0; k < nRows; k++) {
    const row = load<i32>(pRows + ((<usize>k) << 2));
    if (c0 == 0) store<f64>(pLastPre + ((<usize>row) << 3), t);
    if (nu == 0) continue;
    const base = row * cols;
    for (let q: i32 = 0; q < m; q++) {
      const c = load<i32>(pList + ((<usize>q) << 2));
      const i = base + c;
      const a = load<f64>(pCoef + ((<usize>q) << 3));
      const dw = kind == 2 ? a * <f64>load<f32>(pW + ((<usize>i) << 2)) : a;
      idealUpdate(pW, i, dw, wMax, pDirty, c);
    }
  }
}

/**
 * Where the f64 coefficients of a range's scratch begin: after `width` i32 column indices at
 * pScratch, rounded up to 8 bytes. A range's scratch (its out block from byte 32) holds 3 · width
 * + 2 ints (src/kernels/team-ops.ts rangeOutInts).
 */
function scratchCoefficients(pScratch: usize, width: i32): usize {
  return (pScratch + ((<usize>width) << 2) + 7) & ~(<usize>7);
}

/**
 * stdpPreSpan over columns [c0, c1) (all of them: 0, cols): a step's (or one event's)
 * pre-synaptic learning in one call. Out block at pOut (rangeOutInts(c1 − c0) ints, as a range
 * kernel's): the [ltp, ltd] counts at pOut + OUT_LEARN, stdpPreSpan's scratch from
 * pOut + OUT_LIST.
 */
export function stdpPreRange(
  c0: i32,
  c1: i32,
  pOut: usize,
  kind: i32,
  pRows: usize,
  nRows: i32,
  pLastPre: usize,
  t: f64,
  pW: usize,
  cols: i32,
  pDirty: usize,
  wMax: f64,
  pLastPost: usize,
  pIsActive: usize,
  cutoff: f64,
  pTable: usize,
  nu: f64,
): void {
  stdpPreSpan(
    kind,
    c0,
    c1,
    pOut + OUT_LIST,
    pRows,
    nRows,
    pLastPre,
    t,
    pW,
    cols,
    pDirty,
    wMax,
    pLastPost,
    pIsActive,
    cutoff,
    pTable,
    nu,
  );
  flushCounts(pOut + OUT_LEARN);
}

/**
 * Post-synaptic part (src/learning/triplet-stdp.ts and post-pre.ts onPost) for the firing columns
 * of [c0, c1) among the nPost columns at pCols (i32, each with its gain at pGains, f64): for every
 * input row r with t − lastPre[r] ≤ cutoff (∞ for the triplet rule: every row that ever spiked),
 * changes w[r, col] by
 *   kind 0 (triplet, pair, hebbian): gain·x_pre;  2 (weight-dependent): gain·x_pre·(w_max − w)
 * with x_pre = table[min(t − lastPre[r], tableLen − 1)] (the table ends on the first step whose
 * e^(−Δt/τ) underflows to exactly 0, as every later one does). Rows in ascending order within a
 * column; columns do not interact, so any split gives the same bits. [ltp, ltd] at
 * pOut + OUT_LEARN.
 */
export function stdpPostRange(
  c0: i32,
  c1: i32,
  pOut: usize,
  kind: i32,
  pCols: usize,
  pGains: usize,
  nPost: i32,
  t: f64,
  pW: usize,
  cols: i32,
  rows: i32,
  pDirty: usize,
  wMax: f64,
  pLastPre: usize,
  cutoff: f64,
  pTable: usize,
  tableLen: i32,
): void {
  const last = <f64>(tableLen - 1);
  for (let k: i32 = 0; k < nPost; k++) {
    const col = load<i32>(pCols + ((<usize>k) << 2));
    if (col < c0 || col >= c1) continue;
    const gain = load<f64>(pGains + ((<usize>k) << 3));
    for (let r: i32 = 0, i: i32 = col; r < rows; r++, i += cols) {
      const since = t - load<f64>(pLastPre + ((<usize>r) << 3));
      if (since > cutoff) continue;
      const s = since < last ? since : last;
      const x = load<f64>(pTable + ((<usize>(<i32>s)) << 3));
      const dw = kind == 2 ? gain * x * (wMax - <f64>load<f32>(pW + ((<usize>i) << 2))) : gain * x;
      idealUpdate(pW, i, dw, wMax, pDirty, col);
    }
  }
  flushCounts(pOut + OUT_LEARN);
}

/**
 * Querlioz pulse STDP's post-synaptic part (src/learning/pulse-stdp.ts onPost) on ideal synapses:
 * one pulse ±w_max/256 per row of column col, + when the row spiked within `window` steps.
 */
export function pulsePost(
  col: i32,
  t: f64,
  pW: usize,
  cols: i32,
  rows: i32,
  pDirty: usize,
  wMax: f64,
  pLastPre: usize,
  window: f64,
  pCounts: usize,
): void {
  const up = wMax / 256;
  const down = -wMax / 256;
  for (let r: i32 = 0, i: i32 = col; r < rows; r++, i += cols) {
    const since = t - <f64>load<i32>(pLastPre + ((<usize>r) << 2));
    idealUpdate(pW, i, since <= window ? up : down, wMax, pDirty, col);
  }
  flushCounts(pCounts);
}

/**
 * Diehl & Cook's weight normalisation (src/crossbar/ideal-synapses.ts normaliseColumns) for the
 * columns [c0, c1) of a rows × cols float32 matrix: every column whose dirty flag (u8 at pDirty)
 * is set has its flag cleared, its weights summed in f64 in ascending row order, and, unless the
 * sum is ≤ 0, every weight w ← float32(w · (target / sum)): the JavaScript loop's operations in
 * its order, column by column, so any split of the columns gives the same bits.
 */
export function normaliseRange(
  c0: i32,
  c1: i32,
  pW: usize,
  cols: i32,
  rows: i32,
  pDirty: usize,
  target: f64,
): void {
  const stride = (<usize>cols) << 2;
  const end = pW + <usize>rows * stride;
  for (let j = c0; j < c1; j++) {
    if (load<u8>(pDirty + <usize>j) == 0) continue;
    store<u8>(pDirty + <usize>j, 0);
    const first = pW + ((<usize>j) << 2);
    let sum: f64 = 0;
    for (let p = first; p < end; p += stride) sum += <f64>load<f32>(p);
    if (sum <= 0) continue;
    const factor = target / sum;
    for (let p = first; p < end; p += stride) store<f32>(p, <f32>(<f64>load<f32>(p) * factor));
  }
}

/** g[j] += w for j in [from, to) (f64 at pG): pairs of lanes, then the odd one; one add each. */
function addConstant(pG: usize, from: i32, to: i32, w: f64): void {
  const vw = f64x2.splat(w);
  let j = from;
  for (; j + 2 <= to; j += 2) {
    const p = pG + ((<usize>j) << 3);
    v128.store(p, f64x2.add(v128.load(p), vw));
  }
  if (j < to) {
    const p = pG + ((<usize>j) << 3);
    store<f64>(p, load<f64>(p) + w);
  }
}

/**
 * The inhibition of Diehl & Cook's population (src/network/inhibition/population.ts) and of
 * lateral inhibition on the columns [c0, c1): for each of the nSpikes inhibiting columns k at
 * pSpikes (i32), in order, g_i[j] += w for every column j ≠ k of the range (f64 at pGi). Each g_i
 * gets the same additions in the same order as in the JavaScript loop, so any split of the
 * columns gives the same bits.
 */
export function inhibitRange(
  c0: i32,
  c1: i32,
  pGi: usize,
  pSpikes: usize,
  nSpikes: i32,
  w: f64,
): void {
  for (let s: i32 = 0; s < nSpikes; s++) {
    const k = load<i32>(pSpikes + ((<usize>s) << 2));
    if (k < c0 || k >= c1) {
      addConstant(pGi, c0, c1, w);
    } else {
      addConstant(pGi, c0, k, w);
      addConstant(pGi, k + 1, c1, w);
    }
  }
}

// ---------------------------------------------------------------- column ranges (--threads N)
// The neuron steps over columns [c0, c1) of an n-column network, for src/kernels/team.ts: each
// thread of a run steps its own range of the same arrays. Every column goes through the same
// operations in the same order as in the whole-array kernels above (no value crosses columns), so
// the bits do not depend on how the columns are split. A range writes to its own output block at
// pOut (i32): [0] how many fired, [1], [2] the hw counts [updates, overflows], [4], [5] the
// learning's [ltp, ltd], from byte 32 the firing indices (absolute, ascending).

/** Adds c0 to the first nFired indices at pFired (a range kernel's local indices → absolute). */
function offsetFired(pFired: usize, nFired: i32, c0: i32): void {
  for (let k: i32 = 0; k < nFired; k++) {
    const p = pFired + ((<usize>k) << 2);
    store<i32>(p, load<i32>(p) + c0);
  }
}

/**
 * One step of the Diehl & Cook neurons of columns [c0, c1) of a network with `cols` columns (all
 * of them: 0, cols): g_e of the range += the range of each of the step's nRows input rows (none:
 * nRows = 0), then, with `learn` ≠ 0, the rows' pre-synaptic learning on the range (stdpPreSpan,
 * the rule's arrays and constants in the last nine arguments; it reads no value the neuron step
 * writes and the neuron step reads no weight), then dcStep on the range. Out block at pOut: i32
 * firing count, [ltp, ltd] of the learning at pOut + 16, then from pOut + 32 the firing columns
 * (ascending, network indices). The one-thread path and every thread of a column team call this
 * function, so their bits are the same by construction.
 */
export function dcStepRange(
  c0: i32,
  c1: i32,
  pOut: usize,
  pW: usize,
  cols: i32,
  pRows: usize,
  nRows: i32,
  pV: usize,
  pGe: usize,
  pGi: usize,
  pTheta: usize,
  pClamp: usize,
  pFireAfter: usize,
  t: f64,
  kV: f64,
  geDecay: f64,
  giDecay: f64,
  restMv: f64,
  eExc: f64,
  eInh: f64,
  thrBase: f64,
  d: f64,
  implicit: i32,
  learn: i32,
  kind: i32,
  pLastPre: usize,
  pDirty: usize,
  wMax: f64,
  pLastPost: usize,
  pIsActive: usize,
  cutoff: f64,
  pTable: usize,
  nu: f64,
): i32 {
  const o8 = (<usize>c0) << 3;
  const width = c1 - c0;
  if (nRows > 0) {
    addRowsSpan(pGe + o8, pW + ((<usize>c0) << 2), (<usize>cols) << 2, width, pRows, nRows);
  }
  // The out block's room after its header is the learning's scratch until dcStep writes the
  // firing list there.
  if (learn != 0) {
    stdpPreRange(
      c0,
      c1,
      pOut,
      kind,
      pRows,
      nRows,
      pLastPre,
      t,
      pW,
      cols,
      pDirty,
      wMax,
      pLastPost,
      pIsActive,
      cutoff,
      pTable,
      nu,
    );
  }
  const pFired = pOut + OUT_LIST;
  const nFired = dcStep(
    width,
    pV + o8,
    pGe + o8,
    pGi + o8,
    pTheta + o8,
    pClamp + o8,
    pFireAfter + o8,
    pFired,
    t,
    kV,
    geDecay,
    giDecay,
    restMv,
    eExc,
    eInh,
    thrBase,
    d,
    implicit,
  );
  offsetFired(pFired, nFired, c0);
  store<i32>(pOut, nFired);
  return nFired;
}

/**
 * One step of the adder/comparator neurons of columns [c0, c1) (all of them: 0, cols): the
 * range's input += the range of each of the step's nRows input rows, then hwStep on the range. Out
 * block at pOut: i32 firing count, [updates, overflows] at pOut + 4, with `learn` ≠ 0 the rows'
 * pre-synaptic learning on the range first (as in dcStepRange; the hw step reads no weight) and
 * its [ltp, ltd] at pOut + 16, the firing columns from pOut + 32.
 */
export function hwStepRange(
  c0: i32,
  c1: i32,
  pOut: usize,
  pW: usize,
  cols: i32,
  pRows: usize,
  nRows: i32,
  pInput: usize,
  pV: usize,
  pThr: usize,
  pHold: usize,
  pMargin: usize,
  t: f64,
  gain: f64,
  vMax: f64,
  vMin: f64,
  learn: i32,
  kind: i32,
  pLastPre: usize,
  pDirty: usize,
  wMax: f64,
  pLastPost: usize,
  pIsActive: usize,
  cutoff: f64,
  pTable: usize,
  nu: f64,
): i32 {
  const o8 = (<usize>c0) << 3;
  const o4 = (<usize>c0) << 2;
  const width = c1 - c0;
  if (nRows > 0) {
    addRowsSpan(pInput + o8, pW + o4, (<usize>cols) << 2, width, pRows, nRows);
  }
  if (learn != 0) {
    stdpPreRange(
      c0,
      c1,
      pOut,
      kind,
      pRows,
      nRows,
      pLastPre,
      t,
      pW,
      cols,
      pDirty,
      wMax,
      pLastPost,
      pIsActive,
      cutoff,
      pTable,
      nu,
    );
  }
  const pFired = pOut + OUT_LIST;
  const nFired = hwStep(
    width,
    pInput + o8,
    pV + o4,
    pThr + o4,
    pHold + o8,
    pMargin + o8,
    pFired,
    pOut + 4,
    t,
    gain,
    vMax,
    vMin,
  );
  offsetFired(pFired, nFired, c0);
  store<i32>(pOut, nFired);
  return nFired;
}

/** hwLeakAll for columns [c0, c1); the count of changed registers goes to pOut[1] and is returned. */
export function hwLeakRange(
  c0: i32,
  c1: i32,
  pOut: usize,
  pV: usize,
  pEpoch: usize,
  epoch: i32,
  shift: u32,
): i32 {
  const o4 = (<usize>c0) << 2;
  const leaks = hwLeakAll(c1 - c0, pV + o4, pEpoch + o4, epoch, shift);
  store<i32>(pOut + 4, leaks);
  return leaks;
}
