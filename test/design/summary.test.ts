/**
 * The summary's sentences, on synthetic results that reach every sentence: each number a
 * sentence quotes is a cell of the tables the report writes, and sentences that need a resolved
 * difference are left out when the interval includes zero.
 */
import { describe, expect, it } from "vitest";
import type { DesignPlan, RequirementSpec } from "../../src/design/plan.js";
import {
  attributionTable,
  checkTable,
  lossTotalTable,
  mitigationsTable,
  rankingTable,
  requirementsTable,
  settingsTable,
  type AllOffCheck,
  type AttributionRow,
  type Estimate,
  type MitigationRow,
  type RankRow,
  type RequirementRow,
  type Table,
} from "../../src/report/design/analyse.js";
import { summarySentences, type SummaryInput } from "../../src/report/design/summary.js";

const est = (mean: number, ci: number, n = 3): Estimate => ({ n, mean, ci });

const plan = {
  version: 1,
  device: {
    argument: "dev",
    name: "dev",
    kind: "preset",
    configDevice: "dev",
    model: "neurosim",
    source: "s",
  },
  variant: "full",
  dataset: "mnist",
  sizes: { neurons: 100, train: 2000, label: 1000, test: 1000 },
  seeds: [1, 2, 3],
  scenarioSeed: 1,
  lossBudgetPoints: 1,
  nonIdealities: [],
  requirements: [],
  mitigations: [],
  arms: [],
  axisValues: [],
  axisLabels: [],
} as unknown as DesignPlan;

const spec = (
  key: RequirementSpec["key"],
  parameter: string,
  direction: "max" | "min",
  deviceValue: number,
  grid: number[],
): RequirementSpec => ({
  key,
  parameter,
  unit: "u",
  direction,
  deviceValue,
  deviceNote: "",
  grid,
  how: "h",
});

function input(resolvedAll: boolean): SummaryInput {
  const ranking: RankRow[] = [
    {
      id: "ideal",
      label: "ideal synapses",
      role: "reference",
      accuracy: est(81.234, 1.111),
      vsIdeal: est(0, 0),
      atChance: false,
    },
    {
      id: "device",
      label: "dev",
      role: "this device",
      accuracy: est(75.1, 2.2),
      vsIdeal: est(-6.134, resolvedAll ? 1.21 : 9),
      atChance: false,
    },
  ];
  const attribution: AttributionRow[] = [
    {
      key: "c2c",
      label: "cycle-to-cycle noise",
      present: true,
      detail: "σ 3.5 % of range per pulse",
      offSwitch: "c2c.enabled: false",
      accuracyOff: est(79, 1),
      pointsLost: est(3.9, resolvedAll ? 0.8 : 5),
      atChance: false,
    },
    {
      key: "levels",
      label: "finite levels",
      present: true,
      detail: "97 LTP / 100 LTD",
      offSwitch: "continuous",
      accuracyOff: est(77, 1),
      pointsLost: est(1.9, resolvedAll ? 0.5 : 4),
      atChance: false,
    },
  ];
  const check: AllOffCheck = {
    accuracy: est(81.1, 1.2),
    ideal: est(81.234, 1.111),
    difference: est(-0.13, 0.4),
    withinSpread: true,
    idealSd: 0.45,
  };
  const requirements: RequirementRow[] = [
    {
      spec: spec("c2c", "C2C σ", "max", 0.035, [0.005, 0.01, 0.02]),
      grid: [],
      tolerance: 0.01234,
      bracket: "interpolated",
      verdict: "fail",
      margin: 0.35,
      resolved: resolvedAll,
      crossing: [0.01, 0.02],
    },
    {
      spec: spec("levels", "levels", "min", 97, [128, 64, 32]),
      grid: [],
      tolerance: 48,
      bracket: "interpolated",
      verdict: "pass",
      margin: 2,
      resolved: resolvedAll,
      crossing: [64, 32],
    },
  ];
  const energy = {
    perTrainingSampleJ: 3e-6,
    perInferenceJ: 1e-6,
    programmingTimePerSampleS: 0.1,
    verifyReadsPerSample: 10,
    pulsesPerSample: 5,
  };
  const mitigations: MitigationRow[] = [
    {
      key: "write-verify",
      label: "write-verify",
      what: "w",
      upperBound: false,
      notApplicable: null,
      accuracy: est(79.3, 1),
      recovered: est(4.2, resolvedAll ? 1 : 6),
      atChance: false,
      energy,
      trainingEnergyRatio: 3.14159,
      addedProgrammingTimePerSampleS: 0.05,
    },
    {
      key: "ideal-inverse",
      label: "ideal-inverse controller (upper bound)",
      what: "u",
      upperBound: true,
      notApplicable: null,
      accuracy: est(80.5, 1),
      recovered: est(5.4, resolvedAll ? 1 : 7),
      atChance: false,
      energy,
      trainingEnergyRatio: 1.1,
      addedProgrammingTimePerSampleS: 0,
    },
  ];
  return {
    plan,
    ranking,
    total: est(6.134, resolvedAll ? 1.21 : 9),
    attribution,
    check,
    requirements,
    mitigations,
  };
}

function tableNumbers(s: SummaryInput): Set<string> {
  const tables: Table[] = [
    settingsTable(s.plan, 6, 0),
    rankingTable(s.ranking),
    attributionTable(s.attribution),
    checkTable(s.check),
    lossTotalTable(s.plan.device.name, s.total, s.attribution),
    requirementsTable(s.requirements, s.plan.lossBudgetPoints),
    mitigationsTable(s.mitigations),
  ];
  const set = new Set<string>();
  for (const t of tables)
    for (const row of t.rows)
      for (const cell of row)
        for (const n of String(cell).match(/\d+(?:\.\d+)?/g) ?? []) set.add(n);
  return set;
}

describe("summarySentences", () => {
  it("says what each resolved result is, quoting only numbers that are cells of the report's tables", () => {
    const s = input(true);
    const sentences = summarySentences(s);
    const text = sentences.join("\n");
    expect(text).toContain("loses 6.13 ± 1.21 points");
    expect(text).toContain("cycle-to-cycle noise off recovers the most: 3.90 ± 0.80 points");
    expect(text).toContain("C2C σ ≤ 0.0123");
    expect(text).toContain("levels ≥ 48");
    expect(text).toContain(
      "dev misses: C2C σ (device 0.035; needs ≤ 0.0123 (crossing between 0.01 and 0.02))",
    );
    expect(text).toContain("Write-verify recovers 4.20 ± 1.00 points at 3.1× the training energy");
    const have = tableNumbers(s);
    for (const sentence of sentences)
      for (const n of sentence.match(/\d+(?:\.\d+)?/g) ?? [])
        expect(have.has(n), `${n} in "${sentence}"`).toBe(true);
  });

  it("claims no loss, cause, requirement or recovery whose interval includes zero", () => {
    const s = input(false);
    const text = summarySentences(s).join("\n");
    expect(text).not.toContain("loses");
    expect(text).toContain("within the spread over seeds");
    expect(text).not.toContain("recovers the most");
    expect(text).not.toContain("misses");
    expect(text).toContain("Not resolved at this size");
    expect(text).toContain("No mitigation recovers an amount resolved");
    const have = tableNumbers(s);
    for (const n of text.match(/\d+(?:\.\d+)?/g) ?? []) expect(have.has(n), n).toBe(true);
  });

  it("flags a device at chance instead of comparing it", () => {
    const s = input(true);
    const ranking = s.ranking.map((r) =>
      r.id === "device" ? { ...r, accuracy: est(12.5, 1), atChance: true } : r,
    );
    const text = summarySentences({ ...s, ranking }).join("\n");
    expect(text).toContain("is at chance (12.50 ± 1.00 %)");
    expect(text).not.toContain("loses");
  });
});
