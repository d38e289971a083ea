/**
 * `neuroxbar report DIR`: reads a sweep folder and writes index.html, results.csv and summary.csv.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureWritableDir, writeFileAtomic } from "../core/atomic.js";
import { DataError } from "../core/errors.js";
import { lockFolder } from "../core/folder-lock.js";
import { version } from "../core/version.js";
import { readWeights } from "../experiments/run-files.js";
import {
  accuracyVersusAxis,
  accuracyVersusEnergy,
  accuracyVersusSamples,
  energyBreakdown,
  opsPerPoint,
  spikeHistograms,
  weightHistograms,
} from "./charts.js";
import { histogramBins, type Histogram } from "./histogram.js";
import {
  buildComparisons,
  comparisonChart,
  comparisonSentences,
  comparisonsTable,
  type ComparisonResult,
} from "./comparisons.js";
import { findings } from "./findings.js";
import { reportHtml, type ReportPage } from "./html.js";
import { loadSweepResults } from "./load-results.js";
import { buildModel, type ReportModel } from "./model.js";
import { renderSvg } from "./render-svg.js";
import { synapseMapLayout, synapseMapPng } from "./synapse-map.js";
import { curvesTable, resultsTable, spikesTable, summaryTable, toCsv } from "./tables.js";

/**
 * Paths of the files a report wrote (index.html and the four CSVs), its finding sentences and the
 * runs read without a checksum check.
 */
export interface ReportFiles {
  readonly html: string;
  readonly resultsCsv: string;
  readonly summaryCsv: string;
  readonly curvesCsv: string;
  readonly spikesCsv: string;
  /** comparisons.csv, when the scenario plans comparisons. */
  readonly comparisonsCsv: string | null;
  readonly sentences: readonly string[];
  /** Runs read without a checksum check (their folders predate checksums). */
  readonly unverified: readonly string[];
  /** The sweep ran at --quick size: the page is marked preliminary. */
  readonly preliminary: boolean;
}

/** Bins of the final weights: at most 40 bars in a 240-pixel panel; never log-spaced (weights may be negative). */
const WEIGHT_BINS = { minBins: 5, maxBins: 40, logX: "never" } as const;

type WeightBins = { point: ReportModel["points"][number]; hist: Histogram }[];

async function charts(
  model: ReportModel,
  weights: WeightBins,
  comparisons: readonly ComparisonResult[],
): Promise<ReportPage["charts"]> {
  const specs = [
    { section: "comparisons", spec: comparisonChart(comparisons) },
    // Zipped axes move together: one chart along the first tells it all.
    ...(model.results.manifest.scenario.mode === "zip" ? model.axes.slice(0, 1) : model.axes).map(
      (a) => ({ section: "axes", spec: accuracyVersusAxis(model, a) }),
    ),
    { section: "curve", spec: accuracyVersusSamples(model) },
    { section: "tradeoff", spec: accuracyVersusEnergy(model, "perInference") },
    { section: "tradeoff", spec: accuracyVersusEnergy(model, "perTrainingSample") },
    { section: "spikes", spec: spikeHistograms(model) },
    { section: "weights", spec: weightHistograms(weights) },
    { section: "energy", spec: energyBreakdown(model, "perInference") },
    { section: "energy", spec: energyBreakdown(model, "perTrainingSample") },
    { section: "energy", spec: opsPerPoint(model) },
  ];
  const out: { section: string; title: string; svg: string }[] = [];
  for (const { section, spec } of specs) {
    if (!spec) continue;
    const t = spec.title;
    const title =
      typeof t === "string"
        ? t
        : t && !Array.isArray(t) && typeof t.text === "string"
          ? t.text
          : section;
    out.push({ section, title, svg: await renderSvg(spec) });
  }
  return out;
}

/**
 * White point of a synapse map: the 99.5th percentile of the weights, so a few saturated cells
 * (stuck-at-Gmax devices) do not turn every learned pattern dark.
 */
export function displayMax(weights: Float32Array): number {
  if (weights.length === 0) return 1;
  const sorted = Float32Array.from(weights).sort();
  const q = sorted[Math.min(sorted.length - 1, Math.floor(0.995 * sorted.length))]!;
  return q > 0 ? q : 1;
}

/**
 * Synapse map of each point's first finished seed, redrawn at 1 px per weight to keep the page
 * small, with what the page needs to label it: each tile's position, each neuron's assigned class
 * and the weight shown white (the colour scale's top).
 */
function synapseMaps(model: ReportModel, weightBins: WeightBins): ReportPage["synapseMaps"] {
  const out: ReportPage["synapseMaps"][number][] = [];
  for (const point of model.points) {
    const run = point.runs[0]?.run;
    if (!run) continue;
    const assignment = run.result.assignment ?? null;
    try {
      if (run.weightsPath) {
        const w = readWeights(run.weightsPath);
        weightBins.push({ point, hist: histogramBins(w.weights, WEIGHT_BINS) });
        const wMax = displayMax(w.weights);
        const layout = synapseMapLayout(w.rows, w.cols, { scale: 1 });
        const png = synapseMapPng(w.weights, w.rows, w.cols, { scale: 1, wMax });
        let wMin = Infinity;
        for (const x of w.weights) if (x < wMin) wMin = x;
        out.push({
          point,
          seed: run.replicate,
          dataUri: `data:image/png;base64,${png.toString("base64")}`,
          labels: {
            width: layout.width,
            height: layout.height,
            tile: layout.tile,
            origins: Array.from({ length: w.cols }, (_, n) => layout.origin(n)),
            assignment: assignment && assignment.length === w.cols ? assignment : null,
            wMax,
            wMin,
          },
        });
      } else {
        const png = readFileSync(join(run.dir, "synapse-map.png"));
        out.push({
          point,
          seed: run.replicate,
          dataUri: `data:image/png;base64,${png.toString("base64")}`,
          labels: null,
        });
      }
    } catch {
      // a run without a square input image or without weights: no map
    }
  }
  return out;
}

/**
 * `neuroxbar report DIR`: reads sweep folder `dir` and writes index.html, results.csv, summary.csv,
 * curves.csv and spikes.csv into `out` under a folder lock.
 */
export async function writeReport(
  dir: string,
  out: string,
  onStaleLock?: (message: string) => void,
): Promise<ReportFiles> {
  const results = loadSweepResults(dir);
  if (results.runs.length === 0) {
    throw new DataError(`${dir}: no finished runs yet (expected points/<id>/seed-<s>/result.json)`);
  }
  ensureWritableDir(out);
  const lock = lockFolder(out, { onStale: onStaleLock });
  try {
    return await writeLocked(results, out);
  } finally {
    lock.release();
  }
}

async function writeLocked(
  results: ReturnType<typeof loadSweepResults>,
  out: string,
): Promise<ReportFiles> {
  const model = buildModel(results);
  const planned = buildComparisons(model);
  const found = findings(model);
  const sentences = [...found.sentences, ...comparisonSentences(planned)];
  const weightBins: WeightBins = [];
  const maps = synapseMaps(model, weightBins);
  const page: ReportPage = {
    model,
    findings: { ...found, sentences },
    charts: await charts(model, weightBins, planned),
    comparisons: planned,
    synapseMaps: maps,
    generatedAt: new Date().toISOString(),
    reportVersion: version,
  };
  const files = {
    html: join(out, "index.html"),
    resultsCsv: join(out, "results.csv"),
    summaryCsv: join(out, "summary.csv"),
    curvesCsv: join(out, "curves.csv"),
    spikesCsv: join(out, "spikes.csv"),
    comparisonsCsv: planned.length > 0 ? join(out, "comparisons.csv") : null,
  };
  writeFileAtomic(files.resultsCsv, toCsv(resultsTable(model)));
  writeFileAtomic(files.summaryCsv, toCsv(summaryTable(model)));
  writeFileAtomic(files.curvesCsv, toCsv(curvesTable(model)));
  writeFileAtomic(files.spikesCsv, toCsv(spikesTable(model)));
  if (files.comparisonsCsv) writeFileAtomic(files.comparisonsCsv, toCsv(comparisonsTable(planned)));
  writeFileAtomic(files.html, reportHtml(page));
  return {
    ...files,
    sentences,
    unverified: results.unverified,
    preliminary: model.preliminary,
  };
}
