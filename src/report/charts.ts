/**
 * The report's charts as Vega-Lite specs, built from the report model only. Each returns null
 * when the sweep has nothing to show for it (no curve, no energy block).
 */
import type { TopLevelSpec } from "vega-lite";
import type { ReportAxis, ReportModel } from "./model.js";

const WIDTH = 520;
const HEIGHT = 300;

type Row = Record<string, string | number>;

/** Label of a point without one axis: the series of a chart along that axis. */
function seriesLabel(model: ReportModel, labels: readonly string[], except: number): string {
  // Zipped axes move together with the charted one: they make no series of their own.
  if (model.results.manifest.scenario.mode === "zip") return "all runs";
  const parts = model.axes
    .filter((a) => a.index !== except)
    .map((a) => `${a.name}=${labels[a.index]}`);
  return parts.length > 0 ? parts.join(" · ") : "all runs";
}

function axisTitle(axis: ReportAxis): string {
  return axis.unit ? `${axis.name} (${axis.unit})` : axis.name;
}

/** Accuracy versus one axis: mean line, ± one standard deviation over seeds, every seed's run. */
export function accuracyVersusAxis(model: ReportModel, axis: ReportAxis): TopLevelSpec {
  const values: Row[] = [];
  for (const p of model.points) {
    const j = p.valueIndex[axis.index]!;
    for (const f of p.runs) {
      values.push({
        x: axis.numeric ? (axis.values[j] as number) : axis.labels[j]!,
        accuracy: f.accuracy * 100,
        series: seriesLabel(model, p.labels, axis.index),
        seed: f.run.replicate,
      });
    }
  }
  const x = axis.numeric
    ? { field: "x", type: "quantitative" as const, title: axisTitle(axis), scale: { zero: false } }
    : {
        field: "x",
        type: "ordinal" as const,
        title: axisTitle(axis),
        sort: [...axis.labels],
        axis: { labelAngle: 0 },
      };
  const color = {
    field: "series",
    type: "nominal" as const,
    title: null,
    legend: { orient: "bottom" as const, columns: 1 },
  };
  const y = {
    field: "accuracy",
    type: "quantitative" as const,
    title: "test accuracy (%)",
    scale: { zero: false },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Accuracy versus ${axis.name}`,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      { mark: { type: "errorbar", extent: "stdev", ticks: true }, encoding: { x, y, color } },
      {
        mark: { type: "line", point: { size: 60, filled: true } },
        encoding: { x, y: { ...y, aggregate: "mean" }, color },
      },
      {
        mark: { type: "point", opacity: 0.45, size: 25 },
        encoding: {
          x,
          y,
          color,
          tooltip: [{ field: "seed" }, { field: "accuracy", format: ".1f" }],
        },
      },
    ],
  };
}

/** Accuracy versus training samples (the checkpoint curve), mean ± one standard deviation. */
export function accuracyVersusSamples(model: ReportModel): TopLevelSpec | null {
  const values: Row[] = [];
  for (const p of model.points) {
    for (const f of p.runs) {
      for (const c of f.run.result.curve)
        values.push({ samples: c.samples, accuracy: c.accuracy * 100, point: p.title });
    }
  }
  if (values.length === 0) return null;
  const x = { field: "samples", type: "quantitative" as const, title: "training samples" };
  const y = {
    field: "accuracy",
    type: "quantitative" as const,
    title: "accuracy (%)",
    scale: { zero: false },
  };
  const color = {
    field: "point",
    type: "nominal" as const,
    title: null,
    legend: { orient: "bottom" as const, columns: 1 },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Accuracy versus training samples",
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      { mark: { type: "errorband", extent: "stdev", opacity: 0.2 }, encoding: { x, y, color } },
      {
        mark: { type: "line", point: true },
        encoding: { x, y: { ...y, aggregate: "mean" }, color },
      },
    ],
  };
}

/**
 * Per-neuron spike counts during label assignment, one histogram per point (seeds pooled): a
 * spike at 0 shows dead neurons, a long tail dominant ones.
 */
export function spikeHistograms(model: ReportModel): TopLevelSpec | null {
  const values: Row[] = [];
  for (const p of model.points) {
    for (const f of p.runs) {
      for (const c of f.run.result.phases.label.spikeCounts)
        values.push({ point: p.title, spikes: c });
    }
  }
  if (values.length === 0) return null;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Spikes per neuron during label assignment (seeds pooled)",
    data: { values },
    facet: { field: "point", type: "nominal", title: null, sort: model.points.map((p) => p.title) },
    columns: Math.min(3, model.points.length),
    spec: {
      width: 220,
      height: 120,
      mark: { type: "bar", color: "#4c78a8" },
      encoding: {
        x: {
          field: "spikes",
          type: "quantitative",
          bin: { maxbins: 20 },
          title: "spikes per neuron",
        },
        y: { aggregate: "count", type: "quantitative", title: "neurons" },
      },
    },
    resolve: { scale: { x: "independent", y: "independent" } },
  };
}

const BREAKDOWN_NAMES: Record<string, string> = {
  synapseReadJ: "synapse reads",
  synapseWriteJ: "synapse writes",
  normalisationWriteJ: "normalisation writes",
  neuronJ: "neurons",
  spikeJ: "spikes",
  inhibitionJ: "inhibition",
  peripheralJ: "periphery",
  programmingReadJ: "programming reads",
};

/** Energy per inference (or per training sample), by component, mean over seeds. */
export function energyBreakdown(
  model: ReportModel,
  which: "perInference" | "perTrainingSample",
): TopLevelSpec | null {
  const values: Row[] = [];
  for (const p of model.points) {
    const sums = new Map<string, number>();
    let n = 0;
    for (const f of p.runs) {
      const b = f.run.result.energy?.[which];
      if (!b) continue;
      n++;
      for (const [k, v] of Object.entries(b)) sums.set(k, (sums.get(k) ?? 0) + v);
    }
    for (const [k, v] of sums)
      values.push({ point: p.title, component: BREAKDOWN_NAMES[k] ?? k, joules: v / n });
  }
  if (values.length === 0) return null;
  const unit = which === "perInference" ? "per inference (test image)" : "per training sample";
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Energy ${unit} by component (mean over seeds)`,
    width: WIDTH,
    height: { step: 22 },
    data: { values },
    mark: "bar",
    encoding: {
      y: {
        field: "point",
        type: "nominal",
        title: null,
        sort: model.points.map((p) => p.title),
        axis: { labelLimit: 320 },
      },
      x: { field: "joules", type: "quantitative", title: `J ${unit}`, axis: { format: ".2~e" } },
      color: { field: "component", type: "nominal", title: null, legend: { orient: "bottom" } },
      tooltip: [{ field: "component" }, { field: "joules", format: ".3~e" }],
    },
  };
}

/** Synaptic events per test image and write pulses per training sample, per point. */
export function opsPerPoint(model: ReportModel): TopLevelSpec | null {
  const values: Row[] = [];
  for (const p of model.points) {
    for (const f of p.runs) {
      values.push({
        point: p.title,
        metric: "synaptic events per test image",
        value: f.synapticEventsPerTestImage,
      });
      values.push({
        point: p.title,
        metric: "write pulses per training sample",
        value: f.writePulsesPerTrainingSample,
      });
    }
  }
  if (values.length === 0) return null;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Operations per point (mean over seeds)",
    data: { values },
    facet: { column: { field: "metric", type: "nominal", title: null } },
    spec: {
      width: 300,
      height: { step: 20 },
      mark: "bar",
      encoding: {
        y: {
          field: "point",
          type: "nominal",
          title: null,
          sort: model.points.map((p) => p.title),
          axis: { labelLimit: 260 },
        },
        x: {
          field: "value",
          type: "quantitative",
          aggregate: "mean",
          title: null,
          axis: { format: "~s" },
        },
      },
    },
    resolve: { scale: { x: "independent" } },
  };
}
