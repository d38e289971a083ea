/**
 * Pulse response of a device preset, the data of a device card: Pmax LTP pulses from Gmin, then
 * Pmax LTD pulses, for one nominal device (no spread, no noise, no faults) and for `devices`
 * devices fabricated with the preset's own non-idealities (device-to-device spread, cycle-to-cycle
 * noise, faults), summarised per pulse as mean and 5/50/95 % quantiles.
 */
import { Rng } from "../core/rng.js";
import { DeviceArray } from "./device-array.js";
import type { Preset } from "./preset.js";
import { resolveDevice } from "./resolve.js";

/**
 * One pulse of a pulse response: pulse index, train, nominal conductance and the device band's mean
 * and 5/50/95 % quantiles (all S).
 */
export interface PulseResponseRow {
  /** Pulses applied so far (LTP then LTD). */
  readonly pulse: number;
  /** Which train the pulse belongs to (pulse 0 = the reset state, "ltp"). */
  readonly phase: "ltp" | "ltd";
  readonly nominalS: number;
  readonly meanS: number;
  readonly p05S: number;
  readonly p50S: number;
  readonly p95S: number;
}

/**
 * Pulse response of a preset: train lengths, number of devices in the band, nominal bounds (S) and
 * one row per pulse.
 */
export interface PulseResponse {
  readonly ltpPulses: number;
  readonly ltdPulses: number;
  readonly devices: number;
  readonly nominalGMinS: number;
  readonly nominalGMaxS: number;
  readonly rows: readonly PulseResponseRow[];
}

/**
 * Options of pulseResponse: devices in the band (default 200), seed (default 1) and pulses per
 * train (default: the model's Pmax).
 */
export interface PulseResponseOptions {
  /** Devices in the band (default 200). */
  readonly devices?: number;
  readonly seed?: string | number;
  /** Pulses per train (default: the model's nominal sweep, i.e. Pmax). */
  readonly ltpPulses?: number;
  readonly ltdPulses?: number;
}

function quantile(sorted: Float64Array, q: number): number {
  const x = q * (sorted.length - 1);
  const i = Math.floor(x);
  const f = x - i;
  return i + 1 < sorted.length ? sorted[i]! + f * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
}

function streams(seed: string) {
  const rng = new Rng(seed);
  return { fabrication: rng.fork("fabrication"), faults: rng.fork("faults"), c2c: rng.fork("c2c") };
}

/**
 * Computes a preset's pulse response: LTP then LTD pulses for one nominal device and for a band of
 * devices fabricated with the preset's non-idealities (seeded, reproducible).
 */
export function pulseResponse(preset: Preset, options: PulseResponseOptions = {}): PulseResponse {
  const device = resolveDevice(preset);
  const sweep = device.model.sweepPulses(device.params);
  const nUp = options.ltpPulses ?? Math.ceil(sweep.ltp);
  const nDown = options.ltdPulses ?? Math.ceil(sweep.ltd);
  const n = options.devices ?? 200;
  const seed = String(options.seed ?? 1);
  const ni = device.nonIdealities;
  const quiet = {
    ...device,
    nonIdealities: {
      ...ni,
      d2d: { ...ni.d2d, enabled: false },
      c2c: { ...ni.c2c, enabled: false },
      faults: { ...ni.faults, enabled: false },
    },
  };
  const nominal = new DeviceArray(quiet, 1, streams(`${seed}/nominal`));
  const many = new DeviceArray(device, n, streams(`${seed}/band`));
  const sorted = new Float64Array(n);
  const rows: PulseResponseRow[] = [];
  const record = (pulse: number, phase: "ltp" | "ltd") => {
    let sum = 0;
    for (let d = 0; d < n; d++) sum += many.g[d]!;
    sorted.set(many.g);
    sorted.sort();
    rows.push({
      pulse,
      phase,
      nominalS: nominal.g[0]!,
      meanS: sum / n,
      p05S: quantile(sorted, 0.05),
      p50S: quantile(sorted, 0.5),
      p95S: quantile(sorted, 0.95),
    });
  };
  record(0, "ltp");
  for (let k = 1; k <= nUp + nDown; k++) {
    const polarity = k <= nUp ? 1 : -1;
    nominal.applyPulses(0, 1, polarity);
    for (let d = 0; d < n; d++) many.applyPulses(d, 1, polarity);
    record(k, polarity > 0 ? "ltp" : "ltd");
  }
  return {
    ltpPulses: nUp,
    ltdPulses: nDown,
    devices: n,
    nominalGMinS: device.bounds.gMinS,
    nominalGMaxS: device.bounds.gMaxS,
    rows,
  };
}
