/**
 * Fuzz (issue #19 item 3): no numeric configuration value leads to an internal error. Any value
 * of the timing, size and checkpoint fields (log-uniform from 1e-300 to 1e300, negatives, zero,
 * subnormals, ±Inf, NaN) is either rejected by the schema (ValidationError naming the field) or
 * refused by the work budget (UsageError), or accepted; an accepted configuration small enough to
 * run here runs to the end without any other exception. Runs of moderate size are also allowed
 * through with --yes semantics and only estimated (their estimate is finite).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NeuroXbarError, UsageError, ValidationError } from "../../src/core/errors.js";
import { parseWithSchema } from "../../src/core/validate.js";
import { loadDataset } from "../../src/data/datasets.js";
import { checkWorkBudget, estimateWork } from "../../src/experiments/preflight.js";
import { runConfigSchema } from "../../src/network/config.js";
import { runPipeline } from "../../src/network/pipeline.js";
import { fuzzParams } from "./mutate.js";

const dataset = loadDataset({ name: "mnist" }, { verifyChecksums: false });

/** Any number: mostly log-uniform magnitudes over the whole double range, plus edge values. */
const anyNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    5e-324,
    Number.MAX_VALUE,
    Infinity,
    -Infinity,
    NaN,
    2 ** 31,
    2 ** 53,
  ),
  fc
    .tuple(fc.double({ min: -300, max: 300, noNaN: true }), fc.boolean(), fc.boolean())
    .map(([e, neg, int]) => {
      const v = (neg ? -1 : 1) * 10 ** e;
      return int ? Math.round(v) : v;
    }),
  fc.integer({ min: -5, max: 2000 }),
);

/** A small valid base: each drawn field replaces one of its values. */
const BASE = {
  neurons: 3,
  train: 2,
  label: 2,
  test: 2,
  timing: { dtMs: 0.5, presentationMs: 20, restMs: 10, minSpikes: 1, maxPresentations: 2 },
};
const FIELDS = [
  ["neurons"],
  ["train"],
  ["label"],
  ["test"],
  ["timing", "dtMs"],
  ["timing", "presentationMs"],
  ["timing", "restMs"],
  ["timing", "minSpikes"],
  ["timing", "maxPresentations"],
  ["checkpoints", "every"],
  ["checkpoints", "label"],
  ["checkpoints", "test"],
] as const;

function withValue(path: readonly string[], value: number): Record<string, unknown> {
  const config = structuredClone(BASE) as Record<string, unknown>;
  if (path[0] === "checkpoints") config.checkpoints = { every: 1, label: 1, test: 1 };
  let at = config;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path[path.length - 1]!] = value;
  return config;
}

/** Worst-case neuron-steps small enough to run in a fuzz iteration. */
const RUNNABLE = 400_000;

describe("fuzz: numeric configuration fields never end in an internal error", () => {
  it("each field, any number (two at once too): rejected naming the field, refused by the budget, or run", async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIELDS),
        anyNumber,
        fc.option(fc.tuple(fc.constantFrom(...FIELDS), anyNumber), { nil: undefined }),
        async (path, value, second) => {
          let raw = withValue(path, value);
          if (second) {
            const [p2, v2] = second;
            const cfg2 = withValue(p2, v2);
            raw = {
              ...raw,
              ...cfg2,
              timing: { ...(raw.timing as object), ...(cfg2.timing as object) },
            };
            if (raw.checkpoints === undefined && cfg2.checkpoints)
              raw.checkpoints = cfg2.checkpoints;
          }
          let config;
          try {
            config = parseWithSchema(runConfigSchema, raw, "command line");
          } catch (err) {
            expect(err).toBeInstanceOf(ValidationError);
            expect((err as Error).message).toMatch(/^command line › /);
            return;
          }
          const w = estimateWork(config);
          expect(Number.isFinite(w.worstNeuronSteps)).toBe(true);
          try {
            checkWorkBudget(config, false);
          } catch (err) {
            expect(err).toBeInstanceOf(UsageError);
            return;
          }
          if (w.worstNeuronSteps > RUNNABLE) return;
          try {
            await runPipeline(config, { dataset });
            ran++;
          } catch (err) {
            // Only a deliberate, coded error may stop an accepted run (never exit 70).
            expect(err, String(err)).toBeInstanceOf(NeuroXbarError);
          }
        },
      ),
      fuzzParams(0.5),
    );
    expect(ran).toBeGreaterThan(0);
  }, 600_000);
});
