/**
 * Op counts and energy of one ANN inference, priced with an energy profile's `ann` figures the
 * same way the SNN result's ANN comparison is (src/energy/model.ts, docs/energy.md §6):
 *
 *   MACs  = Σ_layers M·N = 784·N + N·10
 *   FLOPs = Σ_layers (2M − 1)·N + 2N                  (the reference's per-layer convention)
 *   E_int8 = MACs · (int8MultJ + int8AddJ) + MACs · int8WeightFetchJ
 *   E_fp32 = MACs · fp32MacJ + MACs · fp32WeightFetchJ
 *
 * Biases, ReLU and the arg-max are not priced (as in the SNN comparison). Whether the weight fetch
 * is included is the profile's choice: a zero fetch figure prices the arithmetic only.
 */
import { denseLayerFlops } from "../energy/model.js";
import type { EnergyProfile } from "../energy/profile.js";

/** Energy of one inference at one precision, joules. */
export interface PrecisionEnergy {
  /** MACs × the arithmetic figures. */
  readonly arithmeticJ: number;
  /** MACs × the weight-fetch figure (0 when the profile prices arithmetic only). */
  readonly weightFetchJ: number;
  readonly perInferenceJ: number;
}

export interface AnnEnergy {
  readonly profile: { readonly name: string; readonly source: string };
  readonly macsPerImage: number;
  readonly flopsPerImage: number;
  /** True when the profile's weight-fetch figures are non-zero. */
  readonly includesWeightFetch: boolean;
  readonly int8: PrecisionEnergy;
  readonly fp32: PrecisionEnergy;
  /** The profile's ann figures used (joules) and their citations. */
  readonly figures: Omit<EnergyProfile["ann"], "sources">;
  readonly sources: Readonly<Record<string, string>>;
}

/** Layer widths [inputs, hidden…, classes] → MACs per inference. */
export function macsOf(layers: readonly number[]): number {
  let macs = 0;
  for (let l = 0; l + 1 < layers.length; l++) macs += layers[l]! * layers[l + 1]!;
  return macs;
}

/** Layer widths → FLOPs per inference, (2M − 1)·N + 2N per layer. */
export function flopsOf(layers: readonly number[]): number {
  let flops = 0;
  for (let l = 0; l + 1 < layers.length; l++) flops += denseLayerFlops(layers[l]!, layers[l + 1]!);
  return flops;
}

/** Prices one inference of a dense network with the given layer widths. */
export function annEnergy(layers: readonly number[], profile: EnergyProfile): AnnEnergy {
  const macs = macsOf(layers);
  const { sources, ...figures } = profile.ann;
  const precision = (arithmeticPerMac: number, fetchPerMac: number): PrecisionEnergy => {
    const arithmeticJ = macs * arithmeticPerMac;
    const weightFetchJ = macs * fetchPerMac;
    return { arithmeticJ, weightFetchJ, perInferenceJ: arithmeticJ + weightFetchJ };
  };
  return {
    profile: { name: profile.name, source: profile.source },
    macsPerImage: macs,
    flopsPerImage: flopsOf(layers),
    includesWeightFetch: figures.int8WeightFetchJ > 0 || figures.fp32WeightFetchJ > 0,
    int8: precision(figures.int8MultJ + figures.int8AddJ, figures.int8WeightFetchJ),
    fp32: precision(figures.fp32MacJ, figures.fp32WeightFetchJ),
    figures,
    sources: { ...(sources ?? {}) },
  };
}
