/**
 * The report page: one self-contained HTML file (inline CSS, inline SVG charts, synapse maps as
 * data URIs, no scripts, no network), readable offline and attachable to an e-mail.
 */
import type { Findings } from "./findings.js";
import type { PointSummary, ReportModel } from "./model.js";
import { stats } from "./statistics.js";

/**
 * Everything the HTML report shows: the model, findings, rendered SVG charts, one synapse map per
 * point, generation time and version.
 */
export interface ReportPage {
  readonly model: ReportModel;
  readonly findings: Findings;
  /** Titled chart sections, already rendered to SVG. */
  readonly charts: readonly {
    readonly section: string;
    readonly title: string;
    readonly svg: string;
  }[];
  /** One synapse map per point (first finished seed), PNG as a data URI. */
  readonly synapseMaps: readonly {
    readonly point: PointSummary;
    readonly seed: number;
    readonly dataUri: string;
  }[];
  readonly generatedAt: string;
  readonly reportVersion: string;
}

/** Escapes &, <, >, " and ' as numeric character references for HTML text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const pct = (x: number): string => (Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)} %`);
const pctSpread = (x: number): string => (Number.isNaN(x) ? "" : ` ± ${(x * 100).toFixed(1)}`);

function sci(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  return x === 0
    ? "0"
    : x
        .toExponential(2)
        .replace("e", " × 10^")
        .replace(/\^\+?(-?\d+)$/, "<sup>$1</sup>");
}

function num(x: number): string {
  if (Number.isNaN(x)) return "–";
  return x >= 1000 ? Math.round(x).toLocaleString("en-US") : x.toFixed(x < 10 ? 2 : 1);
}

function table(head: readonly string[], rows: readonly (readonly string[])[], cls = ""): string {
  const th = head.map((h) => `<th>${h}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table class="${cls}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function summarySection(model: ReportModel): string {
  const head = [
    "point",
    ...model.axes.map((a) => escapeHtml(a.name)),
    "n",
    "accuracy (mean ± sd)",
    "min – max",
    "dead neurons",
    "energy / inference",
  ];
  const rows = model.points.map((p) => [
    `<code>${p.id}</code>`,
    ...p.labels.map((l) => escapeHtml(l)),
    String(p.accuracy.n),
    `<b>${pct(p.accuracy.mean)}</b>${pctSpread(p.accuracy.std)}`,
    p.accuracy.n > 0 ? `${pct(p.accuracy.min)} – ${pct(p.accuracy.max)}` : "–",
    num(stats(p.runs.map((r) => r.deadNeurons)).mean),
    p.energyPerInferenceJ ? `${sci(p.energyPerInferenceJ.mean)} J` : "–",
  ]);
  return table(head, rows, "num");
}

function opsSection(model: ReportModel): string {
  const head = [
    "point",
    "synaptic events / test image",
    "write pulses / training sample",
    "energy / inference",
    "energy / training sample",
    "run time (s)",
  ];
  const mean = (xs: readonly (number | null)[]): number => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length > 0 ? stats(v).mean : NaN;
  };
  const rows = model.points.map((p) => [
    escapeHtml(p.title),
    num(mean(p.runs.map((r) => r.synapticEventsPerTestImage))),
    num(mean(p.runs.map((r) => r.writePulsesPerTrainingSample))),
    `${sci(mean(p.runs.map((r) => r.energyPerInferenceJ)))} J`,
    `${sci(mean(p.runs.map((r) => r.energyPerTrainingSampleJ)))} J`,
    num(mean(p.runs.map((r) => r.seconds))),
  ]);
  return table(head, rows, "num");
}

function unique(values: readonly (string | null | undefined)[]): string {
  const set = [...new Set(values.filter((v): v is string => typeof v === "string" && v !== ""))];
  return set.length > 0 ? set.map(escapeHtml).join("<br>") : "–";
}

function provenanceSection(page: ReportPage): string {
  const { model } = page;
  const m = model.results.manifest;
  const runs = model.results.runs.map((r) => r.result);
  const seconds = runs.reduce((s, r) => s + (r.timings?.totalSeconds ?? 0), 0);
  const finished = runs
    .map((r) => r.timings?.finishedAt)
    .filter((t): t is string => !!t)
    .sort();
  const machines = runs.map((r) => {
    const p = r.provenance;
    return p
      ? `${p.cpuModel ?? "?"} × ${p.cpuCount ?? "?"}, ${p.platform ?? "?"}/${p.arch ?? "?"}, Node ${p.node ?? "?"}`
      : null;
  });
  const rows: [string, string][] = [
    [
      "scenario",
      `<b>${escapeHtml(m.scenario.name)}</b> (${escapeHtml(m.source)}), ${m.variant} size`,
    ],
    ["description", escapeHtml(m.scenario.description || "–")],
    ["scenario hash", `<code>${m.scenarioHash}</code>`],
    ["sweep hash", `<code>${m.sweepHash}</code> (every run's key and configuration)`],
    [
      "seeds",
      `scenario seed ${m.scenario.seed}; replicates ${m.seeds.join(", ")}; each run's seed = first 48 bits of SHA-256("neuroxbar/run-seed/v1|scenario seed|point id|replicate")`,
    ],
    [
      "runs",
      `${model.results.runs.length} of ${m.runs.length} finished${
        model.results.missing.length > 0
          ? ` (missing: ${model.results.missing
              .slice(0, 8)
              .map((k) => `<code>${k}</code>`)
              .join(", ")}${model.results.missing.length > 8 ? ", …" : ""})`
          : ""
      }`,
    ],
    ["NeuroXbar version", unique(runs.map((r) => r.version))],
    ["git commit", unique(runs.map((r) => r.provenance?.gitCommit))],
    [
      "dataset",
      unique(
        runs.map((r) =>
          r.dataset ? `${r.dataset.name} (checksums ${r.dataset.checksums ?? "?"})` : null,
        ),
      ),
    ],
    ["machine", unique(machines)],
    [
      "run time",
      `${num(seconds)} s of compute over ${runs.length} runs${finished.length > 0 ? `; finished ${escapeHtml(finished[0]!)} … ${escapeHtml(finished[finished.length - 1]!)}` : ""}`,
    ],
    [
      "report",
      `generated ${escapeHtml(page.generatedAt)} by NeuroXbar ${escapeHtml(page.reportVersion)}`,
    ],
  ];
  return table(
    ["", ""],
    rows.map(([k, v]) => [`<b>${k}</b>`, v]),
    "kv",
  );
}

function axesSection(model: ReportModel): string {
  const head = ["axis", "field path", "role", "values", "reference"];
  const rows = model.axes.map((a) => [
    escapeHtml(a.name),
    `<code>${escapeHtml(a.path)}</code>`,
    a.role,
    a.labels.map(escapeHtml).join(", ") + (a.unit ? ` ${escapeHtml(a.unit)}` : ""),
    a.role === "setting" ? "–" : escapeHtml(a.labels[a.referenceIndex] ?? ""),
  ]);
  const mode = model.results.manifest.scenario.mode;
  return `<p>${model.axes.length === 0 ? "No axes: one point." : `Mode <b>${mode}</b>: ${mode === "grid" ? "every combination of the axes' values" : "the i-th values of every axis together"}.`}</p>${model.axes.length > 0 ? table(head, rows) : ""}`;
}

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1200px;padding:24px;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:0.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:4px}
.lead{font-size:1.08em;background:#f6f8fa;border-left:4px solid #4c78a8;padding:12px 16px}
table{border-collapse:collapse;margin:12px 0;font-size:0.92em}th,td{border:1px solid #ddd;padding:4px 8px;vertical-align:top}
th{background:#f3f3f3;text-align:left}table.num td{text-align:right}table.num td:first-child{text-align:left}
table.kv td:first-child{white-space:nowrap}.charts{display:flex;flex-wrap:wrap;gap:24px}.chart{max-width:100%;overflow-x:auto}
.maps{display:flex;flex-wrap:wrap;gap:16px}.maps figure{margin:0;max-width:360px}.maps img{width:100%;image-rendering:pixelated;border:1px solid #ccc}
figcaption{font-size:0.85em;color:#555}code{font-size:0.92em}pre{background:#f6f8fa;padding:12px;overflow-x:auto;font-size:0.85em}
.muted{color:#666}`;

/** Renders the self-contained index.html of a sweep report. */
export function reportHtml(page: ReportPage): string {
  const { model, findings } = page;
  const m = model.results.manifest;
  const title = `${m.scenario.name}${m.variant === "quick" ? " (quick)" : ""} — NeuroXbar report`;
  const chartsOf = (section: string): string => {
    const list = page.charts.filter((c) => c.section === section);
    if (list.length === 0)
      return `<p class="muted">Nothing to show: the result files have no data for this section.</p>`;
    return `<div class="charts">${list.map((c) => `<div class="chart" role="img" aria-label="${escapeHtml(c.title)}">${c.svg}</div>`).join("\n")}</div>`;
  };
  const maps = page.synapseMaps.length
    ? `<div class="maps">${page.synapseMaps
        .map(
          (s) =>
            `<figure><img alt="synapse map of ${escapeHtml(s.point.title)}" src="${s.dataUri}"><figcaption>${escapeHtml(s.point.title)} · seed ${s.seed} · <code>${s.point.id}</code></figcaption></figure>`,
        )
        .join("\n")}</div>`
    : `<p class="muted">No weights in the result folders.</p>`;
  const firstConfig = model.results.runs[0]?.result.config;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${escapeHtml(m.scenario.description)}</p>
<div class="lead">${findings.sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join("\n")}</div>
<h2>Summary over seeds</h2>
${summarySection(model)}
<p class="muted">Files: <a href="results.csv">results.csv</a> (one row per point × seed), <a href="summary.csv">summary.csv</a> (mean, standard deviation and n per point), <a href="curves.csv">curves.csv</a> (accuracy versus training samples, per checkpoint), <a href="spikes.csv">spikes.csv</a> (spike counts per neuron and phase).</p>
<h2>Accuracy versus the swept parameters</h2>
<p class="muted">Lines: mean over seeds; bars: ± one standard deviation; dots: individual seeds.</p>
${chartsOf("axes")}
<h2>Accuracy versus training samples</h2>
${chartsOf("curve")}
<h2>Synapse maps</h2>
<p class="muted">Each neuron's input weights as a square tile (28 × 28 for MNIST; dark = 0, white = the 99.5th percentile of the weights, so a few saturated cells do not hide the patterns), first finished seed of each point.</p>
${maps}
<h2>Spike counts per neuron</h2>
<p class="muted">A bar at 0 means dead neurons (never fired during label assignment); a long tail means a few dominant neurons.</p>
${chartsOf("spikes")}
<h2>Energy and operations</h2>
${chartsOf("energy")}
${opsSection(model)}
<h2>Configuration and provenance</h2>
${axesSection(model)}
${provenanceSection(page)}
<details><summary>Full configuration of the first run</summary><pre>${escapeHtml(JSON.stringify(firstConfig ?? {}, null, 2))}</pre></details>
</body></html>
`;
}
