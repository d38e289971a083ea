/**
 * The device card data of a design report (device-card.json): the LTP/LTD pulse response of the
 * nominal device with a device-to-device band (5–95 % of 200 devices fabricated with the preset's
 * own spread), the step size against conductance in both directions (so asymmetry shows), and
 * the parameter table with units taken from the model's schema descriptions. For a measured
 * CSV, the fit: data points, the fitted nominal curve at the same pulses, residuals, and
 * parameter uncertainties from a bootstrap over the measured trains (cycles).
 */
import { DEVICE_MODELS } from "../devices/models.js";
import { fitMeasured, type FitResult } from "../devices/fit/fit.js";
import type { MeasuredData } from "../devices/fit/measured-csv.js";
import type { Preset } from "../devices/preset.js";
import { pulseResponse } from "../devices/pulse-response.js";
import { Rng } from "../core/rng.js";

export interface CardCurveRow {
  readonly pulse: number;
  readonly phase: "ltp" | "ltd";
  readonly nominalS: number;
  readonly p05S: number;
  readonly p95S: number;
}

export interface StepRow {
  readonly direction: "ltp" | "ltd";
  /** Conductance before the pulse. */
  readonly conductanceS: number;
  /** |ΔG| of one nominal pulse. */
  readonly stepS: number;
}

export interface ParameterRow {
  readonly name: string;
  readonly value: string;
  readonly unit: string;
  readonly meaning: string;
  readonly source: string;
}

export interface FitPoint {
  readonly train: number;
  readonly direction: "ltp" | "ltd";
  readonly pulse: number;
  readonly measuredS: number;
  readonly fittedS: number;
  readonly residualS: number;
}

export interface FitUncertainty {
  readonly name: string;
  readonly value: number;
  /** Standard deviation over bootstrap refits (resampling whole trains). */
  readonly bootstrapSd: number;
  readonly resamples: number;
}

export interface DeviceCard {
  readonly name: string;
  readonly model: string;
  readonly modelTitle: string;
  readonly source: string;
  readonly notes: string;
  readonly gMinS: number;
  readonly gMaxS: number;
  readonly ltpPulses: number;
  readonly ltdPulses: number;
  readonly bandDevices: number;
  readonly curve: readonly CardCurveRow[];
  readonly steps: readonly StepRow[];
  readonly parameters: readonly ParameterRow[];
  readonly fit: {
    readonly rmseOfRange: number;
    readonly c2cSigmaOfRange: number;
    readonly points: readonly FitPoint[];
    readonly uncertainties: readonly FitUncertainty[];
    readonly method: string;
  } | null;
}

/** "unit — meaning (source)" descriptions split into their parts. */
function describe(description: string | undefined): { unit: string; meaning: string } {
  if (!description) return { unit: "", meaning: "" };
  const m = /^(.*?)\s+—\s+(.*)$/.exec(description);
  if (m) return { unit: m[1]!, meaning: m[2]! };
  return { unit: "", meaning: description };
}

function fmt(v: unknown): string {
  if (typeof v === "number")
    return v !== 0 && Math.abs(v) < 1e-3
      ? v.toExponential(4).replace(/\.?0+e/, "e")
      : Number(v.toPrecision(5)).toString();
  return typeof v === "string" ? v : JSON.stringify(v);
}

function parameterRows(preset: Preset): ParameterRow[] {
  const model = DEVICE_MODELS[preset.model];
  const shape =
    (model.paramsSchema as unknown as { shape?: Record<string, { description?: string }> }).shape ??
    {};
  const rows: ParameterRow[] = [];
  for (const [k, v] of Object.entries(preset.params as Record<string, unknown>)) {
    const d = describe(shape[k]?.description);
    rows.push({ name: `params.${k}`, value: fmt(v), ...d, source: preset.source });
  }
  const n = preset.nonIdealities;
  const ni: [string, unknown, string, string][] = [
    ["finiteLevels", n.finiteLevels, "", "whole pulses (true) or continuous programming"],
    ["asymmetry", n.asymmetry, "", "the preset's own LTD curve (true) or LTD mirroring LTP"],
    ["onOffRatio", n.onOffRatio, "", "Gmin as given (true) or Gmin = 0"],
    ["c2c.sigmaOfRange", n.c2c.enabled ? n.c2c.sigmaOfRange : 0, "1", "C2C σ per pulse, of range"],
    ["c2c.sigmaOfStep", n.c2c.enabled ? n.c2c.sigmaOfStep : 0, "1", "C2C σ of each step"],
    ["d2d.gMaxSigma", n.d2d.enabled ? n.d2d.gMaxSigma : 0, "1", "D2D σ of Gmax"],
    ["d2d.stepSigma", n.d2d.enabled ? n.d2d.stepSigma : 0, "1", "D2D σ of the step"],
    ["d2d.nlSigma", n.d2d.enabled ? n.d2d.nlSigma : 0, "1", "D2D σ of the nonlinearity"],
    [
      "faults (stuck)",
      n.faults.enabled
        ? n.faults.stuckAtGminFraction +
          n.faults.stuckAtGmaxFraction +
          n.faults.stuckAtRandomFraction
        : 0,
      "1",
      "fraction of devices stuck",
    ],
    ["readNoise.sigma", n.readNoise.enabled ? n.readNoise.sigma : 0, "1", "relative σ per read"],
  ];
  for (const [name, v, unit, meaning] of ni) {
    rows.push({
      name: `nonIdealities.${name}`,
      value: fmt(v),
      unit,
      meaning,
      source: preset.source,
    });
  }
  for (const [k, v] of Object.entries(preset.electrical)) {
    rows.push({
      name: `electrical.${k}`,
      value: fmt(v),
      unit: /S$/.test(k) ? "s" : /V$/.test(k) ? "V" : "",
      meaning: k,
      source: preset.source,
    });
  }
  return rows;
}

/** Nominal ΔG per pulse against the conductance before it, both directions. */
function stepRows(curve: readonly CardCurveRow[]): StepRow[] {
  const out: StepRow[] = [];
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    const stepS = Math.abs(b.nominalS - a.nominalS);
    if (stepS === 0) continue;
    out.push({ direction: b.phase, conductanceS: a.nominalS, stepS });
  }
  return out;
}

/** Rows kept per card series (devices with thousands of pulses would make multi-MB pages). */
const MAX_CARD_ROWS = 400;

/** Every k-th row (first and last kept) so that at most `max` remain. */
function thinRows<T>(rows: readonly T[], max: number): T[] {
  if (rows.length <= max) return [...rows];
  const k = Math.ceil(rows.length / max);
  return rows.filter((_, i) => i % k === 0 || i === rows.length - 1);
}

export interface MeasuredFit {
  readonly data: MeasuredData;
  readonly fit: FitResult;
}

/** Fitted curve at the measured pulses: the nominal response from the train's starting bound. */
function fitPoints(data: MeasuredData, curve: readonly CardCurveRow[], ltp: number): FitPoint[] {
  const ltpCurve = curve.filter((r) => r.phase === "ltp" || r.pulse === 0);
  const ltdCurve = [curve[ltp]!, ...curve.filter((r) => r.phase === "ltd")];
  const at = (rows: readonly CardCurveRow[], p: number) =>
    rows[Math.max(0, Math.min(rows.length - 1, Math.round(p)))]!.nominalS;
  const points: FitPoint[] = [];
  data.trains.forEach((t, ti) => {
    t.pulses.forEach((p, i) => {
      const fitted = at(t.direction === "ltp" ? ltpCurve : ltdCurve, p);
      const measured = t.conductanceS[i]!;
      points.push({
        train: ti + 1,
        direction: t.direction,
        pulse: p,
        measuredS: measured,
        fittedS: fitted,
        residualS: measured - fitted,
      });
    });
  });
  return points;
}

/**
 * Measured trains grouped into cycles: an LTP train with the LTD train(s) that follow it (a file
 * that starts with LTD puts those in a cycle of their own). Cycles keep the order of a
 * measurement, so a resample is a plausible measurement sequence.
 */
export function cyclesOf(trains: MeasuredData["trains"]): MeasuredData["trains"][] {
  const cycles: MeasuredData["trains"][] = [];
  for (const t of trains) {
    if (t.direction === "ltp" || cycles.length === 0) cycles.push([t]);
    else cycles[cycles.length - 1]!.push(t);
  }
  return cycles;
}

/**
 * Bootstrap over cycles: refit on cycles drawn with replacement (each an LTP train and the LTD
 * train after it); the SD of each parameter over the refits.
 */
export function bootstrapFit(
  data: MeasuredData,
  fit: FitResult,
  resamples: number,
  seed: string,
): FitUncertainty[] {
  const rng = new Rng(`${seed}/fit-bootstrap`);
  const values = new Map<string, number[]>();
  const cycles = cyclesOf(data.trains);
  let done = 0;
  const has = (trains: MeasuredData["trains"], d: "ltp" | "ltd") =>
    trains.some((t) => t.direction === d);
  for (let b = 0; b < resamples && cycles.length > 1; b++) {
    const trains = cycles.flatMap(() => cycles[Math.floor(rng.next() * cycles.length)]!);
    if (!has(trains, "ltp") || !has(trains, "ltd")) continue;
    try {
      const r = fitMeasured({ ...data, trains }, fit.model);
      done++;
      for (const [k, v] of Object.entries(r.params)) {
        const list = values.get(k) ?? [];
        list.push(v);
        values.set(k, list);
      }
    } catch {
      // a resample the model cannot fit is left out (`resamples` counts the refits that worked)
    }
  }
  return Object.entries(fit.params).map(([name, value]) => {
    const list = values.get(name) ?? [];
    const mean = list.reduce((s, v) => s + v, 0) / Math.max(1, list.length);
    const sd =
      list.length > 1
        ? Math.sqrt(list.reduce((s, v) => s + (v - mean) ** 2, 0) / (list.length - 1))
        : NaN;
    return { name, value, bootstrapSd: sd, resamples: done };
  });
}

export function deviceCard(
  name: string,
  preset: Preset,
  options: { seed?: string; devices?: number; measured?: MeasuredFit; resamples?: number } = {},
): DeviceCard {
  const devices = options.devices ?? 200;
  const r = pulseResponse(preset, { devices, seed: options.seed ?? "design-card" });
  const curve: CardCurveRow[] = r.rows.map((x) => ({
    pulse: x.pulse,
    phase: x.phase,
    nominalS: x.nominalS,
    p05S: x.p05S,
    p95S: x.p95S,
  }));
  const model = DEVICE_MODELS[preset.model];
  let fit: DeviceCard["fit"] = null;
  if (options.measured) {
    const { data, fit: f } = options.measured;
    const resamples = options.resamples ?? 20;
    fit = {
      rmseOfRange: f.rmseOfRange,
      c2cSigmaOfRange: f.c2cSigmaOfRange,
      points: fitPoints(data, curve, r.ltpPulses),
      uncertainties: bootstrapFit(data, f, resamples, options.seed ?? "design-card"),
      method:
        cyclesOf(data.trains).length > 1
          ? `bootstrap over the ${cyclesOf(data.trains).length} measured cycles (an LTP train and the LTD train after it), ${resamples} resamples drawn with replacement, each refitted by least squares`
          : "one cycle only: no bootstrap (measure several cycles for parameter uncertainties)",
    };
  }
  return {
    name,
    model: preset.model,
    modelTitle: model.title,
    source: preset.source,
    notes: preset.notes ?? "",
    gMinS: r.nominalGMinS,
    gMaxS: r.nominalGMaxS,
    ltpPulses: r.ltpPulses,
    ltdPulses: r.ltdPulses,
    bandDevices: devices,
    curve: thinRows(curve, MAX_CARD_ROWS),
    steps: thinRows(stepRows(curve), MAX_CARD_ROWS),
    parameters: parameterRows(preset),
    fit,
  };
}
