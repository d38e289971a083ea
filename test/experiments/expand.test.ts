import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { expandScenario, pointId, type ExpandedSweep } from "../../src/experiments/expand.js";
import type { RunConfig } from "../../src/network/config.js";
import { scenarioFromValue } from "../../src/experiments/scenario-file.js";
import { deriveRunSeed } from "../../src/experiments/seeds.js";
import { selectShard } from "../../src/experiments/shard.js";
import { tinyScenario } from "../e2e/helpers.js";

/** These scenarios are SNN-only: their configurations are RunConfigs (the default schema's SNN arm). */
const expand = (s: Record<string, unknown>, variant: "full" | "quick" = "full") =>
  expandScenario(scenarioFromValue(s, "scenarios/t.json"), { variant }) as ExpandedSweep<RunConfig>;

describe("expandScenario", () => {
  it("grid: every combination, first axis outermost, seeds per point in the scenario's order", () => {
    const sweep = expand(
      tinyScenario({
        axes: [
          { path: "neurons", values: [10, 20] },
          { path: "neuron.thetaPlusMv", values: [0.05, 0.1, 0.2] },
        ],
        seeds: [3, 1],
      }),
    );
    expect(sweep.points.map((p) => p.values)).toEqual([
      [10, 0.05],
      [10, 0.1],
      [10, 0.2],
      [20, 0.05],
      [20, 0.1],
      [20, 0.2],
    ]);
    expect(sweep.runs).toHaveLength(12);
    expect(sweep.runs.slice(0, 2).map((r) => r.replicate)).toEqual([3, 1]);
    expect(sweep.points[4]!.config.neurons).toBe(20);
    expect(sweep.points[4]!.config.neuron).toMatchObject({ model: "dc", thetaPlusMv: 0.1 });
    expect(new Set(sweep.points.map((p) => p.id)).size).toBe(6);
  });

  it("zip: the i-th values of every axis together", () => {
    const sweep = expand(
      tinyScenario({
        mode: "zip",
        axes: [
          { path: "neurons", values: [10, 20, 30] },
          { path: "neuron.thetaPlusMv", values: [0.05, 0.1, 0.2] },
        ],
      }),
    );
    expect(sweep.points.map((p) => p.values)).toEqual([
      [10, 0.05],
      [20, 0.1],
      [30, 0.2],
    ]);
  });

  it("point ids are a stable hash of the axis values: independent of key order and of the base", () => {
    const a = expand(
      tinyScenario({
        axes: [{ path: "encoder", values: [{ kind: "bernoulli", maxProbability: 0.05 }] }],
      }),
    );
    const b = expand(
      tinyScenario({
        base: { neurons: 25 },
        axes: [{ path: "encoder", values: [{ maxProbability: 0.05, kind: "bernoulli" }] }],
      }),
    );
    expect(a.points[0]!.id).toBe(b.points[0]!.id);
    expect(a.points[0]!.id).toMatch(/^[0-9a-f]{10}$/);
    // Documented: first 10 hex digits of SHA-256 of the canonical JSON {path: value}.
    const canonical = '{"encoder":{"kind":"bernoulli","maxProbability":0.05}}';
    expect(a.points[0]!.id).toBe(createHash("sha256").update(canonical).digest("hex").slice(0, 10));
    expect(pointId([], [])).toMatch(/^[0-9a-f]{10}$/);
  });

  it("run seeds: derived from (scenario seed, point id, replicate) by the documented hash, nothing else", () => {
    const sweep = expand(tinyScenario());
    const run = sweep.runs[3]!;
    const hex = createHash("sha256")
      .update(`neuroxbar/run-seed/v1|11|${run.point.id}|${run.replicate}`)
      .digest("hex");
    expect(run.seed).toBe(Number.parseInt(hex.slice(0, 12), 16));
    expect(run.config.seed).toBe(run.seed);
    expect(deriveRunSeed(11, run.point.id, run.replicate)).toBe(run.seed);
    expect(new Set(sweep.runs.map((r) => r.seed)).size).toBe(sweep.runs.length);
    // The same point in a larger sweep gets the same seed: one point can be re-run alone.
    const bigger = expand(tinyScenario({ seeds: [1, 2, 3] }));
    const same = bigger.runs.find((r) => r.key === run.key)!;
    expect(same.seed).toBe(run.seed);
  });

  it("quick merges quick.base into base (objects key by key) and uses quick.seeds", () => {
    const s = {
      ...tinyScenario(),
      quick: { base: { train: 10, timing: { presentationMs: 50 } }, seeds: [9] },
    };
    const q = expand(s, "quick");
    expect(q.points[0]!.config.train).toBe(10);
    expect(q.points[0]!.config.timing).toMatchObject({ presentationMs: 50, restMs: 50 });
    expect(q.runs.every((r) => r.replicate === 9)).toBe(true);
    expect(q.sweepHash).not.toBe(expand(s).sweepHash);
  });

  it("an axis may set a field inside an earlier axis's object value", () => {
    const sweep = expand(
      tinyScenario({
        axes: [
          { path: "encoder", values: [{ kind: "poisson" }] },
          { path: "encoder.maxRateHz", values: [30, 60] },
        ],
      }),
    );
    expect(sweep.points.map((p) => p.config.encoder)).toEqual([
      { kind: "poisson", maxRateHz: 30 },
      { kind: "poisson", maxRateHz: 60 },
    ]);
  });

  it("`with` sets linked fields in lockstep with the axis, and they are part of the point id", () => {
    const axis = {
      path: "synapses",
      values: [{ kind: "ideal" }, { kind: "crossbar", device: "ideal", update: "pulse" }],
      with: [{ path: "learning", values: [{ rule: "triplet" }, { rule: "pulse" }] }],
    };
    const sweep = expand(
      tinyScenario({ axes: [axis, { path: "neurons", values: [10, 20] }], seeds: [1] }),
    );
    expect(
      sweep.points.map((p) => [p.config.synapses.kind, p.config.learning.rule, p.config.neurons]),
    ).toEqual([
      ["ideal", "triplet", 10],
      ["ideal", "triplet", 20],
      ["crossbar", "pulse", 10],
      ["crossbar", "pulse", 20],
    ]);
    const without = expand(
      tinyScenario({
        axes: [
          // Only the first value: a crossbar in "pulse" mode needs its linked pulse rule.
          { ...axis, values: [axis.values[0]], with: undefined },
          { path: "neurons", values: [10, 20] },
        ],
        seeds: [1],
      }),
    );
    expect(sweep.points[0]!.id).not.toBe(without.points[0]!.id);
  });

  it("selectShard deals runs round-robin: shards are disjoint and cover every run", () => {
    const runs = expand(tinyScenario({ seeds: [1, 2, 3] })).runs;
    const shards = [1, 2, 3, 4, 5].map((index) =>
      selectShard(runs, { index, count: 5 }).map((r) => r.key),
    );
    expect(shards.flat().sort()).toEqual(runs.map((r) => r.key).sort());
    expect(new Set(shards.flat()).size).toBe(runs.length);
  });
});
