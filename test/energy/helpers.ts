import { OP_NAMES, type OpCounts } from "../../src/core/ops.js";
import type { DeviceElectrical, EnergyInput } from "../../src/energy/model.js";

/** All counters zero, with the given ones set. */
export function counts(set: Partial<OpCounts> = {}): OpCounts {
  const out = Object.fromEntries(OP_NAMES.map((n) => [n, 0])) as OpCounts;
  return { ...out, ...set };
}

/** NeuroSim Ag:a-Si electrical values (device-models.md): read 0.5 V / 5 ns, writes 3.2 V / −2.8 V, 300 µs. */
export const AG_A_SI: Readonly<DeviceElectrical> = Object.freeze({
  readVoltageV: 0.5,
  readPulseWidthS: 5e-9,
  ltpVoltageV: 3.2,
  ltdVoltageV: -2.8,
  writePulseWidthS: 300e-6,
});

export const AG_GMAX_S = 38.5e-9;
export const AG_GMIN_S = 3.08e-9;

/** A 784×400 run with the given test-phase counts and nothing else. */
export function inputWith(
  phase: Partial<Record<"train" | "label" | "test", Partial<OpCounts>>>,
  rest: Partial<Omit<EnergyInput, "ops">> = {},
): EnergyInput {
  return {
    ops: {
      train: counts(phase.train),
      label: counts(phase.label),
      test: counts(phase.test),
    },
    samples: { train: 1, label: 1, test: 1 },
    inputs: 784,
    neurons: 400,
    neuronModel: "hw",
    bits: 16,
    ...rest,
  };
}
