/**
 * Fuzz: scenario parsing and expansion (src/experiments/scenario-file.ts, expand.ts). Any JSON
 * value, any text, and random mutations of valid scenarios are either expanded into a consistent
 * sweep or rejected with a ValidationError/UsageError whose every line names the file — never a
 * TypeError or another crash, and never a change to Object.prototype.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UsageError, ValidationError } from "../../src/core/errors.js";
import { expandScenario, type ExpandedSweep } from "../../src/experiments/expand.js";
import { parseScenarioText, scenarioFromValue } from "../../src/experiments/scenario-file.js";
import { ROOT, tinyScenario } from "../e2e/helpers.js";
import {
  INHERITED_NAMES,
  cleanPrototype,
  fuzzParams,
  mutate,
  mutationArb,
  prototypeKeys,
  thrown,
  type Json,
} from "./mutate.js";

const FILE = "scenarios/fuzz.json";

/** Valid scenarios to mutate: grid with quick, crossbar presets with overrides, zip, `with`. */
const VALID: Json[] = [
  {
    ...tinyScenario(),
    quick: { base: { train: 10, timing: { presentationMs: 50 } }, seeds: [9] },
  } as Json,
  tinyScenario({
    base: { synapses: { kind: "crossbar", device: "ideal", set: { finiteLevels: true } } },
    axes: [
      { path: 'synapses.set["params.pMaxLtp"]', values: [64, 32] },
      {
        path: "neurons",
        values: [10, 20],
        with: [
          { path: "learning", values: [{ rule: "triplet" }, { rule: "pulse" }] },
          // A crossbar programmed by the pulse rule is in update mode "pulse".
          { path: "synapses.update", values: ["open-loop", "pulse"] },
        ],
      },
    ],
    seeds: [1],
  }) as Json,
  JSON.parse(readFileSync(join(ROOT, "scenarios", "levels.json"), "utf8")) as Json,
  JSON.parse(readFileSync(join(ROOT, "scenarios", "inhibition-modes.json"), "utf8")) as Json,
];

/** Names the scenario and run-configuration schemas know: renames and additions use them. */
const KNOWN = [
  ...["name", "description", "seed", "base", "mode", "axes", "seeds", "quick", "$schema"],
  ...["path", "values", "with", "label", "valueLabels", "role", "reference", "unit"],
  ...["neurons", "train", "label", "test", "timing", "checkpoints", "encoder", "neuron"],
  ...["synapses", "learning", "inhibition", "dataset", "kind", "model", "rule", "device", "set"],
];

/** Values a random JSON value rarely hits: the enums of the scenario and run configuration. */
const SCENARIO_VALUES: Json[] = [
  ...["grid", "zip", "setting", "non-ideality", "mitigation", "crossbar", "ideal", "pcmo"],
  ...["dc", "hw", "wta", "soft", "none", "population", "lateral", "pulse", "triplet"],
  ...["poisson", "bernoulli", "rank-order", "mnist", "idx", "differential", "neurons"],
  ...[[], {}, [1], true, false, 0, 1, 20],
];

/** A field path from segments: plain names joined by dots, other names in brackets. */
function joinSegments(segments: readonly string[]): string {
  return segments
    .map((s, i) => (/^[A-Za-z0-9_$-]+$/.test(s) ? (i ? `.${s}` : s) : `["${s}"]`))
    .join("");
}

/** Axis paths built from known names (and inherited and random ones), so expansion is reached often. */
const axisPathArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...KNOWN,
        ...INHERITED_NAMES,
        "presentationMs",
        "thetaPlusMv",
        "maxRateHz",
        "0",
      ),
      fc.constantFrom("__proto__"),
      fc.string({ minLength: 1, maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map(joinSegments);

const axisArb = fc.record(
  {
    path: axisPathArb,
    values: fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 1, maxLength: 3 }),
    role: fc.constantFrom("setting", "non-ideality", "mitigation"),
  },
  { requiredKeys: ["path", "values"] },
);

/** A mutated valid scenario: 1–3 structural mutations, sometimes an extra random axis. */
const mutatedArb = fc
  .record({
    base: fc.nat(VALID.length - 1),
    // "__proto__" as a key is plain data (JSON.parse makes it an own property): fuzz it too.
    mutations: fc.array(mutationArb(KNOWN, { keys: ["__proto__"], values: SCENARIO_VALUES }), {
      minLength: 1,
      maxLength: 3,
    }),
    extraAxis: fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: axisArb },
    ),
  })
  .map(({ base, mutations, extraAxis }) => {
    const start = structuredClone(VALID[base]!) as { axes?: Json[] };
    if (extraAxis && Array.isArray(start.axes)) start.axes.push(extraAxis as Json);
    return mutate(start as Json, mutations);
  });

/** Expands `raw` (both variants); it must succeed consistently or fail naming FILE on every line. */
function expandOrReject(raw: unknown): void {
  const before = prototypeKeys();
  for (const variant of ["full", "quick"] as const) {
    let sweep: ExpandedSweep | undefined;
    const err = thrown(() => (sweep = expandScenario(scenarioFromValue(raw, FILE), { variant })));
    expect(prototypeKeys(), "Object.prototype must not change").toEqual(before);
    if (err !== undefined) {
      if (!(err instanceof ValidationError || err instanceof UsageError)) throw err;
      for (const line of err.message.split("\n"))
        expect(line.startsWith(`${FILE} › `), line).toBe(true);
      continue;
    }
    const s = sweep!;
    expect(s.runs.length).toBe(s.points.length * s.seeds.length);
    for (const run of s.runs) expect(run.config.seed).toBe(run.seed);
    expect(new Set(s.runs.map((r) => r.key)).size).toBe(s.runs.length);
  }
}

afterEach(() => cleanPrototype());

describe("scenario fuzz", () => {
  it("the valid seeds expand (so the mutations start from accepted scenarios)", () => {
    for (const s of VALID) expect(() => expandScenario(scenarioFromValue(s, FILE))).not.toThrow();
  });

  it("any JSON value is expanded or rejected with a ValidationError naming the file", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => expandOrReject(v)),
      fuzzParams(),
    );
  });

  it("random mutations of valid scenarios are expanded or rejected naming the file", () => {
    fc.assert(
      fc.property(mutatedArb, ({ doc }) => expandOrReject(doc)),
      fuzzParams(),
    );
  });

  it("any JSON or YAML text is parsed or rejected naming the file; parsed values then expand or are rejected", () => {
    const textArb = fc.oneof(
      fc.string({ maxLength: 80 }),
      mutatedArb.chain(({ doc }) => {
        const text = JSON.stringify(doc);
        return fc
          .tuple(fc.nat(text.length), fc.nat(8), fc.string({ maxLength: 4 }))
          .map(([at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut));
      }),
    );
    // The YAML parser reports unknown tags and directives as process warnings: keep them quiet.
    const emitWarning = process.emitWarning;
    process.emitWarning = () => undefined;
    try {
      fc.assert(
        fc.property(textArb, fc.constantFrom(FILE, "scenarios/fuzz.yaml"), (text, source) => {
          let value: unknown;
          const err = thrown(() => (value = parseScenarioText(text, source)));
          if (err !== undefined) {
            expect(err).toBeInstanceOf(ValidationError);
            expect((err as Error).message.startsWith(`${source}: not valid `)).toBe(true);
            expect((err as Error).message).not.toContain("\n");
            return;
          }
          expandOrReject(value);
        }),
        fuzzParams(0.5),
      );
    } finally {
      process.emitWarning = emitWarning;
    }
  });
});

describe("scenario fuzz: regressions for bugs this fuzzing found", () => {
  /*
   * BUG (fixed in 4b6a030): a device preset check with several problems broke the "file › place: …" format. Minimal
   * counterexample: base.synapses = {kind: "crossbar", device: "ideal",
   * set: {"params.pMaxLtp": 0, "params.pMaxLtd": 0}} gives
   *   scenarios/fuzz.json › base.synapses.set["params.pMaxLtp"]: /…/devices/ideal.json (with overrides params.pMaxLtp, params.pMaxLtd) › params.pMaxLtp: Too small: expected number to be >0, got 0
   *   /…/devices/ideal.json (with overrides params.pMaxLtp, params.pMaxLtd) › params.pMaxLtd: Too small: expected number to be >0, got 0
   * Expected: every line starts with the scenario file (and the pMaxLtd problem is blamed on
   * set["params.pMaxLtd"]). Cause: crossbarPresetCheck (src/experiments/preflight.ts) passes
   * loadPreset's multi-line message on as one issue.
   */
  it("every line of a scenario error names the scenario file, also for a preset with several bad overrides", () => {
    const bad = fc.constantFrom(-1, -3, -0.5, "x"); // invalid for every key below
    fc.assert(
      fc.property(
        fc.constantFrom("ideal", "pcmo", "querlioz-2013"),
        fc.uniqueArray(
          fc.constantFrom(
            "params.gMinS",
            "params.gMaxS",
            "c2c.sigmaOfRange",
            "d2d.gMinSigma",
            "electrical.readVoltageV",
          ),
          { minLength: 2, maxLength: 3 },
        ),
        fc.array(bad, { minLength: 3, maxLength: 3 }),
        (device, keys, values) => {
          const set = Object.fromEntries(keys.map((k, i) => [k, values[i]!]));
          const s = tinyScenario({ base: { synapses: { kind: "crossbar", device, set } } });
          const err = thrown(() => expandScenario(scenarioFromValue(s, FILE)));
          expect(err).toBeInstanceOf(ValidationError);
          for (const line of (err as Error).message.split("\n"))
            expect(line.startsWith(`${FILE} › `), line).toBe(true);
        },
      ),
      fuzzParams(0.1),
    );
  });

  /*
   * BUG (fixed in 4b6a030): prototype pollution. An axis path with a "__proto__" segment wrote into
   * Object.prototype (setAtPath in src/experiments/config-path.ts follows obj["__proto__"]).
   * Minimal counterexample: axes: [{path: "__proto__.x", values: [1]}] — after expandScenario,
   * ({}).x === 1 in the whole process, and the error blames unrelated fields ("base.dataset.x:
   * unknown field "x""…); in a fresh process the same input crashes inside zod with
   * "TypeError: Cannot read properties of undefined (reading 'values')". Same with
   * 'synapses["__proto__"].x'. Expected: a ValidationError naming axes[0].path, Object.prototype
   * untouched.
   */
  it("an axis path through __proto__ is rejected without touching Object.prototype", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("neuron", "timing", "x"), { maxLength: 1 }),
        fc.constantFrom("x", "polluted", "neurons"),
        fc.jsonValue({ maxDepth: 1 }),
        (before, after, value) => {
          const path = joinSegments([...before, "__proto__", after]);
          const s = tinyScenario({ axes: [{ path, values: [value] }] });
          try {
            const err = thrown(() => expandScenario(scenarioFromValue(s, FILE)));
            expect(prototypeKeys(), `axis path ${path}`).toEqual([]);
            if (!(err instanceof ValidationError)) throw err ?? new Error(`${path} was accepted`);
            expect(err.message).toContain(`${FILE} › axes[0].path: `);
          } finally {
            cleanPrototype();
          }
        },
      ),
      fuzzParams(0.1),
    );
  });
});
