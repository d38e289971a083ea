import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { parseWithSchema } from "../../src/core/validate.js";
import { labelCount, runConfigSchema } from "../../src/network/config.js";

function message(value: unknown): string {
  try {
    parseWithSchema(runConfigSchema, value, "run.json");
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  }
  throw new Error("expected a ValidationError");
}

describe("runConfigSchema", () => {
  it("runConfigSchema defaults: the Diehl & Cook protocol (MNIST, 100 neurons, 60 000 train, 10 000 test, 350/150 ms at 0.5 ms, ≥ 5 spikes)", () => {
    const c = runConfigSchema.parse({});
    expect(c).toMatchObject({
      dataset: { name: "mnist" },
      neurons: 100,
      train: 60_000,
      test: 10_000,
      seed: 1,
      shuffle: false,
      timing: { dtMs: 0.5, presentationMs: 350, restMs: 150, minSpikes: 5, maxPresentations: 10 },
      encoder: { kind: "poisson", maxRateHz: 63.75 },
      neuron: { model: "dc" },
      inhibition: { mode: "population", excToInh: 10.4, inhToExc: 17 },
      synapses: { kind: "ideal", wMax: 1 },
      learning: { rule: "triplet", normalisationSum: 78 },
    });
    expect(c.checkpoints).toBeUndefined();
    expect(labelCount(c)).toBe(10_000);
  });

  it("labelCount: the given label count, else min(train, 10 000)", () => {
    expect(labelCount(runConfigSchema.parse({ train: 600 }))).toBe(600);
    expect(labelCount(runConfigSchema.parse({ train: 600, label: 50 }))).toBe(50);
  });

  it("runConfigSchema: rejects unknown fields, bad counts and train 0 without label, naming the path", () => {
    expect(message({ nuerons: 5 })).toContain('unknown field "nuerons"');
    expect(message({ neurons: 0 })).toMatch(/^run\.json › neurons: .*, got 0$/);
    expect(message({ neurons: 2.5 })).toMatch(/^run\.json › neurons: .*, got 2\.5$/);
    expect(message({ timing: { dtMs: -1 } })).toMatch(/^run\.json › timing\.dtMs: .*, got -1$/);
    expect(message({ timing: { maxPresentations: 0 } })).toMatch(/timing\.maxPresentations/);
    expect(message({ checkpoints: { every: 0 } })).toMatch(/checkpoints\.every/);
    expect(message({ train: 0 })).toBe(
      "run.json › label: with train 0 the label count must be given, got nothing",
    );
    expect(runConfigSchema.parse({ train: 0, label: 10 }).train).toBe(0);
  });
});
