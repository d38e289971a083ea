/**
 * Fixed-point arithmetic of the adder/comparator neuron: a signed two's-complement register of
 * `bits` bits with saturating adds, and a multiplier-free leak (shift, round, subtract).
 * Pure functions on integers; the array inlines the same operations in its hot loop, and the
 * tests use these as the tick-by-tick reference.
 */

/** Largest register value: 2^(bits−1) − 1 (e.g. 127 at 8 bits). */
export function registerMax(bits: number): number {
  return 2 ** (bits - 1) - 1;
}

/** Smallest register value: −2^(bits−1) (e.g. −128 at 8 bits). */
export function registerMin(bits: number): number {
  return -(2 ** (bits - 1));
}

/**
 * One leak event toward rest (0): v ← v − sgn(v)·⌊(|v| + 2^(k−1)) / 2^k⌋, i.e. v·(1 − 2^−k) with
 * the decrement rounded half-up on the magnitude. One adder and a barrel shifter, no multiplier.
 * The decrement never exceeds |v| (for k ≥ 1), so the leak never crosses rest; it stalls (returns v)
 * once |v| < 2^(k−1).
 */
export function leakOnce(vLsb: number, shift: number): number {
  const m = vLsb < 0 ? -vLsb : vLsb;
  const d = (m + 2 ** (shift - 1)) >>> shift;
  return vLsb < 0 ? vLsb + d : vLsb - d;
}

/** `events` leak events in a row (the same as calling leakOnce that many times). */
export function leakEvents(vLsb: number, shift: number, events: number): number {
  let v = vLsb;
  for (let k = 0; k < events; k++) {
    const next = leakOnce(v, shift);
    if (next === v) break; // fixed point: further events change nothing
    v = next;
  }
  return v;
}

/** Saturating add into a `bits`-wide register: returns the clamped sum. */
export function saturatingAdd(vLsb: number, addLsb: number, bits: number): number {
  const s = vLsb + addLsb;
  const hi = registerMax(bits);
  const lo = registerMin(bits);
  return s > hi ? hi : s < lo ? lo : s;
}

/** −ln(1 − 2^−k): the decay rate of one leak event with shift k (v·(1 − 2^−k) = v·e^−rate). */
export function leakEventRate(shift: number): number {
  return -Math.log1p(-(2 ** -shift));
}

/**
 * Leak schedule for a time constant: one event of shift k every P steps gives
 * τ_eff = P·dt / (−ln(1 − 2^−k)); P = round(τ·(−ln(1 − 2^−k)) / dt).
 */
export function leakPeriodSteps(tauMs: number, shift: number, dtMs: number): number {
  return Math.round((tauMs * leakEventRate(shift)) / dtMs);
}

/** The time constant a leak schedule actually realises (ms). */
export function effectiveTauMs(periodSteps: number, shift: number, dtMs: number): number {
  return (periodSteps * dtMs) / leakEventRate(shift);
}
