import { describe, expect, it } from "vitest";
import { UsageError, ValidationError } from "../../src/core/errors.js";
import {
  fixedPointParams,
  hwNeuronConfigFromFlags,
  hwNeuronConfigSchema,
  parseHwNeuronConfig,
} from "../../src/neurons/adder-comparator-config.js";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return "(no error)";
}

describe("hwNeuronConfigSchema", () => {
  it("hwNeuronConfigSchema({model:'hw'}) fills every default", () => {
    expect(hwNeuronConfigSchema.parse({ model: "hw" })).toEqual({
      model: "hw",
      bits: 16,
      fullScaleMv: 512,
      inputGainMv: 2.2,
      leak: { kind: "shift", tauMs: 100, shift: 4 },
      thresholdMv: { kind: "fixed", valueMv: 50 },
      comparatorNoiseMv: 0,
      adaptiveThreshold: {
        enabled: true,
        thetaPlusMv: 0.22,
        tauThetaMs: 1e7,
        decayShift: 8,
        fracBits: 8,
        offline: "adapting",
      },
      thresholdTrim: { enabled: false, bits: 6, stepMv: 0.5 },
      inhibitionFloorMv: null,
      reset: "zero",
      refractoryMs: 0,
    });
  });

  const rejections: [string, Record<string, unknown>, RegExp][] = [
    ["bits 1", { bits: 1 }, /neuron › bits: expected at least 2 bits/],
    ["bits 33", { bits: 33 }, /neuron › bits: expected at most 32 bits/],
    ["bits 8.5", { bits: 8.5 }, /neuron › bits: expected a whole number of bits/],
    [
      "lo ≥ hi",
      { thresholdMv: { kind: "uniform", loMv: 60, hiMv: 40 } },
      /neuron › thresholdMv\.loMv: expected loMv below hiMv/,
    ],
    [
      "negative σ",
      { thresholdMv: { kind: "gaussian", meanMv: 50, sigmaMv: -3 } },
      /neuron › thresholdMv\.sigmaMv: expected a standard deviation ≥ 0 mV/,
    ],
    [
      "negative leak τ",
      { leak: { kind: "shift", tauMs: -100 } },
      /neuron › leak\.tauMs: expected a time constant > 0 ms/,
    ],
    [
      "negative τ_θ",
      { adaptiveThreshold: { tauThetaMs: -1 } },
      /neuron › adaptiveThreshold\.tauThetaMs: expected a time constant > 0 ms/,
    ],
    [
      "negative refractory",
      { refractoryMs: -5 },
      /neuron › refractoryMs: expected a refractory period ≥ 0 ms/,
    ],
    ["negative noise", { comparatorNoiseMv: -1 }, /neuron › comparatorNoiseMv: expected σ ≥ 0 mV/],
    [
      "a floor above rest",
      { inhibitionFloorMv: 5 },
      /neuron › inhibitionFloorMv: expected a floor at or below rest/,
    ],
    ["unknown field", { treshold: 50 }, /neuron › \(top level\): unknown field "treshold"/],
    [
      "threshold above the register",
      { bits: 8, fullScaleMv: 64, thresholdMv: { kind: "uniform", loMv: 40, hiMv: 70 } },
      /neuron › thresholdMv: expected thresholds up to the register's top, 63.5 mV/,
    ],
    [
      "threshold below half an LSB",
      { bits: 2, fullScaleMv: 512 },
      /neuron › bits: expected an LSB fine enough to represent the lowest threshold 50 mV/,
    ],
    [
      "θ_plus below the θ LSB",
      { bits: 8, adaptiveThreshold: { fracBits: 0 } },
      /neuron › adaptiveThreshold\.thetaPlusMv: expected θ_plus of at least half the θ register's LSB 4 mV/,
    ],
  ];
  for (const [what, over, pattern] of rejections) {
    it(`parseHwNeuronConfig rejects ${what}, naming the field`, () => {
      const err = (() => {
        try {
          parseHwNeuronConfig({ model: "hw", ...over });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(pattern);
    });
  }
});

describe("fixedPointParams", () => {
  it("fixedPointParams(defaults, dt 0.5) derives LSB 2^-6 mV, a 13-step leak (τ 100.7 ms) and a 78,278-step θ decay", () => {
    const p = fixedPointParams(parseHwNeuronConfig({ model: "hw" }), 0.5);
    expect(p.lsbMv).toBe(2 ** -6);
    expect([p.vMinLsb, p.vMaxLsb]).toEqual([-32768, 32767]);
    expect(p.gainLsbPerWeight).toBeCloseTo(2.2 * 64, 12);
    expect(p.leakPeriodSteps).toBe(13); // round(100·(−ln(15/16))/0.5) = round(12.91)
    expect(p.leakTauEffectiveMs!).toBeCloseTo((13 * 0.5) / -Math.log(15 / 16), 12);
    expect(p.thetaDecayPeriodSteps).toBe(Math.round((1e7 * -Math.log(255 / 256)) / 0.5));
    expect(p.refractorySteps).toBe(0);
    expect(
      fixedPointParams(parseHwNeuronConfig({ model: "hw", refractoryMs: 5 }), 0.5).refractorySteps,
    ).toBe(10);
    expect(p.thetaPlusUnits).toBe(Math.round(0.22 / 2 ** -14)); // θ unit = LSB/2^8
  });

  it("fixedPointParams rejects a leak τ that the shift cannot realise on the dt grid, naming leak.tauMs", () => {
    const config = parseHwNeuronConfig({
      model: "hw",
      leak: { kind: "shift", tauMs: 1, shift: 4 },
    });
    const msg = message(() => fixedPointParams(config, 0.5));
    expect(msg).toMatch(/^leak\.tauMs: 1 ms cannot be realised with shift=4 at dt=0\.5 ms/);
    expect(msg).toMatch(/use a smaller shift/);
    // shift 1 realises it: P = round(1·ln 2/0.5) = 1 → τ 0.72 ms is 28 % off: still rejected;
    // τ = 10 ms with shift 1: P = 14 → 10.1 ms, accepted.
    const ok = parseHwNeuronConfig({ model: "hw", leak: { kind: "shift", tauMs: 10, shift: 1 } });
    expect(fixedPointParams(ok, 0.5).leakPeriodSteps).toBe(14);
  });

  it("fixedPointParams(leak none, adaptation off) schedules no leak and no θ", () => {
    const p = fixedPointParams(
      parseHwNeuronConfig({
        model: "hw",
        leak: { kind: "none" },
        adaptiveThreshold: { enabled: false },
      }),
      0.5,
    );
    expect([p.leakPeriodSteps, p.thetaDecayPeriodSteps, p.thetaPlusUnits]).toEqual([0, 0, 0]);
  });
});

describe("hwNeuronConfigFromFlags", () => {
  it("hwNeuronConfigFromFlags(--threshold-mv 40:60 --adaptive-threshold off --bits 12) merges onto the defaults", () => {
    const c = hwNeuronConfigFromFlags({
      thresholdMv: "40:60",
      adaptiveThreshold: "off",
      bits: "12",
    });
    expect(c.thresholdMv).toEqual({ kind: "uniform", loMv: 40, hiMv: 60 });
    expect(c.adaptiveThreshold.enabled).toBe(false);
    expect(c.adaptiveThreshold.thetaPlusMv).toBe(0.22);
    expect(c.bits).toBe(12);
  });

  it("hwNeuronConfigFromFlags keeps file values the flags do not mention", () => {
    const c = hwNeuronConfigFromFlags(
      { adaptiveThreshold: "on" },
      { refractoryMs: 20, adaptiveThreshold: { thetaPlusMv: 0.5 } },
    );
    expect(c.refractoryMs).toBe(20);
    expect(c.adaptiveThreshold).toMatchObject({ enabled: true, thetaPlusMv: 0.5 });
  });

  it("hwNeuronConfigFromFlags rejects bad flag text as usage errors naming the flag", () => {
    expect(() => hwNeuronConfigFromFlags({ adaptiveThreshold: "yes" })).toThrow(UsageError);
    expect(message(() => hwNeuronConfigFromFlags({ adaptiveThreshold: "yes" }))).toBe(
      '--adaptive-threshold: expected on or off, got "yes"',
    );
    expect(message(() => hwNeuronConfigFromFlags({ bits: "8bit" }))).toBe(
      '--bits: expected a whole number of bits (2…32), got "8bit"',
    );
    expect(message(() => hwNeuronConfigFromFlags({ thresholdMv: "60:40" }))).toBe(
      '--threshold-mv: expected LO:HI (uniform, mV) or MEAN~SIGMA (Gaussian, mV), got "60:40" (LO must be below HI)',
    );
  });

  it("hwNeuronConfigFromFlags(--bits 40) is a validation error naming bits", () => {
    expect(message(() => hwNeuronConfigFromFlags({ bits: 40 }))).toMatch(
      /^flags › bits: expected at most 32 bits/,
    );
  });
});
