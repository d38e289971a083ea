import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { shippedScenarios } from "../../src/cli/commands/scenario.js";
import { ValidationError } from "../../src/core/errors.js";
import { expandScenario } from "../../src/experiments/expand.js";
import { scenarioJsonSchema } from "../../src/experiments/json-schema.js";
import { readScenarioFile } from "../../src/experiments/scenario-file.js";
import { ROOT } from "../e2e/helpers.js";

const EXPECTED = [
  "adaptive-threshold-mitigation",
  "adc-bits",
  "datasets",
  "device-table",
  "device-variability",
  "encoders",
  "fresh-weights-size",
  "grid-final-neurons",
  "grid-final-setup",
  "grid-setup",
  "inhibition-modes",
  "initial-weight-noise",
  "levels",
  "network-size",
  "neuron-rule-grid",
  "nonlinearity-asymmetry",
  "snn-vs-ann",
  "stuck-faults",
  "stuck-polarity",
  "tau-theta",
  "threshold-variation",
  "training-length",
  "training-order",
  "voltage-offset",
  "write-verify-tolerance",
];

describe("shipped scenarios", () => {
  it("one file per experiment of shared/reference/experiments.md, named as the issue lists them, plus the stuck-polarity follow-up, the write-path scenario adc-bits, experiment B's set-up adaptive-threshold-mitigation and issue #15's neuron-rule-grid, training-length, initial-weight-noise, fresh-weights-size and snn-vs-ann (the SNN beside the trained ANN), and issue #13's write-verify-tolerance, plus training-order (the test of training-length's pass-boundary dip), grid-setup (the test of neuron-rule-grid's unreplicated set-up differences), grid-final-setup (its three encoders in the reference's final network) and grid-final-neurons (IF, SRM0 and the other two rules there)", () => {
    expect(shippedScenarios().map((f) => basename(f, ".json"))).toEqual(EXPECTED);
  });

  for (const file of shippedScenarios()) {
    const name = basename(file, ".json");
    it(`${name}: every point of the full and the quick size is a valid run configuration`, () => {
      const s = readScenarioFile(file);
      expect(s.scenario.name).toBe(name);
      expect(s.scenario.quick?.seeds?.length ?? s.scenario.seeds.length).toBeGreaterThanOrEqual(3);
      for (const variant of ["full", "quick"] as const) {
        try {
          const sweep = expandScenario(s, { variant });
          expect(sweep.points.length).toBeGreaterThan(1);
        } catch (err) {
          if (err instanceof ValidationError) throw new Error(`${variant}: ${err.message}`);
          throw err;
        }
      }
    });
  }

  it("scenarios/scenario.schema.json is the schema `neuroxbar scenario schema` prints now", () => {
    const committed = JSON.parse(
      readFileSync(join(ROOT, "scenarios", "scenario.schema.json"), "utf8"),
    );
    expect(
      committed,
      "stale: run `node dist/cli/main.js scenario schema > scenarios/scenario.schema.json && npx prettier --write scenarios/scenario.schema.json`",
    ).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});
