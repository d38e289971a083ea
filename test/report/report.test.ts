import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findings } from "../../src/report/findings.js";
import { loadSweepResults } from "../../src/report/load-results.js";
import { buildModel } from "../../src/report/model.js";
import { stats } from "../../src/report/statistics.js";
import { resultsTable, summaryTable, toCsv } from "../../src/report/tables.js";
import { writeReport } from "../../src/report/write-report.js";
import { tempDir } from "../e2e/helpers.js";
import { FIXTURE_SCENARIO, writeFixtureSweep } from "./fixture.js";

/** RFC 4180 records (quoted fields with "" escapes), enough to read back what csv-stringify wrote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  return records;
}

function rowsOf(csv: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(csv);
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ""])));
}

describe("stats", () => {
  it("mean, sample standard deviation (n − 1) and n; no deviation for one value", () => {
    const s = stats([0.6, 0.62, 0.64]);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(0.62, 12);
    expect(s.std).toBeCloseTo(0.02, 12);
    expect(Number.isNaN(stats([1]).std)).toBe(true);
  });
});

describe("report tables", () => {
  const model = buildModel(loadSweepResults(writeFixtureSweep()));

  it("results.csv: one row per point × seed, every axis value (and its label) as a column", () => {
    const csv = toCsv(resultsTable(model));
    const head = csv.split("\n")[0]!;
    expect(head).toBe(
      "point,point_index,neuron.thresholdMv,neuron.thresholdMv (label),neuron.thetaPlusMv,neuron.thetaPlusMv (label)," +
        "replicate_seed,run_seed,accuracy,correct,test_images,train_samples,label_samples,dead_neurons,top_neuron_share," +
        "synaptic_events_per_test_image,write_pulses_per_training_sample,energy_per_inference_j,energy_per_training_sample_j,run_seconds",
    );
    const rows = rowsOf(csv);
    expect(rows).toHaveLength(12);
    const spreadOff = rows.filter(
      (r) => r["neuron.thresholdMv"] === "-50" && r["neuron.thetaPlusMv (label)"] === "off",
    );
    expect(spreadOff.map((r) => Number(r.accuracy))).toEqual([0.6, 0.62, 0.64]);
    expect(spreadOff.map((r) => r.replicate_seed)).toEqual(["1", "2", "3"]);
    expect(spreadOff[0]!.dead_neurons).toBe("2");
    expect(Number(spreadOff[0]!.top_neuron_share)).toBeCloseTo(40 / 43, 12);
    expect(spreadOff[0]!.synaptic_events_per_test_image).toBe("60");
    expect(spreadOff[0]!.write_pulses_per_training_sample).toBe("10");
    expect(spreadOff[0]!.energy_per_inference_j).toBe(""); // no energy block: empty, not an error
  });

  it("summary.csv: mean, standard deviation and n over seeds per point", () => {
    const rows = rowsOf(toCsv(summaryTable(model)));
    expect(rows).toHaveLength(4);
    const r = rows[2]!;
    expect([r["neuron.thresholdMv (label)"], r["neuron.thetaPlusMv (label)"], r.n]).toEqual([
      "spread",
      "off",
      "3",
    ]);
    expect(Number(r.accuracy_mean)).toBeCloseTo(0.62, 12);
    expect(Number(r.accuracy_std)).toBeCloseTo(0.02, 12);
    expect([Number(r.accuracy_min), Number(r.accuracy_max)]).toEqual([0.6, 0.64]);
  });
});

describe("findings", () => {
  it("names the largest loss, the non-ideality causing it and what the mitigation recovers, from the data", () => {
    const f = findings(buildModel(loadSweepResults(writeFixtureSweep())));
    // Welch over 3 + 3 seeds with sd 2 points each: se = √(4/3 + 4/3), df = 4, t(0.975, 4) = 2.7764.
    const half = 2.7764 * Math.sqrt(8 / 3);
    expect(f.sentences[0]).toBe(
      "The largest accuracy loss is 20.0 percentage points, from 82.0 % ± 2.0 to 62.0 % ± 2.0: it is caused by threshold, " +
        `at spread instead of fixed (with adaptive threshold off). 95 % CI +${(20 - half).toFixed(1)} to +${(20 + half).toFixed(1)} percentage points (Welch t over 3 and 3 seeds).`,
    );
    // +1.0 point at the ideal point, sd 2 on both sides: its interval includes zero, and says so.
    expect(f.sentences[1]).toBe(
      "Setting adaptive threshold to on recovers 16.0 percentage points of it (to 78.0 % ± 2.0), 80 % of the loss; " +
        `95 % CI +${(16 - half).toFixed(1)} to +${(16 + half).toFixed(1)} percentage points (Welch t over 3 and 3 seeds). ` +
        `Without the non-ideality it changes accuracy by +1.0 percentage point: its 95 % CI, −${(half - 1).toFixed(1)} to +${(1 + half).toFixed(1)} percentage points (Welch t over 3 and 3 seeds), includes zero, so it is not a finding.`,
    );
    expect(f.bestRecovery?.fraction).toBeCloseTo(0.8, 9);
  });

  it("with one seed missing, n and the sentence follow the data", () => {
    const model = buildModel(loadSweepResults(writeFixtureSweep({ skip: 6 })));
    expect(model.points[2]!.accuracy.n).toBe(2);
    expect(model.results.missing).toHaveLength(1);
    expect(findings(model).sentences[0]).toContain("from 82.0 % ± 2.0 to 63.0 % ± 1.4");
  });
});

describe("findings of other shapes", () => {
  it("zipped axes with the same labels read as one axis", () => {
    const scenario = {
      ...FIXTURE_SCENARIO,
      mode: "zip",
      axes: [
        {
          path: "neuron.thresholdMv",
          label: "levels",
          role: "non-ideality",
          values: [-52, -51, -50],
          valueLabels: ["256", "64", "8"],
        },
        {
          path: "neuron.thetaPlusMv",
          label: "LTD levels",
          role: "non-ideality",
          values: [0.01, 0.02, 0.03],
          valueLabels: ["256", "64", "8"],
        },
      ],
    };
    const acc = [0.8, 0.75, 0.5];
    const dir = writeFixtureSweep({ scenario, accuracy: (v, s) => acc[v[0]!]! + 0.01 * s });
    expect(findings(buildModel(loadSweepResults(dir))).sentences[0]).toMatch(
      /^The largest accuracy loss is 30\.0 percentage points, from 81\.0 % ± 1\.0 to 51\.0 % ± 1\.0: it is caused by levels, at 8 instead of 256\./,
    );
  });

  it("when no non-ideality costs accuracy, it says so and gives the mitigation's effect", () => {
    // Off at 30 %: above chance (20 % on 10 classes), so the arms are compared (chance: findings-chance.test.ts).
    const acc = (v: readonly number[], s: number): number => (v[1] === 1 ? 0.5 : 0.3) + 0.01 * s;
    const f = findings(buildModel(loadSweepResults(writeFixtureSweep({ accuracy: acc }))));
    expect(f.sentences).toEqual([
      "No non-ideality in this scenario lowers the mean accuracy: the worst case, threshold at spread, changes it by +0.0 percentage points (31.0 % → 31.0 %, with adaptive threshold off).",
      "The largest effect of a mitigation: adaptive threshold on instead of off changes accuracy by +20.0 percentage points, from 31.0 % ± 1.0 to 51.0 % ± 1.0, with threshold fixed; " +
        // Welch, sd 1 point on both sides, 3 + 3 seeds: df = 4, half-width 2.7764 · √(2/3).
        `95 % CI +${(20 - 2.7764 * Math.sqrt(2 / 3)).toFixed(1)} to +${(20 + 2.7764 * Math.sqrt(2 / 3)).toFixed(1)} percentage points (Welch t over 3 and 3 seeds).`,
    ]);
  });

  it("without roles: the loss between the best and the worst point, and the axes they differ in", () => {
    const scenario = {
      ...FIXTURE_SCENARIO,
      axes: [{ path: "neurons", label: "neurons", values: [10, 20, 30] }],
    };
    const acc = [0.5, 0.7, 0.6];
    const dir = writeFixtureSweep({ scenario, accuracy: (v, s) => acc[v[0]!]! + 0.01 * s });
    const [first] = findings(buildModel(loadSweepResults(dir))).sentences;
    expect(first).toContain(
      "The largest accuracy loss is 20.0 percentage points, from 71.0 % ± 1.0 (neurons=20) to 51.0 % ± 1.0 (neurons=10), with neurons 10 instead of 20.",
    );
    expect(first).toContain("No axis of this scenario is marked as a non-ideality");
  });
});

describe("writeReport", () => {
  it("writes a self-contained page with SVG charts, synapse maps, energy when present, and the CSVs", async () => {
    const out = tempDir("report");
    const files = await writeReport(writeFixtureSweep({ withEnergy: true }), out);
    const html = readFileSync(files.html, "utf8");
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // no scripts, no network
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).toContain("Accuracy versus threshold");
    expect(html).toContain("Accuracy versus training samples");
    expect(html).toContain("Energy per inference (test image) by component");
    expect((html.match(/data:image\/png;base64,/g) ?? []).length).toBe(4);
    expect(html).toContain("The largest accuracy loss is 20.0 percentage points");
    expect(html).toContain("Test CPU × 2");
    const summary = rowsOf(readFileSync(files.summaryCsv, "utf8"));
    expect(Number(summary[1]!.energy_per_inference_j_mean)).toBeCloseTo(1.71e-9, 20);
    expect(readFileSync(join(out, "results.csv"), "utf8").split("\n")).toHaveLength(14);
    const results = rowsOf(readFileSync(files.resultsCsv, "utf8"));
    // curves.csv: both checkpoints of each of the 12 runs, matching each run's final accuracy.
    const curves = rowsOf(readFileSync(files.curvesCsv, "utf8"));
    expect(curves).toHaveLength(24);
    for (const r of results) {
      const own = curves.filter(
        (c) => c.point === r.point && c.replicate_seed === r.replicate_seed,
      );
      expect(own.map((c) => Number(c.train_samples))).toEqual([5, 10]);
      expect(Number(own[1]!.accuracy)).toBe(Number(r.accuracy));
      expect(Number(own[0]!.accuracy)).toBeCloseTo(Number(r.accuracy) - 0.1, 12);
    }
    // spikes.csv: 4 neurons × 12 runs; the fixture's dominant-neuron point shows its 40 spikes.
    const spikes = rowsOf(readFileSync(files.spikesCsv, "utf8"));
    expect(spikes).toHaveLength(48);
    expect(spikes.filter((r) => r.label_spikes === "40")).toHaveLength(3);
    expect(spikes.every((r) => r.test_spikes === String(Number(r.neuron) + 1))).toBe(true);
  });
});
