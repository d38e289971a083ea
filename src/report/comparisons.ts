/**
 * Planned comparisons (a scenario's `comparisons`): Δ = accuracy(a) − accuracy(b) at every
 * checkpoint both points have, averaged over the dense early checkpoints (`checkpoints.dense`), and
 * at the end, each with a 95 % interval over seeds — paired when every replicate pair ran with the
 * same run seed, otherwise Welch's t interval for two independent means (the usual case: a sweep
 * derives each run's seed from its point id). The early window answers "is there an early
 * deficit?" with one number per run (its mean accuracy over the early checkpoints), so the interval
 * is over seeds, not over correlated checkpoints of one run.
 */
import type { TopLevelSpec } from "vega-lite";
import { selectPoints } from "../experiments/expand.js";
import type { Comparison } from "../experiments/scenario-schema.js";
import {
  differenceOverSeeds,
  type PointSummary,
  type ReportModel,
  type RunFigures,
} from "./model.js";
import { excludesZero, stats, type DifferenceInterval } from "./statistics.js";
import type { Table } from "./tables.js";

/** One window of a comparison: a checkpoint, the early mean or the final test. */
export interface ComparisonWindow {
  /** "early", "final", or the checkpoint's training samples. */
  readonly window: "early" | "final" | number;
  /** Mean accuracy of a and of b over their runs in this window, percent. */
  readonly meanA: number;
  readonly meanB: number;
  readonly nA: number;
  readonly nB: number;
  /** Δ = a − b in percentage points, with its 95 % interval. */
  readonly delta: DifferenceInterval;
}

/** A planned comparison measured: its two points and its windows. */
export interface ComparisonResult {
  readonly label: string;
  readonly a: PointSummary;
  readonly b: PointSummary;
  /** Last training sample of the early window (checkpoints.dense.until); null: no dense grid. */
  readonly earlyUntil: number | null;
  readonly early: ComparisonWindow | null;
  readonly checkpoints: readonly ComparisonWindow[];
  readonly final: ComparisonWindow | null;
}

/** Percent accuracy of a run at checkpoint `samples` (undefined when it has none there). */
function atCheckpoint(f: RunFigures, samples: number): number | undefined {
  const c = f.run.result.curve.find((p) => p.samples === samples);
  return c === undefined ? undefined : c.accuracy * 100;
}

/** The dense early window of a point's runs: checkpoints.dense.until of its configuration. */
function denseUntil(p: PointSummary): number | null {
  const cfg = p.runs[0]?.run.result.config as
    { checkpoints?: { dense?: { until?: unknown } | null } | null } | undefined;
  const until = cfg?.checkpoints?.dense?.until;
  return typeof until === "number" && until > 0 ? until : null;
}

/** Δ over seeds of a per-run value (differenceOverSeeds), with both sides' means and counts. */
function windowOf(
  window: ComparisonWindow["window"],
  a: readonly RunFigures[],
  b: readonly RunFigures[],
  value: (f: RunFigures) => number | undefined,
): ComparisonWindow | null {
  const va = a.map(value).filter((v): v is number => v !== undefined);
  const vb = b.map(value).filter((v): v is number => v !== undefined);
  if (va.length === 0 || vb.length === 0) return null;
  return {
    window,
    meanA: stats(va).mean,
    meanB: stats(vb).mean,
    nA: va.length,
    nB: vb.length,
    delta: differenceOverSeeds(a, b, value),
  };
}

/** Measures one planned comparison; null when a side names no point with finished runs. */
function measure(model: ReportModel, c: Comparison): ComparisonResult | null {
  const scenario = model.results.manifest.scenario;
  const [a] = selectPoints(scenario, model.points, c.a);
  const [b] = selectPoints(scenario, model.points, c.b);
  if (!a || !b || a.runs.length === 0 || b.runs.length === 0) return null;
  const samples = [
    ...new Set(a.runs.flatMap((f) => f.run.result.curve.map((p) => p.samples))),
  ].sort((x, y) => x - y);
  const checkpoints = samples
    .map((n) => windowOf(n, a.runs, b.runs, (f) => atCheckpoint(f, n)))
    .filter((w): w is ComparisonWindow => w !== null);
  const until = denseUntil(a) ?? denseUntil(b);
  const early =
    until === null
      ? null
      : windowOf("early", a.runs, b.runs, (f) => {
          const xs = f.run.result.curve.filter((p) => p.samples <= until);
          return xs.length === 0 ? undefined : stats(xs.map((p) => p.accuracy * 100)).mean;
        });
  const final = windowOf("final", a.runs, b.runs, (f) => f.accuracy * 100);
  return { label: c.label, a, b, earlyUntil: until, early, checkpoints, final };
}

/** Every planned comparison of the sweep's scenario that can be measured, in the scenario's order. */
export function buildComparisons(model: ReportModel): ComparisonResult[] {
  return (model.results.manifest.scenario.comparisons ?? [])
    .map((c) => measure(model, c))
    .filter((r): r is ComparisonResult => r !== null);
}

function round(x: number, digits: number): number | string {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : "";
}

/** comparisons.csv: one row per comparison × window (early, each checkpoint, final). */
export function comparisonsTable(results: readonly ComparisonResult[]): Table {
  const rows: Table["rows"][number][] = [];
  for (const r of results) {
    const windows = [
      ...(r.early ? [r.early] : []),
      ...r.checkpoints,
      ...(r.final ? [r.final] : []),
    ];
    for (const w of windows) {
      rows.push([
        r.label,
        r.a.title,
        r.b.title,
        w.window === "early" ? `early (≤ ${r.earlyUntil})` : String(w.window),
        round(w.meanA, 2),
        round(w.meanB, 2),
        round(w.delta.mean, 2),
        round(w.delta.low, 2),
        round(w.delta.high, 2),
        w.delta.method,
        w.nA,
        w.nB,
        excludesZero(w.delta),
      ]);
    }
  }
  return {
    columns: [
      "comparison",
      "a",
      "b",
      "window",
      "accuracy_a_percent",
      "accuracy_b_percent",
      "delta_points",
      "ci95_low",
      "ci95_high",
      "ci_method",
      "n_a",
      "n_b",
      "resolved",
    ],
    rows,
  };
}

function fmt(x: number): string {
  return `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(1)}`;
}

/** "−6.9 points [−9.3, −4.5]" or "−2.8 points [−8.1, +2.4], not resolved". */
export function formatDelta(d: DifferenceInterval): string {
  const ci = Number.isFinite(d.low) ? ` [${fmt(d.low)}, ${fmt(d.high)}]` : " (no interval)";
  return `${fmt(d.mean)} points${ci}${excludesZero(d) ? "" : ", not resolved"}`;
}

/** One sentence per comparison: the early window (when there is one) and the end. */
export function comparisonSentences(results: readonly ComparisonResult[]): string[] {
  return results.map((r) => {
    const parts: string[] = [];
    if (r.early)
      parts.push(
        `early (each run's mean over its ${r.checkpoints.filter((w) => typeof w.window === "number" && w.window <= (r.earlyUntil ?? 0)).length} checkpoints to ${r.earlyUntil?.toLocaleString("en-US")} training images) ${formatDelta(r.early.delta)}`,
      );
    if (r.final) parts.push(`at the end ${formatDelta(r.final.delta)}`);
    return `${r.label} (${r.a.labels.join(" · ")} − ${r.b.labels.join(" · ")}): ${parts.join("; ")} (95 % ${r.final?.delta.method === "paired" ? "paired t" : "Welch t"} intervals over ${r.final?.nA ?? 0} and ${r.final?.nB ?? 0} seeds).`;
  });
}

/** Δ versus training samples, one panel per comparison, with its 95 % interval as a band. */
export function comparisonChart(results: readonly ComparisonResult[]): TopLevelSpec | null {
  const values = results.flatMap((r) =>
    r.checkpoints
      .filter((w) => Number.isFinite(w.delta.low))
      .map((w) => ({
        comparison: r.label,
        samples: w.window as number,
        delta: w.delta.mean,
        low: w.delta.low,
        high: w.delta.high,
      })),
  );
  if (values.length === 0) return null;
  const x = {
    field: "samples",
    type: "quantitative" as const,
    title: "training samples (log)",
    scale: { type: "log" as const },
    // Log-scale gridlines at every minor tick crowd a 300-pixel panel: ticks and labels only.
    axis: { grid: false, tickCount: 5, format: "~s" },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Planned comparisons: Δ accuracy (a − b) with its 95 % interval",
    data: { values },
    facet: {
      field: "comparison",
      type: "nominal",
      title: null,
      sort: results.map((r) => r.label),
      header: { labelLimit: 0, labelFontSize: 11 },
    },
    columns: 2,
    spec: {
      width: 300,
      height: 150,
      layer: [
        {
          mark: { type: "rule", strokeDash: [4, 3], color: "#888" },
          encoding: { y: { datum: 0 } },
        },
        {
          mark: { type: "area", opacity: 0.25 },
          encoding: {
            x,
            y: { field: "low", type: "quantitative", title: "Δ accuracy (points)" },
            y2: { field: "high" },
          },
        },
        {
          mark: { type: "line", point: true },
          encoding: { x, y: { field: "delta", type: "quantitative" } },
        },
      ],
    },
  } as TopLevelSpec;
}
