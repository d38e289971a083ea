/**
 * Weight ↔ conductance mapping. The network sees w ∈ [0, 1] (wMax = 1); ΔG_nom = Gmax − Gmin of
 * the nominal device (Gmin = 0 when the on/off-ratio effect is off).
 *
 * reference:    w = (G − Gmin_nom)/ΔG_nom — the reference column subtracts Gmin_nom·V_read.
 * differential: w = ½ + (G+ − G−)/(2·ΔG_nom) — a push-pull pair: G+ and G− start as mirror
 *               images (G+ at level w, G− at level 1 − w) and every change moves them in opposite
 *               directions by Δw·ΔG_nom each, so an LTP on the pair is LTP on G+ and LTD on G−.
 *               This uses both devices' full range (twice the levels of one device) and cancels
 *               LTP/LTD asymmetry to first order while the devices stay mirrored.
 *
 * Both are clipped to [0, 1]: with device-to-device spread a device's own range can extend past
 * the nominal one, and the neuron input (a conductance) cannot be negative. Reads with read noise
 * use the same mapping on the noisy conductances.
 */
export type Mapping = "reference" | "differential";

/**
 * Precomputed weight ↔ conductance mapping for one device range: mapping kind, reference
 * conductance (S), range ΔG_nom (S) and its inverse (1/S).
 */
export interface WeightMap {
  readonly differential: boolean;
  /** Conductance subtracted by the reference column (S). */
  readonly gRefS: number;
  /** ΔG_nom (S) and its inverse. */
  readonly rangeS: number;
  readonly invRangeS: number;
}

/** Builds the WeightMap of `mapping` for the nominal device range [gMinS, gMaxS] (siemens). */
export function weightMap(mapping: Mapping, gMinS: number, gMaxS: number): WeightMap {
  const rangeS = gMaxS - gMinS;
  return { differential: mapping === "differential", gRefS: gMinS, rangeS, invRangeS: 1 / rangeS };
}

/** w from one device (reference mapping), clipped to [0, 1]. */
export function weightReference(m: WeightMap, gS: number): number {
  const w = (gS - m.gRefS) * m.invRangeS;
  return w < 0 ? 0 : w > 1 ? 1 : w;
}

/** w from a differential pair, clipped to [0, 1]. */
export function weightDifferential(m: WeightMap, gPlusS: number, gMinusS: number): number {
  const w = 0.5 + 0.5 * (gPlusS - gMinusS) * m.invRangeS;
  return w < 0 ? 0 : w > 1 ? 1 : w;
}

/** Nominal conductance of level x ∈ [0, 1]. */
export function conductanceOfLevel(m: WeightMap, x: number): number {
  return m.gRefS + x * m.rangeS;
}
