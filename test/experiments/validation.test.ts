import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "../../src/core/errors.js";
import { expandScenario } from "../../src/experiments/expand.js";
import { readScenarioFile, scenarioFromValue } from "../../src/experiments/scenario-file.js";
import { tempDir, tinyScenario, writeScenario } from "../e2e/helpers.js";

const FILE = "scenarios/x.json";

function errorOf(scenario: unknown, variant: "full" | "quick" = "full"): string {
  try {
    expandScenario(scenarioFromValue(scenario, FILE), { variant });
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  }
  throw new Error("expected a ValidationError");
}

describe("scenario validation (before anything runs)", () => {
  it("a typo in an axis path names the file, the axis and the likely field", () => {
    const s = tinyScenario({ axes: [{ path: "neuron.thetaPlusMV", values: [0.1] }] });
    expect(errorOf(s)).toBe(
      `${FILE} › axes[0].path: unknown field "thetaPlusMV" in neuron; did you mean "thetaPlusMv"?`,
    );
  });

  it("a typo in base names base and the field", () => {
    const s = tinyScenario({ base: { nuerons: 20 } });
    expect(errorOf(s)).toBe(
      `${FILE} › base.nuerons: unknown field "nuerons"; did you mean "neurons"?`,
    );
  });

  it("a wrong type in an axis value names the value's index, the expectation and what was given", () => {
    const s = tinyScenario({ axes: [{ path: "neurons", values: [10, "20", 30] }] });
    expect(errorOf(s)).toBe(
      `${FILE} › axes[0].values[1]: Invalid input: expected number, received string, got "20" (a string)`,
    );
  });

  it("a field inside an object value is blamed on that value", () => {
    const s = tinyScenario({
      axes: [{ path: "encoder", values: [{ kind: "poisson", maxRateHz: -5 }] }],
    });
    expect(errorOf(s)).toMatch(
      /^scenarios\/x\.json › axes\[0\]\.values\[0\]\.maxRateHz: Too small: expected number to be >0, got -5/,
    );
  });

  it("a problem in a linked field is blamed on axes[i].with[k]", () => {
    const s = tinyScenario({
      axes: [
        {
          path: "neurons",
          values: [10, 20],
          with: [{ path: "learning", values: [{ rule: "triplet" }, { rule: "tripplet" }] }],
        },
      ],
    });
    expect(errorOf(s)).toMatch(
      /^scenarios\/x\.json › axes\[0\]\.with\[0\]\.values\[1\]\.rule: Invalid discriminator value/,
    );
    const short = tinyScenario({
      axes: [{ path: "neurons", values: [10, 20], with: [{ path: "train", values: [5] }] }],
    });
    expect(errorOf(short)).toContain(
      "axes[0].with[0].values: expected one value per value of the axis (2), got 1",
    );
  });

  it("an empty axis is rejected", () => {
    const s = tinyScenario({ axes: [{ path: "neurons", values: [] }] });
    expect(errorOf(s)).toBe(
      `${FILE} › axes[0].values: expected at least one value (an empty axis makes no points), got an array of 0`,
    );
  });

  it("an unknown device preset is rejected with the known ones", () => {
    const s = tinyScenario({
      base: { synapses: { kind: "crossbar", device: "ideal" } },
      axes: [{ path: "synapses.device", values: ["ideal", "ag-a-sii"] }],
    });
    const msg = errorOf(s);
    expect(msg).toMatch(
      /^scenarios\/x\.json › axes\[0\]\.values\[1\]: unknown preset "ag-a-sii"; known presets: .*ag-a-si/,
    );
  });

  it("an invalid override of a device preset is blamed on the axis value that set it", () => {
    const s = tinyScenario({
      base: { synapses: { kind: "crossbar", device: "ideal", set: { finiteLevels: true } } },
      axes: [{ path: 'synapses.set["params.pMaxLtp"]', values: [64, -3] }],
    });
    expect(errorOf(s)).toMatch(
      /^scenarios\/x\.json › axes\[0\]\.values\[1\]: .*params\.pMaxLtp: Too small/,
    );
  });

  it("zip axes of different lengths, repeated values, overlapping paths and a seed in base are rejected", () => {
    const zip = tinyScenario({
      mode: "zip",
      axes: [
        { path: "neurons", values: [10, 20] },
        { path: "train", values: [10, 20, 30] },
      ],
    });
    expect(errorOf(zip)).toContain(
      "axes[1].values: zip mode pairs the i-th values of every axis: expected 2 values",
    );
    expect(errorOf(tinyScenario({ axes: [{ path: "neurons", values: [10, 10] }] }))).toContain(
      "axes[0].values[1]: expected distinct values; this repeats values[0]",
    );
    const overlap = tinyScenario({
      axes: [
        { path: "encoder.maxRateHz", values: [10] },
        { path: "encoder", values: [{ kind: "poisson" }] },
      ],
    });
    expect(errorOf(overlap)).toContain("axes[1].path: expected a field no earlier axis sets");
    expect(errorOf(tinyScenario({ base: { seed: 3 } }))).toContain(
      "base.seed: expected no seed in base",
    );
  });

  it("every problem of every point is listed once, with the points it occurs at", () => {
    const s = tinyScenario({
      axes: [
        { path: "neurons", values: [10, 0] },
        { path: "train", values: [5, 6] },
      ],
    });
    const msg = errorOf(s);
    expect(msg.split("\n")).toHaveLength(1);
    expect(msg).toContain("axes[0].values[1]: Too small");
  });

  it("--quick overrides are blamed on quick.base", () => {
    const s = { ...tinyScenario(), quick: { base: { test: 0 } } };
    expect(errorOf(s, "quick")).toMatch(/^scenarios\/x\.json › quick\.base\.test: Too small/);
  });

  it("reads YAML scenarios, and names the file on a syntax error", () => {
    const dir = tempDir("yaml");
    const ok = join(dir, "s.yaml");
    writeScenario(dir, {}, "unused.json");
    const yaml = [
      "name: tiny-yaml",
      "seed: 1",
      "base: { neurons: 20, train: 30, label: 30, test: 30 }",
      "axes:",
      "  - path: neurons",
      "    values: [10, 20]",
      "seeds: [1]",
      "",
    ].join("\n");
    writeFileSync(ok, yaml);
    const sweep = expandScenario(readScenarioFile(ok));
    expect(sweep.points).toHaveLength(2);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "name: [oops\n");
    expect(() => readScenarioFile(bad)).toThrow(
      new RegExp(`^${bad.replace(/[.]/g, "\\.")}: not valid YAML`),
    );
    expect(existsSync(join(dir, "runs"))).toBe(false);
  });

  it("is generic over the run schema: any field addressable by path", () => {
    const schema = z.strictObject({
      seed: z.number(),
      device: z.strictObject({ params: z.strictObject({ nlLtd: z.number().max(0) }) }),
    });
    const s = {
      name: "g",
      seed: 1,
      base: { device: { params: { nlLtd: 0 } } },
      axes: [{ path: "device.params.nlLtd", values: [-6, -4, 2] }],
      seeds: [1],
    };
    expect(() => expandScenario(scenarioFromValue(s, FILE), { runSchema: schema })).toThrow(
      `${FILE} › axes[0].values[2]: Too big: expected number to be <=0, got 2`,
    );
  });
});
