import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OP, OpLedger } from "../../src/core/ops.js";
import { KernelArena, kernelsAvailable } from "../../src/kernels/wasm.js";
import { createRng } from "../../src/core/rng.js";
import {
  createHwNeurons,
  parseHwNeuronConfig,
  type AdderComparatorNeurons,
} from "../../src/neurons/adder-comparator.js";
import {
  leakEventRate,
  leakOnce,
  registerMax,
  registerMin,
} from "../../src/neurons/adder-comparator-fixed.js";
import { mvArray, stepWith } from "./helpers.js";

/**
 * Leak schedule used by the hand-computed tests: shift 2 (v ← v − round(v/4)) and dt 1 ms;
 * τ = 13.9 ms gives P = round(13.9·(−ln 0.75)/1) = round(3.999) = 4 steps.
 */
const LEAK_SHIFT2_P4 = { kind: "shift", tauMs: 13.9, shift: 2 } as const;

describe("adder-comparator fixed-point primitives", () => {
  it("leakOnce(shift=2) rounds the decrement half up on the magnitude, symmetric in sign", () => {
    expect(leakOnce(38, 2)).toBe(28); // 38 − ⌊40/4⌋
    expect(leakOnce(-38, 2)).toBe(-28);
    expect(leakOnce(2, 2)).toBe(1);
    expect(leakOnce(1, 2)).toBe(1); // ⌊3/4⌋ = 0: the fixed point below 2^(k−1)
    expect(leakOnce(0, 2)).toBe(0);
    expect(leakOnce(-(2 ** 31), 4)).toBe(-(2 ** 31) + 2 ** 27); // the 32-bit bottom leaks exactly
  });

  it("registerMax/registerMin(bits) span the signed two's-complement range", () => {
    expect([registerMin(8), registerMax(8)]).toEqual([-128, 127]);
    expect([registerMin(2), registerMax(2)]).toEqual([-2, 1]);
    expect([registerMin(32), registerMax(32)]).toEqual([-(2 ** 31), 2 ** 31 - 1]);
  });
});

describe("AdderComparatorNeurons.step: integer arithmetic", () => {
  it("step(bits=8, LSB 1 mV, gain 10 mV, shift-2 leak every 4 steps) gives the hand-computed membrane sequence bit for bit", () => {
    const { neurons, ledger, fired } = mvArray(1, {
      inputGainMv: 10,
      leak: LEAK_SHIFT2_P4,
      thresholdMv: { kind: "fixed", valueMv: 100 },
    });
    expect(neurons.params.leakPeriodSteps).toBe(4);
    // (step, summed weight) → quantised current round(10·w): 20, 12.5→13, 5, 30.4→30, 0.6→1, 0.4→0
    const train: [number, number][] = [
      [0, 2.0],
      [1, 1.25],
      [3, 0.5],
      [5, 3.04],
      [9, 0.06],
      [10, 0.04],
    ];
    const seen: number[] = [];
    for (const [t, w] of train) {
      stepWith(neurons, fired, t, [w]);
      seen.push(neurons.vLsb[0]!);
    }
    // t0: 20; t1: 33; t3: 38; t5: leak@4 38−⌊40/4⌋=28, +30 = 58; t9: leak@8 58−15=43, +1 = 44;
    // t10: current rounds to 0, nothing happens.
    expect(seen).toEqual([20, 33, 38, 58, 44, 44]);
    // Silent until step 20: leak events at 12, 16, 20: 44→33→25→19 (read without mutating).
    neurons.rest(10, 10);
    expect(neurons.membraneLsb(0)).toBe(19);
    expect(neurons.vLsb[0]).toBe(44);
    const c = ledger.toRecord();
    expect(c.neuronAdds).toBe(5);
    expect(c.compares).toBe(5);
    expect(c.leakUpdates).toBe(2);
    expect(c.overflows).toBe(0);
  });

  it("step(bits=8) saturates at 127 and counts one overflow", () => {
    const { neurons, ledger, fired } = mvArray(2, { thresholdMv: { kind: "fixed", valueMv: 127 } });
    stepWith(neurons, fired, 0, [100, 100]);
    expect(Array.from(neurons.vLsb)).toEqual([100, 100]);
    expect(ledger.counts[OP.overflows]).toBe(0);
    const crossers = stepWith(neurons, fired, 1, [500, 0]);
    expect(neurons.vLsb[0]).toBe(127);
    expect(ledger.counts[OP.overflows]).toBe(1);
    // A saturated membrane still reaches a threshold at the register top (v ≥ Θ).
    expect(crossers).toEqual([0]);
  });

  it("inhibitMv stops at inhibitionFloorMv (−40 mV) and leaves a membrane already below it alone", () => {
    const { neurons, ledger } = mvArray(1, { inhibitionFloorMv: -40 });
    neurons.inhibitMv(0, 30);
    expect(neurons.vLsb[0]).toBe(-30);
    neurons.inhibitMv(0, 30);
    expect(neurons.vLsb[0]).toBe(-40);
    neurons.vLsb[0] = -60; // e.g. a negative input current took it lower
    neurons.inhibitMv(0, 5);
    expect(neurons.vLsb[0]).toBe(-60);
    expect(ledger.counts[OP.inhibitionEvents]).toBe(3);
    expect(ledger.counts[OP.overflows]).toBe(0); // the floor is a designed clamp, not an overflow
  });

  it("step(bits=8) saturates at −128 on a negative input and counts one overflow", () => {
    const { neurons, ledger, fired } = mvArray(1);
    stepWith(neurons, fired, 0, [-100]);
    expect(neurons.vLsb[0]).toBe(-100);
    stepWith(neurons, fired, 1, [-100]);
    expect(neurons.vLsb[0]).toBe(-128);
    expect(ledger.counts[OP.overflows]).toBe(1);
  });

  it("inhibitMv(bits=8) without a floor saturates at the register bottom −128 and counts one overflow", () => {
    const { neurons, ledger } = mvArray(1);
    neurons.inhibitMv(0, 100);
    expect(neurons.vLsb[0]).toBe(-100);
    neurons.inhibitMv(0, 100);
    expect(neurons.vLsb[0]).toBe(-128);
    expect(ledger.counts[OP.overflows]).toBe(1);
  });

  it("step(bits=32) saturates at 2^31 − 1 on an input beyond the int32 range", () => {
    const { neurons, ledger, fired } = mvArray(1, { bits: 32, fullScaleMv: 2 ** 31 });
    stepWith(neurons, fired, 0, [3e9]);
    expect(neurons.vLsb[0]).toBe(2 ** 31 - 1);
    expect(ledger.counts[OP.overflows]).toBe(1);
  });

  it("step: a negative membrane leaks up toward rest and never crosses it", () => {
    const { neurons, fired } = mvArray(1, { leak: LEAK_SHIFT2_P4 });
    neurons.inhibitMv(0, 40);
    stepWith(neurons, fired, 4, [1]); // leak@4: −40 + ⌊42/4⌋ = −30, then +1
    expect(neurons.vLsb[0]).toBe(-29);
    neurons.rest(4, 400);
    expect(neurons.membraneLsb(0)).toBe(-1); // |v| < 2^(k−1) = 2: the leak stalls below rest
  });

  it("step(hadInput=false) does no work and leaves the accumulator alone", () => {
    const { neurons, ledger, fired } = mvArray(3);
    expect(neurons.step(0, false, fired)).toBe(0);
    expect(ledger.toRecord().compares).toBe(0);
    expect(Array.from(neurons.vLsb)).toEqual([0, 0, 0]);
  });
});

/**
 * Tick-by-tick reference: at every step t (> 0) with t mod P = 0 apply one leak event; then, if
 * input arrives and rounds to a non-zero current, add with saturation and compare; a crossing
 * resets to 0. This is what a clock-driven register does.
 */
function tickByTick(
  events: Map<number, number>,
  steps: number,
  o: { gainLsb: number; shift: number; period: number; bits: number; thresholdLsb: number },
): { crossings: number[]; v: number[] } {
  const hi = registerMax(o.bits);
  const lo = registerMin(o.bits);
  let v = 0;
  const crossings: number[] = [];
  const trace: number[] = [];
  for (let t = 0; t < steps; t++) {
    if (t > 0 && t % o.period === 0) v = leakOnce(v, o.shift);
    const x = events.get(t);
    if (x === undefined) continue;
    const i = Math.floor(x * o.gainLsb + 0.5);
    if (i === 0) continue;
    v = Math.min(hi, Math.max(lo, v + i));
    trace.push(v);
    if (v >= o.thresholdLsb) {
      crossings.push(t);
      v = 0;
    }
  }
  return { crossings, v: [...trace, v] };
}

describe("AdderComparatorNeurons: lazy leak", () => {
  it("lazy leak (work only at input events and inhibitMv) equals the tick-by-tick register, including crossings, resets and inhibition", () => {
    fc.assert(
      fc.property(
        fc.record({
          shift: fc.integer({ min: 1, max: 6 }),
          periodSteps: fc.integer({ min: 1, max: 20 }),
          bits: fc.integer({ min: 6, max: 16 }),
          thresholdLsb: fc.integer({ min: 8, max: 300 }),
          floorFraction: fc.double({ min: 0, max: 1, noNaN: true }),
          // Summed weights in steps of 0.1: currents round(0.7·k) include exact halves (k = 5, 15…).
          inputs: fc.array(
            fc.record({
              gap: fc.integer({ min: 1, max: 40 }),
              w: fc.integer({ min: -30, max: 60 }).map((k) => k / 10),
              // Soft inhibition (mV = LSB) applied after the step to a second, input-less neuron.
              inh: fc.integer({ min: 0, max: 40 }),
              // A step with no input at all (hadInput false): only the inhibition happens.
              silent: fc.boolean(),
            }),
            { minLength: 1, maxLength: 80 },
          ),
        }),
        ({ shift, periodSteps, bits, thresholdLsb: wanted, floorFraction, inputs }) => {
          // Pick τ so that the schedule rounds to exactly periodSteps at dt = 1 ms.
          const tauMs = periodSteps / leakEventRate(shift);
          const ledger = new OpLedger();
          const fullScaleMv = 2 ** (bits - 1); // LSB = 1 mV
          const thresholdLsb = Math.min(wanted, registerMax(bits));
          const floorLsb = -Math.round(floorFraction * fullScaleMv);
          const config = parseHwNeuronConfig({
            model: "hw",
            bits,
            fullScaleMv,
            inputGainMv: 7,
            leak: { kind: "shift", tauMs, shift },
            thresholdMv: { kind: "fixed", valueMv: thresholdLsb },
            adaptiveThreshold: { enabled: false },
            refractoryMs: 0,
            inhibitionFloorMv: floorLsb,
          });
          const neurons = createHwNeurons(config, 2, 1, createRng(1), ledger);
          expect(neurons.params.leakPeriodSteps).toBe(periodSteps);
          const events = new Map<number, number>();
          const inhibitions = new Map<number, number>();
          let t = 0;
          for (const { gap, w, inh, silent } of inputs) {
            t += gap;
            events.set(t, silent ? 0 : w);
            inhibitions.set(t, inh);
          }
          const steps = t + 1 + 3 * periodSteps;
          const fired = new Int32Array(2);
          const crossings: number[] = [];
          const trace: number[] = [];
          const inhibited: number[] = [];
          for (const [step, w] of events) {
            neurons.excInput[0] = w;
            const n = neurons.step(step, w !== 0, fired);
            if (Math.floor(w * 7 + 0.5) !== 0) trace.push(neurons.vLsb[0]!);
            if (n > 0) {
              crossings.push(step);
              neurons.fire(step, fired, n);
            }
            neurons.inhibitMv(1, inhibitions.get(step)!);
            inhibited.push(neurons.vLsb[1]!);
          }
          neurons.rest(t, steps - 1 - t);
          trace.push(neurons.membraneLsb(0));
          inhibited.push(neurons.membraneLsb(1));
          // Reference for the inhibited neuron: leak at every period boundary, subtract at events.
          let v1 = 0;
          const refInhibited: number[] = [];
          for (let step = 1; step < steps; step++) {
            if (step % periodSteps === 0) v1 = leakOnce(v1, shift);
            const amount = inhibitions.get(step);
            if (amount === undefined) continue;
            if (v1 - amount >= floorLsb) v1 -= amount;
            else if (v1 > floorLsb) v1 = floorLsb;
            refInhibited.push(v1);
          }
          refInhibited.push(v1);
          expect(inhibited).toEqual(refInhibited);
          const ref = tickByTick(events, steps, {
            gainLsb: 7,
            shift,
            period: periodSteps,
            bits,
            thresholdLsb,
          });
          expect(crossings).toEqual(ref.crossings);
          expect(trace).toEqual(ref.v);
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });
});

describe("AdderComparatorNeurons.fire: reset and refractory", () => {
  it("fire(reset=zero) clears the membrane; fire(reset=subtract) keeps v − Θ", () => {
    const zero = mvArray(1);
    stepWith(zero.neurons, zero.fired, 0, [57]);
    zero.neurons.fire(0, zero.fired, 1);
    expect(zero.neurons.vLsb[0]).toBe(0);
    const sub = mvArray(1, { reset: "subtract" });
    stepWith(sub.neurons, sub.fired, 0, [57]);
    sub.neurons.fire(0, sub.fired, 1);
    expect(sub.neurons.vLsb[0]).toBe(7);
    expect(sub.ledger.counts[OP.resets]).toBe(1);
    expect(sub.ledger.counts[OP.outputSpikes]).toBe(0); // spikes are the engine's to count
  });

  it("fire(refractoryMs=3, dt=1) gates input for steps t+1…t+3 and counts no adds there", () => {
    const { neurons, ledger, fired } = mvArray(1, { refractoryMs: 3 });
    stepWith(neurons, fired, 0, [60]);
    neurons.fire(0, fired, 1);
    const addsBefore = ledger.counts[OP.neuronAdds]!;
    for (let t = 1; t <= 3; t++) expect(stepWith(neurons, fired, t, [60])).toEqual([]);
    expect(neurons.vLsb[0]).toBe(0);
    expect(ledger.counts[OP.neuronAdds]).toBe(addsBefore);
    expect(neurons.excInput[0]).toBe(0); // the gated input is discarded, not carried over
    expect(stepWith(neurons, fired, 4, [60])).toEqual([0]);
  });
});

describe("AdderComparatorNeurons: adaptive threshold", () => {
  // bits 16, full scale 256 mV: LSB 2^-7 mV; fracBits 8: θ unit 2^-15 mV;
  // θ_plus 0.22 mV = round(0.22·32768) = 7209 units. τ_θ 100 ms, shift 3 at dt 0.5:
  // P_θ = round(100·0.13353/0.5) = 27 steps.
  const adaptive = {
    bits: 16,
    fullScaleMv: 256,
    adaptiveThreshold: {
      enabled: true,
      thetaPlusMv: 0.22,
      tauThetaMs: 100,
      decayShift: 3,
      fracBits: 8,
      offline: "frozen" as const,
    },
  };

  it("fire() ×10 raises Θ by ⌊10·7209/256⌋ = 281 LSB: thresholdsMv() = 50 + 281/128 mV", () => {
    const { neurons, fired } = mvArray(2, adaptive, 0.5);
    expect(neurons.params.thetaPlusUnits).toBe(7209);
    fired[0] = 0;
    for (let k = 0; k < 10; k++) neurons.fire(k, fired, 1);
    expect(neurons.thetaUnits[0]).toBe(72_090);
    expect(Array.from(neurons.thresholdsMv())).toEqual([50 + 281 / 128, 50]);
  });

  it("θ decays by the shift-and-subtract schedule: 5 events in 135 steps, within 2.5 units of θ0·(7/8)^5", () => {
    const { neurons, fired, ledger } = mvArray(1, adaptive, 0.5);
    expect(neurons.params.thetaDecayPeriodSteps).toBe(27);
    fired[0] = 0;
    for (let k = 0; k < 10; k++) neurons.fire(0, fired, 1);
    const theta0 = neurons.thetaUnits[0]!;
    const leaksBefore = ledger.counts[OP.leakUpdates]!;
    neurons.step(134, false, fired); // events at 27, 54, 81, 108 are due
    let expected = theta0;
    for (let k = 0; k < 4; k++) expected -= Math.floor((expected + 4) / 8);
    expect(neurons.thetaUnits[0]).toBe(expected);
    neurons.rest(134, 1); // the 5th event, at step 135
    expected -= Math.floor((expected + 4) / 8);
    expect(neurons.thetaUnits[0]).toBe(expected);
    // Each event rounds its decrement by at most ½ unit.
    expect(Math.abs(expected - theta0 * (7 / 8) ** 5)).toBeLessThanOrEqual(2.5);
    expect(ledger.counts[OP.leakUpdates]! - leaksBefore).toBe(5);
    expect(neurons.thresholdsMv()[0]).toBe(50 + Math.floor(expected / 256) / 128);
  });

  it("setLearning(false) freezes θ: no decay while frozen, no θ_plus on spikes; decay resumes after", () => {
    const { neurons, fired } = mvArray(1, adaptive, 0.5);
    fired[0] = 0;
    neurons.fire(0, fired, 1);
    neurons.setLearning(false);
    neurons.rest(0, 10_000);
    neurons.fire(10_000, fired, 1);
    expect(neurons.thetaUnits[0]).toBe(7209);
    neurons.setLearning(true);
    neurons.rest(10_000, 27 * 3); // learning again: the schedule restarts from now
    let expected = 7209;
    for (let k = 0; k < 3; k++) expected -= Math.floor((expected + 4) / 8);
    expect(neurons.thetaUnits[0]).toBe(expected);
  });

  it("adaptiveThreshold.enabled=false: spikes leave the threshold at its base", () => {
    const { neurons, fired } = mvArray(
      1,
      { ...adaptive, adaptiveThreshold: { enabled: false } },
      0.5,
    );
    fired[0] = 0;
    for (let k = 0; k < 5; k++) neurons.fire(k, fired, 1);
    expect(Array.from(neurons.thresholdsMv())).toEqual([50]);
  });

  it("fire() saturates θ so the effective threshold stops at the register top (and counts overflows)", () => {
    const { neurons, fired, ledger } = mvArray(
      1,
      { adaptiveThreshold: { enabled: true, thetaPlusMv: 30, fracBits: 0, tauThetaMs: 1e7 } },
      0.5,
    );
    fired[0] = 0;
    for (let k = 0; k < 4; k++) neurons.fire(k, fired, 1); // 50 + 4·30 > 127
    expect(Array.from(neurons.thresholdsMv())).toEqual([127]);
    expect(ledger.counts[OP.overflows]).toBe(2); // the 3rd and 4th increases clip
  });
});

describe("AdderComparatorNeurons: threshold variation and comparator noise", () => {
  it("thresholdsMv(uniform 40:60) equals the 'thresholds' stream rounded to the LSB and stays in [40, 60] ± LSB/2", async () => {
    const { drawThresholdsMv } = await import("../../src/neurons/threshold-variation.js");
    const ledger = new OpLedger();
    const spec = { kind: "uniform", loMv: 40, hiMv: 60 } as const;
    const config = parseHwNeuronConfig({ model: "hw", thresholdMv: spec });
    const neurons = createHwNeurons(config, 2000, 0.5, createRng(5), ledger);
    const lsb = neurons.params.lsbMv;
    const drawn = drawThresholdsMv(spec, 2000, createRng(5).fork("thresholds"));
    const got = neurons.thresholdsMv();
    for (let j = 0; j < 2000; j++) {
      expect(got[j]).toBe(Math.round(drawn[j]! / lsb) * lsb);
      expect(got[j]!).toBeGreaterThanOrEqual(40 - lsb / 2);
      expect(got[j]!).toBeLessThanOrEqual(60 + lsb / 2);
    }
  });

  it("comparatorNoiseMv leaves the fabricated thresholds unchanged (separate streams)", () => {
    const make = (noise: number): Float64Array =>
      createHwNeurons(
        parseHwNeuronConfig({
          model: "hw",
          thresholdMv: { kind: "gaussian", meanMv: 50, sigmaMv: 3 },
          comparatorNoiseMv: noise,
        }),
        300,
        0.5,
        createRng(9),
        new OpLedger(),
      ).thresholdsMv();
    expect(Array.from(make(2))).toEqual(Array.from(make(0)));
  });

  it("comparatorNoiseMv=2 at 2 mV below threshold fires with P(z ≤ −1) = 0.1587 ± 4 SE over 20,000 compares", () => {
    const { neurons, fired } = mvArray(1, { comparatorNoiseMv: 2 });
    const trials = 20_000;
    let fires = 0;
    for (let t = 0; t < trials; t++) {
      const n = stepWith(neurons, fired, t, [48]).length;
      if (n > 0) {
        fires++;
        neurons.fire(t, fired, n);
      } else {
        neurons.suppress(0, t); // back to 0 for the next trial (held through t only)
      }
    }
    const p = 0.158655;
    const se = Math.sqrt((p * (1 - p)) / trials);
    expect(Math.abs(fires / trials - p)).toBeLessThan(4 * se);
  });

  it("comparator noise is drawn only within ±6σ of threshold: far-below compares leave the stream untouched", () => {
    const { neurons, fired } = mvArray(1, { comparatorNoiseMv: 1 });
    const before = JSON.stringify(neurons.saveState().comparatorRng);
    stepWith(neurons, fired, 0, [20]); // 30 mV below: outside ±6 mV
    expect(JSON.stringify(neurons.saveState().comparatorRng)).toBe(before);
    stepWith(neurons, fired, 1, [26]); // now 4 mV below: a draw
    expect(JSON.stringify(neurons.saveState().comparatorRng)).not.toBe(before);
  });
});

describe("AdderComparatorNeurons: checkpoints", () => {
  function drive(
    neurons: AdderComparatorNeurons,
    from: number,
    to: number,
    seed: string,
  ): number[] {
    const rng = createRng(seed);
    const fired = new Int32Array(neurons.size);
    const log: number[] = [];
    for (let t = from; t < to; t++) {
      const any = rng.next() < 0.8;
      if (any) for (let j = 0; j < neurons.size; j++) neurons.excInput[j] = rng.next() * 0.6;
      const n = neurons.step(t, any, fired);
      if (n > 0) {
        // Soft-inhibit the others a little, then commit the spikes.
        for (let j = 0; j < neurons.size; j++)
          if (!fired.subarray(0, n).includes(j)) neurons.inhibitMv(j, 3);
        neurons.fire(t, fired, n);
        for (let k = 0; k < n; k++) log.push(t * 1000 + fired[k]!);
      }
    }
    return log;
  }

  it("saveState/loadState resumes bit-identically (noise, variation, adaptation, leak)", () => {
    const config = parseHwNeuronConfig({
      model: "hw",
      thresholdMv: { kind: "uniform", loMv: 40, hiMv: 60 },
      comparatorNoiseMv: 1.5,
      adaptiveThreshold: { tauThetaMs: 2000, thetaPlusMv: 1 },
    });
    const a = createHwNeurons(config, 20, 0.5, createRng(3), new OpLedger());
    drive(a, 0, 3000, "in-1");
    const saved = a.saveState();
    const tailA = drive(a, 3000, 9000, "in-2");
    const b = createHwNeurons(config, 20, 0.5, createRng("another seed"), new OpLedger());
    b.loadState(saved);
    const tailB = drive(b, 3000, 9000, "in-2");
    expect(tailA.length).toBeGreaterThan(50);
    expect(tailB).toEqual(tailA);
    expect(Array.from(b.vLsb)).toEqual(Array.from(a.vLsb));
    expect(Array.from(b.thresholdsMv())).toEqual(Array.from(a.thresholdsMv()));
  });

  it("loadState rejects a state of the wrong size, naming the field", () => {
    const { neurons } = mvArray(3);
    const other = mvArray(4).neurons.saveState();
    expect(() => neurons.loadState(other)).toThrow(
      /neurons \(hw\) state: "excInput": expected a Float64Array of 3, got a Float64Array of 4/,
    );
  });
});

describe("AdderComparatorNeurons: inhibition hooks", () => {
  it("suppress(j, until) clears the membrane and holds j through step `until`; counts a reset and an inhibition event", () => {
    const { neurons, ledger, fired } = mvArray(2);
    stepWith(neurons, fired, 0, [30, 30]);
    neurons.suppress(0, 2);
    expect(Array.from(neurons.vLsb)).toEqual([0, 30]);
    expect(stepWith(neurons, fired, 1, [40, 40])).toEqual([1]);
    expect(stepWith(neurons, fired, 2, [60, 0])).toEqual([]);
    expect(stepWith(neurons, fired, 3, [60, 0])).toEqual([0]);
    expect(ledger.counts[OP.resets]).toBe(1);
    expect(ledger.counts[OP.inhibitionEvents]).toBe(1);
  });

  it("overshootMv(j) is membrane − threshold at the last compare, in mV", () => {
    const { neurons, fired } = mvArray(2, { bits: 16, fullScaleMv: 128 });
    stepWith(neurons, fired, 0, [55.25, 20]);
    expect(neurons.overshootMv(0)).toBe(5.25);
    expect(neurons.overshootMv(1)).toBe(-30);
  });

  it("inhibitMv on a neuron held through the next step is ignored and not counted", () => {
    const { neurons, ledger } = mvArray(1);
    neurons.suppress(0, 5);
    const events = ledger.counts[OP.inhibitionEvents]!;
    neurons.inhibitMv(0, 10);
    expect(neurons.vLsb[0]).toBe(0);
    expect(ledger.counts[OP.inhibitionEvents]).toBe(events);
  });

  it("rest() is O(1) in the neurons: it counts no ops and settled() is true", () => {
    const { neurons, ledger, fired } = mvArray(3, { leak: LEAK_SHIFT2_P4 });
    stepWith(neurons, fired, 0, [10, 20, 30]);
    const before = ledger.snapshot();
    neurons.rest(0, 300);
    expect(Array.from(ledger.snapshot())).toEqual(Array.from(before));
    expect(neurons.settled()).toBe(true);
  });
});

describe.runIf(kernelsAvailable())("AdderComparatorNeurons: WebAssembly kernel", () => {
  it.each([8, 32])(
    "step() and the leak catch-up with a KernelArena give the same registers, margins, spikes and op counts as the JavaScript loops (%i bits: saturation at both ends, holds, leak, θ; 33 neurons for the SIMD tail)",
    (bits) => {
      const n = 33;
      // Full scale 128 mV: inputs up to ±90 mV saturate the register at both ends within a few steps
      // (at 32 bits the leak then works on magnitudes up to 2^31, the u32 edge of the kernel).
      const config = parseHwNeuronConfig({
        model: "hw",
        bits,
        fullScaleMv: 128,
        inputGainMv: 1,
        leak: { kind: "shift", tauMs: 13.9, shift: 2 },
        thresholdMv: { kind: "uniform", loMv: 40, hiMv: 60 },
        adaptiveThreshold: { enabled: true, thetaPlusMv: 2, tauThetaMs: 200, decayShift: 4 },
        refractoryMs: 3,
        inhibitionFloorMv: -20,
      });
      const jsLedger = new OpLedger();
      const wasmLedger = new OpLedger();
      const js = createHwNeurons(config, n, 1, createRng(9), jsLedger, null);
      const wasm = createHwNeurons(
        config,
        n,
        1,
        createRng(9),
        wasmLedger,
        KernelArena.create(65_536),
      );
      const rng = createRng("hw-kernel-vs-js");
      const firedA = new Int32Array(n);
      const firedB = new Int32Array(n);
      let spikes = 0;
      for (let t = 0; t < 4000; t++) {
        let any = false;
        for (let j = 0; j < n; j++) {
          if (rng.next() < 0.5) {
            // Mostly excitatory, sometimes strongly negative; some inputs round to 0 LSB.
            const x = rng.next() < 0.1 ? -90 * rng.next() : 30 * rng.next() - 0.4;
            js.excInput[j] = x;
            wasm.excInput[j] = x;
            any = true;
          }
        }
        const a = js.step(t, any, firedA);
        const b = wasm.step(t, any, firedB);
        expect(b).toBe(a);
        expect(Array.from(firedB.subarray(0, b))).toEqual(Array.from(firedA.subarray(0, a)));
        js.fire(t, firedA, a);
        wasm.fire(t, firedB, b);
        if (a > 0 && rng.next() < 0.5) {
          // Winner-take-all style: hold everyone else for 5 steps.
          for (let j = 0; j < n; j++) {
            if (j !== firedA[0]) {
              js.suppress(j, t + 5);
              wasm.suppress(j, t + 5);
            }
          }
        }
        spikes += a;
      }
      expect(spikes).toBeGreaterThan(200);
      expect(jsLedger.counts[OP.overflows]).toBeGreaterThan(0);
      expect(Array.from(wasm.vLsb)).toEqual(Array.from(js.vLsb));
      expect(Array.from(wasm.thresholdLsb)).toEqual(Array.from(js.thresholdLsb));
      expect(Buffer.from(wasm.marginLsb.buffer, wasm.marginLsb.byteOffset, n * 8)).toEqual(
        Buffer.from(js.marginLsb.buffer, js.marginLsb.byteOffset, n * 8),
      );
      expect(Array.from(wasmLedger.snapshot())).toEqual(Array.from(jsLedger.snapshot()));
    },
  );
});
