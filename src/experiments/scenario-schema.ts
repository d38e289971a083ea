/**
 * The scenario file: a base run configuration, sweep axes (any configuration field, by path),
 * replicate seeds and a --quick variant. Only the scenario's own shape is checked here; every
 * expanded point is then checked against the run configuration schema (expand.ts), so the
 * scenario format never needs to know the run configuration's fields.
 */
import { z } from "zod";
import { canonicalJson } from "../core/canonical-json.js";
import { isPlainObject, pathsOverlap, ROOT_PATH, splitFieldPath } from "./config-path.js";

/** Roles an axis may have in a scenario: a non-ideality, a mitigation or a plain setting. */
export const AXIS_ROLES = ["non-ideality", "mitigation", "setting"] as const;
/** One of AXIS_ROLES. */
export type AxisRole = (typeof AXIS_ROLES)[number];

const jsonObject = z.record(z.string(), z.json());

const pathSchema = z.string().refine((p) => splitFieldPath(p) !== null, {
  message:
    'expected a field path such as "neuron.thresholdMv" (names joined by dots; a name with a dot in brackets: synapses.set["params.nlLtd"]), or "" for values merged into the whole configuration',
});

/** A field that moves in lockstep with its axis (the learning rule that goes with an update mode). */
export const linkedFieldSchema = z.strictObject({
  path: pathSchema.describe("another configuration field set together with the axis"),
  values: z
    .array(z.json())
    .min(1, { message: "expected one value per value of the axis" })
    .describe("the j-th value goes with the axis's j-th value"),
});

/**
 * Zod schema of a scenario axis: the configuration path it sets, its values (and value labels), its
 * role, and further fields set with it (`with`).
 */
export const axisSchema = z
  .strictObject({
    path: pathSchema.describe(
      'configuration field this axis sets, e.g. neuron.adaptiveThreshold.enabled; "" (the root): each value is an object merged into the whole configuration, e.g. an SNN arm and an ANN arm ({"kind": "ann", "hidden": 100})',
    ),
    with: z
      .array(linkedFieldSchema)
      .optional()
      .describe("fields set together with this axis (their j-th value with its j-th value)"),
    values: z
      .array(z.json())
      .min(1, { message: "expected at least one value (an empty axis makes no points)" })
      .describe("values the field takes; an object value replaces the whole sub-object"),
    label: z.string().min(1).optional().describe("axis name in charts and sentences"),
    valueLabels: z
      .array(z.string().min(1))
      .optional()
      .describe("one short label per value, for charts (default: the value itself)"),
    role: z
      .enum(AXIS_ROLES)
      .default("setting")
      .describe(
        "non-ideality: a hardware imperfection (the report measures the loss it causes); mitigation: a remedy (the report measures what it recovers); setting: anything else",
      ),
    reference: z
      .json()
      .optional()
      .describe(
        "the ideal value of a non-ideality, or the 'off' value of a mitigation (default: the first value)",
      ),
    unit: z.string().optional().describe("unit of numeric values, shown on chart axes"),
  })
  .superRefine((axis, ctx) => {
    const seen = new Map<string, number>();
    axis.values.forEach((v, j) => {
      const key = canonicalJson(v);
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["values", j],
          message: `expected distinct values; this repeats values[${first}]`,
        });
      } else seen.set(key, j);
    });
    if (axis.valueLabels && axis.valueLabels.length !== axis.values.length) {
      ctx.addIssue({
        code: "custom",
        path: ["valueLabels"],
        message: `expected one label per value (${axis.values.length}), got ${axis.valueLabels.length}`,
      });
    }
    for (const [where, field] of [
      [["values"], axis] as const,
      ...(axis.with ?? []).map((w, k) => [["with", k, "values"], w] as const),
    ]) {
      if (field.path !== ROOT_PATH) continue;
      field.values.forEach((v, j) => {
        if (!isPlainObject(v)) {
          ctx.addIssue({
            code: "custom",
            path: [...where, j],
            message:
              'expected an object: the root path "" merges each value into the whole configuration',
          });
        } else if ("seed" in v) {
          ctx.addIssue({
            code: "custom",
            path: [...where, j, "seed"],
            message:
              "expected no seed: each run's seed is derived from the scenario's seed and seeds",
          });
        }
      });
    }
    axis.with?.forEach((w, k) => {
      if (w.values.length !== axis.values.length) {
        ctx.addIssue({
          code: "custom",
          path: ["with", k, "values"],
          message: `expected one value per value of the axis (${axis.values.length}), got ${w.values.length}`,
        });
      }
    });
    if (axis.reference !== undefined && !seen.has(canonicalJson(axis.reference))) {
      ctx.addIssue({
        code: "custom",
        path: ["reference"],
        message: "expected one of the axis values",
      });
    }
  });

/**
 * Zod schema of a scenario's `quick` variant: overrides merged into base (smaller sample counts,
 * sizes) and optional replicate seeds.
 */
export const quickSchema = z.strictObject({
  base: jsonObject
    .default({})
    .describe("merged into base (objects key by key) for --quick: smaller sample counts, sizes"),
  seeds: z
    .array(z.int().nonnegative())
    .min(1)
    .optional()
    .describe("replicate seeds for --quick (default: the scenario's seeds)"),
});

/**
 * A point of the scenario, named for a planned comparison: the point's title
 * ("arm=hw · fixed 50 mV · no θ"), its value labels joined by " · " ("hw · fixed 50 mV · no θ" with
 * one axis), or an object mapping axis names (label, else path) to value labels.
 */
export const pointSelectorSchema = z
  .union([z.string().min(1), z.record(z.string(), z.string())])
  .describe(
    'a point: its title, its value labels joined by " · ", or {axis name: value label} for each axis',
  );

/** A planned comparison between two points: Δ = a − b along training and at the end. */
export const comparisonSchema = z.strictObject({
  label: z
    .string()
    .min(1)
    .describe("what the contrast measures, e.g. 'threshold variation without θ'"),
  a: pointSelectorSchema.describe("the point measured"),
  b: pointSelectorSchema.describe("the point it is compared with (Δ = a − b)"),
});

/** A planned comparison (output of comparisonSchema). */
export type Comparison = z.output<typeof comparisonSchema>;

/**
 * Zod schema of a scenario file: name, description, seed, base run configuration, axes combined by
 * `mode`, replicate seeds and the quick variant.
 */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe("path of scenario.schema.json, for editors"),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, {
        message: "expected lowercase letters, digits and dashes (it names output folders)",
      })
      .describe("scenario name; the default output folder is runs/NAME"),
    description: z.string().default("").describe("what the scenario reproduces, one paragraph"),
    seed: z
      .int()
      .nonnegative()
      .describe(
        "scenario seed: every run's seed is derived from it, the point id and the replicate",
      ),
    base: jsonObject.default({}).describe("run configuration shared by every point"),
    mode: z
      .enum(["grid", "zip"])
      .default("grid")
      .describe("grid: every combination of the axes' values; zip: the i-th values together"),
    axes: z.array(axisSchema).default([]).describe("sweep axes (none: a single point)"),
    seeds: z
      .array(z.int().nonnegative())
      .min(1, { message: "expected at least one replicate seed" })
      .describe("replicate seeds: each point runs once per seed"),
    quick: quickSchema.optional().describe("the --quick size: overrides that finish in minutes"),
    comparisons: z
      .array(comparisonSchema)
      .optional()
      .describe(
        "planned comparisons the report measures along training (Δ = a − b per checkpoint, over the dense early checkpoints and at the end, with 95 % intervals); they do not change the runs",
      ),
  })
  .superRefine((s, ctx) => {
    if ("seed" in s.base) {
      ctx.addIssue({
        code: "custom",
        path: ["base", "seed"],
        message:
          "expected no seed in base: each run's seed is derived from the scenario's seed and seeds",
      });
    }
    // Every path the axes set, in the order they are applied.
    const fields = s.axes.flatMap((a, i) => [
      { where: ["axes", i, "path"], text: a.path, path: splitFieldPath(a.path) },
      ...(a.with ?? []).map((w, k) => ({
        where: ["axes", i, "with", k, "path"],
        text: w.path,
        path: splitFieldPath(w.path),
      })),
    ]);
    fields.forEach((f, i) => {
      const p = f.path;
      if (p === null) return;
      if (p[0] === "seed") {
        ctx.addIssue({
          code: "custom",
          path: f.where,
          message: "expected a configuration field other than seed (use the scenario's seeds list)",
        });
      }
      for (let k = 0; k < i; k++) {
        const q = fields[k]!.path;
        // A later field may lie inside an earlier axis's value (it is applied after); the same
        // field, or an enclosing one that would wipe the earlier value, is ambiguous.
        if (q && pathsOverlap(p, q) && p.length <= q.length) {
          ctx.addIssue({
            code: "custom",
            path: f.where,
            message: `expected a field no earlier axis sets or lies inside; ${fields[k]!.where.join(".").replace(/\.(\d+)/g, "[$1]")} sets "${fields[k]!.text}" (a later axis may only go deeper)`,
          });
        }
      }
    });
    if (s.mode === "zip" && s.axes.length > 1) {
      const n = s.axes[0]!.values.length;
      s.axes.forEach((a, i) => {
        if (a.values.length !== n) {
          ctx.addIssue({
            code: "custom",
            path: ["axes", i, "values"],
            message: `zip mode pairs the i-th values of every axis: expected ${n} values like axes[0], got ${a.values.length}`,
          });
        }
      });
    }
    const check = (seeds: readonly number[], path: PropertyKey[]): void => {
      const dup = seeds.findIndex((x, i) => seeds.indexOf(x) !== i);
      if (dup >= 0) {
        ctx.addIssue({
          code: "custom",
          path: [...path, dup],
          message: `expected distinct seeds; ${seeds[dup]} appears twice`,
        });
      }
    };
    check(s.seeds, ["seeds"]);
    if (s.quick?.seeds) check(s.quick.seeds, ["quick", "seeds"]);
    if (s.quick && "seed" in s.quick.base) {
      ctx.addIssue({
        code: "custom",
        path: ["quick", "base", "seed"],
        message: "expected no seed: each run's seed is derived from the scenario's seed and seeds",
      });
    }
  });

/** A validated scenario (output of scenarioSchema). */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as written in a file, before defaults. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario axis. */
export type Axis = z.output<typeof axisSchema>;

/** Every field an axis sets, with its value index → value: the axis path first, then `with`. */
export function axisFields(axis: Axis): { path: string; values: readonly unknown[] }[] {
  return [{ path: axis.path, values: axis.values }, ...(axis.with ?? [])];
}
/** Which variant of a scenario to run: the full one or the reduced `quick` one. */
export type Variant = "full" | "quick";
