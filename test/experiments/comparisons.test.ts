/**
 * Planned comparisons in a scenario: each side names exactly one point (by title, joined value
 * labels or {axis: label}); a selector that names none or several is a validation error naming
 * the comparison; and comparisons never change the runs (same sweep hash, ids and seeds).
 */
import { describe, expect, it } from "vitest";
import { expandScenario, selectPoints } from "../../src/experiments/expand.js";
import { scenarioFromValue } from "../../src/experiments/scenario-file.js";
import { tinyScenario } from "../e2e/helpers.js";

const axes = [
  { path: "neurons", label: "size", values: [10, 20], valueLabels: ["small", "large"] },
  { path: "neuron.thetaPlusMv", label: "θ+", values: [0.05, 0.1], valueLabels: ["low", "high"] },
];
const expand = (extra: Record<string, unknown>) =>
  expandScenario(scenarioFromValue({ ...tinyScenario({ axes }), ...extra }, "scenarios/t.json"));

describe("scenario comparisons", () => {
  it("resolve a selector by title, by joined value labels and by {axis: label}", () => {
    const sweep = expand({});
    const pick = (s: Parameters<typeof selectPoints>[2]) =>
      selectPoints(sweep.scenario, sweep.points, s).map((p) => p.title);
    expect(pick("size=large · θ+=low")).toEqual(["size=large · θ+=low"]);
    expect(pick("large · low")).toEqual(["size=large · θ+=low"]);
    expect(pick({ size: "large", "θ+": "low" })).toEqual(["size=large · θ+=low"]);
    expect(pick({ size: "large" })).toHaveLength(2);
    expect(pick({ nosuchaxis: "large" })).toEqual([]);
  });

  it("reject a side that names no point or several, naming the comparison", () => {
    expect(() =>
      expand({ comparisons: [{ label: "x", a: "large · low", b: "huge · low" }] }),
    ).toThrow(/comparisons\[0\]\.b: expected one point, none matches "huge · low"/);
    expect(() =>
      expand({ comparisons: [{ label: "x", a: { size: "large" }, b: "small · low" }] }),
    ).toThrow(/comparisons\[0\]\.a: expected one point, 2 match/);
  });

  it("do not change the runs: same sweep hash, point ids and run seeds", () => {
    const plain = expand({});
    const planned = expand({
      comparisons: [{ label: "bigger", a: "large · low", b: "small · low" }],
    });
    expect(planned.sweepHash).toBe(plain.sweepHash);
    expect(planned.runs.map((r) => [r.key, r.seed])).toEqual(
      plain.runs.map((r) => [r.key, r.seed]),
    );
    expect(planned.scenarioHash).not.toBe(plain.scenarioHash);
  });
});
