/**
 * The report page: one self-contained HTML file (inline CSS, inline SVG charts, synapse maps as
 * data URIs, no scripts, no network), readable offline and attachable to an e-mail.
 */
import { formatDelta, type ComparisonResult } from "./comparisons.js";
import type { Findings } from "./findings.js";
import type { PointSummary, ReportModel } from "./model.js";
import { excludesZero, stats, type DifferenceInterval } from "./statistics.js";
import { hotColour } from "./synapse-map.js";
import { formatEnergy, profilePhrase } from "./units.js";

/** What the page needs to label a synapse map drawn from weights.bin. */
export interface SynapseMapLabels {
  /** Image size in pixels. */
  readonly width: number;
  readonly height: number;
  /** Tile side in pixels. */
  readonly tile: number;
  /** Top-left pixel of each neuron's tile. */
  readonly origins: readonly { readonly x: number; readonly y: number }[];
  /** Neuron → assigned class (−1: never fired during label assignment); null when not recorded. */
  readonly assignment: readonly number[] | null;
  /** Weight drawn white (the colour scale's top) and the smallest weight. */
  readonly wMax: number;
  readonly wMin: number;
}

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
    /** Tile positions, classes and colour scale; null for a stored PNG without weights.bin. */
    readonly labels: SynapseMapLabels | null;
  }[];
  readonly generatedAt: string;
  readonly reportVersion: string;
  /** The scenario's planned comparisons, measured (empty when it plans none). */
  readonly comparisons?: readonly ComparisonResult[];
}

/** Escapes &, <, >, " and ' as numeric character references for HTML text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const pct = (x: number): string => (Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)} %`);
const pctSpread = (x: number): string => (Number.isNaN(x) ? "" : ` ± ${(x * 100).toFixed(1)}`);

/** Signed percentage points with one decimal ("−20.0", "+1.3"), from a fraction. */
function signedPp(x: number): string {
  const v = x * 100;
  const text = Math.abs(v).toFixed(1);
  return `${v < 0 && text !== "0.0" ? "−" : v > 0 && text !== "0.0" ? "+" : "±"}${text}`;
}

/** "−20.0 [−24.9, −15.1]" (percentage points, 95 % interval), bold when it excludes zero. */
export function deltaCell(d: DifferenceInterval | null, isReference: boolean): string {
  if (isReference) return "reference";
  if (d === null) return "–";
  if (!Number.isFinite(d.low))
    return `${signedPp(d.mean)} <span class="muted">(no CI: n &lt; 2)</span>`;
  const text = `${signedPp(d.mean)} [${signedPp(d.low)}, ${signedPp(d.high)}]`;
  return excludesZero(d) ? `<b>${text}</b>` : text;
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
  const ref = model.reference;
  const head = [
    "point",
    ...model.axes.map((a) => escapeHtml(a.name)),
    "n",
    "accuracy (mean ± sd)",
    "min – max",
    "Δ versus reference (points, 95 % CI)",
    "dead neurons",
    "energy / inference",
  ];
  const rows = model.points.map((p) => [
    `<code>${p.id}</code>`,
    ...p.labels.map((l) => escapeHtml(l)),
    String(p.accuracy.n),
    `<b>${pct(p.accuracy.mean)}</b>${pctSpread(p.accuracy.std)}`,
    p.accuracy.n > 0 ? `${pct(p.accuracy.min)} – ${pct(p.accuracy.max)}` : "–",
    deltaCell(p.deltaVsReference, p === ref),
    num(stats(p.runs.map((r) => r.deadNeurons)).mean),
    formatEnergy(p.energyPerInferenceJ?.mean),
  ]);
  return `${table(head, rows, "num")}\n<p class="muted note">${summaryNote(model)}</p>`;
}

/** The summary table's note: what Δ is measured against and which interval the column uses. */
export function summaryNote(model: ReportModel): string {
  const ref = model.reference;
  if (!ref) return "";
  const methods = new Set(
    model.points
      .map((p) => p.deltaVsReference)
      .filter((d): d is DifferenceInterval => d !== null && Number.isFinite(d.low))
      .map((d) => d.method),
  );
  const welch =
    "Welch's t interval for the difference of two means over seeds (unequal variances, Welch–Satterthwaite degrees of freedom)";
  const paired =
    "a paired t interval over the replicates both points ran with the same run seed (n − 1 degrees of freedom)";
  const which =
    methods.size === 0
      ? "no interval: every point has fewer than two finished seeds"
      : [...methods].map((m) => (m === "welch" ? welch : paired)).join("; elsewhere ");
  const why = methods.has("welch")
    ? " The runs are not paired by seed: each run's seed is derived from its point id and replicate, so replicate k of two points shares no data order or initial weights."
    : "";
  const zip = model.results.manifest.scenario.mode === "zip" && model.axes.length > 1;
  const decisive =
    model.axes.find((a) => a.role === "non-ideality") ??
    model.axes.find((a) => a.role === "mitigation") ??
    model.axes[0];
  const refText = zip
    ? `the zipped axes at the reference value of ${escapeHtml(decisive!.name)}`
    : model.axes.some((a) => a.role !== "setting" || a.referenceIndex !== 0)
      ? "every axis at its reference value"
      : "the first point (no axis names a reference value)";
  const profile =
    model.energyProfiles.length > 0
      ? ` Energy in engineering units under the ${escapeHtml(profilePhrase(model.energyProfiles))}.`
      : "";
  return (
    `Δ versus reference: the point's mean accuracy minus that of the reference point <code>${ref.id}</code> ` +
    `(${escapeHtml(ref.title)}: ${refText}), in percentage points, with its 95 % confidence interval: ${which}.` +
    `${why} Bold: the interval excludes zero. summary.csv has the same figures as fractions ` +
    `(<code>delta_vs_reference</code>, <code>delta_ci_low</code>, <code>delta_ci_high</code>, <code>delta_ci_method</code>).${profile}`
  );
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
    formatEnergy(mean(p.runs.map((r) => r.energyPerInferenceJ))),
    formatEnergy(mean(p.runs.map((r) => r.energyPerTrainingSampleJ))),
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
    a.path === ""
      ? "(whole configuration: each value is an arm)"
      : `<code>${escapeHtml(a.path)}</code>`,
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
.maps{display:flex;flex-wrap:wrap;gap:16px}.maps figure{margin:0;max-width:360px}.maps img{display:block;width:100%;image-rendering:pixelated}
figcaption{font-size:0.85em;color:#555}code{font-size:0.92em}pre{background:#f6f8fa;padding:12px;overflow-x:auto;font-size:0.85em}
.muted{color:#666}
.banner{background:#fff4ce;border:2px solid #c98a00;color:#5a3d00;padding:10px 16px;margin:12px 0;font-size:1.05em}
.banner b{text-transform:uppercase;letter-spacing:0.04em}h1 .prelim{color:#a35f00}
.map-title{font-size:0.95em;margin:0 0 4px}.map{position:relative;container-type:inline-size;line-height:1;outline:1px solid #ccc}
.map .cls{position:absolute;color:#fff;background:rgba(0,0,40,0.62);font-weight:600;padding:0 0.12em;white-space:nowrap}
.colorbar{display:block;margin-top:6px}`;

/** Colour scale of the synapse maps: the "hot" map from the smallest weight to the white point. */
export function colourBarSvg(wMin: number, wMax: number): string {
  const stops = Array.from({ length: 11 }, (_, i) => {
    const [r, g, b] = hotColour(i / 10);
    return `<stop offset="${i * 10}%" stop-color="rgb(${r},${g},${b})"/>`;
  }).join("");
  const lo = Math.min(0, wMin);
  const ticks = [lo, (lo + wMax) / 2, wMax];
  const x = (w: number): number => 10 + ((w - lo) / (wMax - lo || 1)) * 280;
  const fmt = (w: number): string => Number(w.toPrecision(3)).toString();
  const tickMarks = ticks
    .map(
      (w, i) =>
        `<line x1="${x(w)}" x2="${x(w)}" y1="30" y2="35" stroke="#333"/><text x="${x(w)}" y="47" font-size="11" text-anchor="${i === 0 ? "start" : i === 2 ? "end" : "middle"}">${fmt(w)}${i === 2 ? " and above" : ""}</text>`,
    )
    .join("");
  return (
    `<svg class="colorbar" width="300" height="52" viewBox="0 0 300 52" role="img" aria-label="colour scale of the synapse maps">` +
    `<defs><linearGradient id="hot-scale">${stops}</linearGradient></defs>` +
    `<text x="10" y="11" font-size="11">synaptic weight (colour scale)</text>` +
    `<rect x="10" y="16" width="280" height="14" fill="url(#hot-scale)" stroke="#999"/>${tickMarks}</svg>`
  );
}

type MapEntry = ReportPage["synapseMaps"][number];

/** One synapse map: title, the image with each tile's assigned class, its colour scale, caption. */
function synapseMapFigure(s: MapEntry): string {
  const title = `<h3 class="map-title">Synapse map: ${escapeHtml(s.point.title)} (seed ${s.seed})</h3>`;
  const img = `<img alt="synapse map of ${escapeHtml(s.point.title)}" src="${s.dataUri}">`;
  const l = s.labels;
  if (!l) {
    return `<figure>${title}${img}<figcaption>${escapeHtml(s.point.title)} · seed ${s.seed} · <code>${s.point.id}</code> · stored image (no weights.bin): no class labels or weight scale</figcaption></figure>`;
  }
  // A third of a tile, kept between 8 and 13 px: readable, and the tile's pattern stays visible.
  const fontPct = ((l.tile / l.width) * 100 * 0.34).toFixed(2);
  const classes = l.assignment
    ? l.origins
        .map((o, n) => {
          const c = l.assignment![n]!;
          return `<span class="cls" data-neuron="${n}" style="left:${((o.x / l.width) * 100).toFixed(3)}%;top:${((o.y / l.height) * 100).toFixed(3)}%;font-size:clamp(8px, ${fontPct}cqw, 13px)">${c >= 0 ? c : "–"}</span>`;
        })
        .join("")
    : "";
  const unassigned = l.assignment ? l.assignment.filter((c) => c < 0).length : 0;
  const caption = l.assignment
    ? `Label in each tile: the neuron's assigned class${unassigned > 0 ? ` (– = never fired during label assignment: ${unassigned} of ${l.assignment.length})` : ""}.`
    : "This run's result.json records no class assignment.";
  return (
    `<figure>${title}<div class="map">${img}${classes}</div>${colourBarSvg(l.wMin, l.wMax)}` +
    `<figcaption>${caption} Seed ${s.seed} · <code>${s.point.id}</code>.</figcaption></figure>`
  );
}

/** What --quick changed, for the preliminary banner ("train 1500, test 1000, …"). */
function quickChanges(model: ReportModel): string {
  const q = model.results.manifest.scenario.quick;
  const parts = Object.entries(q?.base ?? {})
    .filter(([, v]) => typeof v === "number" || typeof v === "string")
    .map(([k, v]) => `${k} ${typeof v === "number" ? v.toLocaleString("en-US") : v}`);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/**
 * The scenario's planned comparisons: Δ over the dense early window, at a few checkpoints and at
 * the end, each with its 95 % interval (bold when it excludes zero); every checkpoint in
 * comparisons.csv and the chart.
 */
function comparisonsSection(page: ReportPage): string {
  const list = page.comparisons ?? [];
  if (list.length === 0) return "";
  const cell = (w: { delta: Parameters<typeof formatDelta>[0] } | null | undefined): string => {
    if (!w) return "–";
    const text = escapeHtml(formatDelta(w.delta).replace(" points", ""));
    return text.includes("not resolved") ? text : `<b>${text}</b>`;
  };
  const until = list.find((r) => r.earlyUntil !== null)?.earlyUntil ?? null;
  const marks = [...new Set(list.flatMap((r) => r.checkpoints.map((w) => w.window as number)))]
    .sort((a, b) => a - b)
    .filter((n, i, all) => i === 0 || n === until || i === all.length - 1);
  const head = [
    "comparison (Δ = a − b, points)",
    ...(until !== null ? [`early: mean over checkpoints ≤ ${until.toLocaleString("en-US")}`] : []),
    ...marks.map((n) => `at ${n.toLocaleString("en-US")}`),
    "final test",
  ];
  const rows = list.map((r) => {
    const at = (n: number) => r.checkpoints.find((w) => w.window === n);
    return `<tr><td>${escapeHtml(r.label)}<br><span class="muted">${escapeHtml(r.a.labels.join(" · "))} − ${escapeHtml(r.b.labels.join(" · "))}</span></td>${until !== null ? `<td>${cell(r.early)}</td>` : ""}${marks.map((n) => `<td>${cell(at(n))}</td>`).join("")}<td>${cell(r.final)}</td></tr>`;
  });
  const method = list[0]?.final?.delta.method === "paired" ? "paired t" : "Welch t";
  return `<h2>Planned comparisons</h2>
<p class="muted">The scenario's own contrasts. Each cell: mean Δ in percentage points [95 % ${method} interval over seeds]; bold when the interval excludes zero. The early column averages each run over its checkpoints up to the end of the dense grid, then compares those run means, so its interval is over seeds. Every checkpoint is in <a href="comparisons.csv">comparisons.csv</a>.</p>
<table class="num"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
${(() => {
  const chart = page.charts.filter((c) => c.section === "comparisons");
  return chart
    .map((c) => `<div class="chart" role="img" aria-label="${escapeHtml(c.title)}">${c.svg}</div>`)
    .join("\n");
})()}`;
}

/** Renders the self-contained index.html of a sweep report. */
export function reportHtml(page: ReportPage): string {
  const { model, findings } = page;
  const m = model.results.manifest;
  const prelim = model.preliminary;
  const title = `${m.scenario.name}${prelim ? " — PRELIMINARY (quick size)" : ""} — NeuroXbar report`;
  const heading = prelim
    ? `${escapeHtml(m.scenario.name)} <span class="prelim">— PRELIMINARY (quick size)</span> — NeuroXbar report`
    : escapeHtml(title);
  const banner = prelim
    ? `<div class="banner" role="note"><b>Preliminary</b>: this sweep ran at the scenario's --quick size${escapeHtml(quickChanges(model))}, ${m.seeds.length} seed${m.seeds.length === 1 ? "" : "s"}. Its figures show trends, not results: run the full size before quoting them.</div>`
    : "";
  const chartsOf = (section: string): string => {
    const list = page.charts.filter((c) => c.section === section);
    if (list.length === 0)
      return `<p class="muted">Nothing to show: the result files have no data for this section.</p>`;
    return `<div class="charts">${list.map((c) => `<div class="chart" role="img" aria-label="${escapeHtml(c.title)}">${c.svg}</div>`).join("\n")}</div>`;
  };
  const maps = page.synapseMaps.length
    ? `<div class="maps">${page.synapseMaps.map(synapseMapFigure).join("\n")}</div>`
    : `<p class="muted">No weights in the result folders.</p>`;
  const firstConfig = model.results.runs[0]?.result.config;
  const profile = escapeHtml(profilePhrase(model.energyProfiles));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body>
<h1>${heading}</h1>
${banner}
<p class="muted">${escapeHtml(m.scenario.description)}</p>
<div class="lead">${findings.sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join("\n")}</div>
<h2>Summary over seeds</h2>
${summarySection(model)}
<p class="muted">Files: <a href="results.csv">results.csv</a> (one row per point × seed), <a href="summary.csv">summary.csv</a> (mean, standard deviation and n per point, Δ versus reference with its interval), <a href="curves.csv">curves.csv</a> (accuracy versus training samples, per checkpoint), <a href="spikes.csv">spikes.csv</a> (spike counts per neuron and phase).</p>
${comparisonsSection(page)}
<h2>Accuracy versus the swept parameters</h2>
<p class="muted">Lines: mean over seeds; bars: ± one standard deviation; dots: individual seeds.</p>
${chartsOf("axes")}
<h2>Accuracy versus training samples</h2>
${chartsOf("curve")}
<h2>Accuracy versus energy</h2>
<p class="muted">One marker per point: mean over seeds, bars ± one standard deviation over seeds on both axes; ${profile}.</p>
${chartsOf("tradeoff")}
<h2>Synapse maps</h2>
<p class="muted">Each neuron's input weights as a square tile (28 × 28 for MNIST) on the colour scale under each map (dark = the smallest weight, white = the 99.5th percentile of the weights, so a few saturated cells do not hide the patterns), first finished seed of each point; the number in a tile's corner is the class the neuron was assigned in label assignment.</p>
${maps}
<h2>Weight distributions</h2>
<p class="muted">The weights of the synapse maps above, one histogram per point: Freedman–Diaconis bins (5–40), synapse counts on a log(1 + n) scale so the few cells piled at a bound (saturated or stuck devices) show next to the bulk.</p>
${chartsOf("weights")}
<h2>Spike counts per neuron</h2>
<p class="muted">Label assignment, seeds pooled. Bins by the Freedman–Diaconis rule (Sturges' when the interquartile range is zero), 5–30 per panel; the neuron count is on a log(1 + n) scale, so one dominant neuron's bar shows next to a bin of hundreds. A bar at 0 means dead neurons (never fired during label assignment); a long tail means a few dominant neurons.</p>
${chartsOf("spikes")}
<h2>Energy and operations</h2>
<p class="muted">Energies under the ${profile}, in engineering units.</p>
${chartsOf("energy")}
${opsSection(model)}
<h2>Configuration and provenance</h2>
${axesSection(model)}
${provenanceSection(page)}
<details><summary>Full configuration of the first run</summary><pre>${escapeHtml(JSON.stringify(firstConfig ?? {}, null, 2))}</pre></details>
</body></html>
`;
}
