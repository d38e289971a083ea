import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import {
  BREAKDOWN_KEYS,
  computeEnergy,
  denseLayerFlops,
  interpolateByBits,
  snnLayerFlops,
} from "../../src/energy/model.js";
import { loadEnergyProfile } from "../../src/energy/profile.js";
import { energyReportSchema } from "../../src/energy/report-schema.js";
import { AG_A_SI, AG_GMAX_S, AG_GMIN_S, inputWith } from "./helpers.js";

const def = loadEnergyProfile("default");
const loihi = loadEnergyProfile("loihi");
const truenorth = loadEnergyProfile("truenorth");
const cmos = loadEnergyProfile("cmos45-int8");
const adc = loadEnergyProfile("crossbar-adc");

/** |actual − expected| ≤ 1e-12 relative (floating-point rounding only). */
function expectJ(actual: number | null | undefined, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    1e-12 * Math.max(Math.abs(expected), 1e-30),
  );
}

const pJ = 1e-12;

describe("device terms (default profile, Ag:a-Si electrical values)", () => {
  it("one LTP pulse at Ḡ = 38.5 nS, 3.2 V, 300 µs costs V²·Ḡ·t ≈ 118 pJ (energy.md)", () => {
    const r = computeEnergy(
      inputWith(
        { train: { ltpPulses: 1, ltpWriteConductanceS: AG_GMAX_S } },
        { electrical: AG_A_SI },
      ),
      def,
    );
    const hand = 3.2 * 3.2 * 38.5e-9 * 300e-6; // 10.24 V² · 38.5 nS · 300 µs = 118.272 pJ
    expectJ(r.phases.train.detail.ltpWriteJ, hand);
    expect(Math.round(r.phases.train.breakdown.synapseWriteJ / pJ)).toBe(118);
    expect(r.pricing.synapseWrite).toBe("device");
  });

  it("one LTP pulse at Gmin = 3.08 nS costs ≈ 9.5 pJ (energy.md)", () => {
    const r = computeEnergy(
      inputWith(
        { train: { ltpPulses: 1, ltpWriteConductanceS: AG_GMIN_S } },
        { electrical: AG_A_SI },
      ),
      def,
    );
    expectJ(r.phases.train.detail.ltpWriteJ, 10.24 * 3.08e-9 * 300e-6);
    expect(r.phases.train.detail.ltpWriteJ / pJ).toBeGreaterThan(9.4);
    expect(r.phases.train.detail.ltpWriteJ / pJ).toBeLessThan(9.5);
  });

  it("LTD pulses use the (negative) LTD voltage squared: 7.84 V²", () => {
    const gSum = 3 * 20e-9; // three pulses at a mean G of 20 nS
    const r = computeEnergy(
      inputWith({ train: { ltdPulses: 3, ltdWriteConductanceS: gSum } }, { electrical: AG_A_SI }),
      def,
    );
    expectJ(r.phases.train.detail.ltdWriteJ, 7.84 * 60e-9 * 300e-6);
    expectJ(r.phases.train.breakdown.synapseWriteJ, 7.84 * 60e-9 * 300e-6);
  });

  it("normalisation pulses are priced at the mean of V_ltp² and V_ltd² (9.04 V²)", () => {
    const r = computeEnergy(
      inputWith(
        { train: { normalisationPulses: 2, normWriteConductanceS: 2 * 10e-9 } },
        { electrical: AG_A_SI },
      ),
      def,
    );
    expectJ(r.phases.train.breakdown.normalisationWriteJ, ((10.24 + 7.84) / 2) * 20e-9 * 300e-6);
  });

  it("reads are V_read²·t_read·ΣG: 1000 reads at 38.5 nS, 0.5 V, 5 ns ≈ 1000 × 0.048 fJ", () => {
    const r = computeEnergy(
      inputWith(
        { test: { synapticEvents: 1000, readConductanceS: 1000 * AG_GMAX_S } },
        { electrical: AG_A_SI },
      ),
      def,
    );
    const perCell = 0.25 * 38.5e-9 * 5e-9; // 4.8125e-17 J ≈ 0.05 fJ (energy.md)
    expectJ(r.phases.test.breakdown.synapseReadJ, 1000 * perCell);
    expect(r.pricing.synapseRead).toBe("device");
  });

  it("the reads of a whole 400-neuron presentation at Gmax cost less than one write pulse at Gmax", () => {
    // energy.md worked example: ≈ 0.92 M synaptic events per presentation.
    const events = 920_000;
    const r = computeEnergy(
      inputWith(
        {
          train: {
            synapticEvents: events,
            readConductanceS: events * AG_GMAX_S,
            ltpPulses: 1,
            ltpWriteConductanceS: AG_GMAX_S,
          },
        },
        { electrical: AG_A_SI },
      ),
      def,
    );
    const reads = events * 0.25 * 38.5e-9 * 5e-9; // 44.3 pJ
    const write = 10.24 * 38.5e-9 * 300e-6; // 118 pJ
    expectJ(r.phases.train.breakdown.synapseReadJ, reads);
    expect(r.phases.train.breakdown.synapseWriteJ).toBeGreaterThan(
      r.phases.train.breakdown.synapseReadJ,
    );
    expectJ(r.phases.train.breakdown.synapseWriteJ, write);
  });

  it("runs without a device fall back to the profile's digital synapse figures", () => {
    const r = computeEnergy(
      inputWith({
        train: {
          synapticEvents: 100,
          ltpPulses: 3,
          ltdPulses: 2,
          normalisationPulses: 5,
          readConductanceS: 1,
        },
      }),
      def,
    );
    expect(r.pricing.synapseRead).toBe("digitalFallback");
    expect(r.pricing.synapseWrite).toBe("digitalFallback");
    expectJ(r.phases.train.breakdown.synapseReadJ, 100 * 1.25 * pJ);
    expectJ(r.phases.train.breakdown.synapseWriteJ, 5 * 20 * pJ);
    expectJ(r.phases.train.breakdown.normalisationWriteJ, 5 * 20 * pJ);
  });
});

describe("digital neuron terms by bit width (Horowitz 2014)", () => {
  it("interpolateByBits is exact at 8 and 32 bits and the geometric mean at 16", () => {
    expectJ(interpolateByBits(8, 0.03 * pJ, 0.1 * pJ), 0.03 * pJ);
    expectJ(interpolateByBits(32, 0.03 * pJ, 0.1 * pJ), 0.1 * pJ);
    // 16 is the geometric midpoint of 8 and 32, so a power law gives √(E8·E32).
    expectJ(interpolateByBits(16, 0.03 * pJ, 0.1 * pJ), Math.sqrt(0.03 * 0.1) * pJ);
    expectJ(interpolateByBits(16, 0.2 * pJ, 3.1 * pJ), Math.sqrt(0.2 * 3.1) * pJ);
  });

  it("an 8-bit adder neuron: add, compare, leak (shift-and-subtract) and inhibition 0.03 pJ, reset 0", () => {
    const r = computeEnergy(
      inputWith(
        { test: { neuronAdds: 10, compares: 7, leakUpdates: 4, resets: 2, inhibitionEvents: 3 } },
        { bits: 8 },
      ),
      def,
    );
    const d = r.phases.test.detail;
    expectJ(d.neuronAddJ, 10 * 0.03 * pJ);
    expectJ(d.compareJ, 7 * 0.03 * pJ);
    expectJ(d.leakUpdateJ, 4 * 0.03 * pJ);
    expect(d.resetJ).toBe(0);
    expectJ(d.inhibitionEventJ, 3 * 0.03 * pJ);
    expectJ(r.phases.test.breakdown.neuronJ, (10 + 7 + 4) * 0.03 * pJ);
    expectJ(r.phases.test.breakdown.inhibitionJ, 3 * 0.03 * pJ);
    expect(r.pricing.neuronBits).toBe(8);
  });

  it("a 32-bit adder neuron uses the 32-bit add (0.1 pJ) for adds and leaks", () => {
    const r = computeEnergy(
      inputWith({ test: { neuronAdds: 2, leakUpdates: 1 } }, { bits: 32 }),
      def,
    );
    expectJ(r.phases.test.breakdown.neuronJ, 3 * 0.1 * pJ);
  });

  it("a 16-bit adder neuron pays √(0.03·0.1) pJ per add", () => {
    const r = computeEnergy(inputWith({ test: { neuronAdds: 100 } }, { bits: 16 }), def);
    expectJ(r.phases.test.breakdown.neuronJ, 100 * Math.sqrt(0.03 * 0.1) * pJ);
  });

  it("the float conductance neuron (dc): add 0.9 pJ, one tick = 5 fp32 multiplies + 6 fp32 adds", () => {
    const r = computeEnergy(
      inputWith(
        { test: { neuronAdds: 1, leakUpdates: 2 } },
        { neuronModel: "dc", bits: undefined },
      ),
      def,
    );
    expectJ(r.phases.test.breakdown.neuronJ, (0.9 + 2 * (5 * 3.7 + 6 * 0.9)) * pJ);
    expect(r.pricing.neuronBits).toBe(32);
  });

  it("an adder neuron without a bit width is rejected under bit-width pricing", () => {
    expect(() => computeEnergy(inputWith({}, { bits: undefined }), def)).toThrow(ValidationError);
    expect(() => computeEnergy(inputWith({}, { bits: undefined }), def)).toThrow(/bits/);
  });

  it("per-op pricing ignores the bit width", () => {
    expect(() => computeEnergy(inputWith({}, { bits: undefined }), loihi)).not.toThrow();
  });
});

describe("reference profiles", () => {
  const ops = {
    synapticEvents: 1000,
    readConductanceS: 1000 * AG_GMAX_S,
    neuronAdds: 1000,
    leakUpdates: 50,
    compares: 50,
    resets: 2,
    inputSpikes: 3,
    rowActivations: 3,
    outputSpikes: 2,
    inhibitorySpikes: 2,
    inhibitionEvents: 798,
    ltpPulses: 10,
    ltdPulses: 5,
    ltpWriteConductanceS: 10 * AG_GMAX_S,
  };

  it("loihi: 23.6 pJ per synaptic op and per inhibition, 52 pJ per neuron update, 120 pJ per update, 1.7 pJ per spike", () => {
    // Device values are given but loihi prices per event: they must be ignored.
    const r = computeEnergy(inputWith({ train: ops }, { electrical: AG_A_SI }), loihi);
    const b = r.phases.train.breakdown;
    expectJ(b.synapseReadJ, 1000 * 23.6 * pJ);
    expectJ(b.synapseWriteJ, 15 * 120 * pJ);
    expectJ(b.neuronJ, 50 * 52 * pJ);
    expectJ(b.spikeJ, (3 + 2 + 2) * 1.7 * pJ);
    expectJ(b.inhibitionJ, 798 * 23.6 * pJ);
    expect(b.peripheralJ).toBe(0);
    expectJ(r.phases.train.totalJ, (1000 * 23.6 + 15 * 120 + 50 * 52 + 7 * 1.7 + 798 * 23.6) * pJ);
    expect(r.pricing.synapseRead).toBe("perEvent");
  });

  it("truenorth: 26 pJ per synaptic event (and per inhibition), nothing else", () => {
    const r = computeEnergy(inputWith({ test: ops }), truenorth);
    expectJ(r.phases.test.totalJ, (1000 + 798) * 26 * pJ);
  });

  it("cmos45-int8: 1.28 pJ per synaptic event (add included), 0.03 pJ per leak and compare, SRAM read-modify-write per update", () => {
    const r = computeEnergy(inputWith({ train: ops }), cmos);
    const b = r.phases.train.breakdown;
    expectJ(b.synapseReadJ, 1000 * (0.03 + 1.25) * pJ);
    // The 1000 counted adds are inside the synaptic event figure; 50 leaks + 50 compares at 0.03 pJ.
    expect(r.phases.train.detail.neuronAddJ).toBe(0);
    expectJ(b.neuronJ, (50 + 50) * 0.03 * pJ);
    expectJ(b.synapseWriteJ, 15 * 20 * pJ);
  });

  it("crossbar-adc adds 2 pJ per row activation and 2 pJ per column read on a device, nothing per cell read", () => {
    const withColumns = { ...ops, columnReads: 16 };
    const r = computeEnergy(inputWith({ test: withColumns }, { electrical: AG_A_SI }), adc);
    // 1000 cell reads (synapticEvents) cost only V²·G·t: the columns sum them in the analog domain.
    expectJ(r.phases.test.breakdown.peripheralJ, (3 * 2 + 16 * 2) * pJ);
    expectJ(r.phases.test.detail.synapseReadJ, 0.5 ** 2 * 5e-9 * 1000 * AG_GMAX_S);
  });

  it("an ADC conversion costs FOM·2^bits (crossbar-adc: 10 fJ per step; 6 bits → 0.64 pJ), counted per conversion", () => {
    const withAdc = { ...ops, columnReads: 16, adcConversions: 16 };
    const input = inputWith({ test: withAdc }, { electrical: AG_A_SI });
    const r = computeEnergy({ ...input, adcBits: 6 }, adc);
    expectJ(r.unitEnergies.adcConversionJ, 10e-15 * 64);
    expectJ(r.phases.test.detail.adcJ, 16 * 10e-15 * 64);
    expectJ(r.phases.test.breakdown.peripheralJ, (3 * 2 + 16 * 2) * pJ + 16 * 10e-15 * 64);
    // Without an ADC in the run (no bits) conversions are not priced.
    expect(computeEnergy(input, adc).unitEnergies.adcConversionJ).toBeNull();
  });

  it("write-verify and normalisation reads are priced as device reads plus one sense each, and add up to programming time", () => {
    const prog = {
      ...ops,
      verifyReads: 40,
      verifyReadConductanceS: 40 * AG_GMAX_S,
      normalisationReads: 10,
      normReadConductanceS: 10 * AG_GMAX_S,
      normalisationPulses: 7,
    };
    const r = computeEnergy(inputWith({ train: prog }, { electrical: AG_A_SI }), adc);
    const perRead = 0.5 ** 2 * 5e-9 * AG_GMAX_S;
    expectJ(r.phases.train.detail.verifyReadJ, 40 * perRead + 40 * 2 * pJ);
    expectJ(r.phases.train.detail.normalisationReadJ, 10 * perRead + 10 * 2 * pJ);
    expectJ(r.phases.train.breakdown.programmingReadJ, 50 * perRead + 50 * 2 * pJ);
    const t = r.phases.train.programming;
    expect(t.pulses).toBe(10 + 5 + 7);
    expect(t.reads).toBe(50);
    expectJ(t.serialTimeS, 22 * AG_A_SI.writePulseWidthS + 50 * AG_A_SI.readPulseWidthS);
  });

  it("crossbar-adc prices no peripheral for ideal synapses (they fall back to SRAM)", () => {
    const r = computeEnergy(inputWith({ test: ops }), adc);
    expect(r.phases.test.breakdown.peripheralJ).toBe(0);
  });
});

describe("report totals, per-sample figures and activity", () => {
  const input = inputWith(
    {
      train: { synapticEvents: 6000, ltpPulses: 4, ltdPulses: 4 },
      label: { synapticEvents: 500 },
      test: {
        synapticEvents: 2 * 920_000,
        inputSpikes: 2 * 2300,
        presentations: 2,
        outputSpikes: 30,
      },
    },
    { samples: { train: 3, label: 1, test: 2 }, stepsPerPresentation: 700 },
  );
  const r = computeEnergy(input, loihi);

  it("the breakdown of every phase sums to its total and the phases sum to the run", () => {
    for (const phase of [r.phases.train, r.phases.label, r.phases.test]) {
      const sum = BREAKDOWN_KEYS.reduce((s, k) => s + phase.breakdown[k], 0);
      expectJ(phase.totalJ, sum);
    }
    expectJ(r.totalJ, r.phases.train.totalJ + r.phases.label.totalJ + r.phases.test.totalJ);
  });

  it("per inference = test energy / test images; per training sample = train energy / train images", () => {
    expectJ(r.perInferenceJ, (920_000 * 23.6 + 15 * 1.7 + 2300 * 1.7) * pJ);
    expectJ(r.perTrainingSampleJ, (2000 * 23.6 + (8 / 3) * 120) * pJ);
    expectJ(r.perInference?.synapseReadJ, 920_000 * 23.6 * pJ);
  });

  it("synaptic events per inference and spikes per synapse per inference (÷ 784·400)", () => {
    expect(r.synapticEventsPerInference).toBe(920_000);
    expect(r.synapses).toBe(313_600);
    expectJ(r.activity.spikesPerSynapsePerInference, 920_000 / 313_600);
    expect(r.activity.inputSpikesPerInference).toBe(2300);
    expectJ(r.activity.inputRatePerStep, 2300 / (700 * 784));
  });

  it("the ANN baseline: 784·400 MACs, 4.6 pJ (fp32) and 0.2 + 0.03 pJ (int8) each", () => {
    expect(r.ann.macsPerImage).toBe(313_600);
    expectJ(r.ann.annFp32J, 313_600 * 4.6 * pJ);
    expectJ(r.ann.annInt8J, 313_600 * 0.23 * pJ);
    expect(r.ann.annIncludesMemory).toBe(false);
    expectJ(r.ann.annInt8OverSnn, (313_600 * 0.23 * pJ) / (r.perInferenceJ as number));
  });

  it("ANN FLOPs (2M − 1)N + 2N; SNN FLOPs 2·N·S + N·T per presentation", () => {
    expect(r.ann.annFlops).toBe(1567 * 400 + 800);
    expect(r.ann.snnFlops).toBe(2 * 400 * 2300 + 400 * 700);
  });

  it("the verdict states the activity and the direction of the comparison from the numbers", () => {
    // Loihi per inference: 920,000 × 23.6 + (15 + 2300) × 1.7 = 21,715,935.5 pJ; int8 ANN:
    // 313,600 × 0.23 = 72,128 pJ; 21,715,935.5 / 72,128 = 301.07 → the SNN spends 301× more.
    expect(r.ann.verdict).toContain("at 2.9 spikes per synapse per inference");
    expect(r.ann.verdict).toContain("301× more than the int8 ANN");
    // fp32 ANN: 313,600 × 4.6 = 1,442,560 pJ → 21,715,935.5 / 1,442,560 = 15.05 → 15× more.
    expect(r.ann.verdict).toContain("15× more than the fp32 ANN (ANN arithmetic only)");
    expect(r.ann.verdict).toContain("SNN 2,120,000 vs ANN 627,600");
    const frugal = computeEnergy(
      inputWith(
        { test: { synapticEvents: 1000, neuronAdds: 1000 } },
        { samples: { train: 0, label: 0, test: 1 } },
      ),
      cmos,
    );
    // 1000 events × 1.28 pJ = 1280 pJ (the counted adds are free) vs the ANN with fetches, 313,600 × (0.23 + 1.25) = 464,128 pJ:
    // 464,128 / 1280 = 362.6 → 363× less.
    expect(frugal.ann.annIncludesMemory).toBe(true);
    expect(frugal.ann.verdict).toContain("363× less than the int8 ANN");
    expect(frugal.ann.verdict).toContain("(weight fetches included)");
  });

  it("the report matches its documented schema", () => {
    expect(() => energyReportSchema.parse(JSON.parse(JSON.stringify(r)))).not.toThrow();
  });

  it("no test images: per-inference figures are null and the verdict says why", () => {
    const none = computeEnergy(
      inputWith({ train: { synapticEvents: 10 } }, { samples: { train: 1, label: 0, test: 0 } }),
      def,
    );
    expect(none.perInferenceJ).toBeNull();
    expect(none.perInference).toBeNull();
    expect(none.activity.spikesPerSynapsePerInference).toBeNull();
    expect(none.ann.annInt8OverSnn).toBeNull();
    expect(none.ann.verdict).toMatch(/no test images/);
    expect(() => energyReportSchema.parse(JSON.parse(JSON.stringify(none)))).not.toThrow();
  });

  it("SNN FLOPs are null when the steps per presentation are unknown", () => {
    const noSteps = computeEnergy(inputWith({ test: { inputSpikes: 5, presentations: 1 } }), def);
    expect(noSteps.ann.snnFlops).toBeNull();
    expect(noSteps.activity.inputRatePerStep).toBeNull();
  });

  it("a negative or NaN count is rejected, naming the phase and counter", () => {
    expect(() => computeEnergy(inputWith({ test: { compares: -1 } }), def)).toThrow(
      /ops\.test\.compares/,
    );
    expect(() => computeEnergy(inputWith({ label: { resets: Number.NaN } }), def)).toThrow(
      /ops\.label\.resets/,
    );
  });
});

describe("FLOP conventions of the reference (energy.md)", () => {
  it("ANN FLOPs for 784→10 and 10→10 sum to 15,900", () => {
    // (2·784 − 1)·10 + 20 = 15,690 and (2·10 − 1)·10 + 20 = 210.
    expect(denseLayerFlops(784, 10)).toBe(15_690);
    expect(denseLayerFlops(10, 10)).toBe(210);
    expect(denseLayerFlops(784, 10) + denseLayerFlops(10, 10)).toBe(15_900);
  });

  it("SNN FLOPs sum (2·M·F_t − 1)·N + 2N over the steps", () => {
    // T = 5 steps at F = 0.1: 5 × ((2·784·0.1 − 1)·10 + 20) = 5 × 1578 = 7890.
    expect(snnLayerFlops(784, 10, [0.1, 0.1, 0.1, 0.1, 0.1])).toBeCloseTo(7890, 9);
    // Silent input: only the −N + 2N = N per step remains.
    expect(snnLayerFlops(784, 10, [0, 0, 0])).toBe(30);
  });

  it("the closed form 2·N·S + N·T equals the per-step sum for any spike pattern", () => {
    const m = 784;
    const n = 400;
    const spikesPerStep = [0, 3, 5, 0, 1, 7, 2];
    const s = spikesPerStep.reduce((a, b) => a + b, 0);
    const perStep = snnLayerFlops(
      m,
      n,
      spikesPerStep.map((k) => k / m),
    );
    expect(perStep).toBeCloseTo(2 * n * s + n * spikesPerStep.length, 6);
  });
});
