/**
 * results.csv (one row per point × seed), summary.csv (one row per point: mean, standard
 * deviation and n over seeds), curves.csv (one row per point × seed × checkpoint: accuracy versus
 * training samples) and spikes.csv (one row per point × seed × neuron: spike counts per phase).
 * Every axis value is a column named by its configuration path.
 */
import { stringify } from "csv-stringify/sync";
import { canonicalJson } from "../core/canonical-json.js";
import type { PointSummary, ReportAxis, ReportModel } from "./model.js";
import { stats } from "./statistics.js";

/** One CSV cell. */
export type Cell = string | number | boolean;
/** A table for CSV output: column names and rows of cells. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/** An axis gets a label column too when its values are objects or it names its values. */
function hasLabelColumn(axis: ReportAxis, model: ReportModel): boolean {
  const scenarioAxis = model.results.manifest.scenario.axes[axis.index];
  return (
    scenarioAxis?.valueLabels !== undefined ||
    axis.values.some((v) => v !== null && typeof v === "object")
  );
}

/** Fields an axis sets together with its own (`with`), in the scenario's order. */
function linkedFields(axis: ReportAxis, model: ReportModel) {
  return model.results.manifest.scenario.axes[axis.index]?.with ?? [];
}

/** CSV column of an axis: its path, or its name for the root path "" (whole arms). */
function axisColumn(a: ReportAxis): string {
  return a.path === "" ? a.name : a.path;
}

function axisColumns(model: ReportModel): string[] {
  return model.axes.flatMap((a) => [
    axisColumn(a),
    ...(hasLabelColumn(a, model) ? [`${axisColumn(a)} (label)`] : []),
    ...linkedFields(a, model).map((w) => w.path),
  ]);
}

function cellOf(v: unknown): Cell {
  return typeof v === "number" || typeof v === "boolean" || typeof v === "string"
    ? v
    : canonicalJson(v);
}

function axisCells(point: PointSummary, model: ReportModel): Cell[] {
  return model.axes.flatMap((a, i) => [
    cellOf(point.values[i]),
    ...(hasLabelColumn(a, model) ? [point.labels[i] ?? ""] : []),
    ...linkedFields(a, model).map((w) => cellOf(w.values[point.valueIndex[i]!])),
  ]);
}

/** A number for CSV: empty for NaN/null (n = 1 has no standard deviation), else as is. */
function num(x: number | null | undefined): Cell {
  return x === null || x === undefined || Number.isNaN(x) ? "" : x;
}

/** results.csv: one row per point × seed, with the axis values as columns. */
export function resultsTable(model: ReportModel): Table {
  const columns = [
    "point",
    "point_index",
    ...axisColumns(model),
    "replicate_seed",
    "run_seed",
    "accuracy",
    "correct",
    "test_images",
    "train_samples",
    "label_samples",
    "dead_neurons",
    "top_neuron_share",
    "synaptic_events_per_test_image",
    "write_pulses_per_training_sample",
    "energy_per_inference_j",
    "energy_per_training_sample_j",
    "run_seconds",
  ];
  const rows: Cell[][] = [];
  for (const p of model.points) {
    for (const f of p.runs) {
      const r = f.run.result;
      rows.push([
        p.id,
        p.index,
        ...axisCells(p, model),
        f.run.replicate,
        f.run.seed,
        f.accuracy,
        r.correct,
        r.samples.test,
        r.samples.train,
        r.samples.label,
        num(f.deadNeurons),
        num(f.topNeuronShare),
        num(f.synapticEventsPerTestImage),
        num(f.writePulsesPerTrainingSample),
        num(f.energyPerInferenceJ),
        num(f.energyPerTrainingSampleJ),
        num(f.seconds),
      ]);
    }
  }
  return { columns, rows };
}

/**
 * summary.csv: one row per point with mean, standard deviation and n over seeds, energy per
 * inference and per training sample (J) with the energy profile, and accuracy minus the reference
 * point's (`delta_vs_reference`, a fraction like `accuracy_mean`) with its 95 % interval
 * (`delta_ci_low`, `delta_ci_high`; method "welch" or "paired", and its degrees of freedom).
 */
export function summaryTable(model: ReportModel): Table {
  const columns = [
    "point",
    "point_index",
    ...axisColumns(model),
    "n",
    "accuracy_mean",
    "accuracy_std",
    "accuracy_min",
    "accuracy_max",
    "dead_neurons_mean",
    "energy_per_inference_j_mean",
    "energy_per_inference_j_std",
    // Added after the columns above (scripts read those by name; none is renamed or moved).
    "energy_per_training_sample_j_mean",
    "energy_per_training_sample_j_std",
    "energy_profile",
    "reference_point",
    "delta_vs_reference",
    "delta_ci_low",
    "delta_ci_high",
    "delta_ci_method",
    "delta_ci_df",
    "sweep_variant",
  ];
  const ref = model.reference;
  const profile = model.energyProfiles.join(" | ");
  const rows = model.points.map((p): Cell[] => {
    const dead = stats(p.runs.map((r) => r.deadNeurons));
    const d = p.deltaVsReference;
    return [
      p.id,
      p.index,
      ...axisCells(p, model),
      p.accuracy.n,
      num(p.accuracy.mean),
      num(p.accuracy.std),
      num(p.accuracy.min),
      num(p.accuracy.max),
      num(dead.mean),
      num(p.energyPerInferenceJ?.mean),
      num(p.energyPerInferenceJ?.std),
      num(p.energyPerTrainingSampleJ?.mean),
      num(p.energyPerTrainingSampleJ?.std),
      p.energyPerInferenceJ || p.energyPerTrainingSampleJ ? profile : "",
      ref?.id ?? "",
      p === ref ? 0 : num(d?.mean),
      p === ref ? "" : num(d?.low),
      p === ref ? "" : num(d?.high),
      // With fewer than two seeds on a side the interval cells stay empty.
      p === ref ? "reference" : (d?.method ?? ""),
      p === ref ? "" : num(d?.df),
      // "quick": preliminary figures (the page's banner says so too).
      model.results.manifest.variant,
    ];
  });
  return { columns, rows };
}

/** Accuracy versus training samples: every checkpoint of every run (empty without checkpoints). */
export function curvesTable(model: ReportModel): Table {
  const columns = [
    "point",
    "point_index",
    ...axisColumns(model),
    "replicate_seed",
    "train_samples",
    "accuracy",
  ];
  const rows: Cell[][] = [];
  for (const p of model.points) {
    const axes = axisCells(p, model);
    for (const f of p.runs) {
      for (const c of f.run.result.curve) {
        rows.push([p.id, p.index, ...axes, f.run.replicate, c.samples, c.accuracy]);
      }
    }
  }
  return { columns, rows };
}

/** Per-neuron spike counts of every run in each phase (dead and dominant neurons, histograms). */
export function spikesTable(model: ReportModel): Table {
  const columns = [
    "point",
    "point_index",
    ...axisColumns(model),
    "replicate_seed",
    "neuron",
    "train_spikes",
    "label_spikes",
    "test_spikes",
  ];
  const rows: Cell[][] = [];
  for (const p of model.points) {
    const axes = axisCells(p, model);
    for (const f of p.runs) {
      const { train, label, test } = f.run.result.phases;
      const n = Math.max(
        train.spikeCounts.length,
        label.spikeCounts.length,
        test.spikeCounts.length,
      );
      for (let j = 0; j < n; j++) {
        rows.push([
          p.id,
          p.index,
          ...axes,
          f.run.replicate,
          j,
          num(train.spikeCounts[j]),
          num(label.spikeCounts[j]),
          num(test.spikeCounts[j]),
        ]);
      }
    }
  }
  return { columns, rows };
}

/** Formats a table as CSV (csv-stringify; booleans as true/false). */
export function toCsv(table: Table): string {
  return stringify([table.columns as Cell[], ...(table.rows as Cell[][])], {
    cast: { boolean: (b) => (b ? "true" : "false") },
  });
}
