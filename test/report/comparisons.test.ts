/**
 * Planned comparisons in the report: Δ = a − b per checkpoint, over the early window and at the end,
 * with Welch's 95 % interval over seeds (run seeds differ between points), checked against the
 * fixture's hand-chosen accuracies.
 */
import { describe, expect, it } from "vitest";
import {
  buildComparisons,
  comparisonSentences,
  comparisonsTable,
} from "../../src/report/comparisons.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSweepResults } from "../../src/report/load-results.js";
import { writeReport } from "../../src/report/write-report.js";
import { tempDir } from "../e2e/helpers.js";
import { buildModel } from "../../src/report/model.js";
import { FIXTURE_SCENARIO, writeFixtureSweep } from "./fixture.js";

// Fixture accuracies (percent), seeds 1–3: fixed·off 80/82/84, spread·off 60/62/64. Both sides have
// sd 2 points over n = 3, so Welch's se = √(4/3 + 4/3) and df = 4 exactly; t(0.975, 4) = 2.776445.
const HALF_WIDTH = 2.776445 * Math.sqrt(4 / 3 + 4 / 3);

const scenario = {
  ...FIXTURE_SCENARIO,
  comparisons: [
    {
      label: "spread without θ",
      a: "spread · off",
      b: { threshold: "fixed", "adaptive threshold": "off" },
    },
    { label: "θ with spread", a: "threshold=spread · adaptive threshold=on", b: "spread · off" },
  ],
};

describe("report planned comparisons", () => {
  const model = buildModel(loadSweepResults(writeFixtureSweep({ scenario })));
  const results = buildComparisons(model);

  it("measures Δ = a − b at the end with Welch's interval over seeds", () => {
    expect(results.map((r) => r.label)).toEqual(["spread without θ", "θ with spread"]);
    const spread = results[0]!.final!;
    expect(spread.delta.method).toBe("welch");
    expect(spread.delta.mean).toBeCloseTo(-20, 9);
    expect(spread.delta.high - spread.delta.mean).toBeCloseTo(HALF_WIDTH, 4);
    expect(spread.nA).toBe(3);
    // spread·on 76/78/80 against spread·off 60/62/64: +16 points.
    expect(results[1]!.final!.delta.mean).toBeCloseTo(16, 9);
  });

  it("measures every checkpoint both sides have, and no early window without a dense grid", () => {
    const r = results[0]!;
    expect(r.checkpoints.map((w) => w.window)).toEqual([5, 10]);
    expect(r.checkpoints[0]!.delta.mean).toBeCloseTo(-20, 9);
    expect(r.earlyUntil).toBeNull();
    expect(r.early).toBeNull();
  });

  it("writes one CSV row per comparison × window and a sentence with the interval", () => {
    const table = comparisonsTable(results);
    expect(table.rows).toHaveLength(2 * 3);
    const final = table.rows.find((row) => row[0] === "spread without θ" && row[3] === "final")!;
    expect(final[6]).toBe(-20);
    expect(final[12]).toBe(true);
    const sentence = comparisonSentences(results)[0]!;
    expect(sentence).not.toContain("early (");
    expect(sentence).toContain(
      `−20.0 points [−${(20 + HALF_WIDTH).toFixed(1)}, −${(20 - HALF_WIDTH).toFixed(1)}]`,
    );
  });

  it("averages each run over the dense checkpoints for the early window", () => {
    const dense = {
      ...scenario,
      base: {
        ...scenario.base,
        checkpoints: { every: 15, label: 20, test: 20, dense: { every: 5, until: 5 } },
      },
    };
    const [r] = buildComparisons(
      buildModel(loadSweepResults(writeFixtureSweep({ scenario: dense }))),
    );
    expect(r!.earlyUntil).toBe(5);
    // Only the checkpoint at 5 samples lies in the window: its accuracies are the final ones − 10.
    expect(r!.early!.meanA).toBeCloseTo(52, 9);
    expect(r!.early!.meanB).toBeCloseTo(72, 9);
    expect(r!.early!.delta.mean).toBeCloseTo(-20, 9);
    expect(comparisonSentences([r!])[0]).toContain("checkpoints to 5 training images");
  });

  it("puts the comparisons on the page, in the lead and in comparisons.csv", async () => {
    const out = tempDir("comparisons-report");
    const files = await writeReport(writeFixtureSweep({ scenario }), out);
    expect(files.comparisonsCsv).toBe(join(out, "comparisons.csv"));
    const csv = readFileSync(files.comparisonsCsv!, "utf8").trim().split("\n");
    expect(csv).toHaveLength(1 + 2 * 3);
    const html = readFileSync(files.html, "utf8");
    expect(html).toContain("<h2>Planned comparisons</h2>");
    expect(html).toContain("Planned comparisons: Δ accuracy (a − b)");
    expect(files.sentences.some((t) => t.startsWith("spread without θ"))).toBe(true);
  });

  it("writes no comparisons.csv for a scenario that plans none", async () => {
    const files = await writeReport(writeFixtureSweep(), tempDir("no-comparisons"));
    expect(files.comparisonsCsv).toBeNull();
    expect(readFileSync(files.html, "utf8")).not.toContain("Planned comparisons");
  });
});
