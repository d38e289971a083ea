/**
 * Energy model: joules = op counts (filled by the engine at the events, src/core/ops.ts) × per-op
 * energies (an EnergyProfile). Pure: no I/O, no clock, same input → same report, so a finished run
 * can be re-priced under another profile (`neuroxbar energy`) and match a fresh run exactly.
 *
 * Every formula is in docs/energy.md with its source; figures come from the profile only.
 */
import type { OpCounts } from "../core/ops.js";
import { ValidationError } from "../core/errors.js";
import type { EnergyProfile } from "./profile.js";

/** Neuron model of the run being priced (config.neuron.model): "hw" is priced by its register width, the float models as the conductance neuron. */
export type NeuronModel = "dc" | "hw" | "if" | "lif" | "srm0";
/** The three phases of a run, each priced from its own op counts. */
export type EnergyPhase = "train" | "label" | "test";
/** The phases in run order. */
export const ENERGY_PHASES: readonly EnergyPhase[] = ["train", "label", "test"];

/** Electrical values of a device preset (NeuroSim convention; ltdVoltageV may be negative). */
export interface DeviceElectrical {
  readVoltageV: number;
  readPulseWidthS: number;
  ltpVoltageV: number;
  ltdVoltageV: number;
  writePulseWidthS: number;
}

/** What the energy model prices: a run's op counts per phase and the facts the pricing rules need. */
export interface EnergyInput {
  /** Ledger counts per phase (OpLedger.since at the phase boundaries). */
  ops: { train: OpCounts; label: OpCounts; test: OpCounts };
  /** Images processed per phase (re-presentations not included). */
  samples: { train: number; label: number; test: number };
  /** Input lines M (784 for MNIST). */
  inputs: number;
  /** Excitatory neurons N. */
  neurons: number;
  neuronModel: NeuronModel;
  /** Membrane width of the adder/comparator neuron (hw); needed when the profile prices by bit width. */
  bits?: number;
  /** Device electrical values; absent for ideal synapses (device terms then use the digital figures). */
  electrical?: DeviceElectrical;
  /** Time steps T per presentation (350 ms / 0.5 ms = 700 in Diehl & Cook); for the SNN FLOP count. */
  stepsPerPresentation?: number;
  /** Bits of the crossbar's column ADC (synapses.adc.bits); absent = no ADC (exact column sums). */
  adcBits?: number;
}

/** The components a phase's energy splits into; they sum to totalJ. */
export interface EnergyBreakdown {
  synapseReadJ: number;
  synapseWriteJ: number;
  normalisationWriteJ: number;
  /** Neuron arithmetic: adds, leak updates, compares, resets. */
  neuronJ: number;
  /** Spike communication: input, output and inhibitory-population spikes. */
  spikeJ: number;
  inhibitionJ: number;
  /** Crossbar row drivers, column sensing and ADC conversions (device reads only). */
  peripheralJ: number;
  /** Single-device reads of the programming controller: write-verify and normalisation reads. */
  programmingReadJ: number;
}

/** The individual terms behind the breakdown. */
export interface EnergyDetail {
  synapseReadJ: number;
  ltpWriteJ: number;
  ltdWriteJ: number;
  normalisationWriteJ: number;
  neuronAddJ: number;
  leakUpdateJ: number;
  compareJ: number;
  resetJ: number;
  inputSpikeJ: number;
  outputSpikeJ: number;
  inhibitorySpikeJ: number;
  inhibitionEventJ: number;
  rowActivationJ: number;
  /** Sensing each analog column once per step with input (columnReads × columnReadJ). */
  columnReadJ: number;
  /** Column ADC conversions (adcConversions × FOM·2^bits). */
  adcJ: number;
  /** Write-verify reads: V_read²·G·t_read per read plus one column sense each. */
  verifyReadJ: number;
  /** Reads a controller makes to learn a column's sum before normalising it. */
  normalisationReadJ: number;
}

/** Time a phase spends programming, one device at a time (serial bound). */
export interface ProgrammingTime {
  /** LTP + LTD + normalisation pulses. */
  pulses: number;
  /** Write-verify plus normalisation reads. */
  reads: number;
  /** pulses × t_write + reads × t_read (s); null without device electrical values. */
  serialTimeS: number | null;
}

/** One phase priced: total (J), per image (J), by component and by term, and its programming cost. */
export interface PhaseEnergy {
  samples: number;
  totalJ: number;
  /** totalJ / samples; null when the phase processed no sample. */
  perSampleJ: number | null;
  breakdown: EnergyBreakdown;
  detail: EnergyDetail;
  programming: ProgrammingTime;
}

/** The per-op energies actually applied (after the profile's rules), for readers to check. */
export interface UnitEnergies {
  /** V_read²·t_read (J per siemens of read conductance); null when reads are not priced as a device. */
  readJPerSiemens: number | null;
  /** V_ltp²·t_pulse, V_ltd²·t_pulse, and their mean for normalisation (J per siemens). */
  ltpWriteJPerSiemens: number | null;
  ltdWriteJPerSiemens: number | null;
  normWriteJPerSiemens: number | null;
  /** Digital figures; null when the device formula is used instead. */
  synapticEventJ: number | null;
  writePulseJ: number | null;
  neuronAddJ: number;
  leakUpdateJ: number;
  compareJ: number;
  resetJ: number;
  inhibitionEventJ: number;
  inputSpikeJ: number;
  outputSpikeJ: number;
  inhibitorySpikeJ: number;
  rowActivationJ: number;
  /** Sensing one column (or one single-device read) once. */
  columnReadJ: number;
  /** One ADC conversion: Walden FOM × 2^bits; null without an ADC or without an adc profile figure. */
  adcConversionJ: number | null;
}

/** The same-size dense ANN layer priced under the same profile, and the verdict sentence. */
export interface AnnComparison {
  /** Dense layer: M·N multiply-accumulates per image, whatever the input. */
  macsPerImage: number;
  /** macs × (fp32 MAC + fp32 weight fetch) per image. */
  annFp32J: number;
  /** macs × (int8 multiply + int8 add + int8 weight fetch) per image. */
  annInt8J: number;
  /** (2M − 1)·N + 2N per image. */
  annFlops: number;
  /** 2·N·S + N·T·P per image (S input spikes, P presentations, T steps); null without T or test samples. */
  snnFlops: number | null;
  /** annInt8J / SNN energy per inference: > 1 means the SNN spends less. Null without test samples. */
  annInt8OverSnn: number | null;
  annFp32OverSnn: number | null;
  /** True when the ANN figures include weight fetches (profile ann.*WeightFetchJ > 0). */
  annIncludesMemory: boolean;
  verdict: string;
}

/** Activity figures per inference, stated beside every energy comparison (Lemaire et al. 2023). */
export interface EnergyActivity {
  /** Synaptic events per inference / (M·N): the "spikes per synapse per inference" of Lemaire 2023. */
  spikesPerSynapsePerInference: number | null;
  inputSpikesPerInference: number | null;
  /** Presentations per test image (≥ 1 with re-presentations). */
  presentationsPerInference: number | null;
  stepsPerPresentation: number | null;
  /** Mean input firing probability per line per step: S / (P·T·M). */
  inputRatePerStep: number | null;
}

/** result.json `energy`: a run priced under one profile (docs/energy.md § 5). */
export interface EnergyReport {
  /** Bumped when the shape changes (2: column reads, ADC, controller reads, programming time). */
  version: 2;
  profile: { name: string; source: string };
  pricing: {
    synapseRead: "device" | "perEvent" | "digitalFallback";
    synapseWrite: "device" | "perPulse" | "digitalFallback";
    neuron: "bitWidth" | "perOp";
    /** Width the neuron ops were priced at (bitWidth pricing; 32 for the float conductance neuron). */
    neuronBits: number | null;
  };
  unitEnergies: UnitEnergies;
  phases: { train: PhaseEnergy; label: PhaseEnergy; test: PhaseEnergy };
  totalJ: number;
  /** Test phase energy / test images. */
  perInferenceJ: number | null;
  perInference: EnergyBreakdown | null;
  /** Train phase energy / training images. */
  perTrainingSampleJ: number | null;
  perTrainingSample: EnergyBreakdown | null;
  /** M·N. */
  synapses: number;
  synapticEventsPerInference: number | null;
  activity: EnergyActivity;
  ann: AnnComparison;
}

/** The components a phase's energy splits into, in report order; they sum to totalJ. */
export const BREAKDOWN_KEYS = [
  "synapseReadJ",
  "synapseWriteJ",
  "normalisationWriteJ",
  "neuronJ",
  "spikeJ",
  "inhibitionJ",
  "peripheralJ",
  "programmingReadJ",
] as const satisfies readonly (keyof EnergyBreakdown)[];

/**
 * Ops of one conductance-LIF neuron tick (Diehl & Cook 2015, forward Euler):
 * v += dt/τ·((E_rest − v) + g_e(E_exc − v) + g_i(E_inh − v)) is 3 multiplies and 6 adds
 * (3 differences, 2 sums, 1 update); the decays g_e·k_e and g_i·k_i are 2 more multiplies
 * (θ's 10⁴ s decay is left out). The threshold comparison is counted and priced separately.
 */
export const DC_TICK_FP32_MULTS = 5;
/** fp32 adds of one conductance-neuron tick (see DC_TICK_FP32_MULTS). */
export const DC_TICK_FP32_ADDS = 6;

/** Bit width Horowitz's two integer anchors are given at. */
const LOW_BITS = 8;
const HIGH_BITS = 32;

/**
 * Power law through two anchors: E(b) = E8·(b/8)^k, k = ln(E32/E8)/ln(32/8) (log–log interpolation;
 * extrapolates outside 8–32). Exact at both Horowitz 2014 figures; for the integer add
 * (0.03 → 0.1 pJ) k ≈ 0.87, close to the linear growth of a ripple adder (one full adder per bit),
 * so no width gets a cost the measured pair contradicts. With a zero anchor: a straight line.
 */
export function interpolateByBits(bits: number, at8J: number, at32J: number): number {
  if (at8J === 0 || at32J === 0) return at8J + ((at32J - at8J) * (bits - LOW_BITS)) / 24;
  const k = Math.log(at32J / at8J) / Math.log(HIGH_BITS / LOW_BITS);
  return at8J * Math.pow(bits / LOW_BITS, k);
}

/** Dense layer FLOPs per forward pass: (2M − 1)·N + 2N (the reference's convention, energy.md). */
export function denseLayerFlops(m: number, n: number): number {
  return (2 * m - 1) * n + 2 * n;
}

/**
 * SNN layer FLOPs: Σ_t (2·M·F_t − 1)·N + 2N over the time steps, F_t the layer's mean input firing
 * rate at step t (the reference's convention, energy.md). With S = Σ_t M·F_t input spikes this is
 * 2·N·S + N·T, the closed form computeEnergy uses.
 */
export function snnLayerFlops(m: number, n: number, ratesPerStep: readonly number[]): number {
  let flops = 0;
  for (const f of ratesPerStep) flops += (2 * m * f - 1) * n + 2 * n;
  return flops;
}

interface NeuronUnits {
  addJ: number;
  leakUpdateJ: number;
  compareJ: number;
  resetJ: number;
  inhibitionEventJ: number;
  bits: number | null;
}

function neuronUnits(input: EnergyInput, neuron: EnergyProfile["neuron"]): NeuronUnits {
  if (neuron.pricing === "perOp") {
    return {
      addJ: neuron.addJ,
      leakUpdateJ: neuron.leakUpdateJ,
      compareJ: neuron.compareJ,
      resetJ: neuron.resetJ,
      inhibitionEventJ: neuron.inhibitionEventJ,
      bits: null,
    };
  }
  if (input.neuronModel !== "hw") {
    // Float conductance neuron: an input is g_e += w, a compare is v − θ, inhibition is g_i += w.
    // The float current-based neurons (if, lif, srm0) are priced the same way: their tick
    // (1 multiply, 2 adds) is below the conductance tick's, so this is an upper bound.
    const add = neuron.fp32AddJ;
    return {
      addJ: add,
      leakUpdateJ: DC_TICK_FP32_MULTS * neuron.fp32MultJ + DC_TICK_FP32_ADDS * add,
      compareJ: add,
      resetJ: neuron.resetJ,
      inhibitionEventJ: add,
      bits: 32,
    };
  }
  const bits = input.bits;
  if (bits === undefined || !Number.isInteger(bits) || bits < 1) {
    throw new ValidationError(
      `energy model: the adder/comparator neuron (hw) is priced by its membrane width, so bits must be a positive integer, got ${String(bits)}`,
    );
  }
  // Fixed point: an input, an inhibition and a compare (a subtraction) are one b-bit add. A leak
  // event v ← v − round(v·2^−k) is one subtraction too: the shift is wiring and the rounding bit
  // (bit k−1 of v) enters as the carry-in (src/neurons/adder-comparator.ts).
  const add = interpolateByBits(bits, neuron.int8AddJ, neuron.int32AddJ);
  return {
    addJ: add,
    leakUpdateJ: add,
    compareJ: add,
    resetJ: neuron.resetJ,
    inhibitionEventJ: add,
    bits,
  };
}

function unitEnergies(
  input: EnergyInput,
  profile: EnergyProfile,
): { units: UnitEnergies; pricing: EnergyReport["pricing"] } {
  const el = input.electrical;
  const deviceRead = profile.synapse.read === "device" && el !== undefined;
  const deviceWrite = profile.synapse.write === "device" && el !== undefined;
  const n = neuronUnits(input, profile.neuron);
  // Peripheral read circuits belong to a crossbar: priced only when reads are priced as a device.
  const periph = deviceRead && profile.peripheral ? profile.peripheral : undefined;
  // E_read = V_read²·G·t_read per cell (NeuroSim); Σ G is in the ledger, so J per siemens is V²·t.
  const readJPerSiemens = deviceRead ? el.readVoltageV ** 2 * el.readPulseWidthS : null;
  // E_write = V_write²·Ḡ·t_pulse per pulse (NeuroSim), Ḡ = mean of G before and after the pulse.
  const ltp = deviceWrite ? el.ltpVoltageV ** 2 * el.writePulseWidthS : null;
  const ltd = deviceWrite ? el.ltdVoltageV ** 2 * el.writePulseWidthS : null;
  // Normalisation pulses are not split by polarity in the ledger: the mean of V_ltp² and V_ltd² is
  // exact for equal numbers of up and down pulses and never off by more than half their gap.
  const norm = ltp !== null && ltd !== null ? (ltp + ltd) / 2 : null;
  const units: UnitEnergies = {
    readJPerSiemens,
    ltpWriteJPerSiemens: ltp,
    ltdWriteJPerSiemens: ltd,
    normWriteJPerSiemens: norm,
    synapticEventJ: deviceRead ? null : profile.synapse.synapticEventJ,
    writePulseJ: deviceWrite ? null : profile.synapse.writePulseJ,
    neuronAddJ: n.addJ,
    leakUpdateJ: n.leakUpdateJ,
    compareJ: n.compareJ,
    resetJ: n.resetJ,
    inhibitionEventJ: n.inhibitionEventJ,
    inputSpikeJ: profile.spikes.inputSpikeJ,
    outputSpikeJ: profile.spikes.outputSpikeJ,
    inhibitorySpikeJ: profile.spikes.inhibitorySpikeJ,
    rowActivationJ: periph?.rowActivationJ ?? 0,
    columnReadJ: periph?.columnReadJ ?? 0,
    // E_conv = FOM·2^b (Walden figure of merit; the profile cites its FOM).
    adcConversionJ:
      input.adcBits !== undefined && profile.adc
        ? profile.adc.waldenFomJ * 2 ** input.adcBits
        : null,
  };
  const pricing: EnergyReport["pricing"] = {
    synapseRead: deviceRead
      ? "device"
      : profile.synapse.read === "device"
        ? "digitalFallback"
        : "perEvent",
    synapseWrite: deviceWrite
      ? "device"
      : profile.synapse.write === "device"
        ? "digitalFallback"
        : "perPulse",
    neuron: profile.neuron.pricing,
    neuronBits: n.bits,
  };
  return { units, pricing };
}

function checkCounts(counts: OpCounts, phase: EnergyPhase): void {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new ValidationError(
        `energy model: ops.${phase}.${name} must be a finite non-negative count, got ${value}`,
      );
    }
  }
}

function phaseEnergy(
  c: OpCounts,
  samples: number,
  u: UnitEnergies,
  el: DeviceElectrical | undefined,
): PhaseEnergy {
  // A controller read is one device read (V²·G·t, or a digital synapse fetch) plus one sense.
  const controllerReads = (reads: number, conductanceS: number): number =>
    (u.readJPerSiemens !== null
      ? u.readJPerSiemens * conductanceS
      : reads * (u.synapticEventJ ?? 0)) +
    reads * u.columnReadJ;
  const detail: EnergyDetail = {
    synapseReadJ:
      u.readJPerSiemens !== null
        ? u.readJPerSiemens * c.readConductanceS
        : c.synapticEvents * (u.synapticEventJ ?? 0),
    ltpWriteJ:
      u.ltpWriteJPerSiemens !== null
        ? u.ltpWriteJPerSiemens * c.ltpWriteConductanceS
        : c.ltpPulses * (u.writePulseJ ?? 0),
    ltdWriteJ:
      u.ltdWriteJPerSiemens !== null
        ? u.ltdWriteJPerSiemens * c.ltdWriteConductanceS
        : c.ltdPulses * (u.writePulseJ ?? 0),
    normalisationWriteJ:
      u.normWriteJPerSiemens !== null
        ? u.normWriteJPerSiemens * c.normWriteConductanceS
        : c.normalisationPulses * (u.writePulseJ ?? 0),
    neuronAddJ: c.neuronAdds * u.neuronAddJ,
    leakUpdateJ: c.leakUpdates * u.leakUpdateJ,
    compareJ: c.compares * u.compareJ,
    resetJ: c.resets * u.resetJ,
    inputSpikeJ: c.inputSpikes * u.inputSpikeJ,
    outputSpikeJ: c.outputSpikes * u.outputSpikeJ,
    inhibitorySpikeJ: c.inhibitorySpikes * u.inhibitorySpikeJ,
    inhibitionEventJ: c.inhibitionEvents * u.inhibitionEventJ,
    rowActivationJ: c.rowActivations * u.rowActivationJ,
    columnReadJ: c.columnReads * u.columnReadJ,
    adcJ: c.adcConversions * (u.adcConversionJ ?? 0),
    verifyReadJ: controllerReads(c.verifyReads, c.verifyReadConductanceS),
    normalisationReadJ: controllerReads(c.normalisationReads, c.normReadConductanceS),
  };
  const breakdown: EnergyBreakdown = {
    synapseReadJ: detail.synapseReadJ,
    synapseWriteJ: detail.ltpWriteJ + detail.ltdWriteJ,
    normalisationWriteJ: detail.normalisationWriteJ,
    neuronJ: detail.neuronAddJ + detail.leakUpdateJ + detail.compareJ + detail.resetJ,
    spikeJ: detail.inputSpikeJ + detail.outputSpikeJ + detail.inhibitorySpikeJ,
    inhibitionJ: detail.inhibitionEventJ,
    peripheralJ: detail.rowActivationJ + detail.columnReadJ + detail.adcJ,
    programmingReadJ: detail.verifyReadJ + detail.normalisationReadJ,
  };
  const totalJ = BREAKDOWN_KEYS.reduce((sum, k) => sum + breakdown[k], 0);
  const pulses = c.ltpPulses + c.ltdPulses + c.normalisationPulses;
  const reads = c.verifyReads + c.normalisationReads;
  const programming: ProgrammingTime = {
    pulses,
    reads,
    serialTimeS: el ? pulses * el.writePulseWidthS + reads * el.readPulseWidthS : null,
  };
  return {
    samples,
    totalJ,
    perSampleJ: samples > 0 ? totalJ / samples : null,
    breakdown,
    detail,
    programming,
  };
}

function perSample(phase: PhaseEnergy): EnergyBreakdown | null {
  if (phase.samples <= 0) return null;
  const out = { ...phase.breakdown };
  for (const k of BREAKDOWN_KEYS) out[k] = phase.breakdown[k] / phase.samples;
  return out;
}

/** A factor ≥ 1 for prose: two significant digits below 10 ("3.1"), whole numbers above ("970"). */
export function formatFactor(x: number): string {
  return x < 9.95 ? x.toPrecision(2) : Math.round(x).toLocaleString("en-US");
}

/** "3.1× less" / "2.0× more" / "about as much"; ratio = ANN energy / SNN energy. */
export function compareWords(ratio: number): string {
  if (ratio === 0) return "infinitely more (the ANN costs 0 J under this profile)";
  if (Math.abs(ratio - 1) < 0.005) return "about as much";
  return ratio > 1 ? `${formatFactor(ratio)}× less` : `${formatFactor(1 / ratio)}× more`;
}

function verdictOf(
  perInferenceJ: number | null,
  activity: EnergyActivity,
  ann: Omit<AnnComparison, "verdict">,
): string {
  if (perInferenceJ === null) {
    return "no test images were processed, so there is no energy per inference to compare with the ANN";
  }
  if (ann.annInt8OverSnn === null || ann.annFp32OverSnn === null) {
    return "the SNN costs 0 J per inference under this profile, so no ratio to the ANN is defined";
  }
  const spsi = activity.spikesPerSynapsePerInference ?? 0;
  const memory = ann.annIncludesMemory ? "weight fetches included" : "ANN arithmetic only";
  let text =
    `at ${spsi.toPrecision(2)} spikes per synapse per inference the SNN spends ` +
    `${compareWords(ann.annInt8OverSnn)} than the int8 ANN per inference and ` +
    `${compareWords(ann.annFp32OverSnn)} than the fp32 ANN (${memory})`;
  if (ann.snnFlops !== null) {
    const flops = (x: number) => Math.round(x).toLocaleString("en-US");
    text += `; FLOPs per image: SNN ${flops(ann.snnFlops)} vs ANN ${flops(ann.annFlops)}`;
  }
  return text;
}

/**
 * Prices a run's op counts under a profile. Pure: the same input and profile always give the same
 * report, whether computed at the end of a run or later from its result.json.
 */
export function computeEnergy(input: EnergyInput, profile: EnergyProfile): EnergyReport {
  for (const phase of ENERGY_PHASES) checkCounts(input.ops[phase], phase);
  const { units, pricing } = unitEnergies(input, profile);
  const phases = {
    train: phaseEnergy(input.ops.train, input.samples.train, units, input.electrical),
    label: phaseEnergy(input.ops.label, input.samples.label, units, input.electrical),
    test: phaseEnergy(input.ops.test, input.samples.test, units, input.electrical),
  };
  const m = input.inputs;
  const n = input.neurons;
  const synapses = m * n;
  const test = input.ops.test;
  const nTest = input.samples.test;
  const hasTest = nTest > 0;
  const steps = input.stepsPerPresentation ?? null;

  const synapticEventsPerInference = hasTest ? test.synapticEvents / nTest : null;
  const presentationsPerInference = hasTest ? test.presentations / nTest : null;
  const activity: EnergyActivity = {
    spikesPerSynapsePerInference:
      synapticEventsPerInference !== null ? synapticEventsPerInference / synapses : null,
    inputSpikesPerInference: hasTest ? test.inputSpikes / nTest : null,
    presentationsPerInference,
    stepsPerPresentation: steps,
    inputRatePerStep:
      steps !== null && test.presentations > 0
        ? test.inputSpikes / (test.presentations * steps * m)
        : null,
  };

  const perInferenceJ = phases.test.perSampleJ;
  const macsPerImage = synapses;
  const a = profile.ann;
  const annFp32J = macsPerImage * (a.fp32MacJ + a.fp32WeightFetchJ);
  const annInt8J = macsPerImage * (a.int8MultJ + a.int8AddJ + a.int8WeightFetchJ);
  // Σ_t (2·M·F_t − 1)·N + 2N over P·T steps = 2·N·S + N·P·T, S the test input spikes.
  const snnFlops =
    steps !== null && hasTest
      ? (2 * n * test.inputSpikes + n * test.presentations * steps) / nTest
      : null;
  const annPart = {
    macsPerImage,
    annFp32J,
    annInt8J,
    annFlops: denseLayerFlops(m, n),
    snnFlops,
    // A zero SNN energy (an all-zero profile) has no finite ratio; JSON would turn Infinity into null.
    annInt8OverSnn: perInferenceJ ? annInt8J / perInferenceJ : null,
    annFp32OverSnn: perInferenceJ ? annFp32J / perInferenceJ : null,
    annIncludesMemory: a.int8WeightFetchJ > 0 || a.fp32WeightFetchJ > 0,
  };

  return {
    version: 2,
    profile: { name: profile.name, source: profile.source },
    pricing,
    unitEnergies: units,
    phases,
    totalJ: phases.train.totalJ + phases.label.totalJ + phases.test.totalJ,
    perInferenceJ,
    perInference: perSample(phases.test),
    perTrainingSampleJ: phases.train.perSampleJ,
    perTrainingSample: perSample(phases.train),
    synapses,
    synapticEventsPerInference,
    activity,
    ann: { ...annPart, verdict: verdictOf(perInferenceJ, activity, annPart) },
  };
}
