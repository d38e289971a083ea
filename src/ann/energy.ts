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
 *
 * Training (annTrainingEnergy), per image and epoch, in fp32: the forward pass, the weight gradient
 * of every layer (M·N MACs each) and the input gradient of every layer but the first (the pixels
 * need none), the usual backpropagation count (e.g. Sze et al., Proc. IEEE 2017, §II):
 *   trainMACs = Σ_l M·N + Σ_l M·N + Σ_{l≥2} M·N       (784-100-10: 78,400·2 + 1,000·3 = 159,800)
 *   E_train per training image = epochs · trainMACs · (fp32MacJ + fp32WeightFetchJ)
 * The optimizer's per-parameter update (Adam, once per batch) and the loss are not priced.
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

/** Energy of training a dense network, fp32, per training image (docs/ann.md). */
export interface AnnTrainingEnergy {
  /** Forward + backward MACs of one image in one epoch. */
  readonly macsPerSamplePass: number;
  readonly epochs: number;
  /** macsPerSamplePass × (fp32MacJ + fp32WeightFetchJ): one image, one epoch. */
  readonly fp32PerSamplePassJ: number;
  /** epochs × fp32PerSamplePassJ: the training energy divided by the training images. */
  readonly fp32PerTrainingImageJ: number;
}

/** Layer widths → forward + backward MACs of one training image (no input gradient of layer 1). */
export function trainingMacsOf(layers: readonly number[]): number {
  const forward = macsOf(layers);
  const firstLayer = layers.length > 1 ? layers[0]! * layers[1]! : 0;
  return forward + forward + (forward - firstLayer);
}

/** Prices training a dense network for `epochs` epochs, per training image, in fp32. */
export function annTrainingEnergy(
  layers: readonly number[],
  epochs: number,
  profile: EnergyProfile,
): AnnTrainingEnergy {
  const macsPerSamplePass = trainingMacsOf(layers);
  const fp32PerSamplePassJ =
    macsPerSamplePass * (profile.ann.fp32MacJ + profile.ann.fp32WeightFetchJ);
  return {
    macsPerSamplePass,
    epochs,
    fp32PerSamplePassJ,
    fp32PerTrainingImageJ: epochs * fp32PerSamplePassJ,
  };
}
