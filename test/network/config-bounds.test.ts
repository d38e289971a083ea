import { describe, expect, it } from "vitest";
import { UsageError, ValidationError } from "../../src/core/errors.js";
import { parseWithSchema } from "../../src/core/validate.js";
import {
  checkWorkBudget,
  estimateWork,
  WORK_BUDGET_NEURON_STEPS,
} from "../../src/experiments/preflight.js";
import { MAX_SPIKE_TABLE, MAX_STEPS_PER_PHASE, runConfigSchema } from "../../src/network/config.js";
import { caught } from "../caught.js";

const parse = (value: unknown) => parseWithSchema(runConfigSchema, value, "command line");

function rejected(value: unknown): string {
  const e = caught(() => parse(value));
  expect(e).toBeInstanceOf(ValidationError);
  return (e as Error).message;
}

describe("run configuration bounds (src/network/config.ts)", () => {
  it.each<[string, unknown, RegExp]>([
    ["a subnormal dt", { timing: { dtMs: 5e-324 } }, /timing\.dtMs: .*>=0\.001/],
    [
      "a presentation of 1e300 ms",
      { timing: { presentationMs: 1e300 } },
      /timing\.presentationMs: .*<=100000/,
    ],
    ["a rest of 1e12 ms", { timing: { restMs: 1e12 } }, /timing\.restMs/],
    ["a minimum spike count of 1e9", { timing: { minSpikes: 1e9 } }, /timing\.minSpikes/],
    [
      "more steps per presentation than the engine allocates",
      { timing: { dtMs: 0.001, presentationMs: 5000 } },
      new RegExp(
        `presentationMs 5000 at dtMs 0\\.001 is 5000000 steps, above the limit of ${MAX_STEPS_PER_PHASE}`,
      ),
    ],
    [
      "a presentation shorter than a step",
      { timing: { dtMs: 10, presentationMs: 1 } },
      /shorter than one step/,
    ],
    ["10^10 training images", { train: 1e10 }, /train: /],
    [
      "a label table beyond 1 GiB",
      { neurons: 100_000, label: 10_000 },
      new RegExp(
        `label: 10000 label presentations × 100000 neurons = 1000000000 spike counts, above the limit of ${MAX_SPIKE_TABLE}`,
      ),
    ],
    ["a blank seed", { seed: "  " }, /seed: /],
    ["a number written as a string seed", { seed: "12" }, /seed: .*write it as a number/],
  ])("%s is rejected naming the field", (_name, value, pattern) => {
    expect(rejected(value)).toMatch(pattern);
  });

  it("the Diehl & Cook defaults, a 1 µs step and 100 s presentations at 0.1 ms are accepted", () => {
    expect(parse({}).timing.dtMs).toBe(0.5);
    expect(parse({ timing: { dtMs: 0.001, presentationMs: 1000 } }).timing.presentationMs).toBe(
      1000,
    );
    expect(parse({ timing: { dtMs: 0.1, presentationMs: 100_000 } }).timing.dtMs).toBe(0.1);
  });
});

describe("work estimate and budget (src/experiments/preflight.ts)", () => {
  it("estimateWork: presentations (train + label + test + checkpoint evaluations) × neurons × steps", () => {
    const config = parse({
      neurons: 10,
      train: 100,
      label: 20,
      test: 30,
      checkpoints: { every: 50, label: 5, test: 5 },
      timing: { presentationMs: 100, restMs: 50, maxPresentations: 4 },
    });
    const w = estimateWork(config);
    expect(w.presentations).toBe(100 + 20 + 30 + 2 * 10);
    expect(w.stepsPerPresentation).toBe(300);
    expect(w.neuronSteps).toBe(170 * 10 * 300);
    expect(w.worstNeuronSteps).toBe(170 * 10 * 300 * 4);
  });

  it("the Diehl & Cook 6,400-neuron run fits the budget; 10^9 presentations of it do not, unless --yes", () => {
    const dc6400 = parse({ neurons: 6400 });
    expect(estimateWork(dc6400).worstNeuronSteps).toBeLessThanOrEqual(WORK_BUDGET_NEURON_STEPS);
    expect(() => checkWorkBudget(dc6400, false)).not.toThrow();
    const huge = parse({ neurons: 6400, train: 1e9 });
    const e = caught(() => checkWorkBudget(huge, false)) as Error;
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toMatch(
      /^this run asks for 6\.40e\+15 neuron-steps \(1000020000 presentations × 6400 neurons × 1000 steps\), up to 6\.40e\+16 .*above the budget of 1e\+13 .*pass --yes/,
    );
    expect(checkWorkBudget(huge, true).neuronSteps).toBeGreaterThan(WORK_BUDGET_NEURON_STEPS);
  });
});
