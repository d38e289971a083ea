/** Registry of device models by the name used in preset files. */
import { customModel } from "./custom.js";
import { expStepModel } from "./exp-step.js";
import { linearStepModel } from "./linear-step.js";
import { linearModel } from "./linear.js";
import { measuredModel } from "./measured.js";
import type { AnyDeviceModel } from "./model.js";
import { neurosimModel } from "./neurosim.js";
import { powStepModel } from "./pow-step.js";
import { querliozModel } from "./querlioz.js";
import { softBoundsModel } from "./soft-bounds.js";

/** Registry of the device models by the name used in preset files (`"model": …`). */
export const DEVICE_MODELS = {
  linear: linearModel as AnyDeviceModel,
  neurosim: neurosimModel as AnyDeviceModel,
  querlioz: querliozModel as AnyDeviceModel,
  "soft-bounds": softBoundsModel as AnyDeviceModel,
  "pow-step": powStepModel as AnyDeviceModel,
  "linear-step": linearStepModel as AnyDeviceModel,
  "exp-step": expStepModel as AnyDeviceModel,
  measured: measuredModel as AnyDeviceModel,
  custom: customModel as AnyDeviceModel,
} as const;

/** Name of a registered device model (a key of DEVICE_MODELS). */
export type ModelName = keyof typeof DEVICE_MODELS;
/** Names of all registered device models. */
export const MODEL_NAMES = Object.keys(DEVICE_MODELS) as ModelName[];

/** The device model registered under `name`. */
export function deviceModel(name: ModelName): AnyDeviceModel {
  return DEVICE_MODELS[name];
}
