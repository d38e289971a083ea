/**
 * The plan of a device design report (`neuroxbar design`): every arm the report needs, as one
 * crossbar configuration each, run as one sweep (one axis over `synapses`, the same replicate
 * seeds for every arm so arms can be compared seed by seed).
 *
 *  - reference: ideal synapses (the `ideal` preset: linear, continuous, noiseless) and the device;
 *  - preset:    every other shipped preset (the ranking), same network and seeds;
 *  - attribution: the device with ONE non-ideality switched off (asymmetry → symmetric,
 *    nonlinearity → a linear device with the same bounds and pulse counts, C2C off, D2D off,
 *    levels → continuous, faults off, read noise off, on/off ratio → Gmin = 0, drift off), and
 *    all of them off at once (the built-in check: it must come back to the ideal result);
 *  - requirement: the all-off device with ONE non-ideality set to a grid value (Agarwal et al.,
 *    IJCNN 2016, did the same one-at-a-time search for backprop): the largest (or smallest) value
 *    whose loss stays within the budget is read off the grid;
 *  - mitigation: the device as it is, programmed by write-verify, mapped on differential pairs,
 *    with verified initial weights, and the ideal-inverse controller as an upper bound.
 *
 * The plan is data (design-plan.json): the report reads it with the run files and needs nothing
 * else from the simulator.
 */
import { canonicalJson } from "../core/canonical-json.js";
import { DEVICE_MODELS } from "../devices/models.js";
import type { Preset } from "../devices/preset.js";

export const PLAN_VERSION = 1;

export type ArmSection =
  "reference" | "preset" | "attribution" | "all-off" | "requirement" | "mitigation";

export interface DesignArm {
  /** Stable name: "ideal", "device", "preset:pcmo", "off:c2c", "all-off", "req:c2c:0.01", "mit:write-verify". */
  readonly id: string;
  readonly section: ArmSection;
  /** Words for tables and charts. */
  readonly label: string;
  /** Non-ideality (attribution, requirement) or mitigation key. */
  readonly key?: string;
  /** Grid value of a requirement arm. */
  readonly value?: number;
  /** The run's `synapses` block. */
  readonly synapses: Readonly<Record<string, unknown>>;
  /** Index of this arm's value on the sweep axis (arms with equal configurations share one). */
  readonly axisIndex: number;
}

/** The non-idealities the report attributes, in the order of the issue (#14). */
export const NON_IDEALITY_KEYS = [
  "asymmetry",
  "nonlinearity",
  "c2c",
  "d2d",
  "levels",
  "faults",
  "readNoise",
  "onOffRatio",
  "drift",
  "adc",
] as const;
export type NonIdealityKey = (typeof NON_IDEALITY_KEYS)[number];

export const NON_IDEALITY_LABELS: Record<NonIdealityKey, string> = {
  asymmetry: "LTP/LTD asymmetry",
  nonlinearity: "nonlinearity",
  c2c: "cycle-to-cycle noise",
  d2d: "device-to-device spread",
  levels: "finite levels",
  faults: "stuck devices",
  readNoise: "read noise",
  onOffRatio: "finite on/off ratio",
  drift: "drift",
  adc: "column ADC",
};

/** What switching a non-ideality off does, in words (attribution table). */
export const OFF_SWITCH: Record<NonIdealityKey, string> = {
  asymmetry: "LTD mirrors LTP (asymmetry: false)",
  nonlinearity: "a linear device with the same bounds and pulse counts",
  c2c: "c2c.enabled: false",
  d2d: "d2d.enabled: false",
  levels: "continuous programming (finiteLevels: false)",
  faults: "faults.enabled: false",
  readNoise: "readNoise.enabled: false",
  onOffRatio: "Gmin = 0 (onOffRatio: false)",
  drift: "drift.enabled: false",
  adc: "exact column sums (adc: null)",
};

/** Per non-ideality: is it present on the device, and the preset overrides that switch it off. */
export interface NonIdealityStatus {
  readonly key: NonIdealityKey;
  readonly label: string;
  readonly present: boolean;
  /** Why it is absent, or the device's values. */
  readonly detail: string;
}

export interface RequirementSpec {
  readonly key: NonIdealityKey;
  /** The searched quantity, in words. */
  readonly parameter: string;
  readonly unit: string;
  /** "max": the largest value within budget passes (noise); "min": the smallest (levels, ratio). */
  readonly direction: "max" | "min";
  /** The device's own value (null: not comparable, see deviceNote). */
  readonly deviceValue: number | null;
  readonly deviceNote: string;
  /** Grid, ordered from the ideal end to the worst end. */
  readonly grid: readonly number[];
  /** How the parameter is set on the all-off device. */
  readonly how: string;
}

export interface MitigationSpec {
  readonly key: string;
  readonly label: string;
  /** null: the mitigation runs; otherwise why it does not apply. */
  readonly notApplicable: string | null;
  readonly upperBound: boolean;
  readonly what: string;
}

export interface DesignSizes {
  readonly neurons: number;
  readonly train: number;
  readonly label: number;
  readonly test: number;
}

export interface DesignPlan {
  readonly version: number;
  readonly device: {
    /** The command-line argument as given. */
    readonly argument: string;
    /** Preset name or file stem. */
    readonly name: string;
    readonly kind: "preset" | "file" | "measured";
    /** As written into each run's synapses.device. */
    readonly configDevice: string;
    readonly model: string;
    readonly source: string;
  };
  readonly variant: "quick" | "full";
  readonly dataset: string;
  readonly sizes: DesignSizes;
  readonly seeds: readonly number[];
  readonly scenarioSeed: number;
  readonly lossBudgetPoints: number;
  /** The column ADC of the chip under design; null: exact column sums. */
  readonly adc: DesignAdc | null;
  readonly nonIdealities: readonly NonIdealityStatus[];
  readonly requirements: readonly RequirementSpec[];
  readonly mitigations: readonly MitigationSpec[];
  readonly arms: readonly DesignArm[];
  /** Distinct synapses blocks, the sweep axis values (arms point into it by axisIndex). */
  readonly axisValues: readonly Record<string, unknown>[];
  readonly axisLabels: readonly string[];
}

export interface PlanOptions {
  readonly argument: string;
  readonly name: string;
  readonly kind: "preset" | "file" | "measured";
  /** Value for synapses.device (a preset name or a path). */
  readonly configDevice: string;
  /** Path (as written into configs) of the linearised twin written by writeDerivedDevices. */
  readonly linearPath: string;
  /** Path of the NeuroSim-model twin for the nonlinearity search. */
  readonly nlBasePath: string;
  readonly preset: Preset;
  readonly presets: readonly string[];
  readonly quick: boolean;
  readonly neurons?: number;
  readonly seeds?: number;
  readonly lossBudgetPoints: number;
  /** Overrides of the network and sample sizes (tests use tiny ones). */
  readonly sizes?: Partial<DesignSizes>;
  /** Keep only this many values of each requirement grid (its ends first; tests). */
  readonly gridPoints?: number;
  /** Search only these requirements (default: all; tests). */
  readonly requirementKeys?: readonly NonIdealityKey[];
  /**
   * The column ADC of the chip under design (`synapses.adc`): applied to the device, the presets
   * it is ranked against, its attribution arms and its mitigations; never to the ideal reference
   * or the all-off twin. Absent: exact column sums, as before.
   */
  readonly adc?: DesignAdc;
}

/** The column ADC of the chip under design, as `synapses.adc` takes it (weight-unit full scale). */
export interface DesignAdc {
  /** Resolution, bits. */
  readonly bits: number;
  /** Full scale of the column sum, in weight units. */
  readonly fullScaleWeights: number;
}

export const QUICK_SIZES: Omit<DesignSizes, "neurons"> & { neurons: number } = {
  neurons: 20,
  train: 400,
  label: 200,
  test: 400,
};
export const FULL_SIZES: Omit<DesignSizes, "neurons"> & { neurons: number } = {
  neurons: 100,
  train: 2000,
  label: 1000,
  test: 1000,
};
export const QUICK_SEEDS = 3;
export const FULL_SEEDS = 8;
export const DESIGN_SCENARIO_SEED = 1414;

/** Requirement grids (ideal end first): coarse for --quick, finer otherwise. */
const GRIDS: Record<string, { quick: number[]; full: number[] }> = {
  c2c: { quick: [0.01, 0.03, 0.1], full: [0.005, 0.01, 0.02, 0.035, 0.05, 0.1] },
  levels: { quick: [128, 32, 8], full: [256, 128, 64, 32, 16, 8, 4] },
  nonlinearity: { quick: [1, 3, 6], full: [0.5, 1, 2, 3, 5, 8] },
  d2d: { quick: [0.05, 0.2, 0.5], full: [0.02, 0.05, 0.1, 0.2, 0.3, 0.5] },
  faults: { quick: [0.01, 0.05, 0.2], full: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2] },
  readNoise: { quick: [0.02, 0.1, 0.3], full: [0.01, 0.02, 0.05, 0.1, 0.3] },
  onOffRatio: { quick: [20, 5, 2], full: [50, 20, 10, 5, 3, 2, 1.5] },
  adc: { quick: [6, 4, 2], full: [8, 6, 5, 4, 3, 2] },
};

/** ADC full scale used by the ADC search, in weight units (as scenarios/adc-bits.json). */
export const ADC_FULL_SCALE_WEIGHTS = 2;

/** Every non-ideality off: the overrides applied to the linearised twin. */
export const ALL_OFF_SET: Readonly<Record<string, boolean>> = {
  asymmetry: false,
  finiteLevels: false,
  onOffRatio: false,
  "c2c.enabled": false,
  "d2d.enabled": false,
  "faults.enabled": false,
  "readNoise.enabled": false,
  "drift.enabled": false,
};

/** Overrides that switch one non-ideality off on the device itself (nonlinearity uses the twin). */
const OFF_SET: Partial<Record<NonIdealityKey, Record<string, boolean>>> = {
  asymmetry: { asymmetry: false },
  c2c: { "c2c.enabled": false },
  d2d: { "d2d.enabled": false },
  levels: { finiteLevels: false },
  faults: { "faults.enabled": false },
  readNoise: { "readNoise.enabled": false },
  onOffRatio: { onOffRatio: false },
  drift: { "drift.enabled": false },
};

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** Which non-idealities the preset has, with its values in words. */
export function nonIdealityStatus(preset: Preset, adc?: DesignAdc): NonIdealityStatus[] {
  const n = preset.nonIdealities;
  const model = DEVICE_MODELS[preset.model];
  const params = preset.params as Record<string, unknown>;
  const sym = model.symmetric(params);
  const bounds = model.nominalBounds(params);
  const sweep = model.sweepPulses(params);
  const status = (key: NonIdealityKey, present: boolean, detail: string): NonIdealityStatus => ({
    key,
    label: NON_IDEALITY_LABELS[key],
    present,
    detail,
  });
  const asym = canonicalJson(sym) !== canonicalJson(params);
  const nl = preset.model !== "linear";
  const c2c = n.c2c.enabled && (n.c2c.sigmaOfRange > 0 || n.c2c.sigmaOfStep > 0);
  const d2d =
    n.d2d.enabled &&
    (n.d2d.gMinSigma > 0 || n.d2d.gMaxSigma > 0 || n.d2d.stepSigma > 0 || n.d2d.nlSigma > 0);
  const faultSum =
    n.faults.stuckAtGminFraction + n.faults.stuckAtGmaxFraction + n.faults.stuckAtRandomFraction;
  const faults = n.faults.enabled && faultSum > 0;
  const read = n.readNoise.enabled && n.readNoise.sigma > 0;
  const ratio = n.onOffRatio && bounds.gMinS > 0;
  const drift = n.drift.enabled && (n.drift.nu > 0 || (n.drift.nuAtGmin ?? 0) > 0);
  return [
    status(
      "asymmetry",
      n.asymmetry && asym,
      n.asymmetry && asym
        ? preset.model === "neurosim"
          ? `NL ${fmt(Number(params.nlLtp ?? NaN))} / ${fmt(Number(params.nlLtd ?? NaN))}, ${sweep.ltp}/${sweep.ltd} pulses`
          : `LTD differs from the mirror image of LTP (${preset.model})`
        : "LTD mirrors LTP",
    ),
    status("nonlinearity", nl, nl ? `${preset.model} model (${model.title})` : "linear model"),
    status(
      "c2c",
      c2c,
      c2c
        ? `σ ${fmt(n.c2c.sigmaOfRange * 100)} % of range per pulse${n.c2c.sigmaOfStep > 0 ? `, σ ${fmt(n.c2c.sigmaOfStep * 100)} % of each step` : ""}`
        : "none",
    ),
    status(
      "d2d",
      d2d,
      d2d
        ? `σ Gmin ${fmt(n.d2d.gMinSigma)}, Gmax ${fmt(n.d2d.gMaxSigma)}, step ${fmt(n.d2d.stepSigma)}, NL ${fmt(n.d2d.nlSigma)}`
        : "none",
    ),
    status(
      "levels",
      n.finiteLevels,
      n.finiteLevels
        ? `${fmt(sweep.ltp)} LTP / ${fmt(sweep.ltd)} LTD pulses over the range`
        : "continuous",
    ),
    status("faults", faults, faults ? `${fmt(faultSum * 100)} % stuck` : "none"),
    status("readNoise", read, read ? `σ ${fmt(n.readNoise.sigma * 100)} % per read` : "none"),
    status(
      "onOffRatio",
      ratio,
      ratio ? `Gmax/Gmin = ${fmt(bounds.gMaxS / bounds.gMinS)}` : "Gmin = 0",
    ),
    status("drift", drift, drift ? `ν ${fmt(n.drift.nu)}` : "none"),
    adc
      ? status(
          "adc",
          true,
          `${fmt(adc.bits)} bits, full scale ${fmt(adc.fullScaleWeights)} (weight units)`,
        )
      : status("adc", false, "none: exact analog column sums (no --adc-bits given)"),
  ];
}

/**
 * The device's C2C noise as σ of the range per pulse. A multiplicative σ of each step (aihwkit's
 * dw_min_std) adds σ_step · (average step) = σ_step / Pmax of the range per pulse; both add in
 * quadrature.
 */
function c2cDeviceValue(
  c2c: Preset["nonIdealities"]["c2c"],
  pulses: number,
): { value: number; note: string } {
  if (!c2c.enabled) return { value: 0, note: "off" };
  if (c2c.sigmaOfStep === 0) return { value: c2c.sigmaOfRange, note: "" };
  const fromStep = c2c.sigmaOfStep / Math.max(1, pulses);
  return {
    value: Math.hypot(c2c.sigmaOfRange, fromStep),
    note: `σ ${fmt(c2c.sigmaOfStep)} of each step ≈ ${fmt(fromStep)} of the range per pulse at the average step (range/${fmt(pulses)})${c2c.sigmaOfRange > 0 ? `, with σ ${fmt(c2c.sigmaOfRange)} of range, in quadrature` : ""}`,
  };
}

/** The device's own value of each searched parameter (null with a note when not comparable). */
function deviceValues(
  preset: Preset,
  adc?: DesignAdc,
): Record<string, { value: number | null; note: string }> {
  const n = preset.nonIdealities;
  const model = DEVICE_MODELS[preset.model];
  const params = preset.params as Record<string, unknown>;
  const bounds = model.nominalBounds(params);
  const sweep = model.sweepPulses(params);
  const nlPair =
    preset.model === "neurosim" &&
    typeof params.nlLtp === "number" &&
    typeof params.nlLtd === "number";
  const faultSum =
    n.faults.stuckAtGminFraction + n.faults.stuckAtGmaxFraction + n.faults.stuckAtRandomFraction;
  return {
    c2c: c2cDeviceValue(n.c2c, Math.min(sweep.ltp, sweep.ltd)),
    levels: {
      value: n.finiteLevels ? Math.min(sweep.ltp, sweep.ltd) : Number.POSITIVE_INFINITY,
      note: n.finiteLevels
        ? `fewer of LTP ${fmt(sweep.ltp)} / LTD ${fmt(sweep.ltd)}`
        : "continuous",
    },
    nonlinearity: nlPair
      ? {
          value: Math.max(Math.abs(params.nlLtp as number), Math.abs(params.nlLtd as number)),
          note: `larger of |NL| LTP ${fmt(params.nlLtp as number)}, LTD ${fmt(params.nlLtd as number)}`,
        }
      : preset.model === "linear"
        ? { value: 0, note: "linear" }
        : { value: null, note: `the ${preset.model} model has no NeuroSim NL label` },
    d2d: {
      value: n.d2d.enabled ? Math.max(n.d2d.gMaxSigma, n.d2d.stepSigma) : 0,
      note: "larger of σ Gmax, σ step",
    },
    faults: { value: n.faults.enabled ? faultSum : 0, note: "all stuck fractions" },
    readNoise: { value: n.readNoise.enabled ? n.readNoise.sigma : 0, note: "" },
    onOffRatio: {
      value:
        n.onOffRatio && bounds.gMinS > 0 ? bounds.gMaxS / bounds.gMinS : Number.POSITIVE_INFINITY,
      note: "Gmax/Gmin",
    },
    adc: adc
      ? { value: adc.bits, note: `--adc-bits (full scale ${fmt(adc.fullScaleWeights)} weights)` }
      : { value: null, note: "no ADC given (exact column sums); pass --adc-bits to compare" },
  };
}

function requirementSpecs(preset: Preset, quick: boolean, adc?: DesignAdc): RequirementSpec[] {
  const dv = deviceValues(preset, adc);
  const f = preset.nonIdealities.faults;
  const mix =
    f.stuckAtGminFraction + f.stuckAtGmaxFraction + f.stuckAtRandomFraction > 0
      ? "in the device's own Gmin/Gmax/random mix"
      : "stuck at Gmin (the device states no mix)";
  const spec = (
    key: NonIdealityKey,
    parameter: string,
    unit: string,
    direction: "max" | "min",
    how: string,
  ): RequirementSpec => ({
    key,
    parameter,
    unit,
    direction,
    deviceValue: dv[key]!.value,
    deviceNote: dv[key]!.note,
    grid: quick ? GRIDS[key]!.quick : GRIDS[key]!.full,
    how,
  });
  return [
    spec("c2c", "C2C σ", "of range per pulse", "max", "c2c.sigmaOfRange (σ√pulses per write)"),
    spec("levels", "levels", "pulses over the range", "min", "finiteLevels, pMaxLtp = pMaxLtd"),
    spec(
      "nonlinearity",
      "NL label",
      "NeuroSim |NL|, symmetric",
      "max",
      "a NeuroSim device with nlLtp = NL, nlLtd = −NL (mirror image)",
    ),
    spec("d2d", "D2D σ", "relative, Gmax and step", "max", "d2d.gMaxSigma = d2d.stepSigma"),
    spec("faults", "stuck fraction", "of devices", "max", `stuck devices ${mix}`),
    spec("readNoise", "read noise σ", "relative per read", "max", "readNoise.sigma"),
    spec("onOffRatio", "on/off ratio", "Gmax/Gmin", "min", "Gmin = Gmax / ratio"),
    spec(
      "adc",
      "ADC bits",
      "bits",
      "min",
      `synapses.adc {bits, fullScaleWeights ${ADC_FULL_SCALE_WEIGHTS}} (as scenarios/adc-bits.json)`,
    ),
  ];
}

/** The requirement arm's overrides on the all-off twin (or its synapses fields). */
function requirementSynapses(
  key: NonIdealityKey,
  value: number,
  preset: Preset,
  linearPath: string,
  nlBasePath: string,
): Record<string, unknown> {
  const base = (set: Record<string, unknown>, device = linearPath) => ({
    kind: "crossbar",
    device,
    set: { ...ALL_OFF_SET, ...set },
  });
  const f = preset.nonIdealities.faults;
  const sum = f.stuckAtGminFraction + f.stuckAtGmaxFraction + f.stuckAtRandomFraction;
  switch (key) {
    case "c2c":
      return base({ "c2c.enabled": true, "c2c.sigmaOfRange": value, "c2c.sigmaOfStep": 0 });
    case "levels":
      return base({ finiteLevels: true, "params.pMaxLtp": value, "params.pMaxLtd": value });
    case "nonlinearity":
      return base({ "params.nlLtp": value, "params.nlLtd": -value }, nlBasePath);
    case "d2d":
      return base({
        "d2d.enabled": true,
        "d2d.gMinSigma": 0,
        "d2d.nlSigma": 0,
        "d2d.gMaxSigma": value,
        "d2d.stepSigma": value,
      });
    case "faults":
      return base({
        "faults.enabled": true,
        "faults.stuckAtGminFraction": sum > 0 ? (value * f.stuckAtGminFraction) / sum : value,
        "faults.stuckAtGmaxFraction": sum > 0 ? (value * f.stuckAtGmaxFraction) / sum : 0,
        "faults.stuckAtRandomFraction": sum > 0 ? (value * f.stuckAtRandomFraction) / sum : 0,
      });
    case "readNoise":
      return base({ "readNoise.enabled": true, "readNoise.sigma": value });
    case "onOffRatio": {
      const gMax = DEVICE_MODELS[preset.model].nominalBounds(preset.params).gMaxS;
      return base({ onOffRatio: true, "params.gMinS": gMax / value });
    }
    case "adc":
      return {
        ...base({}),
        adc: { bits: value, fullScaleWeights: ADC_FULL_SCALE_WEIGHTS },
      };
    default:
      throw new Error(`no requirement search for ${key}`);
  }
}

/** The coarse write-verify arm's tolerance (fraction of the range); see mitigationSpecs. */
const WRITE_VERIFY_COARSE_TOLERANCE = 0.04;

export function mitigationSpecs(): MitigationSpec[] {
  return [
    {
      key: "write-verify",
      label: "write-verify (1 % tolerance)",
      notApplicable: null,
      upperBound: false,
      what: "read, program, read until within 1 % of the range (Alibart et al. 2012), max 20 iterations",
    },
    {
      key: "write-verify-coarse",
      label: "write-verify (4 % tolerance)",
      notApplicable: null,
      upperBound: false,
      what: "as write-verify, until within 4 % of the range: a tolerance above per-pulse write noise up to ~4 % of the range (on Ag:a-Si, C2C 3.5 %, tolerances of 0.5–2 % cost 7–20 points against open-loop and 4 % did not: docs/results.md, write-verify-tolerance)",
    },
    {
      key: "differential",
      label: "differential pair mapping",
      notApplicable: null,
      upperBound: false,
      what: "each weight on a pair G+ − G− instead of one device against a reference column",
    },
    {
      key: "verified-init",
      label: "verified initial weights",
      notApplicable: null,
      upperBound: false,
      what: "initial weights written by write-verify (uncounted, like all initial programming)",
    },
    {
      key: "adaptive-threshold",
      label: "adaptive threshold",
      notApplicable:
        "does not apply: the Diehl & Cook neuron of these runs always adapts its threshold (θ); the switch exists for the hw neuron only",
      upperBound: false,
      what: "homeostatic threshold adaptation",
    },
    {
      key: "ideal-inverse",
      label: "ideal-inverse controller (upper bound)",
      notApplicable: null,
      upperBound: true,
      what: "a controller that knows every device's curve and present conductance: not a chip, a ceiling",
    },
  ];
}

function mitigationSynapses(key: string, device: Record<string, unknown>): Record<string, unknown> {
  switch (key) {
    case "write-verify":
      return { ...device, update: "write-verify" };
    case "write-verify-coarse":
      return {
        ...device,
        update: "write-verify",
        writeVerify: { toleranceOfRange: WRITE_VERIFY_COARSE_TOLERANCE },
      };
    case "differential":
      return { ...device, mapping: "differential" };
    case "verified-init":
      return { ...device, initialWeights: "verified" };
    case "ideal-inverse":
      return { ...device, update: "delta" };
    default:
      throw new Error(`no mitigation ${key}`);
  }
}

/** The ends of a grid first, then evenly spaced values, in the grid's order. */
function thin(grid: readonly number[], keep: number | undefined): readonly number[] {
  if (keep === undefined || keep >= grid.length) return grid;
  const n = Math.max(2, keep);
  const idx = new Set<number>();
  for (let i = 0; i < n; i++) idx.add(Math.round((i * (grid.length - 1)) / (n - 1)));
  return grid.filter((_, i) => idx.has(i));
}

/** Builds every arm; arms with identical configurations share one sweep point. */
export function buildPlan(o: PlanOptions): DesignPlan {
  const base = o.quick ? QUICK_SIZES : FULL_SIZES;
  const sizes: DesignSizes = {
    ...base,
    ...o.sizes,
    neurons: o.neurons ?? o.sizes?.neurons ?? base.neurons,
  };
  const seedCount = o.seeds ?? (o.quick ? QUICK_SEEDS : FULL_SEEDS);
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const status = nonIdealityStatus(o.preset, o.adc);
  const requirements = requirementSpecs(o.preset, o.quick, o.adc)
    .filter((r) => !o.requirementKeys || o.requirementKeys.includes(r.key))
    .map((r) => ({
      ...r,
      grid: thin(r.grid, o.gridPoints),
    }));
  const mitigations = mitigationSpecs();
  // The chip's periphery (its ADC) goes with the device, the presets and every arm built on them.
  const periphery = o.adc ? { adc: { ...o.adc } } : {};
  const device = { kind: "crossbar", device: o.configDevice, ...periphery };

  const raw: Omit<DesignArm, "axisIndex">[] = [];
  raw.push({
    id: "ideal",
    section: "reference",
    label: "ideal synapses",
    synapses: { kind: "crossbar", device: "ideal" },
  });
  raw.push({ id: "device", section: "reference", label: o.name, synapses: device });
  for (const p of o.presets) {
    if (p === "ideal") continue;
    raw.push({
      id: `preset:${p}`,
      section: "preset",
      label: p,
      synapses: { kind: "crossbar", device: p, ...periphery },
    });
  }
  for (const s of status) {
    if (!s.present) continue;
    const synapses =
      s.key === "nonlinearity"
        ? { kind: "crossbar", device: o.linearPath, ...periphery }
        : s.key === "adc"
          ? { kind: "crossbar", device: o.configDevice }
          : { ...device, set: OFF_SET[s.key] ?? {} };
    raw.push({
      id: `off:${s.key}`,
      section: "attribution",
      label: `${s.label} off`,
      key: s.key,
      synapses,
    });
  }
  raw.push({
    id: "all-off",
    section: "all-off",
    label: "all non-idealities off",
    synapses: { kind: "crossbar", device: o.linearPath, set: { ...ALL_OFF_SET } },
  });
  for (const r of requirements) {
    for (const v of r.grid) {
      raw.push({
        id: `req:${r.key}:${v}`,
        section: "requirement",
        label: `${r.parameter} = ${v}`,
        key: r.key,
        value: v,
        synapses: requirementSynapses(r.key, v, o.preset, o.linearPath, o.nlBasePath),
      });
    }
  }
  for (const m of mitigations) {
    if (m.notApplicable !== null) continue;
    raw.push({
      id: `mit:${m.key}`,
      section: "mitigation",
      label: m.label,
      key: m.key,
      synapses: mitigationSynapses(m.key, device),
    });
  }

  const axisValues: Record<string, unknown>[] = [];
  const axisLabels: string[] = [];
  const index = new Map<string, number>();
  const arms = raw.map((a) => {
    const c = canonicalJson(a.synapses);
    let i = index.get(c);
    if (i === undefined) {
      i = axisValues.length;
      index.set(c, i);
      axisValues.push(a.synapses as Record<string, unknown>);
      axisLabels.push(a.id);
    }
    return { ...a, axisIndex: i };
  });
  return {
    version: PLAN_VERSION,
    device: {
      argument: o.argument,
      name: o.name,
      kind: o.kind,
      configDevice: o.configDevice,
      model: o.preset.model,
      source: o.preset.source,
    },
    variant: o.quick ? "quick" : "full",
    dataset: "mnist",
    sizes,
    seeds,
    scenarioSeed: DESIGN_SCENARIO_SEED,
    lossBudgetPoints: o.lossBudgetPoints,
    adc: o.adc ? { ...o.adc } : null,
    nonIdealities: status,
    requirements,
    mitigations,
    arms,
    axisValues,
    axisLabels,
  };
}

/** The twins the plan refers to: the device made linear, and a NeuroSim device for the NL search. */
export function derivedDevices(preset: Preset): { linear: unknown; nlBase: unknown } {
  const model = DEVICE_MODELS[preset.model];
  const params = preset.params as Record<string, unknown>;
  const bounds = model.nominalBounds(params);
  const sweep = model.sweepPulses(params);
  const pulses = (x: number) => Math.max(1, Math.round(x));
  const ni = structuredClone(preset.nonIdealities) as Record<string, unknown> & {
    d2d: Record<string, unknown>;
  };
  ni.d2d = { ...ni.d2d, nlSigma: 0 };
  const common = {
    electrical: preset.electrical,
    source: `derived by neuroxbar design from: ${preset.source}`,
  };
  return {
    linear: {
      model: "linear",
      params: {
        gMinS: bounds.gMinS,
        gMaxS: bounds.gMaxS,
        pMaxLtp: pulses(sweep.ltp),
        pMaxLtd: pulses(sweep.ltd),
      },
      nonIdealities: ni,
      ...common,
      notes:
        "The device with its nonlinearity removed: linear in pulses, same bounds and pulse counts, same other non-idealities.",
    },
    nlBase: {
      model: "neurosim",
      params: {
        gMinS: bounds.gMinS,
        gMaxS: bounds.gMaxS,
        pMaxLtp: pulses(sweep.ltp),
        pMaxLtd: pulses(sweep.ltd),
        nlLtp: 1,
        nlLtd: -1,
      },
      nonIdealities: { ...ni, d2d: { ...ni.d2d, nlSigma: 0 } },
      ...common,
      notes: "NeuroSim twin for the nonlinearity search (labels set per arm).",
    },
  };
}
