/**
 * The design report's tables, computed from the run files only (loadSweepResults) and the plan
 * the command wrote (design-plan.json). Arms share their replicate seeds, so every comparison is
 * a paired difference over seeds: mean ± a 95 % Student-t interval. Arms whose mean accuracy is
 * at chance (< 2/classes, as the sweep report) are flagged and never compared.
 *
 * Every number a sentence of the summary uses is formatted here once (fixed decimals), stored in
 * a table cell, and the sentence quotes that same string: the summary can only say what the
 * tables hold.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DesignPlan, DesignArm, RequirementSpec } from "../../design/plan.js";
import type { RunRecord, SweepResults } from "../load-results.js";
import { stats } from "../statistics.js";

/** Two-sided 95 % Student-t quantiles by degrees of freedom (1…30; larger: 1.96). */
const T95 = [
  NaN,
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042,
];
export function t95(df: number): number {
  if (df < 1) return NaN;
  return df < T95.length ? T95[df]! : 1.96;
}

/** Points (percentage points) with two decimals, as every table and sentence writes them. */
export const pts = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : "");
/** Three significant digits (tolerances, device values). */
export const sig = (x: number): string =>
  Number.isInteger(x)
    ? String(x)
    : Number.isFinite(x)
      ? Number(x.toPrecision(3)).toString()
      : x > 0
        ? "∞"
        : "";
/** A ratio with two significant digits. */
export const ratio = (x: number): string =>
  Number.isFinite(x) ? Number(x.toPrecision(2)).toString() : "";

export interface Estimate {
  readonly n: number;
  readonly mean: number;
  /** Half-width of the 95 % interval (NaN with n < 2). */
  readonly ci: number;
}

export function estimate(values: readonly number[]): Estimate {
  const s = stats(values);
  return { n: s.n, mean: s.mean, ci: s.n > 1 ? (t95(s.n - 1) * s.std) / Math.sqrt(s.n) : NaN };
}

/** Resolved: the interval excludes zero. */
export function resolved(e: Estimate): boolean {
  return Number.isFinite(e.ci) && Math.abs(e.mean) > e.ci;
}

export interface ArmResult {
  readonly arm: DesignArm;
  /** replicate → run. */
  readonly runs: ReadonlyMap<number, RunRecord>;
  /** Accuracy in percent. */
  readonly accuracy: Estimate;
  readonly atChance: boolean;
}

export const CHANCE_PERCENT = 20; // 2 / 10 classes, as the sweep report's findings

export function armResults(plan: DesignPlan, results: SweepResults): Map<string, ArmResult> {
  const byPoint = new Map<number, Map<number, RunRecord>>();
  const pointIndex = new Map(results.manifest.points.map((p) => [p.id, p.index]));
  for (const r of results.runs) {
    const i = pointIndex.get(r.pointId);
    if (i === undefined) continue;
    const m = byPoint.get(i) ?? new Map<number, RunRecord>();
    m.set(r.replicate, r);
    byPoint.set(i, m);
  }
  const out = new Map<string, ArmResult>();
  for (const arm of plan.arms) {
    const runs = byPoint.get(arm.axisIndex) ?? new Map<number, RunRecord>();
    const acc = estimate([...runs.values()].map((r) => r.result.accuracy * 100));
    out.set(arm.id, { arm, runs, accuracy: acc, atChance: acc.n > 0 && acc.mean < CHANCE_PERCENT });
  }
  return out;
}

/** a − b over the replicates both have (percentage points). */
export function paired(a: ArmResult, b: ArmResult): Estimate {
  const d: number[] = [];
  for (const [rep, ra] of a.runs) {
    const rb = b.runs.get(rep);
    if (rb) d.push((ra.result.accuracy - rb.result.accuracy) * 100);
  }
  return estimate(d);
}

export type Cell = string | number | boolean;
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

// ------------------------------------------------------------------ accuracy and ranking

export interface RankRow {
  readonly id: string;
  readonly label: string;
  readonly role: string;
  readonly accuracy: Estimate;
  readonly vsIdeal: Estimate;
  readonly atChance: boolean;
}

export function ranking(plan: DesignPlan, arms: Map<string, ArmResult>): RankRow[] {
  const ideal = arms.get("ideal")!;
  const rows: RankRow[] = [];
  for (const a of plan.arms) {
    if (a.section !== "reference" && a.section !== "preset") continue;
    const r = arms.get(a.id)!;
    if (a.section === "preset" && a.label === plan.device.name && plan.device.kind === "preset")
      continue;
    rows.push({
      id: a.id,
      label: a.label,
      role: a.id === "device" ? "this device" : a.id === "ideal" ? "reference" : "shipped preset",
      accuracy: r.accuracy,
      vsIdeal: paired(r, ideal),
      atChance: r.atChance,
    });
  }
  return rows.sort((x, y) => y.accuracy.mean - x.accuracy.mean);
}

export function rankingTable(rows: readonly RankRow[]): Table {
  return {
    columns: [
      "rank",
      "arm",
      "role",
      "seeds",
      "accuracy_percent",
      "accuracy_ci95",
      "delta_vs_ideal_points",
      "delta_ci95",
      "at_chance",
    ],
    rows: rows.map((r, i) => [
      i + 1,
      r.label,
      r.role,
      r.accuracy.n,
      pts(r.accuracy.mean),
      pts(r.accuracy.ci),
      r.id === "ideal" ? "" : pts(r.vsIdeal.mean),
      r.id === "ideal" ? "" : pts(r.vsIdeal.ci),
      r.atChance,
    ]),
  };
}

// ------------------------------------------------------------------ attribution

export interface AttributionRow {
  readonly key: string;
  readonly label: string;
  readonly present: boolean;
  readonly detail: string;
  readonly offSwitch: string;
  readonly accuracyOff: Estimate | null;
  /** Accuracy with it off minus the device's (points it costs). */
  readonly pointsLost: Estimate | null;
  readonly atChance: boolean;
}

export interface AllOffCheck {
  readonly accuracy: Estimate;
  readonly ideal: Estimate;
  readonly difference: Estimate;
  /** |difference| within its 95 % interval, or within one SD of the ideal seeds. */
  readonly withinSpread: boolean;
  readonly idealSd: number;
}

export function attribution(
  plan: DesignPlan,
  arms: Map<string, ArmResult>,
  offSwitch: Record<string, string>,
): { rows: AttributionRow[]; total: Estimate; check: AllOffCheck } {
  const device = arms.get("device")!;
  const ideal = arms.get("ideal")!;
  const rows = plan.nonIdealities.map((s): AttributionRow => {
    const arm = arms.get(`off:${s.key}`);
    if (!s.present || !arm) {
      return {
        key: s.key,
        label: s.label,
        present: false,
        detail: s.detail,
        offSwitch: offSwitch[s.key] ?? "",
        accuracyOff: null,
        pointsLost: null,
        atChance: false,
      };
    }
    return {
      key: s.key,
      label: s.label,
      present: true,
      detail: s.detail,
      offSwitch: offSwitch[s.key] ?? "",
      accuracyOff: arm.accuracy,
      pointsLost: device.atChance && arm.atChance ? null : paired(arm, device),
      atChance: arm.atChance,
    };
  });
  const allOff = arms.get("all-off")!;
  const difference = paired(allOff, ideal);
  const idealSd = stats([...ideal.runs.values()].map((r) => r.result.accuracy * 100)).std;
  const withinSpread =
    difference.n > 0 &&
    (Math.abs(difference.mean) <= (Number.isFinite(difference.ci) ? difference.ci : 0) ||
      Math.abs(difference.mean) <= (Number.isFinite(idealSd) ? idealSd : 0) ||
      difference.mean === 0);
  return {
    rows,
    total: paired(ideal, device),
    check: { accuracy: allOff.accuracy, ideal: ideal.accuracy, difference, withinSpread, idealSd },
  };
}

export function attributionTable(rows: readonly AttributionRow[]): Table {
  return {
    columns: [
      "non_ideality",
      "label",
      "present",
      "device_value",
      "switched_off_as",
      "accuracy_off_percent",
      "points_lost",
      "points_lost_ci95",
      "seeds",
      "at_chance",
    ],
    rows: rows.map((r) => [
      r.key,
      r.label,
      r.present,
      r.detail,
      r.offSwitch,
      r.accuracyOff ? pts(r.accuracyOff.mean) : "",
      r.present ? (r.pointsLost ? pts(r.pointsLost.mean) : "") : "0.00",
      r.pointsLost ? pts(r.pointsLost.ci) : "",
      r.accuracyOff?.n ?? 0,
      r.atChance,
    ]),
  };
}

// ------------------------------------------------------------------ requirements

export interface GridPoint {
  readonly value: number;
  readonly accuracy: Estimate;
  readonly loss: Estimate;
  readonly atChance: boolean;
}

export interface RequirementRow {
  readonly spec: RequirementSpec;
  readonly grid: readonly GridPoint[];
  /** The tolerance (interpolated), or a bound when the grid did not bracket it. */
  readonly tolerance: number | null;
  /** "interpolated" | "beyond-grid" (every value passed) | "below-grid" (none passed). */
  readonly bracket: "interpolated" | "beyond-grid" | "below-grid";
  readonly verdict: "pass" | "fail" | "undetermined" | "n/a";
  /** tolerance/device (max) or device/tolerance (min): > 1 passes. */
  readonly margin: number | null;
  /**
   * The crossing is resolved from the seed spread: the first value beyond budget has a loss whose
   * 95 % interval lies above the budget, and (when there is one) the last value within budget has
   * an interval that reaches below it. Only resolved searches are put into sentences.
   */
  readonly resolved: boolean;
  /** The grid values the budget is crossed between (interpolated searches). */
  readonly crossing: readonly [number, number] | null;
}

function toleranceText(r: RequirementRow): string {
  if (r.tolerance === null) return "";
  const op = r.spec.direction === "max" ? "≤" : "≥";
  if (r.bracket === "beyond-grid") return `${op} ${sig(r.tolerance)} (every value searched passed)`;
  if (r.bracket === "below-grid")
    return `stricter than ${sig(r.tolerance)} (no value searched passed)`;
  const between = r.crossing
    ? ` (crossing between ${sig(r.crossing[0])} and ${sig(r.crossing[1])})`
    : "";
  return `${op} ${sig(r.tolerance)}${between}`;
}
export { toleranceText };

export function requirements(plan: DesignPlan, arms: Map<string, ArmResult>): RequirementRow[] {
  const ideal = arms.get("ideal")!;
  const budget = plan.lossBudgetPoints;
  return plan.requirements.map((spec) => {
    const grid: GridPoint[] = spec.grid.map((value) => {
      const a = arms.get(`req:${spec.key}:${value}`)!;
      return { value, accuracy: a.accuracy, loss: paired(ideal, a), atChance: a.atChance };
    });
    const fails = (g: GridPoint) => g.atChance || g.loss.mean > budget;
    const first = grid.findIndex(fails);
    let tolerance: number | null;
    let bracket: RequirementRow["bracket"];
    if (first < 0) {
      tolerance = grid[grid.length - 1]!.value;
      bracket = "beyond-grid";
    } else if (first === 0) {
      tolerance = grid[0]!.value;
      bracket = "below-grid";
    } else {
      const a = grid[first - 1]!;
      const b = grid[first]!;
      const la = a.loss.mean;
      const lb = b.atChance ? Math.max(b.loss.mean, budget) : b.loss.mean;
      const t = lb > la ? Math.min(1, Math.max(0, (budget - la) / (lb - la))) : 0;
      tolerance = Math.exp(Math.log(a.value) + t * (Math.log(b.value) - Math.log(a.value)));
      if (spec.key === "levels" || spec.key === "adc") tolerance = Math.ceil(tolerance - 1e-9);
      bracket = "interpolated";
    }
    const dv = spec.deviceValue;
    let verdict: RequirementRow["verdict"] = "n/a";
    let margin: number | null = null;
    if (dv !== null && tolerance !== null) {
      const passes = spec.direction === "max" ? dv <= tolerance : dv >= tolerance;
      margin =
        spec.direction === "max"
          ? dv === 0
            ? Number.POSITIVE_INFINITY
            : tolerance / dv
          : dv / tolerance;
      if (bracket === "interpolated") verdict = passes ? "pass" : "fail";
      else if (bracket === "beyond-grid") verdict = passes ? "pass" : "undetermined";
      else verdict = passes ? "undetermined" : "fail";
      if (verdict === "undetermined") margin = null;
    }
    const above = (g: GridPoint) =>
      g.atChance || (Number.isFinite(g.loss.ci) && g.loss.mean - g.loss.ci > budget);
    const within = (g: GridPoint) =>
      !g.atChance && Number.isFinite(g.loss.ci) && g.loss.mean - g.loss.ci <= budget;
    const resolvedSearch =
      bracket === "beyond-grid"
        ? grid.every((g) => within(g) && g.loss.mean + g.loss.ci <= budget)
        : bracket === "below-grid"
          ? above(grid[0]!)
          : above(grid[first]!) && within(grid[first - 1]!);
    const crossing: [number, number] | null =
      bracket === "interpolated" ? [grid[first - 1]!.value, grid[first]!.value] : null;
    return { spec, grid, tolerance, bracket, verdict, margin, resolved: resolvedSearch, crossing };
  });
}

export function requirementsTable(rows: readonly RequirementRow[], budget: number): Table {
  return {
    columns: [
      "non_ideality",
      "parameter",
      "unit",
      "direction",
      "loss_budget_points",
      "tolerance",
      "tolerance_found",
      "search",
      "device_value",
      "device_note",
      "verdict",
      "margin_factor",
      "resolved_from_seed_spread",
      "grid",
      "how_set",
    ],
    rows: rows.map((r) => [
      r.spec.key,
      r.spec.parameter,
      r.spec.unit,
      r.spec.direction === "max" ? "largest allowed" : "smallest allowed",
      budget,
      r.tolerance === null ? "" : sig(r.tolerance),
      toleranceText(r),
      r.bracket,
      r.spec.deviceValue === null ? "" : sig(r.spec.deviceValue),
      r.spec.deviceNote,
      r.verdict,
      r.margin === null ? "" : Number.isFinite(r.margin) ? ratio(r.margin) : "∞",
      r.resolved,
      r.spec.grid.join(" "),
      r.spec.how,
    ]),
  };
}

export function requirementGridTable(rows: readonly RequirementRow[]): Table {
  return {
    columns: [
      "non_ideality",
      "value",
      "accuracy_percent",
      "accuracy_ci95",
      "loss_points",
      "loss_ci95",
      "at_chance",
    ],
    rows: rows.flatMap((r) =>
      r.grid.map((g) => [
        r.spec.key,
        g.value,
        pts(g.accuracy.mean),
        pts(g.accuracy.ci),
        pts(g.loss.mean),
        pts(g.loss.ci),
        g.atChance,
      ]),
    ),
  };
}

// ------------------------------------------------------------------ energy helpers

function meanOf(runs: Iterable<RunRecord>, f: (r: RunRecord) => number | null | undefined) {
  const v: number[] = [];
  for (const r of runs) {
    const x = f(r);
    if (typeof x === "number" && Number.isFinite(x)) v.push(x);
  }
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN;
}

type Programming = { pulses?: number; reads?: number; serialTimeS?: number };
interface RawEnergy {
  readonly phases?: { train?: { programming?: Programming } };
  readonly ann?: { annInt8J?: number; annFp32J?: number; verdict?: string };
}
/**
 * The energy block as the run wrote it (the loader's schema keeps only the fields the sweep
 * report uses; programming time and the ANN comparison are read from the same, already checked
 * result.json).
 */
function rawEnergy(r: RunRecord): RawEnergy | null {
  const parsed = JSON.parse(readFileSync(join(r.dir, "result.json"), "utf8")) as {
    energy?: RawEnergy | null;
  };
  return parsed.energy ?? null;
}
function programmingOf(r: RunRecord): Programming | undefined {
  return rawEnergy(r)?.phases?.train?.programming;
}

export interface ArmEnergy {
  readonly perTrainingSampleJ: number;
  readonly perInferenceJ: number;
  readonly programmingTimePerSampleS: number;
  readonly verifyReadsPerSample: number;
  readonly pulsesPerSample: number;
}

export function armEnergy(a: ArmResult): ArmEnergy {
  const runs = [...a.runs.values()];
  return {
    perTrainingSampleJ: meanOf(runs, (r) => r.result.energy?.perTrainingSampleJ),
    perInferenceJ: meanOf(runs, (r) => r.result.energy?.perInferenceJ),
    programmingTimePerSampleS: meanOf(runs, (r) => {
      const p = programmingOf(r);
      return p?.serialTimeS !== undefined
        ? p.serialTimeS / Math.max(1, r.result.samples.train)
        : null;
    }),
    verifyReadsPerSample: meanOf(
      runs,
      (r) => (r.result.ops.train.verifyReads ?? NaN) / Math.max(1, r.result.samples.train),
    ),
    pulsesPerSample: meanOf(runs, (r) => {
      const p = programmingOf(r);
      return p?.pulses !== undefined ? p.pulses / Math.max(1, r.result.samples.train) : null;
    }),
  };
}

// ------------------------------------------------------------------ mitigations

export interface MitigationRow {
  readonly key: string;
  readonly label: string;
  readonly what: string;
  readonly upperBound: boolean;
  readonly notApplicable: string | null;
  readonly accuracy: Estimate | null;
  readonly recovered: Estimate | null;
  readonly atChance: boolean;
  readonly energy: ArmEnergy | null;
  /** Training energy per sample relative to the device programmed open-loop. */
  readonly trainingEnergyRatio: number | null;
  readonly addedProgrammingTimePerSampleS: number | null;
}

export function mitigations(plan: DesignPlan, arms: Map<string, ArmResult>): MitigationRow[] {
  const device = arms.get("device")!;
  const base = armEnergy(device);
  return plan.mitigations.map((m) => {
    const a = arms.get(`mit:${m.key}`);
    if (m.notApplicable !== null || !a) {
      return {
        key: m.key,
        label: m.label,
        what: m.what,
        upperBound: m.upperBound,
        notApplicable: m.notApplicable ?? "not run",
        accuracy: null,
        recovered: null,
        atChance: false,
        energy: null,
        trainingEnergyRatio: null,
        addedProgrammingTimePerSampleS: null,
      };
    }
    const e = armEnergy(a);
    return {
      key: m.key,
      label: m.label,
      what: m.what,
      upperBound: m.upperBound,
      notApplicable: null,
      accuracy: a.accuracy,
      recovered: a.atChance && device.atChance ? null : paired(a, device),
      atChance: a.atChance,
      energy: e,
      trainingEnergyRatio: e.perTrainingSampleJ / base.perTrainingSampleJ,
      addedProgrammingTimePerSampleS: e.programmingTimePerSampleS - base.programmingTimePerSampleS,
    };
  });
}

export function mitigationsTable(rows: readonly MitigationRow[]): Table {
  return {
    columns: [
      "mitigation",
      "label",
      "upper_bound_only",
      "applies",
      "accuracy_percent",
      "accuracy_ci95",
      "points_recovered",
      "points_recovered_ci95",
      "training_energy_per_sample_J",
      "training_energy_ratio",
      "programming_time_per_sample_s",
      "added_programming_time_per_sample_s",
      "verify_reads_per_sample",
      "at_chance",
      "note",
    ],
    rows: rows.map((r) => [
      r.key,
      r.label,
      r.upperBound,
      r.notApplicable === null,
      r.accuracy ? pts(r.accuracy.mean) : "",
      r.accuracy ? pts(r.accuracy.ci) : "",
      r.recovered ? pts(r.recovered.mean) : "",
      r.recovered ? pts(r.recovered.ci) : "",
      r.energy ? r.energy.perTrainingSampleJ : "",
      r.trainingEnergyRatio === null ? "" : ratio(r.trainingEnergyRatio),
      r.energy ? r.energy.programmingTimePerSampleS : "",
      r.addedProgrammingTimePerSampleS ?? "",
      r.energy ? r.energy.verifyReadsPerSample : "",
      r.atChance,
      r.notApplicable ?? r.what,
    ]),
  };
}

// ------------------------------------------------------------------ energy and operations

export interface EnergyRows {
  readonly profile: string;
  readonly table: Table;
  readonly ops: Table;
  readonly ann: { int8J: number; fp32J: number; verdict: string } | null;
}

const OPS_KEYS = [
  "inputSpikes",
  "columnReads",
  "adcConversions",
  "neuronAdds",
  "leakUpdates",
  "compares",
  "outputSpikes",
  "inhibitionEvents",
  "ltpPulses",
  "ltdPulses",
  "normalisationPulses",
  "normalisationReads",
  "verifyReads",
];

export function energyRows(arms: Map<string, ArmResult>): EnergyRows {
  const rows: Cell[][] = [];
  const opsRows: Cell[][] = [];
  let profile = "";
  let ann: EnergyRows["ann"] = null;
  for (const id of ["device", "ideal"]) {
    const a = arms.get(id)!;
    const runs = [...a.runs.values()];
    for (const r of runs) profile ||= r.result.energy?.profile?.name ?? "";
    for (const [what, key] of [
      ["per inference", "perInference"],
      ["per training sample", "perTrainingSample"],
    ] as const) {
      const comps = new Set<string>();
      for (const r of runs) for (const k of Object.keys(r.result.energy?.[key] ?? {})) comps.add(k);
      for (const c of comps) {
        rows.push([a.arm.label, what, c, meanOf(runs, (r) => r.result.energy?.[key]?.[c])]);
      }
      rows.push([
        a.arm.label,
        what,
        "total",
        meanOf(runs, (r) => r.result.energy?.[`${key}J` as "perInferenceJ" | "perTrainingSampleJ"]),
      ]);
    }
    for (const k of OPS_KEYS) {
      opsRows.push([
        a.arm.label,
        k,
        meanOf(runs, (r) => (r.result.ops.test[k] ?? NaN) / Math.max(1, r.result.samples.test)),
        meanOf(runs, (r) => (r.result.ops.train[k] ?? NaN) / Math.max(1, r.result.samples.train)),
      ]);
    }
    if (id === "device") {
      const e = runs[0] ? rawEnergy(runs[0]) : null;
      if (e?.ann?.annInt8J !== undefined) {
        ann = {
          int8J: e.ann.annInt8J,
          fp32J: e.ann.annFp32J ?? NaN,
          verdict: e.ann.verdict ?? "",
        };
      }
    }
  }
  return {
    profile,
    table: { columns: ["arm", "per", "component", "energy_J"], rows },
    ops: { columns: ["arm", "operation", "per_inference", "per_training_sample"], rows: opsRows },
    ann,
  };
}

export function settingsTable(plan: DesignPlan, finished: number, missing: number): Table {
  return {
    columns: ["setting", "value"],
    rows: [
      ["device", plan.device.name],
      ["device argument", plan.device.argument],
      ["model", plan.device.model],
      ["variant", plan.variant],
      ["dataset", plan.dataset],
      ["neurons", plan.sizes.neurons],
      ["training images", plan.sizes.train],
      ["labelling images", plan.sizes.label],
      ["test images", plan.sizes.test],
      ["seeds", plan.seeds.length],
      ["loss budget (points)", plan.lossBudgetPoints],
      ["controller", "open-loop (default)"],
      [
        "column ADC",
        plan.adc
          ? `${plan.adc.bits} bits, full scale ${plan.adc.fullScaleWeights} (weight units)`
          : "none (exact column sums)",
      ],
      ["runs finished", finished],
      ["runs missing", missing],
    ],
  };
}

export function checkTable(check: AllOffCheck): Table {
  return {
    columns: [
      "all_off_accuracy_percent",
      "all_off_ci95",
      "ideal_accuracy_percent",
      "ideal_ci95",
      "difference_points",
      "difference_ci95",
      "ideal_sd_points",
      "within_spread",
    ],
    rows: [
      [
        pts(check.accuracy.mean),
        pts(check.accuracy.ci),
        pts(check.ideal.mean),
        pts(check.ideal.ci),
        pts(check.difference.mean),
        pts(check.difference.ci),
        pts(check.idealSd),
        check.withinSpread,
      ],
    ],
  };
}

export function lossTotalTable(
  device: string,
  total: Estimate,
  rows: readonly AttributionRow[],
): Table {
  return {
    columns: ["device", "loss_vs_ideal_points", "loss_ci95", "sum_of_single_attributions_points"],
    rows: [
      [
        device,
        pts(total.mean),
        pts(total.ci),
        pts(rows.reduce((s, r) => s + (r.pointsLost?.mean ?? 0), 0)),
      ],
    ],
  };
}
