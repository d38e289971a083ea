/**
 * Writes the device design report from a design folder: DIR/design-plan.json (the plan),
 * DIR/device-card.json (the card data) and DIR/runs (the sweep). Reads result files only.
 * Output: index.html (sections 1–7), one CSV and one JSON per table (attribution.csv,
 * requirements.csv, …). The PDF is printed from index.html by the command (a browser).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "../../core/atomic.js";
import type { DeviceCard } from "../../design/device-card.js";
import { OFF_SWITCH, type DesignPlan } from "../../design/plan.js";
import { formatSi, COMPONENT_LABELS } from "../../energy/format.js";
import { escapeHtml } from "../html.js";
import { loadSweepResults } from "../load-results.js";
import { renderSvg } from "../render-svg.js";
import {
  armEnergy,
  armResults,
  attribution,
  attributionTable,
  energyRows,
  mitigations,
  mitigationsTable,
  pts,
  ranking,
  rankingTable,
  requirementGridTable,
  requirements,
  requirementsTable,
  toleranceText,
  checkTable,
  lossTotalTable,
  settingsTable,
  type Table,
} from "./analyse.js";
import { summarySentences } from "./summary.js";

export interface DesignReportFiles {
  readonly html: string;
  readonly csv: readonly string[];
  readonly summary: readonly string[];
}

function toCsv(t: Table): string {
  return stringify([t.columns as string[], ...(t.rows as (string | number | boolean)[][])], {
    cast: { boolean: (b) => (b ? "true" : "false") },
  });
}

function toJson(t: Table): string {
  return `${JSON.stringify(
    t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]]))),
    null,
    2,
  )}\n`;
}

function htmlTable(t: Table, caption?: string): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r
          .map((c) => {
            const s =
              typeof c === "number"
                ? Number.isInteger(c)
                  ? String(c)
                  : Number(c.toPrecision(4)).toString()
                : String(c);
            return `<td>${escapeHtml(s)}</td>`;
          })
          .join("")}</tr>`,
    )
    .join("\n");
  return `<div class="table"><table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ""}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

async function chart(spec: TopLevelSpec): Promise<string> {
  return `<div class="chart">${await renderSvg(spec)}</div>`;
}

/** A display unit for conductances (µS or nS). */
function gUnit(gMaxS: number): { f: number; u: string } {
  return gMaxS >= 1e-6 ? { f: 1e6, u: "µS" } : { f: 1e9, u: "nS" };
}

async function cardCharts(card: DeviceCard): Promise<string> {
  const { f, u } = gUnit(card.gMaxS);
  const curve = card.curve.map((r) => ({
    pulse: r.pulse,
    phase: r.phase.toUpperCase(),
    nominal: r.nominalS * f,
    p05: r.p05S * f,
    p95: r.p95S * f,
  }));
  const response: TopLevelSpec = {
    title: `${card.name}: LTP then LTD pulse response (nominal, and 5–95 % of ${card.bandDevices} devices)`,
    width: 480,
    height: 260,
    data: { values: curve },
    layer: [
      {
        mark: { type: "area", opacity: 0.25 },
        encoding: {
          x: { field: "pulse", type: "quantitative", title: "pulses applied" },
          y: { field: "p05", type: "quantitative", title: `conductance (${u})` },
          y2: { field: "p95" },
          color: { field: "phase", type: "nominal", title: "train" },
        },
      },
      {
        mark: { type: "line" },
        encoding: {
          x: { field: "pulse", type: "quantitative" },
          y: { field: "nominal", type: "quantitative" },
          color: { field: "phase", type: "nominal", title: "train" },
        },
      },
    ],
  } as TopLevelSpec;
  const steps: TopLevelSpec = {
    title: "Step size of one nominal pulse against conductance (asymmetry shows as two curves)",
    width: 480,
    height: 260,
    data: {
      values: card.steps.map((s) => ({
        g: s.conductanceS * f,
        step: s.stepS * f,
        direction: s.direction === "ltp" ? "LTP (potentiation)" : "LTD (depression)",
      })),
    },
    mark: { type: "point", size: 14, filled: true },
    encoding: {
      x: { field: "g", type: "quantitative", title: `conductance before the pulse (${u})` },
      y: { field: "step", type: "quantitative", title: `|ΔG| per pulse (${u})` },
      color: { field: "direction", type: "nominal", title: "direction" },
    },
  } as TopLevelSpec;
  let html = (await chart(response)) + (await chart(steps));
  if (card.fit) {
    const pts2 = card.fit.points.map((p) => ({
      pulse: p.pulse,
      train: `${p.direction.toUpperCase()} train ${p.train}`,
      measured: p.measuredS * f,
      fitted: p.fittedS * f,
      residual: p.residualS * f,
    }));
    html += await chart({
      title: "Measured points against the fitted curve",
      width: 480,
      height: 260,
      data: { values: pts2 },
      layer: [
        {
          mark: { type: "point", size: 16 },
          encoding: {
            x: { field: "pulse", type: "quantitative", title: "pulse in train" },
            y: { field: "measured", type: "quantitative", title: `conductance (${u})` },
            color: { field: "train", type: "nominal", title: "train", legend: { columns: 2 } },
          },
        },
        {
          mark: { type: "line", color: "black" },
          encoding: {
            x: { field: "pulse", type: "quantitative" },
            y: { field: "fitted", type: "quantitative" },
            detail: { field: "train", type: "nominal" },
          },
        },
      ],
    } as TopLevelSpec);
    html += await chart({
      title: "Residuals (measured − fitted)",
      width: 480,
      height: 200,
      data: { values: pts2 },
      mark: { type: "point", size: 14 },
      encoding: {
        x: { field: "pulse", type: "quantitative", title: "pulse in train" },
        y: { field: "residual", type: "quantitative", title: `residual (${u})` },
        color: { field: "train", type: "nominal", title: "train", legend: { columns: 2 } },
      },
    } as TopLevelSpec);
  }
  return html;
}

function barWithCi(
  title: string,
  rows: { label: string; value: number; lo: number; hi: number; flag: string }[],
  xTitle: string,
): TopLevelSpec {
  return {
    title,
    width: 480,
    height: { step: 18 },
    data: { values: rows },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          y: {
            field: "label",
            type: "nominal",
            sort: null,
            title: null,
            axis: { labelLimit: 0 },
          },
          x: { field: "value", type: "quantitative", title: xTitle },
          color: { field: "flag", type: "nominal", title: null, legend: { orient: "bottom" } },
        },
      },
      {
        mark: { type: "rule" },
        encoding: {
          y: { field: "label", type: "nominal", sort: null },
          x: { field: "lo", type: "quantitative" },
          x2: { field: "hi" },
        },
      },
    ],
  } as TopLevelSpec;
}

const ci = (x: number) => (Number.isFinite(x) ? x : 0);

export async function writeDesignReport(dir: string): Promise<DesignReportFiles> {
  const plan = JSON.parse(readFileSync(join(dir, "design-plan.json"), "utf8")) as DesignPlan;
  const card = JSON.parse(readFileSync(join(dir, "device-card.json"), "utf8")) as DeviceCard;
  const results = loadSweepResults(join(dir, "runs"));
  const arms = armResults(plan, results);
  const rank = ranking(plan, arms);
  const att = attribution(plan, arms, OFF_SWITCH);
  const req = requirements(plan, arms);
  const mit = mitigations(plan, arms);
  const energy = energyRows(arms);
  const summary = summarySentences({
    plan,
    ranking: rank,
    total: att.total,
    attribution: att.rows,
    check: att.check,
    requirements: req,
    mitigations: mit,
  });

  const settings = settingsTable(plan, results.runs.length, results.missing.length);
  const check = checkTable(att.check);
  const lossTotal = lossTotalTable(plan.device.name, att.total, att.rows);
  const params: Table = {
    columns: ["parameter", "value", "unit", "meaning", "source"],
    rows: card.parameters.map((p) => [p.name, p.value, p.unit, p.meaning, p.source]),
  };
  const fitTable: Table | null = card.fit
    ? {
        columns: ["parameter", "value", "bootstrap_sd", "resamples"],
        rows: card.fit.uncertainties.map((u) => [
          u.name,
          u.value,
          Number.isFinite(u.bootstrapSd) ? u.bootstrapSd : "",
          u.resamples,
        ]),
      }
    : null;
  const curveTable: Table = {
    columns: ["pulse", "train", "nominal_S", "p05_S", "p95_S"],
    rows: card.curve.map((r) => [r.pulse, r.phase, r.nominalS, r.p05S, r.p95S]),
  };
  const stepsTable: Table = {
    columns: ["direction", "conductance_S", "step_S"],
    rows: card.steps.map((s) => [s.direction, s.conductanceS, s.stepS]),
  };
  const tables: Record<string, Table | null> = {
    settings,
    ranking: rankingTable(rank),
    attribution: attributionTable(att.rows),
    "attribution-check": check,
    "loss-total": lossTotal,
    requirements: requirementsTable(req, plan.lossBudgetPoints),
    "requirements-grid": requirementGridTable(req),
    mitigations: mitigationsTable(mit),
    energy: energy.table,
    operations: energy.ops,
    "device-parameters": params,
    "device-response": curveTable,
    "device-steps": stepsTable,
    "fit-uncertainty": fitTable,
    "fit-points": card.fit
      ? {
          columns: ["train", "direction", "pulse", "measured_S", "fitted_S", "residual_S"],
          rows: card.fit.points.map((p) => [
            p.train,
            p.direction,
            p.pulse,
            p.measuredS,
            p.fittedS,
            p.residualS,
          ]),
        }
      : null,
  };
  const csv: string[] = [];
  for (const [name, t] of Object.entries(tables)) {
    if (!t) continue;
    writeFileAtomic(join(dir, `${name}.csv`), toCsv(t));
    writeFileAtomic(join(dir, `${name}.json`), toJson(t));
    csv.push(join(dir, `${name}.csv`));
  }

  // ---------------------------------------------------------------- the page
  const rankChart = await chart(
    barWithCi(
      "Test accuracy, same network and seeds (mean, 95 % CI)",
      rank.map((r) => ({
        label: r.label,
        value: r.accuracy.mean,
        lo: r.accuracy.mean - ci(r.accuracy.ci),
        hi: r.accuracy.mean + ci(r.accuracy.ci),
        flag: r.atChance ? "at chance (not compared)" : r.role,
      })),
      "test accuracy (%)",
    ),
  );
  const attRows = att.rows.filter((r) => r.present && r.pointsLost);
  const attChart =
    attRows.length > 0
      ? await chart(
          barWithCi(
            "Points each non-ideality costs (accuracy with it off − device; 95 % CI)",
            attRows.map((r) => ({
              label: r.label,
              value: r.pointsLost!.mean,
              lo: r.pointsLost!.mean - ci(r.pointsLost!.ci),
              hi: r.pointsLost!.mean + ci(r.pointsLost!.ci),
              flag: r.atChance ? "at chance" : "measured",
            })),
            "points lost",
          ),
        )
      : "";
  const reqChart = await chart({
    title: `Loss against ideal for each non-ideality alone (others ideal); dashed: the ${plan.lossBudgetPoints}-point budget`,
    data: {
      values: req.flatMap((r) =>
        r.grid.map((g) => ({
          parameter: `${r.spec.parameter} (${r.spec.unit})`,
          value: g.value,
          loss: g.loss.mean,
          lo: g.loss.mean - ci(g.loss.ci),
          hi: g.loss.mean + ci(g.loss.ci),
          budget: plan.lossBudgetPoints,
        })),
      ),
    },
    facet: {
      field: "parameter",
      type: "nominal",
      title: null,
      header: { labelLimit: 0, labelFontSize: 11 },
    },
    columns: 3,
    spec: {
      width: 200,
      height: 140,
      layer: [
        {
          mark: { type: "line", point: true },
          encoding: {
            x: { field: "value", type: "quantitative", scale: { type: "log" }, title: "value" },
            y: { field: "loss", type: "quantitative", title: "loss (points)" },
          },
        },
        {
          mark: { type: "rule" },
          encoding: {
            x: { field: "value", type: "quantitative" },
            y: { field: "lo", type: "quantitative" },
            y2: { field: "hi" },
          },
        },
        {
          mark: { type: "rule", strokeDash: [4, 3], color: "firebrick" },
          encoding: { y: { field: "budget", type: "quantitative" } },
        },
      ],
    },
    resolve: { scale: { x: "independent" } },
  } as TopLevelSpec);
  const mitRows = mit.filter((m) => m.accuracy && m.energy);
  const base = armEnergy(arms.get("device")!);
  const mitChart = await chart({
    title: "Accuracy against training energy per sample (device open-loop and mitigations)",
    width: 480,
    height: 260,
    data: {
      values: [
        {
          label: `${plan.device.name} (open-loop)`,
          accuracy: arms.get("device")!.accuracy.mean,
          energy: base.perTrainingSampleJ * 1e9,
        },
        ...mitRows.map((m) => ({
          label: m.label,
          accuracy: m.accuracy!.mean,
          energy: m.energy!.perTrainingSampleJ * 1e9,
        })),
      ],
    },
    mark: { type: "point", filled: true, size: 80 },
    encoding: {
      x: {
        field: "energy",
        type: "quantitative",
        title: "training energy per sample (nJ)",
        scale: { zero: false },
      },
      y: {
        field: "accuracy",
        type: "quantitative",
        title: "test accuracy (%)",
        scale: { zero: false },
      },
      color: {
        field: "label",
        type: "nominal",
        title: null,
        legend: { orient: "bottom", columns: 1, labelLimit: 0 },
      },
    },
  } as TopLevelSpec);
  const energyChart = await chart({
    title: `Energy by component (profile: ${energy.profile || "unknown"})`,
    width: 420,
    height: { step: 26 },
    data: {
      values: energy.table.rows
        .filter((r) => r[2] !== "total" && Number(r[3]) > 0)
        .map((r) => ({
          what: `${r[0]} · ${r[1]}`,
          component: COMPONENT_LABELS[r[2] as keyof typeof COMPONENT_LABELS] ?? String(r[2]),
          nJ: Number(r[3]) * 1e9,
        })),
    },
    mark: { type: "bar" },
    encoding: {
      y: { field: "what", type: "nominal", title: null, axis: { labelLimit: 0 } },
      x: { field: "nJ", type: "quantitative", title: "energy (nJ)" },
      color: {
        field: "component",
        type: "nominal",
        title: "component",
        legend: { orient: "bottom", columns: 2, labelLimit: 0 },
      },
    },
  } as TopLevelSpec);

  const pm = (m: string | number | boolean, c: string | number | boolean) =>
    c === "" || c === undefined ? String(m) : `${m} ± ${c}`;
  const col = (t: Table, name: string) => t.columns.indexOf(name);
  const pick = (t: Table, names: readonly string[], headers: readonly string[]): Table => ({
    columns: headers,
    rows: t.rows.map((r) =>
      names.map((n) => {
        const [a, b] = n.split("±");
        return b === undefined ? r[col(t, a!)]! : pm(r[col(t, a!)]!, r[col(t, b)]!);
      }),
    ),
  });
  const rankView = pick(
    tables.ranking!,
    [
      "rank",
      "arm",
      "role",
      "accuracy_percent±accuracy_ci95",
      "delta_vs_ideal_points±delta_ci95",
      "at_chance",
    ],
    ["rank", "arm", "role", "accuracy (%)", "Δ versus ideal (points)", "at chance"],
  );
  const attView = pick(
    tables.attribution!,
    [
      "label",
      "present",
      "device_value",
      "switched_off_as",
      "accuracy_off_percent",
      "points_lost±points_lost_ci95",
      "at_chance",
    ],
    [
      "non-ideality",
      "present",
      "device",
      "switched off as",
      "accuracy off (%)",
      "points lost",
      "at chance",
    ],
  );
  const reqView = pick(
    tables.requirements!,
    [
      "parameter",
      "unit",
      "tolerance_found",
      "device_value",
      "verdict",
      "margin_factor",
      "resolved_from_seed_spread",
    ],
    [
      "parameter",
      "unit",
      `tolerance (${plan.lossBudgetPoints}-point budget)`,
      "device",
      "verdict",
      "margin (×)",
      "resolved",
    ],
  );
  const mitView: Table = {
    columns: [
      "mitigation",
      "accuracy (%)",
      "points recovered",
      "training energy / sample",
      "× open-loop",
      "programming time / sample",
      "verify reads / sample",
    ],
    rows: mit.map((m) => [
      m.upperBound ? `${m.label} — not a chip` : m.label,
      m.accuracy ? pm(pts(m.accuracy.mean), pts(m.accuracy.ci)) : "does not apply",
      m.recovered ? pm(pts(m.recovered.mean), pts(m.recovered.ci)) : "",
      m.energy ? formatSi(m.energy.perTrainingSampleJ, "J") : "",
      m.trainingEnergyRatio === null
        ? ""
        : tables.mitigations!.rows.find((r) => r[0] === m.key)![
            col(tables.mitigations!, "training_energy_ratio")
          ]!,
      m.energy && Number.isFinite(m.energy.programmingTimePerSampleS)
        ? formatSi(m.energy.programmingTimePerSampleS, "s")
        : "",
      m.energy && Number.isFinite(m.energy.verifyReadsPerSample)
        ? Number(m.energy.verifyReadsPerSample.toPrecision(3))
        : "",
    ]),
  };
  const mitNotes = mit
    .map((m) => `<li><b>${escapeHtml(m.label)}</b>: ${escapeHtml(m.notApplicable ?? m.what)}</li>`)
    .join("");
  const arms2 = ["device", "ideal"].map((id) => arms.get(id)!.arm.label);
  const pivot = (
    rows: readonly (readonly (string | number | boolean)[])[],
    keyCol: number,
    label: (k: string) => string,
    value: (v: number) => string | number,
  ): Table => {
    const keys = [...new Set(rows.map((r) => String(r[keyCol])))];
    const cols: string[] = [];
    for (const a of arms2)
      for (const per of ["per inference", "per training sample"]) cols.push(`${a} · ${per}`);
    return {
      columns: ["", ...cols],
      rows: keys.map((k) => [
        label(k),
        ...arms2.flatMap((a) =>
          ["per inference", "per training sample"].map((per) => {
            const r = rows.find(
              (x) =>
                x[0] === a && String(x[keyCol]) === k && (x.length === 4 ? x[1] === per : true),
            );
            return r ? value(Number(r[3])) : "";
          }),
        ),
      ]),
    };
  };
  const energyView = pivot(
    energy.table.rows,
    2,
    (k) => (k === "total" ? "total" : (COMPONENT_LABELS[k as keyof typeof COMPONENT_LABELS] ?? k)),
    (v) => formatSi(v, "J"),
  );
  const opsView: Table = {
    columns: [
      "operation",
      ...arms2.flatMap((a) => [`${a} · per inference`, `${a} · per training sample`]),
    ],
    rows: [...new Set(energy.ops.rows.map((r) => String(r[1])))].map((op) => [
      op,
      ...arms2.flatMap((a) => {
        const r = energy.ops.rows.find((x) => x[0] === a && x[1] === op);
        const f = (v: unknown) =>
          typeof v === "number" && Number.isFinite(v) ? Number(v.toPrecision(4)) : "";
        return r ? [f(r[2]), f(r[3])] : ["", ""];
      }),
    ]),
  };

  const prelim =
    plan.variant === "quick"
      ? `<p class="prelim">PRELIMINARY — quick size (${plan.sizes.neurons} neurons, ${plan.sizes.train} training images, ${plan.seeds.length} seeds, coarse search): indicative only; run without --quick for the report.</p>`
      : "";
  const deviceCardTitle = `${card.name} — ${card.model} (${card.modelTitle})`;
  const reqNotes = req
    .map(
      (r) =>
        `<li>${escapeHtml(r.spec.parameter)}: ${escapeHtml(toleranceText(r) || "—")}; set as ${escapeHtml(r.spec.how)}</li>`,
    )
    .join("");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Device design report — ${escapeHtml(plan.device.name)}${plan.variant === "quick" ? " (PRELIMINARY)" : ""}</title>
<style>
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0;max-width:100%} td{overflow-wrap:anywhere} th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f5f5f5} caption{text-align:left;font-weight:600;padding:.3em 0}
.prelim{background:#fff3cd;border:1px solid #e0c36c;padding:.6em;font-weight:600}
.summary li{margin:.3em 0} .chart{margin:1em 0;overflow-x:auto} .table{overflow-x:auto}
.fail{color:#a00;font-weight:600}
@media print{.chart{break-inside:avoid} body{margin:0;max-width:none} table{font-size:.72em} .chart svg{max-width:100%;height:auto}}
</style></head><body>
<h1>Device design report: ${escapeHtml(plan.device.name)}</h1>
${prelim}
<p>${escapeHtml(`${plan.sizes.neurons}-neuron Diehl & Cook STDP network on MNIST, ${plan.sizes.train} training / ${plan.sizes.label} labelling / ${plan.sizes.test} test images, ${plan.seeds.length} seeds shared by every arm; crossbar programmed open-loop (the controller knows only the nominal device). Every ± is a 95 % Student-t interval over paired seeds. Arms whose mean accuracy is below ${20} % (2/classes) are at chance and not compared.`)}</p>
<section id="summary"><h2>1. Summary</h2><ul class="summary">${summary.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul></section>
<section id="device"><h2>2. Device card</h2><p>${escapeHtml(deviceCardTitle)}. Source: ${escapeHtml(card.source)}</p>${card.notes ? `<p>${escapeHtml(card.notes)}</p>` : ""}
${await cardCharts(card)}
${htmlTable(params, "Parameters")}
${card.fit ? `<p>Fit: RMS error ${escapeHtml((card.fit.rmseOfRange * 100).toFixed(2))} % of the range; C2C σ from one-step residuals ${escapeHtml((card.fit.c2cSigmaOfRange * 100).toFixed(2))} % of the range. Uncertainty: ${escapeHtml(card.fit.method)}.</p>${fitTable ? htmlTable(fitTable, "Fitted parameters and their uncertainty") : ""}` : ""}
</section>
<section id="accuracy"><h2>3. Accuracy against ideal synapses and the shipped presets</h2>${rankChart}${htmlTable(rankView)}</section>
<section id="attribution"><h2>4. Loss attribution</h2><p>Each non-ideality of this device switched off alone (the others as the device has them); points lost = accuracy with it off − the device's accuracy, paired by seed. Interactions mean the parts need not add up to the total.</p>${attChart}${htmlTable(attView)}${htmlTable(lossTotal, "Total loss and the sum of the single attributions")}${htmlTable(check, att.check.withinSpread ? "Built-in check: every non-ideality off returns to ideal (passed)" : "Built-in check: every non-ideality off returns to ideal — FAILED")}</section>
<section id="requirements"><h2>5. Requirements</h2><p>For each non-ideality alone (all others ideal), the largest value (smallest, for levels, on/off ratio and ADC bits) whose mean loss against ideal stays within ${escapeHtml(String(plan.lossBudgetPoints))} point(s), found by a seeded grid search and interpolated (log scale) between the last value within budget and the first beyond it. After Agarwal et al., IJCNN 2016 (backprop), here for on-chip STDP.</p>${reqChart}${htmlTable(reqView)}<p>Search details (grid values and losses: requirements-grid.csv):</p><ul>${reqNotes}</ul></section>
<section id="mitigations"><h2>6. Mitigations</h2><p>The device as it is, with one remedy. Points recovered = accuracy with the remedy − the device programmed open-loop (paired by seed); energy and programming time per training sample from each run's energy report. The ideal-inverse controller is an upper bound, not a chip.</p>${mitChart}${htmlTable(mitView)}<ul>${mitNotes}</ul></section>
<section id="energy"><h2>7. Energy and operations</h2><p>Per inference (test phase) and per training sample, by component, energy profile <b>${escapeHtml(energy.profile || "unknown")}</b>. ${energy.ann ? escapeHtml(`Digital comparison for the same input and output sizes: an int8 ANN layer ${formatSi(energy.ann.int8J, "J")}, fp32 ${formatSi(energy.ann.fp32J, "J")} per inference (arithmetic only); ${energy.ann.verdict}.`) : ""}</p>${energyChart}${htmlTable(energyView, `Energy by component (mean over seeds; profile ${energy.profile || "unknown"})`)}${htmlTable(opsView, "Operations per inference and per training sample (mean over seeds)")}</section>
<footer><p>Generated by neuroxbar design from ${escapeHtml(String(results.runs.length))} runs in runs/. Tables: ${Object.keys(
    tables,
  )
    .filter((k) => tables[k])
    .map((k) => `${k}.csv`)
    .join(", ")}.</p></footer>
</body></html>
`;
  const htmlPath = join(dir, "index.html");
  writeFileAtomic(htmlPath, html);
  return { html: htmlPath, csv, summary };
}
