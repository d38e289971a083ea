import { describe, expect, it } from "vitest";
import type { ComponentState, NeuronArray } from "../../src/core/contracts.js";
import { ValidationError, UsageError } from "../../src/core/errors.js";
import { OP, OpLedger } from "../../src/core/ops.js";
import {
  createInhibition,
  inhibitionConfigSchema,
  parseInhibitionFlag,
} from "../../src/network/inhibition/index.js";
import { mvArray, stepWith } from "../neurons/helpers.js";
import { createLifNeurons, lifNeuronConfigSchema } from "../../src/neurons/lif.js";

/**
 * Hand-built scenario on a 1 mV LSB, threshold 50 mV, no leak, gain 1 mV per unit weight, dt 1 ms:
 * at step 0 the four neurons receive 55, 60, 30, 60 mV → neurons 0, 1, 3 cross with overshoots
 * 5, 10, 10 mV (1 and 3 tie: the lower index wins).
 */
const STEP0 = [55, 60, 30, 60];

function scenario(config: unknown, over = {}) {
  const { neurons, ledger, fired } = mvArray(4, over);
  const inhibition = createInhibition(inhibitionConfigSchema.parse(config), neurons, 1, ledger);
  const crossers = stepWith(neurons, fired, 0, STEP0);
  const n = inhibition.afterStep(0, fired, crossers.length);
  const stand = Array.from(fired.subarray(0, n));
  neurons.fire(0, fired, n);
  return { neurons, ledger, fired, inhibition, crossers, stand };
}

/** Runs step t with inputs through inhibition and fire(): returns the spikes that stood. */
function fullStep(s: ReturnType<typeof scenario>, t: number, inputs: readonly number[]): number[] {
  const crossers = stepWith(s.neurons, s.fired, t, inputs);
  const n = s.inhibition.afterStep(t, s.fired, crossers.length);
  s.neurons.fire(t, s.fired, n);
  return Array.from(s.fired.subarray(0, n));
}

describe("inhibition: wta", () => {
  it("wta keeps the largest overshoot (tie 1 vs 3 → 1), resets every other neuron and holds it for the period", () => {
    const s = scenario({ mode: "wta", inhibitionPeriodMs: 2 });
    expect(s.crossers).toEqual([0, 1, 3]);
    expect(s.stand).toEqual([1]);
    expect(Array.from(s.neurons.vLsb)).toEqual([0, 0, 0, 0]); // winner by fire(), others by suppress
    // Losers are held through step 0 + 2: input at steps 1–2 is ignored even when huge.
    expect(fullStep(s, 1, [0, 0, 100, 0])).toEqual([]);
    expect(fullStep(s, 2, [0, 0, 100, 0])).toEqual([]);
    expect(s.neurons.vLsb[2]).toBe(0);
    expect(fullStep(s, 3, [0, 0, 55, 0])).toEqual([2]);
    // 3 suppress calls at step 0, 3 more when neuron 2 wins at step 3: each a reset + inhibition event.
    expect(s.ledger.counts[OP.inhibitionEvents]).toBe(6);
    expect(s.ledger.counts[OP.resets]).toBe(8); // 6 suppressions + 2 spike resets
  });

  it("wta: the winner is not held by the inhibition; it can fire again at the next input", () => {
    const s = scenario({ mode: "wta", inhibitionPeriodMs: 5 });
    expect(fullStep(s, 1, [0, 51, 0, 0])).toEqual([1]);
  });

  it("wta(resetLosers=false) holds the losers without touching their membranes", () => {
    const s = scenario({ mode: "wta", inhibitionPeriodMs: 2, resetLosers: false });
    expect(s.stand).toEqual([1]);
    expect(Array.from(s.neurons.vLsb)).toEqual([55, 0, 30, 60]);
    expect(fullStep(s, 2, [1, 0, 1, 1])).toEqual([]); // still held
    // After the hold, 0 (56) and 3 (61) cross at the next input: 3 has the larger overshoot.
    expect(fullStep(s, 3, [1, 0, 1, 1])).toEqual([3]);
    expect(s.ledger.counts[OP.resets]).toBe(2); // only the two spikes reset a membrane
  });

  it("wta(resetLosers=false) needs a neuron array with hold(): others are rejected, naming the field", () => {
    const bare: NeuronArray = {
      size: 1,
      excInput: new Float64Array(1),
      thresholdsMv: () => new Float64Array(1),
      step: () => 0,
      fire: () => undefined,
      overshootMv: () => 0,
      inhibitMv: () => undefined,
      suppress: () => undefined,
      rest: () => undefined,
      setLearning: () => undefined,
      saveState: (): ComponentState => ({}),
      loadState: () => undefined,
    };
    const config = inhibitionConfigSchema.parse({ mode: "wta", resetLosers: false });
    expect(() => createInhibition(config, bare, 0.5, new OpLedger())).toThrow(ValidationError);
    expect(() => createInhibition(config, bare, 0.5, new OpLedger())).toThrow(
      /inhibition\.resetLosers/,
    );
  });

  it("wta with no crossing does nothing", () => {
    const { neurons, ledger, fired } = mvArray(3);
    const wta = createInhibition(inhibitionConfigSchema.parse({ mode: "wta" }), neurons, 1, ledger);
    stepWith(neurons, fired, 0, [10, 20, 30]);
    expect(wta.afterStep(0, fired, 0)).toBe(0);
    expect(Array.from(neurons.vLsb)).toEqual([10, 20, 30]);
  });
});

describe("inhibition: soft", () => {
  it("soft(amountMv=20): all crossers fire; each non-firing neuron loses 20 mV per spike", () => {
    const s = scenario({ mode: "soft", amountMv: 20 });
    expect(s.stand).toEqual([0, 1, 3]);
    expect(Array.from(s.neurons.vLsb)).toEqual([0, 0, 30 - 3 * 20, 0]);
    expect(s.ledger.counts[OP.inhibitionEvents]).toBe(3);
    expect(s.ledger.counts[OP.resets]).toBe(3);
  });

  it("soft: an inhibited neuron needs the lost amount back before it can fire", () => {
    const s = scenario({ mode: "soft", amountMv: 20 });
    expect(fullStep(s, 1, [0, 0, 79, 0])).toEqual([]); // −30 + 79 = 49 < 50
    expect(fullStep(s, 2, [0, 0, 1, 0])).toEqual([2]);
  });
});

describe("inhibition: soft with spareRefractory (BindsNET's recurrent inhibition is input)", () => {
  /** Three LIF neurons (dt 0.5 ms, refractory 5 ms = 10 steps) under soft inhibition 17.5 mV. */
  function lifTrio(spareRefractory: boolean | undefined) {
    const ledger = new OpLedger();
    const neurons = createLifNeurons(lifNeuronConfigSchema.parse({ model: "lif" }), 3, 0.5, ledger);
    const config = inhibitionConfigSchema.parse({ mode: "soft", amountMv: 17.5, spareRefractory });
    const inhibition = createInhibition(config, neurons, 0.5, ledger);
    const fired = new Int32Array(3);
    /** Step t with these inputs (mV) through inhibition and fire(): the spikes that stood. */
    const step = (t: number, inputs: readonly number[]): number[] => {
      inputs.forEach((x, j) => (neurons.excInput[j] = x));
      const n = inhibition.afterStep(t, fired, neurons.step(t, true, fired));
      neurons.fire(t, fired, n);
      return Array.from(fired.subarray(0, n));
    };
    return { neurons, step, ledger };
  }

  it("a neuron still refractory at the next step is not inhibited; the others are, as without the option", () => {
    const runs = [true, false].map((spare) => {
      const { neurons, step } = lifTrio(spare);
      // Step 0: neuron 0 crosses (−65 + 20 ≥ −52) and is refractory through step 10; the other two
      // lose 17.5 mV. Step 3: neuron 1 crosses (≈ −82.2 + 40 after three decays).
      expect(step(0, [20, 0, 0])).toEqual([0]);
      expect(step(3, [0, 40, 0])).toEqual([1]);
      return Array.from(neurons.v);
    });
    const [spared, inhibited] = runs as [number[], number[]];
    // Neuron 0 sits at its reset −65 = rest (no decay from rest) unless step 3's spike reaches it.
    expect(spared[0]).toBe(-65);
    expect(inhibited[0]).toBe(-65 - 17.5);
    // Neuron 2 integrates at step 4, so it is inhibited either way: the same bits.
    expect(spared[2]).toBe(inhibited[2]);
    expect(spared[2]!).toBeLessThan(-65 - 17.5);
  });

  it("a neuron that integrates again at the next step is inhibited (the refractory period ends after step 10)", () => {
    const { neurons, step } = lifTrio(true);
    step(0, [20, 0, 0]);
    // Step 10: neuron 1 crosses; neuron 0 integrates at step 11 (11 > 0 + 10), so it loses 17.5 mV.
    expect(step(10, [0, 40, 0])).toEqual([1]);
    expect(neurons.v[0]).toBe(-65 - 17.5);
  });

  it("with a neuron model that does not report its refractory state the option is refused", () => {
    const { neurons, ledger } = mvArray(4);
    const config = inhibitionConfigSchema.parse({ mode: "soft", spareRefractory: true });
    expect(() => createInhibition(config, neurons, 1, ledger)).toThrow(
      "inhibition.spareRefractory: true needs a neuron model that reports its refractory state (if, lif, srm0)",
    );
  });
});

describe("inhibition: none", () => {
  it("none: every crosser fires and the others keep their membranes", () => {
    const s = scenario({ mode: "none" });
    expect(s.stand).toEqual([0, 1, 3]);
    expect(Array.from(s.neurons.vLsb)).toEqual([0, 0, 30, 0]);
    expect(s.ledger.counts[OP.inhibitionEvents]).toBe(0);
  });
});

describe("inhibition config", () => {
  it("inhibitionConfigSchema defaults: wta 5 ms with reset, soft 50 mV", () => {
    expect(inhibitionConfigSchema.parse({ mode: "wta" })).toEqual({
      mode: "wta",
      inhibitionPeriodMs: 5,
      resetLosers: true,
    });
    expect(inhibitionConfigSchema.parse({ mode: "soft" })).toEqual({ mode: "soft", amountMv: 50 });
    expect(inhibitionConfigSchema.parse({ mode: "none" })).toEqual({ mode: "none" });
  });

  it("inhibitionConfigSchema rejects a negative period, a non-positive amount and unknown fields", () => {
    expect(inhibitionConfigSchema.safeParse({ mode: "wta", inhibitionPeriodMs: -1 }).success).toBe(
      false,
    );
    expect(inhibitionConfigSchema.safeParse({ mode: "soft", amountMv: 0 }).success).toBe(false);
    expect(inhibitionConfigSchema.safeParse({ mode: "none", amountMv: 3 }).success).toBe(false);
  });

  it("parseInhibitionFlag('soft') gives the soft defaults; an unknown mode is a usage error listing the modes", () => {
    expect(parseInhibitionFlag("soft")).toEqual({ mode: "soft", amountMv: 50 });
    expect(() => parseInhibitionFlag("hard")).toThrow(UsageError);
    expect(() => parseInhibitionFlag("hard")).toThrow(
      '--inhibition: expected wta, soft or none, got "hard"',
    );
  });
});
