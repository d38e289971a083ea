/** Test helpers: a validated preset from inline data, and devices fabricated from it. */
import { createRng } from "../../src/core/rng.js";
import { DeviceArray } from "../../src/devices/device-array.js";
import { presetSchema, type Preset } from "../../src/devices/preset.js";
import { resolveDevice } from "../../src/devices/resolve.js";

export const ELECTRICAL = {
  readVoltageV: 0.5,
  readPulseWidthS: 5e-9,
  ltpVoltageV: 2,
  ltdVoltageV: -2,
  writePulseWidthS: 1e-8,
};

export function preset(
  model: string,
  params: Record<string, unknown>,
  nonIdealities: Record<string, unknown> = {},
): Preset {
  return presetSchema.parse({
    model,
    params,
    nonIdealities,
    electrical: ELECTRICAL,
    source: "test",
  });
}

export function devices(p: Preset, n: number, seed: string | number = 1): DeviceArray {
  const rng = createRng(seed);
  return new DeviceArray(resolveDevice(p), n, {
    fabrication: rng.fork("fabrication"),
    faults: rng.fork("faults"),
    c2c: rng.fork("c2c"),
  });
}

/** Conductances after each of `n` pulses of one polarity on device d (index 0 = before). */
export function trace(dev: DeviceArray, d: number, n: number, polarity: 1 | -1): number[] {
  const out = [dev.g[d]!];
  for (let i = 0; i < n; i++) {
    dev.applyPulses(d, 1, polarity);
    out.push(dev.g[d]!);
  }
  return out;
}

export const AG_A_SI = {
  gMinS: 3.0769e-9,
  gMaxS: 3.8462e-8,
  pMaxLtp: 97,
  pMaxLtd: 100,
  nlLtp: 2.4,
  nlLtd: -4.88,
};
