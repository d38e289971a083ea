/**
 * The report's charts as Vega-Lite specs, built from the report model only. Each returns null
 * when the sweep has nothing to show for it (no curve, no energy block).
 */
import type { TopLevelSpec } from "vega-lite";
import { histogramBins, type Histogram } from "./histogram.js";
import type { PointSummary, ReportAxis, ReportModel } from "./model.js";
import { displayUnit, profilePhrase } from "./units.js";

const WIDTH = 520;
const HEIGHT = 300;

type Row = Record<string, string | number>;

/**
 * Colours for `n` series: Tableau 10 up to 10, Tableau 20 beyond, so no two series of a legend
 * share a colour (the 12 arms of adaptive-threshold-mitigation would repeat with 10 colours).
 */
export function seriesScheme(n: number): { scheme: string } {
  return { scheme: n > 10 ? "tableau20" : "tableau10" };
}

/**
 * Splits `text` into lines of at most `maxChars` characters at spaces (a word longer than that
 * keeps its own line): panel titles wrap instead of being cut.
 */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= maxChars) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Vega's headless text width estimate: 0.8 em per character (layouts are sized by it). */
const CHAR_EM = 0.8;
/** Font size of axis labels (render-svg.ts's CONFIG.axis.labelFontSize). */
const AXIS_FONT_PX = 11;
/** Font size of facet headers (render-svg.ts's CONFIG.header.labelFontSize). */
const HEADER_FONT_PX = 11;
/** Wrapped labels hold newlines; this Vega expression makes them lines (an array of strings). */
const SPLIT_LINES = "split(datum.value, '\\n')";

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
  // Numbers make a quantitative scale unless the scenario names them (valueLabels): then the names.
  const quantitative = axis.numeric && !axis.named;
  const values: Row[] = [];
  for (const p of model.points) {
    const j = p.valueIndex[axis.index]!;
    for (const f of p.runs) {
      values.push({
        x: quantitative ? (axis.values[j] as number) : axis.labels[j]!,
        accuracy: f.accuracy * 100,
        series: seriesLabel(model, p.labels, axis.index),
        seed: f.run.replicate,
      });
    }
  }
  // Category labels lie flat when they fit their slot, else upright (never cut, never overlapping:
  // the chart widens so each upright label has twice its line height).
  const longest = Math.max(0, ...axis.labels.map((l) => l.length));
  const flat = longest * CHAR_EM * AXIS_FONT_PX <= WIDTH / Math.max(1, axis.labels.length);
  const width =
    quantitative || flat ? WIDTH : Math.max(WIDTH, axis.labels.length * 2 * AXIS_FONT_PX);
  const x = quantitative
    ? { field: "x", type: "quantitative" as const, title: axisTitle(axis), scale: { zero: false } }
    : {
        field: "x",
        type: "ordinal" as const,
        title: axisTitle(axis),
        sort: [...axis.labels],
        axis: flat
          ? { labelAngle: 0 }
          : { labelAngle: -90, labelAlign: "right" as const, labelBaseline: "middle" as const },
      };
  const series = new Set(values.map((v) => v.series));
  const color = {
    field: "series",
    type: "nominal" as const,
    title: null,
    scale: seriesScheme(series.size),
    // One series ("all runs") needs no legend.
    legend: series.size > 1 ? { orient: "bottom" as const, columns: 1 } : null,
  };
  // Only the mean line makes the legend (the faint layers' symbols would show washed-out colours).
  const quiet = { ...color, legend: null };
  const y = {
    field: "accuracy",
    type: "quantitative" as const,
    title: "test accuracy (%)",
    scale: { zero: false },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Accuracy versus ${axis.name}`,
    width,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: "errorbar", extent: "stdev", ticks: true },
        encoding: { x, y, color: quiet },
      },
      {
        mark: { type: "line", point: { size: 60, filled: true } },
        encoding: { x, y: { ...y, aggregate: "mean" }, color },
      },
      {
        mark: { type: "point", opacity: 0.45, size: 25 },
        encoding: {
          x,
          y,
          color: quiet,
          tooltip: [{ field: "seed" }, { field: "accuracy", format: ".1f" }],
        },
      },
    ],
    resolve: { legend: { color: "independent" } },
  } as TopLevelSpec;
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
    sort: model.points.map((p) => p.title),
    scale: seriesScheme(model.points.length),
    legend: { orient: "bottom" as const, columns: 1 },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Accuracy versus training samples",
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: "errorband", extent: "stdev", opacity: 0.2 },
        // The band's faint symbol would make the legend's colours wrong: the lines make it.
        encoding: { x, y, color: { ...color, legend: null } },
      },
      {
        mark: { type: "line", point: true },
        encoding: { x, y: { ...y, aggregate: "mean" }, color },
      },
    ],
    resolve: { legend: { color: "independent" } },
  } as TopLevelSpec;
}

/**
 * Ticks of a log(1 + n) count axis: 0 and the powers of ten up to the first at or above `max`
 * (Vega's own symlog ticks crowd near the top, where their labels overlap); without 1 when the
 * counts reach 100, where 0 and 1 would lie about a label's height apart.
 */
export function logTicks(max: number): number[] {
  const ticks = [0];
  for (let t = 1; ticks.length < 12; t *= 10) {
    ticks.push(t);
    if (t >= max) break;
  }
  return max >= 100 ? ticks.filter((t) => t !== 1) : ticks;
}

/** Histogram bins for spike counts: at most 30 bars in a 240-pixel panel. */
const SPIKE_BINS = { minBins: 5, maxBins: 30 } as const;

/**
 * Bins of each point's label-phase spike counts (seeds pooled), all on the same kind of x scale:
 * log-spaced for every point when any point's tail needs it (histogramBins).
 */
export function spikeCountBins(model: ReportModel): { point: PointSummary; hist: Histogram }[] {
  const pooled = model.points
    .map((point) => ({
      point,
      counts: point.runs.flatMap((f) => f.run.result.phases.label.spikeCounts),
    }))
    .filter((p) => p.counts.length > 0);
  let out = pooled.map((p) => ({ point: p.point, hist: histogramBins(p.counts, SPIKE_BINS) }));
  if (out.some((h) => h.hist.logX) && !out.every((h) => h.hist.logX)) {
    out = pooled.map((p) => ({
      point: p.point,
      hist: histogramBins(p.counts, { ...SPIKE_BINS, logX: "always" }),
    }));
  }
  return out;
}

/**
 * Per-neuron spike counts during label assignment, one histogram per point (seeds pooled): a bar
 * at 0 shows dead neurons, a long tail dominant ones. Freedman–Diaconis bins (histogram.ts);
 * the neuron count is on a log(1 + n) scale so a single dominant neuron's bar stays visible next
 * to a bin of a hundred, and the axis says so. Panel titles wrap instead of being cut.
 */
export function spikeHistograms(model: ReportModel): TopLevelSpec | null {
  const bins = spikeCountBins(model);
  if (bins.length === 0) return null;
  const panelWidth = 240;
  const maxChars = Math.floor(panelWidth / (CHAR_EM * HEADER_FONT_PX));
  const panelOf = new Map(
    bins.map(({ point }) => [point.id, wrapText(point.title, maxChars).join("\n")]),
  );
  const values: Row[] = [];
  for (const { point, hist } of bins) {
    hist.counts.forEach((n, i) =>
      values.push({
        panel: panelOf.get(point.id)!,
        from: hist.edges[i]!,
        to: hist.edges[i + 1]!,
        neurons: n,
      }),
    );
  }
  const logX = bins[0]!.hist.logX;
  const rules = [...new Set(bins.map((b) => b.hist.rule))].join(" / ");
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "Spikes per neuron during label assignment (seeds pooled)",
      subtitle: `${rules} bins; neuron counts on a log scale${logX ? "; spike counts log-spaced (long tail)" : ""}`,
    },
    data: { values },
    facet: {
      field: "panel",
      type: "nominal",
      title: null,
      sort: bins.map((b) => panelOf.get(b.point.id)!),
      header: { labelExpr: SPLIT_LINES, labelLimit: 0 },
    },
    columns: Math.min(3, bins.length),
    spec: {
      width: panelWidth,
      height: 120,
      mark: { type: "rect", color: "#4c78a8", stroke: "white", strokeWidth: 0.5 },
      encoding: {
        x: {
          field: "from",
          type: "quantitative",
          title: logX ? "spikes per neuron (log scale)" : "spikes per neuron",
          ...(logX ? { scale: { type: "symlog", constant: 1, zero: false } } : {}),
        },
        x2: { field: "to" },
        y: {
          field: "neurons",
          type: "quantitative",
          title: "neurons (log scale)",
          scale: { type: "symlog", constant: 1 },
          axis: {
            values: logTicks(Math.max(...values.map((v) => v.neurons as number))),
            format: ",d",
            labelOverlap: true,
          },
        },
        y2: { datum: 0 },
        tooltip: [
          { field: "from", title: "from", format: ".3~g" },
          { field: "to", title: "to", format: ".3~g" },
          { field: "neurons" },
        ],
      },
    },
    resolve: { scale: { x: "independent", y: "independent" } },
  } as TopLevelSpec;
}

/**
 * Final weights of each point's first finished seed (the synapse map's run): Freedman–Diaconis
 * bins, the synapse count on a log(1 + n) scale so the few cells piled at the bounds (saturated
 * or stuck devices) show next to the bulk; the axis says it is log. Null without weights.
 */
export function weightHistograms(
  perPoint: readonly { readonly point: PointSummary; readonly hist: Histogram }[],
): TopLevelSpec | null {
  if (perPoint.length === 0) return null;
  const panelWidth = 240;
  const maxChars = Math.floor(panelWidth / (CHAR_EM * HEADER_FONT_PX));
  const panelOf = new Map(
    perPoint.map(({ point }) => [point.id, wrapText(point.title, maxChars).join("\n")]),
  );
  const values: Row[] = [];
  for (const { point, hist } of perPoint) {
    hist.counts.forEach((n, i) =>
      values.push({
        panel: panelOf.get(point.id)!,
        from: hist.edges[i]!,
        to: hist.edges[i + 1]!,
        synapses: n,
      }),
    );
  }
  const rules = [...new Set(perPoint.map((b) => b.hist.rule))].join(" / ");
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "Final weights (first finished seed of each point)",
      subtitle: `${rules} bins; synapse counts on a log scale`,
    },
    data: { values },
    facet: {
      field: "panel",
      type: "nominal",
      title: null,
      sort: perPoint.map((b) => panelOf.get(b.point.id)!),
      header: { labelExpr: SPLIT_LINES, labelLimit: 0 },
    },
    columns: Math.min(3, perPoint.length),
    spec: {
      width: panelWidth,
      height: 120,
      mark: { type: "rect", color: "#b5542c", stroke: "white", strokeWidth: 0.5 },
      encoding: {
        x: { field: "from", type: "quantitative", title: "weight" },
        x2: { field: "to" },
        y: {
          field: "synapses",
          type: "quantitative",
          title: "synapses (log scale)",
          scale: { type: "symlog", constant: 1 },
          axis: {
            values: logTicks(Math.max(...values.map((v) => v.synapses as number))),
            format: ",d",
            labelOverlap: true,
          },
        },
        y2: { datum: 0 },
        tooltip: [
          { field: "from", title: "from", format: ".3~g" },
          { field: "to", title: "to", format: ".3~g" },
          { field: "synapses" },
        ],
      },
    },
    resolve: { scale: { x: "independent", y: "independent" } },
  } as TopLevelSpec;
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
  // One prefix for the axis: the one formatSi gives the largest stacked total.
  const totals = new Map<string, number>();
  for (const v of values)
    totals.set(v.point as string, (totals.get(v.point as string) ?? 0) + (v.joules as number));
  const u = displayUnit(Math.max(...totals.values()));
  for (const v of values) v.energy = (v.joules as number) / u.factor;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `Energy ${unit} by component (mean over seeds)`,
      subtitle: profilePhrase(model.energyProfiles),
    },
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
        axis: { labelLimit: 0 },
      },
      x: {
        field: "energy",
        type: "quantitative",
        title: `${u.label} ${unit} (${profilePhrase(model.energyProfiles)})`,
        axis: { format: ".4~r" },
      },
      color: {
        field: "component",
        type: "nominal",
        title: null,
        legend: { orient: "bottom", columns: 4 },
      },
      tooltip: [{ field: "component" }, { field: "energy", title: u.label, format: ".3~g" }],
    },
  };
}

/** Synaptic events per test image and write pulses per training sample, per point. */
export function opsPerPoint(model: ReportModel): TopLevelSpec | null {
  const values: Row[] = [];
  for (const p of model.points) {
    for (const f of p.runs) {
      if (Number.isFinite(f.synapticEventsPerTestImage))
        values.push({
          point: p.title,
          metric: "synaptic events per test image",
          value: f.synapticEventsPerTestImage,
        });
      if (Number.isFinite(f.writePulsesPerTrainingSample))
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
          axis: { labelLimit: 0 },
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

/** Font size of the marker numbers in accuracy versus energy, and their box per digit (px). */
const NUMBER_FONT_PX = 10;
const DIGIT_PX = 6.5;

/**
 * Places each marker's number beside it without covering another number or marker: east, west,
 * south-east or south-west of the marker, the first that is free and inside the plot; a number
 * with no free place is left out (its point is still in the legend and the tooltip). Positions
 * are pixels of a `width` × `height` plot whose scales map exactly (explicit domains, no nice).
 */
export function placeNumbers(
  markers: readonly { readonly x: number; readonly y: number; readonly text: string }[],
  width: number,
  height: number,
): ({ readonly side: "left" | "right"; readonly x: number; readonly y: number } | null)[] {
  type Box = [number, number, number, number];
  const r = 5; // marker radius (size 70 ≈ 9.4 px across)
  const boxes: Box[] = markers.map((m) => [m.x - r, m.y - r, m.x + r, m.y + r]);
  const free = (b: Box): boolean =>
    b[0] >= 0 &&
    b[1] >= 0 &&
    b[2] <= width &&
    b[3] <= height &&
    boxes.every((o) => b[2] <= o[0] || b[0] >= o[2] || b[3] <= o[1] || b[1] >= o[3]);
  return markers.map((m) => {
    const w = m.text.length * DIGIT_PX + 1;
    const h = NUMBER_FONT_PX + 2;
    for (const [side, dx, dy] of [
      ["left", r + 2, -(r + 2)],
      ["right", -(r + 2), -(r + 2)],
      ["left", r + 2, r + 4],
      ["right", -(r + 2), r + 4],
    ] as const) {
      const x0 = side === "left" ? m.x + dx : m.x + dx - w;
      const b: Box = [x0, m.y + dy - h / 2, x0 + w, m.y + dy + h / 2];
      if (free(b)) {
        boxes.push(b);
        return { side, x: m.x + dx, y: m.y + dy };
      }
    }
    return null;
  });
}

/**
 * Accuracy against energy per inference (or per training sample): one marker per point at the
 * means over seeds, error bars ± one standard deviation over seeds on both axes, the energy in
 * one engineering unit with the profile named. A log energy axis when the points span more than
 * a decade (the axis title says so).
 */
export function accuracyVersusEnergy(
  model: ReportModel,
  which: "perInference" | "perTrainingSample",
): TopLevelSpec | null {
  const rows = model.points.flatMap((p) => {
    const e = which === "perInference" ? p.energyPerInferenceJ : p.energyPerTrainingSampleJ;
    if (!e || p.accuracy.n === 0) return [];
    return [{ p, e }];
  });
  if (rows.length === 0) return null;
  const u = displayUnit(
    Math.max(...rows.map((r) => r.e.mean + (Number.isNaN(r.e.std) ? 0 : r.e.std))),
  );
  const sd = (x: number): number => (Number.isNaN(x) ? 0 : x);
  // Markers carry the point's number and the legend pairs it with the full title, so points stay
  // identifiable when colours repeat (more than 20 points).
  const values: Row[] = rows.map(({ p, e }) => ({
    point: `${p.index + 1} · ${p.title}`,
    number: String(p.index + 1),
    energy: e.mean / u.factor,
    energyLo: (e.mean - sd(e.std)) / u.factor,
    energyHi: (e.mean + sd(e.std)) / u.factor,
    accuracy: p.accuracy.mean * 100,
    accuracyLo: (p.accuracy.mean - sd(p.accuracy.std)) * 100,
    accuracyHi: (p.accuracy.mean + sd(p.accuracy.std)) * 100,
    n: p.accuracy.n,
  }));
  const energies = values.map((v) => v.energy as number).filter((x) => x > 0);
  const log = energies.length > 1 && Math.max(...energies) / Math.min(...energies) > 10;
  // Explicit domains (4 % margins, no rounding to nice numbers) so the numbers' places computed
  // here in pixels are where Vega draws them.
  const lows = values.map((v) => v.energyLo as number);
  const highs = values.map((v) => v.energyHi as number);
  const tiny = Math.min(...energies, Infinity) / 2;
  const xLo0 = log ? Math.min(...lows.map((x) => (x > 0 ? x : tiny))) : Math.min(...lows);
  const xHi0 = Math.max(...highs);
  const fx = (e: number): number => (log ? Math.log(e) : e);
  const gx = (t: number): number => (log ? Math.exp(t) : t);
  const xSpan = fx(xHi0) - fx(xLo0) || Math.abs(fx(xHi0)) * 0.1 || 1;
  const xDomain = [gx(fx(xLo0) - 0.04 * xSpan), gx(fx(xHi0) + 0.04 * xSpan)] as const;
  const yLo0 = Math.min(...values.map((v) => v.accuracyLo as number));
  const yHi0 = Math.max(...values.map((v) => v.accuracyHi as number));
  const ySpan = yHi0 - yLo0 || 1;
  const yDomain = [yLo0 - 0.04 * ySpan, yHi0 + 0.04 * ySpan] as const;
  const toPx = (e: number, a: number) => ({
    x: ((fx(e) - fx(xDomain[0])) / (fx(xDomain[1]) - fx(xDomain[0]))) * WIDTH,
    y: HEIGHT - ((a - yDomain[0]) / (yDomain[1] - yDomain[0])) * HEIGHT,
  });
  const places = placeNumbers(
    values.map((v) => ({
      ...toPx(v.energy as number, v.accuracy as number),
      text: v.number as string,
    })),
    WIDTH,
    HEIGHT,
  );
  places.forEach((pl, i) => {
    if (!pl) return;
    const v = values[i]!;
    v.labelSide = pl.side;
    v.labelEnergy = gx(fx(xDomain[0]) + (pl.x / WIDTH) * (fx(xDomain[1]) - fx(xDomain[0])));
    v.labelAccuracy = yDomain[0] + ((HEIGHT - pl.y) / HEIGHT) * (yDomain[1] - yDomain[0]);
  });
  const what = which === "perInference" ? "per inference (test image)" : "per training sample";
  const color = {
    field: "point",
    type: "nominal" as const,
    title: null,
    sort: rows.map((r) => `${r.p.index + 1} · ${r.p.title}`),
    scale: seriesScheme(rows.length),
    legend: { orient: "bottom" as const, columns: 1 },
  };
  // Only the markers make the legend (the error bars' layers would merge theirs in disabled).
  const barColor = { ...color, legend: null };
  const x = {
    field: "energy",
    type: "quantitative" as const,
    title: `energy ${what} (${u.label}${log ? ", log scale" : ""}; ${profilePhrase(model.energyProfiles)})`,
    scale: {
      ...(log ? { type: "log" as const } : { zero: false }),
      domain: [...xDomain],
      nice: false,
    },
  };
  const y = {
    field: "accuracy",
    type: "quantitative" as const,
    title: "test accuracy (%)",
    scale: { zero: false, domain: [...yDomain], nice: false },
  };
  const numbers = (side: "left" | "right") => ({
    transform: [{ filter: `datum.labelSide === '${side}'` }],
    mark: {
      type: "text" as const,
      align: side,
      baseline: "middle" as const,
      fontSize: NUMBER_FONT_PX,
      color: "#333",
    },
    encoding: {
      x: { ...x, field: "labelEnergy" },
      y: { ...y, field: "labelAccuracy" },
      text: { field: "number" },
    },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `Accuracy versus energy ${what}`,
      subtitle: "marker: mean over seeds; bars: ± one standard deviation over seeds",
    },
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: "errorbar", ticks: true },
        encoding: { x: { ...x, field: "energyLo" }, x2: { field: "energyHi" }, y, color: barColor },
      },
      {
        mark: { type: "errorbar", ticks: true },
        encoding: {
          x,
          y: { ...y, field: "accuracyLo" },
          y2: { field: "accuracyHi" },
          color: barColor,
        },
      },
      {
        mark: { type: "point", filled: true, size: 70 },
        encoding: {
          x,
          y,
          color,
          shape: { field: "point", type: "nominal", sort: color.sort, legend: null },
          tooltip: [
            { field: "point" },
            { field: "energy", title: u.label, format: ".3~g" },
            { field: "accuracy", title: "accuracy (%)", format: ".1f" },
            { field: "n", title: "seeds" },
          ],
        },
      },
      numbers("left"),
      numbers("right"),
    ],
    resolve: { legend: { color: "independent" } },
  } as TopLevelSpec;
}
