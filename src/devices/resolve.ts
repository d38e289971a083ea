/**
 * From a validated preset to what fabrication needs: the model, its params with the asymmetry
 * switch applied, and the nominal bounds with the on/off-ratio switch applied.
 */
import type { Electrical } from "./electrical.js";
import type { NominalBounds } from "./kernel.js";
import type { AnyDeviceModel } from "./model.js";
import { DEVICE_MODELS, type ModelName } from "./models.js";
import type { NonIdealities } from "./non-idealities.js";
import type { Preset } from "./preset.js";

/**
 * A preset resolved for fabrication: model, params as fabricated, nominal bounds, non-idealities
 * and electrical operating point.
 */
export interface ResolvedDevice {
  readonly modelName: ModelName;
  readonly model: AnyDeviceModel;
  /** Params as fabricated (LTD mirrored from LTP when asymmetry is off). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Nominal bounds as fabricated (Gmin = 0 when the on/off ratio is off). */
  readonly bounds: NominalBounds;
  readonly nonIdealities: NonIdealities;
  readonly electrical: Electrical;
}

/**
 * Resolves a validated preset for fabrication: mirrors LTD from LTP when asymmetry is off, and sets
 * Gmin = 0 when the on/off ratio is off.
 */
export function resolveDevice(preset: Preset): ResolvedDevice {
  const model = DEVICE_MODELS[preset.model];
  const n = preset.nonIdealities;
  const params = (n.asymmetry ? preset.params : model.symmetric(preset.params)) as Record<
    string,
    unknown
  >;
  const nominal = model.nominalBounds(params);
  return {
    modelName: preset.model,
    model,
    params,
    bounds: n.onOffRatio ? nominal : { gMinS: 0, gMaxS: nominal.gMaxS },
    nonIdealities: n,
    electrical: preset.electrical,
  };
}
