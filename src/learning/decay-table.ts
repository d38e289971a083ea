/**
 * Trace decays by table: a spike trace evaluated Δt whole steps after its spike decays by
 * e^(−Δt·dt/τ), and the rules compute it as Math.exp(−since · ratePerStep) with `since` a whole
 * number of steps. table[s] = Math.exp(−s · ratePerStep) is that same expression on the same
 * doubles, so a lookup returns the very bits Math.exp returns — no approximation, only the call
 * saved (one per touched synapse, the rules' main cost).
 *
 * Length: up to `maxSteps` + 1 entries, or, with `maxSteps` = Infinity, until the argument passes
 * the underflow threshold of V8's Math.exp (fdlibm's e_exp.c, u_threshold = −745.13321910194110842:
 * below it the result is exactly 0). The last entry is then 0 and so is e^x for every later step
 * (−s·r only decreases as s grows), so `decayAt` clamps there. Tables longer than MAX_TABLE_LENGTH
 * are not built (null): the caller keeps calling Math.exp.
 */

/** fdlibm/V8 e_exp.c: Math.exp(x) is exactly 0 for every x below this. */
const EXP_UNDERFLOW = -7.4513321910194110842e2;

/** Longest table built (8 bytes each): 2^17 entries, 1 MiB. */
export const MAX_TABLE_LENGTH = 1 << 17;

/**
 * Math.exp(−s · ratePerStep) for s = 0 … maxSteps (or until it underflows for good, see the module
 * header), written into `allocate(length)`; null when more than MAX_TABLE_LENGTH entries would be
 * needed or ratePerStep is not a positive finite number.
 */
export function decayTable(
  ratePerStep: number,
  maxSteps: number,
  allocate: (n: number) => Float64Array = (n) => new Float64Array(n),
): Float64Array | null {
  if (!(ratePerStep > 0) || !Number.isFinite(ratePerStep)) return null;
  let length: number;
  if (Number.isFinite(maxSteps)) {
    length = Math.max(0, Math.floor(maxSteps)) + 1;
  } else {
    // First s whose argument is below the threshold: e^x = 0 there and at every later s.
    const first = Math.ceil(-EXP_UNDERFLOW / ratePerStep);
    let s = Math.max(0, first - 2);
    while (!(-s * ratePerStep < EXP_UNDERFLOW)) s++;
    length = s + 1;
  }
  if (length > MAX_TABLE_LENGTH) return null;
  const table = allocate(length);
  for (let s = 0; s < length; s++) table[s] = Math.exp(-s * ratePerStep);
  return table;
}

/**
 * e^(−since · ratePerStep) from `table` (built by decayTable with maxSteps = Infinity) for a
 * whole number of steps `since` ≥ 0: the same double as Math.exp(−since · ratePerStep).
 */
export function decayAt(table: Float64Array, since: number): number {
  const last = table.length - 1;
  return table[since < last ? since : last]!;
}
