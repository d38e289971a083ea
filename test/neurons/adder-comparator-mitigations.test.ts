import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import type { AdderComparatorNeurons } from "../../src/neurons/adder-comparator.js";
import { parseHwNeuronConfig } from "../../src/neurons/adder-comparator-config.js";
import {
  drawThresholdsMv,
  nominalThresholdMv,
  thresholdTrimSchema,
  trimThresholdsMv,
} from "../../src/neurons/threshold-variation.js";
import { WtaInhibition, wtaInhibitionSchema } from "../../src/network/inhibition/wta.js";
import { mvArray } from "./helpers.js";

/**
 * bits 16, full scale 256 mV: LSB 1/128 mV; θ_plus 1 mV = 128 LSB exactly (fracBits 0);
 * τ_θ 10⁷ ms at dt 1 ms: P_θ = 39,139 steps, so no decay event falls inside these races.
 */
const RACE = {
  bits: 16,
  fullScaleMv: 256,
  adaptiveThreshold: { enabled: true, thetaPlusMv: 1, fracBits: 0 },
} as const;

/**
 * Hard-WTA races between a veteran (neuron 0: Θ = 50 + 20 mV after 20 spikes while learning,
 * input 1.2 mV per step = round(153.6) = 154 LSB) and a recruit (neuron 1: Θ = 50 mV, input
 * 1 mV = 128 LSB), with learning off. Returns the winner of each race.
 */
function races(offline: "frozen" | "adapting", count: number): number[] {
  const { neurons, fired } = mvArray(2, {
    ...RACE,
    adaptiveThreshold: { ...RACE.adaptiveThreshold, offline },
  });
  const wta = new WtaInhibition(
    wtaInhibitionSchema.parse({ mode: "wta", inhibitionPeriodMs: 0 }),
    neurons,
    1,
  );
  fired[0] = 0;
  for (let k = 0; k < 20; k++) neurons.fire(k, fired, 1);
  neurons.setLearning(false);
  const winners: number[] = [];
  let t = 100;
  while (winners.length < count) {
    neurons.excInput[0] = 1.2;
    neurons.excInput[1] = 1;
    let n = neurons.step(t, true, fired);
    n = wta.afterStep(t, fired, n);
    if (n > 0) {
      neurons.fire(t, fired, n);
      winners.push(fired[0]!);
    }
    t++;
  }
  return winners;
}

function thresholdOf(neurons: AdderComparatorNeurons, j: number): number {
  return neurons.thresholdsMv()[j]!;
}

describe("adaptiveThreshold.offline: θ during label assignment and test", () => {
  it("defaults to adapting (the measured mitigation of the collapse episodes)", () => {
    const config = parseHwNeuronConfig({ model: "hw" });
    expect(config.adaptiveThreshold.offline).toBe("adapting");
  });

  it("frozen: a recruit with a 20 mV lower threshold wins every race while learning is off", () => {
    // Recruit: 50 mV / 1 mV per step = step 50; veteran: ⌈70 mV / 1.203 mV⌉ = step 59.
    const winners = races("frozen", 200);
    expect(winners.filter((j) => j === 1)).toHaveLength(200);
  });

  it("adapting: the recruit's θ rises 1 mV per win, so the veteran wins race 10 (tie at step 59, larger overshoot)", () => {
    // After k wins the recruit crosses at step 50 + k; at k = 9 both cross at step 59 and the
    // veteran's overshoot (59·154 − 70·128 = 126 LSB) beats the recruit's 0.
    const winners = races("adapting", 200);
    expect(winners.slice(0, 9)).toEqual(new Array(9).fill(1));
    expect(winners[9]).toBe(0);
    // From then on both thresholds rise with their wins, so neither keeps the array.
    const recruitWins = winners.filter((j) => j === 1).length;
    expect(recruitWins).toBeGreaterThan(9);
    expect(recruitWins).toBeLessThan(200 - 9);
  });

  it("adapting: θ_plus applies to spikes and θ decay keeps its schedule while learning is off", () => {
    const config = {
      bits: 16,
      fullScaleMv: 256,
      adaptiveThreshold: {
        enabled: true,
        thetaPlusMv: 0.22,
        tauThetaMs: 100,
        decayShift: 3,
        fracBits: 8,
        offline: "adapting",
      },
    } as const;
    const { neurons, fired } = mvArray(1, config, 0.5);
    expect(neurons.params.thetaDecayPeriodSteps).toBe(27);
    fired[0] = 0;
    neurons.fire(0, fired, 1);
    neurons.setLearning(false);
    neurons.fire(1, fired, 1); // counts while learning is off
    expect(neurons.thetaUnits[0]).toBe(2 * 7209);
    neurons.rest(1, 27 * 3 - 1); // decay events at steps 27, 54, 81
    let expected = 2 * 7209;
    for (let k = 0; k < 3; k++) expected -= Math.floor((expected + 4) / 8);
    expect(neurons.thetaUnits[0]).toBe(expected);
    expect(thresholdOf(neurons, 0)).toBe(50 + Math.floor(expected / 256) / 128);
  });
});

describe("thresholdTrim: one-time per-neuron trim after fabrication", () => {
  it("trimThresholdsMv(6 bits, 0.5 mV) leaves every 40–60 mV draw within 0.25 mV of 50 mV", () => {
    const spec = { kind: "uniform", loMv: 40, hiMv: 60 } as const;
    const drawn = drawThresholdsMv(spec, 1000, createRng("trim").fork("thresholds"));
    const before = drawn.slice();
    const trim = thresholdTrimSchema.parse({ enabled: true });
    const codes = trimThresholdsMv(drawn, nominalThresholdMv(spec), trim);
    for (let j = 0; j < drawn.length; j++) {
      expect(Math.abs(drawn[j]! - 50)).toBeLessThanOrEqual(0.25 + 1e-12);
      expect(drawn[j]).toBeCloseTo(before[j]! + codes[j]! * 0.5, 12);
    }
    // ±10 mV needs codes up to ±20, inside the 6-bit range −32…31.
    expect(Math.max(...codes)).toBeLessThanOrEqual(20);
    expect(Math.min(...codes)).toBeGreaterThanOrEqual(-20);
  });

  it("a 3-bit trim (range −4…+3 steps of 0.5 mV) saturates: a 60 mV draw ends at 58 mV", () => {
    const drawn = Float64Array.of(60, 40, 50.2);
    const codes = trimThresholdsMv(drawn, 50, { enabled: true, bits: 3, stepMv: 0.5 });
    expect(Array.from(codes)).toEqual([-4, 3, 0]);
    expect(Array.from(drawn)).toEqual([58, 41.5, 50.2]);
  });

  it("disabled: thresholds and codes are untouched", () => {
    const drawn = Float64Array.of(43.3, 57.1);
    const codes = trimThresholdsMv(drawn, 50, thresholdTrimSchema.parse({}));
    expect(Array.from(drawn)).toEqual([43.3, 57.1]);
    expect(Array.from(codes)).toEqual([0, 0]);
  });

  it("the array applies the trim to its base thresholds and reports the calibration cost", () => {
    const { neurons } = mvArray(50, {
      bits: 16,
      fullScaleMv: 256,
      thresholdMv: { kind: "uniform", loMv: 40, hiMv: 60 },
      thresholdTrim: { enabled: true, bits: 6, stepMv: 0.5 },
    });
    const thresholds = neurons.thresholdsMv();
    for (const mv of thresholds) expect(Math.abs(mv - 50)).toBeLessThanOrEqual(0.25 + 1 / 256);
    const described = neurons.describe().thresholdTrim as Record<string, number>;
    expect(described.calibrationCompares).toBe(50 * 6);
    expect(described.trimRegisterBits).toBe(50 * 6);
  });
});
