/**
 * Fuzz: the run configuration (runConfigSchema, src/network/config.ts) through parseWithSchema
 * (src/core/validate.ts), as the CLI checks its flags. Random mutations of valid configurations,
 * and arbitrary JSON values, are either accepted — and the parsed configuration parses again to
 * itself — or rejected with a ValidationError whose every line reads
 * `command line › path: what was expected, got …`. Never another exception.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { parseWithSchema } from "../../src/core/validate.js";
import { knownKeysAt } from "../../src/experiments/schema-hints.js";
import { runConfigSchema } from "../../src/network/config.js";
import { fuzzParams, mutate, mutationArb, prototypeKeys, thrown, type Json } from "./mutate.js";

const SOURCE = "command line";

/** Valid configurations to mutate: the defaults, a small D&C run, a hardware/crossbar run. */
const VALID: Json[] = [
  {},
  {
    dataset: { name: "mnist" },
    neurons: 20,
    train: 30,
    label: 30,
    test: 30,
    seed: 7,
    timing: { dtMs: 0.5, presentationMs: 100, restMs: 50, minSpikes: 5, maxPresentations: 3 },
    checkpoints: { every: 15, label: 20, test: 20 },
    encoder: { kind: "poisson", maxRateHz: 63.75 },
    neuron: { model: "dc" },
    inhibition: { mode: "population" },
    synapses: { kind: "ideal" },
    learning: { rule: "triplet" },
  },
  {
    dataset: { name: "idx", dataDir: "data/digits" },
    neurons: 10,
    train: 0,
    label: 5,
    test: 5,
    seed: "run-a",
    shuffle: true,
    encoder: { kind: "bernoulli", maxProbability: 0.05 },
    neuron: {
      model: "hw",
      bits: 12,
      leak: { kind: "shift", tauMs: 100, shift: 4 },
      adaptiveThreshold: { enabled: true, thetaPlusMv: 0.22 },
    },
    inhibition: { mode: "wta", inhibitionPeriodMs: 5, resetLosers: false },
    synapses: {
      kind: "crossbar",
      device: "pcmo",
      set: { "c2c.enabled": false, "params.pMaxLtp": 64 },
      mapping: "differential",
      rounding: "deterministic",
      update: "pulse",
    },
    learning: { rule: "pulse", ltpWindowMs: 45 },
    energyProfile: "default",
  },
];

/** Every top-level field of the run configuration (optional ones included). */
const TOP_KEYS = knownKeysAt(runConfigSchema, {}, []) ?? [];

/** Field names and enum values the schema knows, for renames, additions and replacements. */
const KNOWN = [
  ...TOP_KEYS,
  ...["name", "dataDir", "dtMs", "presentationMs", "restMs", "minSpikes", "every", "kind"],
  ...["maxRateHz", "maxProbability", "windowMs", "model", "bits", "leak", "mode", "rule"],
  ...["device", "set", "mapping", "update", "rounding", "initScale", "wMax", "ltpWindowMs"],
];
const VALUES: Json[] = [
  ...["mnist", "fashion-mnist", "idx", "poisson", "bernoulli", "rank-order", "dc", "hw"],
  ...["population", "lateral", "wta", "soft", "none", "ideal", "crossbar", "triplet", "pulse"],
  ...["shift", "differential", "reference", "pcmo", 0, 1, -1, 0.5, true, false, null, {}, []],
];

/** `command line › <top-level field or (top level)>[rest of the path]: message` */
const LINE = /^command line › (\(top level\)|[A-Za-z]+)(?:[.[][^\n]*)?: [^\n]+$/;

function acceptOrReject(value: unknown): void {
  const before = prototypeKeys();
  let parsed: unknown;
  const err = thrown(() => (parsed = parseWithSchema(runConfigSchema, value, SOURCE)));
  expect(prototypeKeys()).toEqual(before);
  if (err === undefined) {
    // A parsed configuration is complete and valid: parsing it again changes nothing.
    expect(parseWithSchema(runConfigSchema, parsed, SOURCE)).toEqual(parsed);
    return;
  }
  if (!(err instanceof ValidationError)) throw err;
  for (const line of err.message.split("\n")) {
    const m = LINE.exec(line);
    expect(m, `"${line}" is not "command line › path: …"`).not.toBeNull();
    if (m![1] !== "(top level)") expect(TOP_KEYS).toContain(m![1]);
    expect(line).toMatch(
      /, got .+$|unknown fields? .*\(check the spelling; unknown fields are rejected\)$/,
    );
    expect(line).not.toContain("[object Object]");
  }
}

describe("run configuration fuzz", () => {
  it("the valid seeds parse (so the mutations start from accepted configurations)", () => {
    expect(TOP_KEYS).toEqual(
      expect.arrayContaining(["checkpoints", "label", "neurons", "synapses"]),
    );
    for (const c of VALID) expect(() => parseWithSchema(runConfigSchema, c, SOURCE)).not.toThrow();
  });

  it("random mutations of valid configurations are accepted or give `command line › path:` errors", () => {
    fc.assert(
      fc.property(
        fc.nat(VALID.length - 1),
        fc.array(mutationArb(KNOWN, { keys: ["__proto__"], values: VALUES }), {
          minLength: 1,
          maxLength: 4,
        }),
        (i, mutations) => acceptOrReject(mutate(VALID[i]!, mutations).doc),
      ),
      fuzzParams(),
    );
  });

  it("any JSON value is accepted or gives `command line › path:` errors", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => acceptOrReject(v)),
      fuzzParams(),
    );
  });
});
