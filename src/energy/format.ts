/**
 * Text renderings of an EnergyReport: the one-line summary `neuroxbar train` prints and the table
 * `neuroxbar energy` prints. Numbers get SI prefixes so pJ and µJ read at a glance.
 */
import {
  BREAKDOWN_KEYS,
  compareWords,
  ENERGY_PHASES,
  type EnergyBreakdown,
  type EnergyReport,
} from "./model.js";

const PREFIXES: readonly [number, string][] = [
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
  [1, ""],
  [1e-3, "m"],
  [1e-6, "µ"],
  [1e-9, "n"],
  [1e-12, "p"],
  [1e-15, "f"],
  [1e-18, "a"],
];

/** `formatSi(1.234e-6, "J")` → "1.23 µJ" (3 significant digits; 0 → "0 J"). */
export function formatSi(value: number, unit: string, digits = 3): string {
  if (value === 0) return `0 ${unit}`;
  if (!Number.isFinite(value)) return `${value} ${unit}`;
  const abs = Math.abs(value);
  const [scale, prefix] = PREFIXES.find(([s]) => abs >= s * (1 - 0.5 * 10 ** -digits)) ?? [
    1e-18,
    "a",
  ];
  let mantissa = (value / scale).toPrecision(digits);
  // Trailing zeros after the decimal point carry no information here ("1.20" → "1.2").
  if (mantissa.includes(".")) mantissa = mantissa.replace(/0+$/, "").replace(/\.$/, "");
  return `${mantissa} ${prefix}${unit}`;
}

/** Human names of the breakdown components. */
export const COMPONENT_LABELS: Record<keyof EnergyBreakdown, string> = {
  synapseReadJ: "synapse reads",
  synapseWriteJ: "synapse writes",
  normalisationWriteJ: "normalisation writes",
  neuronJ: "neuron",
  spikeJ: "spikes",
  inhibitionJ: "inhibition",
  peripheralJ: "peripheral",
  programmingReadJ: "programming reads",
};

/** Components with their share of the total, largest first, zero shares left out. */
export function componentShares(
  b: EnergyBreakdown,
): { key: keyof EnergyBreakdown; share: number }[] {
  const total = BREAKDOWN_KEYS.reduce((s, k) => s + b[k], 0);
  if (total <= 0) return [];
  return BREAKDOWN_KEYS.map((key) => ({ key, share: b[key] / total }))
    .filter((c) => c.share > 0)
    .sort((x, y) => y.share - x.share);
}

function percent(share: number): string {
  const p = share * 100;
  // "100 %" beside other non-zero components would read as a contradiction.
  if (p < 100 && p >= 99.5) return "> 99 %";
  return p >= 1 ? `${p.toFixed(0)} %` : `${p.toPrecision(1)} %`;
}

function shareList(b: EnergyBreakdown, max: number): string {
  const shares = componentShares(b);
  const shown = shares.slice(0, max).map((c) => `${COMPONENT_LABELS[c.key]} ${percent(c.share)}`);
  if (shares.length > max) shown.push("…");
  return shown.join(", ");
}

/**
 * One-line summary, e.g.
 * `energy: 1.23 µJ/inference (neuron 52 %, synapse reads 41 %, …), 8.9 µJ/training sample; SNN vs int8 ANN: 3.1× less`.
 */
export function formatEnergyLine(report: EnergyReport): string {
  const parts: string[] = [];
  if (report.perInferenceJ !== null && report.perInference) {
    const shares = shareList(report.perInference, 3);
    parts.push(`${formatSi(report.perInferenceJ, "J")}/inference${shares ? ` (${shares})` : ""}`);
  }
  if (report.perTrainingSampleJ !== null && report.perTrainingSample) {
    const shares = shareList(report.perTrainingSample, 2);
    parts.push(
      `${formatSi(report.perTrainingSampleJ, "J")}/training sample${shares ? ` (${shares})` : ""}`,
    );
  }
  if (parts.length === 0) parts.push(`${formatSi(report.totalJ, "J")} in total`);
  let line = `energy [${report.profile.name}]: ${parts.join(", ")}`;
  const r = report.ann.annInt8OverSnn;
  if (r !== null) {
    line += `; SNN vs int8 ANN: ${compareWords(r)}`;
  }
  return line;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
}

/** Multi-line table: per phase totals and breakdown, then per-inference figures and the ANN comparison. */
export function formatEnergyTable(report: EnergyReport, title?: string): string {
  const lines: string[] = [];
  lines.push(title ?? `energy under profile "${report.profile.name}"`);
  lines.push(`profile source: ${report.profile.source}`);
  const p = report.pricing;
  lines.push(
    `pricing: synapse reads ${p.synapseRead}, writes ${p.synapseWrite}, neuron ${p.neuron}` +
      (p.neuronBits !== null ? ` (${p.neuronBits} bit)` : ""),
  );
  lines.push("");
  const header = [
    "phase",
    "samples",
    "total",
    "per sample",
    ...BREAKDOWN_KEYS.map((k) => COMPONENT_LABELS[k]),
  ];
  const rows = ENERGY_PHASES.map((phase) => {
    const e = report.phases[phase];
    return [
      phase,
      String(e.samples),
      formatSi(e.totalJ, "J"),
      e.perSampleJ === null ? "–" : formatSi(e.perSampleJ, "J"),
      ...BREAKDOWN_KEYS.map((k) => formatSi(e.breakdown[k], "J")),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  lines.push(pad(header, widths));
  for (const r of rows) lines.push(pad(r, widths));
  lines.push("");
  const fmt = (v: number | null, unit: string) => (v === null ? "–" : formatSi(v, unit));
  lines.push(`energy per inference:        ${fmt(report.perInferenceJ, "J")}`);
  if (report.perInference) lines.push(`  ${shareList(report.perInference, BREAKDOWN_KEYS.length)}`);
  lines.push(`energy per training sample:  ${fmt(report.perTrainingSampleJ, "J")}`);
  if (report.perTrainingSample) {
    lines.push(`  ${shareList(report.perTrainingSample, BREAKDOWN_KEYS.length)}`);
  }
  const a = report.activity;
  lines.push(
    `synaptic events/inference:   ${report.synapticEventsPerInference === null ? "–" : Math.round(report.synapticEventsPerInference).toLocaleString("en-US")}`,
  );
  lines.push(
    `activity:                    ${a.spikesPerSynapsePerInference === null ? "–" : a.spikesPerSynapsePerInference.toPrecision(3)} spikes per synapse per inference (${report.synapses.toLocaleString("en-US")} synapses)`,
  );
  const ann = report.ann;
  lines.push(
    `ANN, same topology:          ${ann.macsPerImage.toLocaleString("en-US")} MACs/image, ${formatSi(ann.annInt8J, "J")} int8, ${formatSi(ann.annFp32J, "J")} fp32${ann.annIncludesMemory ? " (weight fetches included)" : " (arithmetic only)"}`,
  );
  lines.push(
    `FLOPs/image:                 ANN ${ann.annFlops.toLocaleString("en-US")}, SNN ${ann.snnFlops === null ? "– (steps per presentation unknown)" : Math.round(ann.snnFlops).toLocaleString("en-US")}`,
  );
  lines.push(`verdict: ${ann.verdict}`);
  lines.push(
    "caveat: rate-coded SNNs beat ANNs only at low activity (≈ 0.15–1.38 spikes per synapse per inference, Lemaire et al. 2023); compare the activity above.",
  );
  return lines.join("\n");
}
