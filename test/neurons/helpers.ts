import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import {
  createHwNeurons,
  parseHwNeuronConfig,
  type AdderComparatorNeurons,
  type HwNeuronConfigInput,
} from "../../src/neurons/adder-comparator.js";

/**
 * A small array on a 1 mV LSB (bits 8, full scale 128 mV) with gain 1 mV per unit weight, so
 * excInput values read directly as LSB; no leak, no adaptation, no refractory period unless given.
 */
export function mvArray(
  n: number,
  over: Partial<HwNeuronConfigInput> = {},
  dtMs = 1,
  seed = "hw-test",
): { neurons: AdderComparatorNeurons; ledger: OpLedger; fired: Int32Array } {
  const ledger = new OpLedger();
  const config = parseHwNeuronConfig({
    model: "hw",
    bits: 8,
    fullScaleMv: 128,
    inputGainMv: 1,
    leak: { kind: "none" },
    thresholdMv: { kind: "fixed", valueMv: 50 },
    adaptiveThreshold: { enabled: false },
    refractoryMs: 0,
    ...over,
  });
  const neurons = createHwNeurons(config, n, dtMs, createRng(seed), ledger);
  return { neurons, ledger, fired: new Int32Array(n) };
}

/** Runs one engine step with the given per-neuron inputs: returns the crossing indices. */
export function stepWith(
  neurons: AdderComparatorNeurons,
  fired: Int32Array,
  t: number,
  inputs: readonly number[],
): number[] {
  let any = false;
  inputs.forEach((x, j) => {
    neurons.excInput[j] = x;
    if (x !== 0) any = true;
  });
  const n = neurons.step(t, any, fired);
  return Array.from(fired.subarray(0, n));
}
