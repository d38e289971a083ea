/**
 * The report's view of a sweep: axes with their roles and reference values, and per point the
 * runs and their statistics over seeds. Everything the tables, charts and sentences show comes
 * from here.
 */
import { canonicalJson } from "../core/canonical-json.js";
import { axisName, axisValueLabel } from "../experiments/expand.js";
import type { AxisRole } from "../experiments/scenario-schema.js";
import type { RunRecord, SweepResults } from "./load-results.js";
import {
  pairedInterval,
  stats,
  welchInterval,
  type DifferenceInterval,
  type Stats,
} from "./statistics.js";

/**
 * An axis as the report shows it: path, display name, role, unit, values and labels, and the index
 * of its reference value.
 */
export interface ReportAxis {
  readonly index: number;
  readonly path: string;
  readonly name: string;
  readonly role: AxisRole;
  readonly unit: string | undefined;
  readonly values: readonly unknown[];
  readonly labels: readonly string[];
  /** Index of the ideal (non-ideality) or "off" (mitigation) value. */
  readonly referenceIndex: number;
  /** All values are numbers: charts use a quantitative scale (unless `named`). */
  readonly numeric: boolean;
  /** The scenario names the values (valueLabels): charts show the names, in order. */
  readonly named: boolean;
}

/** Per-run figures derived from result.json. */
export interface RunFigures {
  readonly run: RunRecord;
  readonly accuracy: number;
  /** Neurons that never fired during label assignment. */
  readonly deadNeurons: number;
  /** Largest share of all label-phase spikes taken by one neuron. */
  readonly topNeuronShare: number;
  readonly synapticEventsPerTestImage: number;
  readonly writePulsesPerTrainingSample: number;
  readonly energyPerInferenceJ: number | null;
  readonly energyPerTrainingSampleJ: number | null;
  readonly seconds: number | null;
}

/**
 * One sweep point in the report: id, title, axis values and labels, per-run figures, and accuracy
 * and energy per inference (J) over seeds.
 */
export interface PointSummary {
  readonly id: string;
  readonly index: number;
  readonly title: string;
  readonly values: readonly unknown[];
  readonly valueIndex: readonly number[];
  readonly labels: readonly string[];
  readonly runs: readonly RunFigures[];
  readonly accuracy: Stats;
  readonly energyPerInferenceJ: Stats | null;
  readonly energyPerTrainingSampleJ: Stats | null;
  /**
   * Accuracy minus the reference point's (fractions, like `accuracy`), with its 95 % interval;
   * null for the reference point itself and for points without runs.
   */
  readonly deltaVsReference: DifferenceInterval | null;
}

/** The data of a report: the loaded sweep results, its axes and a summary per point. */
export interface ReportModel {
  readonly results: SweepResults;
  readonly axes: readonly ReportAxis[];
  readonly points: readonly PointSummary[];
  /**
   * The point every Δ is measured against: every axis at its reference value (the scenario's
   * `reference`, default the first value; in a zipped scenario the deciding axis's), else the
   * first point. Null when the sweep has no point.
   */
  readonly reference: PointSummary | null;
  /** Energy profiles named in the runs' energy blocks (usually one). */
  readonly energyProfiles: readonly string[];
  /** The sweep was run with --quick (manifest variant "quick"): its figures are preliminary. */
  readonly preliminary: boolean;
}

function perSample(total: number | undefined, samples: number): number {
  return samples > 0 && total !== undefined ? total / samples : 0;
}

/**
 * Per-run figures of one finished run: accuracy, dead neurons and top-neuron spike share in the
 * label phase, synaptic events per test image, write pulses per training sample and more.
 */
export function runFigures(run: RunRecord): RunFigures {
  const r = run.result;
  const label = r.phases.label.spikeCounts;
  let total = 0;
  let top = 0;
  let dead = 0;
  for (const c of label) {
    total += c;
    if (c > top) top = c;
    if (c === 0) dead++;
  }
  const train = r.ops.train;
  const pulses = (train.ltpPulses ?? 0) + (train.ltdPulses ?? 0) + (train.normalisationPulses ?? 0);
  // A run without spiking neurons (an ANN arm) has no label-phase spikes and no synaptic events or
  // write pulses: those figures do not apply (NaN: blank in the CSVs, "–" on the page).
  const spiking = label.length > 0;
  return {
    run,
    accuracy: r.accuracy,
    deadNeurons: spiking ? dead : NaN,
    topNeuronShare: spiking ? (total > 0 ? top / total : 0) : NaN,
    synapticEventsPerTestImage: spiking
      ? perSample(r.ops.test.synapticEvents, r.samples.test)
      : NaN,
    writePulsesPerTrainingSample: spiking ? perSample(pulses, r.samples.train) : NaN,
    energyPerInferenceJ: r.energy?.perInferenceJ ?? null,
    energyPerTrainingSampleJ: r.energy?.perTrainingSampleJ ?? null,
    seconds: r.timings?.totalSeconds ?? null,
  };
}

/**
 * Builds the report model of a loaded sweep: axes with their reference values and a summary per
 * point over its seeds.
 */
export function buildModel(results: SweepResults): ReportModel {
  const scenario = results.manifest.scenario;
  const axes: ReportAxis[] = scenario.axes.map((a, index) => {
    const keys = a.values.map((v) => canonicalJson(v));
    const ref = a.reference === undefined ? 0 : keys.indexOf(canonicalJson(a.reference));
    return {
      index,
      path: a.path,
      name: axisName(a),
      role: a.role,
      unit: a.unit,
      values: a.values,
      labels: a.values.map((_, j) => axisValueLabel(a, j)),
      referenceIndex: Math.max(0, ref),
      numeric: a.values.every((v) => typeof v === "number"),
      named: a.valueLabels !== undefined,
    };
  });
  const byPoint = new Map<string, RunFigures[]>();
  for (const run of results.runs) {
    const list = byPoint.get(run.pointId) ?? [];
    list.push(runFigures(run));
    byPoint.set(run.pointId, list);
  }
  const base = results.manifest.points.map((p) => {
    const runs = byPoint.get(p.id) ?? [];
    return {
      id: p.id,
      index: p.index,
      title: p.title,
      values: p.values,
      valueIndex: p.values.map((v, i) =>
        axes[i]!.values.findIndex((w) => canonicalJson(w) === canonicalJson(v)),
      ),
      labels: p.labels,
      runs,
      accuracy: stats(runs.map((r) => r.accuracy)),
      energyPerInferenceJ: statsOrNull(runs.map((r) => r.energyPerInferenceJ)),
      energyPerTrainingSampleJ: statsOrNull(runs.map((r) => r.energyPerTrainingSampleJ)),
    };
  });
  const refIndex = referenceIndex(results, axes, base);
  const ref = refIndex === null ? null : base[refIndex]!;
  const points: PointSummary[] = base.map((p, i) => ({
    ...p,
    deltaVsReference:
      ref === null || i === refIndex || p.runs.length === 0 || ref.runs.length === 0
        ? null
        : differenceOverSeeds(p.runs, ref.runs),
  }));
  const profiles = new Set<string>();
  for (const r of results.runs) {
    const name = r.result.energy?.profile?.name;
    if (name) profiles.add(name);
  }
  return {
    results,
    axes,
    points,
    reference: refIndex === null ? null : points[refIndex]!,
    energyProfiles: [...profiles],
    preliminary: results.manifest.variant === "quick",
  };
}

function statsOrNull(values: readonly (number | null)[]): Stats | null {
  const v = values.filter((e): e is number => e !== null);
  return v.length > 0 ? stats(v) : null;
}

/**
 * Index of the reference point: every axis at its reference value (grid), or the deciding axis —
 * the first non-ideality, else the first mitigation, else the first axis — at its reference value
 * (zip, where the axes move together); the first point when none matches.
 */
function referenceIndex(
  results: SweepResults,
  axes: readonly ReportAxis[],
  points: readonly { readonly valueIndex: readonly number[] }[],
): number | null {
  if (points.length === 0) return null;
  const zip = results.manifest.scenario.mode === "zip" && axes.length > 1;
  const decisive =
    axes.find((a) => a.role === "non-ideality") ??
    axes.find((a) => a.role === "mitigation") ??
    axes[0];
  const at = points.findIndex((p) =>
    zip
      ? p.valueIndex[decisive!.index] === decisive!.referenceIndex
      : axes.every((a) => p.valueIndex[a.index] === a.referenceIndex),
  );
  return at >= 0 ? at : 0;
}

/**
 * Accuracy (or another per-run `value`) of `runs` minus that of `reference` over seeds, with a
 * 95 % interval: paired over the replicates both have when each pair ran with the same run seed
 * (shared data order and initial weights make the pair's difference less noisy); otherwise Welch's
 * interval for two independent means — the usual case, since a sweep derives each run's seed from
 * its point id. Runs whose value is undefined are left out.
 */
export function differenceOverSeeds(
  runs: readonly RunFigures[],
  reference: readonly RunFigures[],
  value: (f: RunFigures) => number | undefined = (f) => f.accuracy,
): DifferenceInterval {
  const valued = (list: readonly RunFigures[]) =>
    list.flatMap((f) => {
      const v = value(f);
      return v === undefined ? [] : [{ f, v }];
    });
  const a = valued(runs);
  const b = valued(reference);
  const byReplicate = new Map(b.map((x) => [x.f.run.replicate, x]));
  const pairs = a
    .map((x) => [x, byReplicate.get(x.f.run.replicate)] as const)
    .filter(
      (pair): pair is readonly [(typeof a)[number], (typeof b)[number]] => pair[1] !== undefined,
    );
  const paired =
    pairs.length >= 2 &&
    pairs.length === a.length &&
    pairs.length === b.length &&
    pairs.every(([x, y]) => x.f.run.seed === y.f.run.seed);
  return paired
    ? pairedInterval(pairs.map(([x, y]) => x.v - y.v))
    : welchInterval(
        a.map((x) => x.v),
        b.map((x) => x.v),
      );
}
