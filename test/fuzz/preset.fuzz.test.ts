/**
 * Fuzz: device presets (src/devices/preset.ts, preset-files.ts, overrides.ts). Random mutations
 * of every shipped preset file, and random --device-set overrides of it, are either accepted —
 * and then a 4×3 crossbar built from it (createCrossbar) is programmed open-loop to random initial
 * weights and keeps every weight in [0, 1] and every conductance finite through 200 random ±1
 * pulses, without any error — or rejected with a NeuroXbarError that names the preset file and
 * the field.
 */
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NeuroXbarError, ValidationError } from "../../src/core/errors.js";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { parseCrossbarConfig } from "../../src/crossbar/config.js";
import { createCrossbar } from "../../src/crossbar/create.js";
import type { Crossbar } from "../../src/crossbar/crossbar.js";
import { electricalSchema } from "../../src/devices/electrical.js";
import { DEVICE_MODELS, MODEL_NAMES } from "../../src/devices/models.js";
import { NON_IDEALITY_BLOCKS, NON_IDEALITY_KEYS } from "../../src/devices/non-idealities.js";
import type { OverrideValue } from "../../src/devices/overrides.js";
import { listPresets, presetsDir } from "../../src/devices/preset-files.js";
import {
  MAX_CONDUCTANCE_S,
  MAX_SWEEP_PULSES,
  MIN_GMAX_S,
  objectKeys,
} from "../../src/devices/schema-helpers.js";
import {
  EXTREME_NUMBERS,
  INHERITED_NAMES,
  cleanPrototype,
  fuzzParams,
  mutate,
  mutationArb,
  prototypeKeys,
  thrown,
  type Applied,
  type Json,
} from "./mutate.js";

const PRESETS = listPresets();
const ROWS = 4;
const COLS = 3;
const PULSES = 200;

/** Every field name a preset may have (top level, every model's params, blocks, electrical). */
const KNOWN = [
  ...new Set([
    ...["model", "params", "nonIdealities", "electrical", "source", "notes"],
    ...MODEL_NAMES.flatMap((m) => objectKeys(DEVICE_MODELS[m].paramsSchema)),
    ...NON_IDEALITY_KEYS,
    ...Object.values(NON_IDEALITY_BLOCKS).flatMap((b) => objectKeys(b)),
    ...objectKeys(electricalSchema),
  ]),
];
const PRESET_VALUES: Json[] = [...MODEL_NAMES, true, false, {}, [], 0, 1];

/** 1–3 mutations of any kind, or 1–4 numeric rescalings (which are often still accepted). */
const mutationsArb = fc.oneof(
  fc.array(mutationArb(KNOWN, { keys: ["__proto__"], values: PRESET_VALUES }), {
    minLength: 1,
    maxLength: 3,
  }),
  fc.array(mutationArb(KNOWN, {}, ["scale"]), { minLength: 1, maxLength: 4 }),
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nxb-fuzz-preset-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => cleanPrototype());

function readPreset(name: string): Json {
  return JSON.parse(readFileSync(join(presetsDir(), `${name}.json`), "utf8")) as Json;
}

/** Dotted paths of every leaf of a preset ("params.gMinS", "nonIdealities.c2c.sigmaOfRange"). */
function leafPaths(v: Json, prefix: string[] = []): string[] {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return [prefix.join(".")];
  return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...prefix, k]));
}

/** 200 pulses as signed cell numbers: c ≥ 0 potentiates cell c, c < 0 depresses cell −c − 1. */
const pulsesArb = fc.array(fc.integer({ min: -ROWS * COLS, max: ROWS * COLS - 1 }), {
  minLength: PULSES,
  maxLength: PULSES,
});
const crossbarArb = fc.record({
  mapping: fc.constantFrom("reference", "differential") as fc.Arbitrary<"reference">,
  rounding: fc.constantFrom("stochastic", "deterministic") as fc.Arbitrary<"stochastic">,
  seed: fc.nat(1000),
  initial: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
    minLength: ROWS * COLS,
    maxLength: ROWS * COLS,
  }),
  pulses: pulsesArb,
});
type CrossbarRun = typeof crossbarArb extends fc.Arbitrary<infer T> ? T : never;

/** Where the crossbar left its bounds, or null when every weight ∈ [0, 1] and every G is finite. */
function outOfBounds(xb: Crossbar): string | null {
  const g = xb.devices.g;
  for (let d = 0; d < g.length; d++) if (!Number.isFinite(g[d]!)) return `G[${d}] = ${g[d]}`;
  for (let i = 0; i < xb.weights.length; i++) {
    const w = xb.weights[i]!;
    if (!(w >= 0 && w <= 1)) return `w[${i}] = ${w}`;
  }
  return null;
}

/**
 * Builds the crossbar (`device` a preset name or file), programs its initial weights and pulses
 * it; returns the error thrown while building, or undefined. Any error while programming or
 * pulsing (a NumericalError included), or leaving the bounds, fails the test.
 */
function buildAndPulse(
  device: string,
  set: Record<string, OverrideValue>,
  run: CrossbarRun,
): unknown {
  let xb: Crossbar | undefined;
  const err = thrown(() => {
    xb = createCrossbar(
      { device, set, mapping: run.mapping, rounding: run.rounding, update: "pulse" },
      ROWS,
      COLS,
      createRng(run.seed),
      new OpLedger(),
    );
  });
  if (err !== undefined) return err;
  // Every accepted preset needs at most MAX_SWEEP_PULSES per sweep, so open-loop programming
  // (which simulates every pulse of the step models) always runs: ≤ 2e6 pulses per device.
  expect(xb!.devices.maxPulsesPerWrite).toBeLessThanOrEqual(2 * MAX_SWEEP_PULSES + 2);
  xb!.programInitialWeights(Float32Array.from(run.initial));
  expect(outOfBounds(xb!), "after initial programming").toBeNull();
  run.pulses.forEach((c, k) => {
    xb!.pulse(c >= 0 ? c : -c - 1, c >= 0 ? 1 : -1);
    const where = outOfBounds(xb!);
    if (where !== null) expect.fail(`after pulse ${k + 1} (${c >= 0 ? "+" : "−"}1): ${where}`);
  });
  return undefined;
}

/**
 * The error is a NeuroXbarError whose every line starts with one of `sources`, and whose text
 * after the source names a field in `names` (case-insensitive: overrides match names that way).
 */
function expectNamedRejection(err: unknown, sources: readonly string[], names: Set<string>): void {
  if (!(err instanceof NeuroXbarError)) throw err;
  const bodies = err.message.split("\n").map((line) => {
    const source = sources.find((s) => line.startsWith(`${s} › `));
    expect(source, `line names the preset: ${line}`).toBeDefined();
    return line.slice(source!.length).toLowerCase();
  });
  const named = [...names].some((n) => bodies.some((b) => b.includes(n.toLowerCase())));
  expect(named, `names one of ${[...names].join(", ")}: ${err.message}`).toBe(true);
}

/** Field names that identify a mutation: every key on its path (and a renamed key, quoted). */
function mutationNames(applied: readonly Applied[]): Set<string> {
  const names = new Set<string>();
  for (const a of applied) {
    for (const s of a.path) if (typeof s === "string") names.add(s);
    // A renamed key: quoted when unknown ('unknown field "x"'); a known name it overwrote may be
    // reported as a path ("source: expected string …").
    if (a.op === "rename" && a.key !== undefined) {
      names.add(`"${a.key}"`);
      if (KNOWN.includes(a.key)) names.add(a.key);
    }
    // The model decides which params exist and whether d2d.nlSigma means anything.
    if (a.path[0] === "model" || (a.path.length === 1 && a.key === "model"))
      ["model", "params", "nonIdealities"].forEach((n) => names.add(n));
  }
  return names;
}

describe.each(PRESETS)("preset %s", (name) => {
  const raw = readPreset(name);
  const leaves = leafPaths(raw);

  it("the unmutated preset builds and stays in bounds (the fuzzing starts from an accepted file)", () => {
    fc.assert(
      fc.property(crossbarArb, (run) => {
        expect(buildAndPulse(name, {}, run)).toBeUndefined();
      }),
      fuzzParams(0.05),
    );
  });

  it("mutated preset files are accepted and stay in bounds, or rejected naming the file and field", () => {
    const path = join(dir, `${name}-mutated.json`);
    fc.assert(
      fc.property(mutationsArb, crossbarArb, (mutations, run) => {
        const { doc, applied } = mutate(raw, mutations);
        writeFileSync(path, JSON.stringify(doc));
        const err = buildAndPulse(path, {}, run);
        expect(prototypeKeys()).toEqual([]);
        if (err !== undefined) expectNamedRejection(err, [path], mutationNames(applied));
      }),
      fuzzParams(0.5),
    );
  });

  it("random --device-set overrides are accepted and stay in bounds, or rejected naming the field", () => {
    const file = join(presetsDir(), `${name}.json`);
    // Override keys: the preset's own fields (any letter case, nonIdealities. prefix optional),
    // other known names, inherited names, anything; values: numbers, strings, booleans.
    const keyArb = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(fc.constantFrom(...leaves), fc.boolean(), fc.boolean())
          .map(([k, upper, short]) => {
            const key = short ? k.replace(/^nonIdealities\./, "") : k;
            return upper ? key.toUpperCase() : key;
          }),
      },
      { weight: 1, arbitrary: fc.constantFrom(...KNOWN, ...INHERITED_NAMES) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom("params", "d2d", "c2c", "electrical", "drift"),
            fc.string({ maxLength: 8 }),
          )
          .map(([a, b]) => `${a}.${b}`),
      },
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc.string({ maxLength: 10 }),
          fc.constantFrom("__proto__", "__proto__.x", "params.__proto__.gMinS"),
        ),
      },
    );
    const valueArb: fc.Arbitrary<OverrideValue> = fc.oneof(
      fc.constantFrom(...EXTREME_NUMBERS),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -5, max: 500 }),
      fc.boolean(),
      fc.constantFrom(...MODEL_NAMES, "true", "false", " 12 ", "1e-6", "NaN", "Infinity", ""),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(keyArb, valueArb, { minKeys: 1, maxKeys: 3, noNullPrototype: true }),
        crossbarArb,
        (set, run) => {
          const err = buildAndPulse(name, set, run);
          expect(prototypeKeys()).toEqual([]);
          if (err === undefined) return;
          // The overrides createCrossbar applies: its config parse drops a "__proto__" key (a
          // zod record assigns it, which sets the prototype), so the source lists the others.
          const keys = Object.keys(parseCrossbarConfig({ device: name, set }).set);
          const names = new Set(keys.flatMap((k) => k.split(".").map((s) => s.trim())));
          if (keys.some((k) => k.trim().toLowerCase() === "model"))
            ["params", "nonIdealities"].forEach((n) => names.add(n));
          const sources = [`${file} (with overrides ${keys.join(", ")})`, file];
          expectNamedRejection(err, sources, names);
        },
      ),
      fuzzParams(0.5),
    );
  });
});

describe("preset fuzz: regressions for bugs this fuzzing found", () => {
  /*
   * BUG (fixed): the schema accepted any finite gMaxS (siemens(): finite, ≥ 0), but near the float
   * limit the fabricated device parameters overflowed and the first pulse made the conductance
   * NaN. Minimal counterexamples (4×3, reference mapping, all weights 0.5, seed 0, one +1 pulse):
   *   epiram   with params.gMaxS = 1e308    → NumericalError: device 0: conductance became NaN
   *            after 1 pulses (NeuroSim asymptote Gmin + range/(1 − e^(−k)) = Infinity; from
   *            gMaxS ≈ 5.6e306 for taox-hfox, 1.4e307 gst-pcm, 5.9e307 epiram, …, 1.7e308 pcmo);
   *   querlioz-2013 with params.gMaxS = 1.5e308 → NaN at device 7 (its d2d Gmax factor > 1
   *            makes its Gmax Infinity).
   * A subnormal Gmax (≈ 1e-310 S) failed the same way (1/range = Infinity). Now conductances are
   * bounded at the boundary: [0, 1] S, and Gmax ≥ 1 pS (schema-helpers.ts siemens()).
   */
  it("a conductance outside [0, 1] S (Gmax outside [1 pS, 1 S]) is rejected naming the field, the value and the range; every accepted one survives programming and pulses", () => {
    let rejectedForRange = 0;
    let accepted = 0;
    // Any double from 0 to the float limit: log-uniform (every decade, subnormals included), the
    // physical range, the edges of both bounds and the values that used to overflow.
    const conductanceArb = fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .double({ min: -330, max: 308.25, noNaN: true })
          .map((e) => Math.min(10 ** e, Number.MAX_VALUE)),
      },
      { weight: 2, arbitrary: fc.double({ min: 1e-13, max: 2, noNaN: true }) },
      { weight: 1, arbitrary: fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }) },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          0,
          5e-324,
          1e-310,
          1e-12,
          1,
          1 + Number.EPSILON,
          5.6e306,
          1e308,
          1.5e308,
          Number.MAX_VALUE,
        ),
      },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...PRESETS),
        fc.constantFrom("gMinS", "gMaxS"),
        conductanceArb,
        crossbarArb,
        (name, field, g, run) => {
          const key = `params.${field}`;
          const err = buildAndPulse(name, { [key]: g }, run);
          const min = field === "gMaxS" ? MIN_GMAX_S : 0;
          if (g < min || g > MAX_CONDUCTANCE_S) {
            rejectedForRange++;
            expect(err).toBeInstanceOf(ValidationError);
            const range = `expected a conductance in [${min}, ${MAX_CONDUCTANCE_S}] S`;
            expect((err as Error).message).toContain(`› ${key}: ${range}`);
            expect((err as Error).message).toContain(`got ${String(g)}`);
          } else if (err === undefined) {
            accepted++; // buildAndPulse has programmed and pulsed it without error
          } else {
            // In range, but on the wrong side of the other bound (Gmin ≥ Gmax): names gMaxS.
            expect(err).toBeInstanceOf(ValidationError);
            expect((err as Error).message).toMatch(/› params\.gMaxS: must be greater than gMinS/);
          }
        },
      ),
      fuzzParams(1),
    );
    // Both outcomes occur, so neither half of the property holds vacuously.
    expect(rejectedForRange).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
  });

  /*
   * BUG (fixed in 4b6a030): prototype pollution through --device-set. An override key with a
   * "__proto__" segment wrote into Object.prototype (applyOverrides in src/devices/overrides.ts walks
   * obj["__proto__"]). Minimal counterexample: loadPreset("ideal", {"__proto__.x": 1}) (or
   * createCrossbar({device: "ideal", set: {"__proto__.x": 1}}, …), or a scenario with
   * synapses.set {"__proto__.x": 1}) leaves ({}).x === 1 in the whole process; in a fresh
   * process it crashes inside zod with "TypeError: Cannot read properties of undefined (reading
   * 'values')". Expected: ValidationError naming set["__proto__.x"], Object.prototype untouched.
   */
  it("an override key through __proto__ is rejected without touching Object.prototype", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PRESETS),
        fc.constantFrom("__proto__.x", "params.__proto__.x", "c2c.__proto__.enabled"),
        fc.oneof(fc.integer(), fc.boolean()),
        crossbarArb,
        (name, key, value, run) => {
          try {
            const err = buildAndPulse(name, { [key]: value }, run);
            expect(prototypeKeys(), `override ${key}=${value}`).toEqual([]);
            if (!(err instanceof ValidationError)) throw err ?? new Error(`${key} was accepted`);
            expect(err.message).toContain(`› set["${key}"]: `);
          } finally {
            cleanPrototype();
          }
        },
      ),
      fuzzParams(0.05),
    );
  });
});
