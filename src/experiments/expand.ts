/**
 * Scenario → points × seeds. Every point's configuration is built and checked against the run
 * configuration schema here, before anything runs, and each problem is reported at the place in
 * the scenario file that caused it (an axis value, the axis path, base or quick.base).
 */
import type { z } from "zod";
import { ValidationError, describeValue } from "../core/errors.js";
import { canonicalJson, sha256Hex, shortHash } from "../core/canonical-json.js";
import {
  deepMerge,
  getAtPath,
  isPlainObject,
  joinPath,
  setAtPath,
  splitFieldPath,
  startsWith,
  type JsonObject,
} from "./config-path.js";
import type { ScenarioFile } from "./scenario-file.js";
import {
  axisFields,
  type Axis,
  type Comparison,
  type Scenario,
  type Variant,
} from "./scenario-schema.js";

/** How a comparison names a point (see pointSelectorSchema). */
export type PointSelector = Comparison["a"];
import { defaultPreflightChecks, type PreflightCheck } from "./preflight.js";
import { closestName, knownKeysAt } from "./schema-hints.js";
import { deriveRunSeed } from "./seeds.js";
import { scenarioRunConfigSchema, type ScenarioRunConfig } from "./run-config.js";

/**
 * One point of a sweep: a stable id (hash of its axis values), its position, the axis values and
 * labels, and the run configuration `C` it stands for.
 */
export interface SweepPoint<C = ScenarioRunConfig> {
  /** Short stable hash of the canonical JSON of {axis path: value}. */
  readonly id: string;
  /** Position in expansion order (grid: first axis outermost). */
  readonly index: number;
  /** One value per axis, in axis order. */
  readonly values: readonly unknown[];
  /** Index of each value in its axis. */
  readonly valueIndex: readonly number[];
  /** One short label per axis value. */
  readonly labels: readonly string[];
  /** "label=value · label=value" (or "baseline" without axes). */
  readonly title: string;
  /** The point's configuration for the first replicate (runs differ only in seed). */
  readonly config: C;
}

/** One run of a sweep: a point and a replicate seed, with its folder key and configuration. */
export interface SweepRun<C = ScenarioRunConfig> {
  readonly point: SweepPoint<C>;
  /** Replicate seed from the scenario's list. */
  readonly replicate: number;
  /** Derived run seed (seeds.ts): the configuration's seed. */
  readonly seed: number;
  /** "<pointId>/seed-<replicate>": the run's folder under points/. */
  readonly key: string;
  readonly config: C;
}

/**
 * A scenario expanded into points and runs (points × seeds), with the scenario and sweep hashes
 * used for provenance and resume checks.
 */
export interface ExpandedSweep<C = ScenarioRunConfig> {
  readonly source: string;
  readonly scenario: Scenario;
  readonly variant: Variant;
  /** SHA-256 of the canonical JSON of the scenario file's data (provenance). */
  readonly scenarioHash: string;
  /** Hash of every run's key and configuration: two sweeps with equal hashes run the same. */
  readonly sweepHash: string;
  readonly seeds: readonly number[];
  readonly points: readonly SweepPoint<C>[];
  /** Points × seeds, point-major, seeds in the scenario's order. */
  readonly runs: readonly SweepRun<C>[];
}

/**
 * Options of expandScenario: variant (full or quick), the schema each run configuration must
 * satisfy, and extra preflight checks.
 */
export interface ExpandOptions<S extends z.ZodType> {
  readonly variant?: Variant;
  /**
   * Schema every run configuration must satisfy (default: scenarioRunConfigSchema, an SNN run or,
   * with `kind: "ann"`, an ANN baseline run).
   */
  readonly runSchema?: S;
  /** Checks beyond the schema (a crossbar's device preset exists…); default defaultPreflightChecks. */
  readonly preflight?: readonly PreflightCheck[];
}

/** Folder of a run below points/: "<pointId>/seed-<replicate>". */
export function runKey(pointId: string, replicate: number): string {
  return `${pointId}/seed-${replicate}`;
}

/** Default label of an axis value: the value, or k=v pairs of an object value. */
export function valueLabel(value: unknown): string {
  if (typeof value === "string") return value;
  if (isPlainObject(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k}=${typeof v === "object" && v !== null ? canonicalJson(v) : String(v)}`)
      .join(" ");
  }
  return typeof value === "object" ? canonicalJson(value) : String(value);
}

/** Display name of an axis: its label, else its configuration path. */
export function axisName(axis: Axis): string {
  return axis.label ?? axis.path;
}

/** Display label of an axis's value `j`: its given value label, else the value formatted. */
export function axisValueLabel(axis: Axis, j: number): string {
  return axis.valueLabels?.[j] ?? valueLabel(axis.values[j]);
}

/**
 * The points a comparison's selector names: by title, by value labels joined with " · ", or by
 * {axis name: value label} (every named axis must exist and match).
 */
export function selectPoints<
  P extends { readonly title: string; readonly labels: readonly string[] },
>(scenario: Scenario, points: readonly P[], selector: PointSelector): P[] {
  if (typeof selector === "string") {
    return points.filter((p) => p.title === selector || p.labels.join(" · ") === selector);
  }
  const names = scenario.axes.map(axisName);
  const wanted = Object.entries(selector);
  if (wanted.some(([name]) => !names.includes(name))) return [];
  return points.filter((p) =>
    wanted.every(([name, label]) => p.labels[names.indexOf(name)] === label),
  );
}

/** Value indices of every point: grid = cartesian product (first axis outermost), zip = i-th. */
function combinations(scenario: Scenario): number[][] {
  const axes = scenario.axes;
  if (axes.length === 0) return [[]];
  if (scenario.mode === "zip") {
    return axes[0]!.values.map((_, i) => axes.map(() => i));
  }
  let out: number[][] = [[]];
  for (const axis of axes) {
    const next: number[][] = [];
    for (const prefix of out)
      for (let j = 0; j < axis.values.length; j++) next.push([...prefix, j]);
    out = next;
  }
  return out;
}

/** The point id: short hash of {path: value} over every field the axes set (key order does not matter). */
export function pointId(axes: readonly Axis[], valueIndex: readonly number[]): string {
  const record: Record<string, unknown> = {};
  axes.forEach((a, i) => {
    for (const f of axisFields(a)) record[f.path] = f.values[valueIndex[i]!];
  });
  return shortHash(record, 10);
}

/** The scenario's base for a variant: base, with quick.base merged in for --quick. */
export function variantBase(scenario: Scenario, variant: Variant): JsonObject {
  const base = scenario.base as JsonObject;
  if (variant === "quick" && scenario.quick)
    return deepMerge(base, scenario.quick.base as JsonObject);
  return base;
}

/**
 * Replicate seeds of a scenario variant: the quick seeds for "quick" when the scenario gives them,
 * else the scenario's seeds.
 */
export function variantSeeds(scenario: Scenario, variant: Variant): readonly number[] {
  return variant === "quick" && scenario.quick?.seeds ? scenario.quick.seeds : scenario.seeds;
}

/**
 * Expands a scenario into points × seeds and validates every run configuration. Throws one
 * ValidationError listing each distinct problem as `file › place: what was expected, got …`.
 */
export function expandScenario<S extends z.ZodType = typeof scenarioRunConfigSchema>(
  file: ScenarioFile,
  options: ExpandOptions<S> = {},
): ExpandedSweep<z.output<S>> {
  const { scenario, source } = file;
  const variant = options.variant ?? "full";
  const schema = (options.runSchema ?? scenarioRunConfigSchema) as S;
  if (variant === "quick" && !scenario.quick) {
    throw new ValidationError(`${source} › quick: --quick needs a "quick" section in the scenario`);
  }
  const base = variantBase(scenario, variant);
  const seeds = variantSeeds(scenario, variant);
  const axisPaths = scenario.axes.map((a) =>
    axisFields(a).map((f) => ({ segments: splitFieldPath(f.path)!, values: f.values })),
  );
  // Problem text → titles of the points it occurs at (one line per problem, not per point).
  const problems = new Map<string, string[]>();
  const addProblem = (text: string, point: string | null): void => {
    const list = problems.get(text) ?? [];
    if (point !== null) list.push(point);
    problems.set(text, list);
  };
  const points: SweepPoint<z.output<S>>[] = [];
  const runs: SweepRun<z.output<S>>[] = [];
  const ids = new Map<string, number>();

  combinations(scenario).forEach((valueIndex, index) => {
    const values = valueIndex.map((j, i) => scenario.axes[i]!.values[j]);
    const input: JsonObject = structuredClone(base);
    axisPaths.forEach((fields, i) => {
      for (const f of fields) setAtPath(input, f.segments, f.values[valueIndex[i]!]);
    });
    const labels = valueIndex.map((j, i) => axisValueLabel(scenario.axes[i]!, j));
    const title =
      scenario.axes.length === 0
        ? "baseline"
        : scenario.axes.map((a, i) => `${axisName(a)}=${labels[i]}`).join(" · ");
    const id = pointId(scenario.axes, valueIndex);
    const clash = ids.get(id);
    if (clash !== undefined) {
      addProblem(`${source} › axes: points ${clash} and ${index} have the same id ${id}`, null);
    }
    ids.set(id, index);

    let firstConfig: z.output<S> | undefined;
    const parsed: { replicate: number; seed: number; config: z.output<S> }[] = [];
    for (const replicate of seeds) {
      const seed = deriveRunSeed(scenario.seed, id, replicate);
      const result = schema.safeParse({ ...input, seed });
      if (!result.success) {
        for (const issue of result.error.issues) {
          const d = describeIssue(issue, { file, variant, input, valueIndex, title, schema });
          addProblem(d.text, d.atPoint ? title : null);
        }
        break; // the other replicates differ only in seed
      }
      const config = result.data as z.output<S>;
      firstConfig ??= config;
      parsed.push({ replicate, seed, config });
    }
    if (firstConfig === undefined) return;
    const ctx = { file, variant, input, valueIndex, title, schema };
    for (const check of options.preflight ?? defaultPreflightChecks) {
      for (const issue of check(firstConfig)) {
        const where = blame(issue.path, ctx, false);
        addProblem(`${source} › ${where.place}: ${issue.message}`, where.atPoint ? title : null);
      }
    }
    const point: SweepPoint<z.output<S>> = {
      id,
      index,
      values,
      valueIndex,
      labels,
      title,
      config: firstConfig,
    };
    points.push(point);
    for (const r of parsed) runs.push({ ...r, point, key: runKey(id, r.replicate) });
  });

  (scenario.comparisons ?? []).forEach((c, k) => {
    for (const side of ["a", "b"] as const) {
      const found = selectPoints(scenario, points, c[side]);
      if (found.length !== 1) {
        addProblem(
          `${source} › comparisons[${k}].${side}: expected one point, ${found.length === 0 ? "none matches" : `${found.length} match`} ${JSON.stringify(c[side])}; points: ${points
            .slice(0, 4)
            .map((p) => JSON.stringify(p.labels.join(" · ")))
            .join(", ")}${points.length > 4 ? ", …" : ""}`,
          null,
        );
      }
    }
  });

  if (problems.size > 0) {
    const total = combinations(scenario).length;
    const lines = [...problems].map(([text, at]) => {
      if (at.length === 0 || at.length === total || scenario.axes.length === 0) return text;
      const shown = at.slice(0, 3).join("; ");
      return `${text} (at ${at.length === 1 ? "point" : `${at.length} points:`} ${shown}${at.length > 3 ? "; …" : ""})`;
    });
    throw new ValidationError(lines.join("\n"));
  }
  return {
    source,
    scenario,
    variant,
    scenarioHash: sha256Hex(canonicalJson(file.raw)),
    sweepHash: sha256Hex(canonicalJson(runs.map((r) => [r.key, r.config]))),
    seeds,
    points,
    runs,
  };
}

interface IssueContext {
  readonly file: ScenarioFile;
  readonly variant: Variant;
  readonly input: JsonObject;
  readonly valueIndex: readonly number[];
  readonly title: string;
  readonly schema: z.ZodType;
}

/** One issue of a point's configuration, blamed on the place in the scenario that set the field. */
function describeIssue(
  issue: z.core.$ZodIssue,
  ctx: IssueContext,
): { text: string; atPoint: boolean } {
  const { file, input } = ctx;
  const path = issue.path as PropertyKey[];
  if (issue.code === "unrecognized_keys") {
    let atPoint = false;
    const text = issue.keys
      .map((key) => {
        const full = [...path, key];
        const known = knownKeysAt(ctx.schema, input, path);
        const hint = known ? closestName(key, known) : null;
        const expected = hint
          ? `did you mean "${hint}"?`
          : known
            ? `known fields: ${known.join(", ")}`
            : "check the spelling";
        const where = blame(full, ctx, true);
        atPoint ||= where.atPoint;
        return `${file.source} › ${where.place}: unknown field "${key}"${path.length > 0 ? ` in ${joinPath(path)}` : ""}; ${expected}`;
      })
      .join("\n");
    return { text, atPoint };
  }
  const where = blame(path, ctx, false);
  const got = getAtPath(input, path);
  return {
    text: `${file.source} › ${where.place}: ${issue.message}, got ${describeValue(got)}`,
    atPoint: where.atPoint,
  };
}

/**
 * Where in the scenario file a configuration path was set: an axis (its path, or inside one of
 * its values), quick.base, or base. Issues not inside an axis name the point they occurred at.
 */
function blame(
  path: readonly PropertyKey[],
  ctx: IssueContext,
  unknownKey: boolean,
): { place: string; atPoint: boolean } {
  const { scenario } = ctx.file;
  // Later fields are applied after earlier ones, so the deepest match set the value: search backwards.
  const fields = scenario.axes.flatMap((a, i) =>
    axisFields(a).map((f, k) => ({
      segments: splitFieldPath(f.path)!,
      at: k === 0 ? ["axes", i] : ["axes", i, "with", k - 1],
      j: ctx.valueIndex[i]!,
      value: f.values[ctx.valueIndex[i]!],
    })),
  );
  for (const f of [...fields].reverse()) {
    if (f.segments.length === 0) {
      // The root path merges its value in: it set the field only if the value writes it.
      if (isPlainObject(f.value) && path.length > 0 && isSetIn(f.value, path)) {
        return { place: joinPath([...f.at, "values", f.j, ...path]), atPoint: false };
      }
      continue;
    }
    if (unknownKey && startsWith(f.segments, path)) {
      return { place: joinPath([...f.at, "path"]), atPoint: false };
    }
    if (startsWith(path, f.segments)) {
      const inside = path.slice(f.segments.length);
      return { place: joinPath([...f.at, "values", f.j, ...inside]), atPoint: false };
    }
  }
  const atPoint = scenario.axes.length > 0;
  const quick = ctx.variant === "quick" ? scenario.quick?.base : undefined;
  if (quick && isSetIn(quick as JsonObject, path)) {
    return { place: joinPath(["quick", "base", ...path]), atPoint };
  }
  return { place: joinPath(["base", ...path]), atPoint };
}

/** True when `path` (or one of its ancestors, or a descendant) is written in `obj`. */
function isSetIn(obj: JsonObject, path: readonly PropertyKey[]): boolean {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isPlainObject(cur) || !(String(key) in cur)) return false;
    cur = cur[String(key)];
    if (!isPlainObject(cur)) return true;
  }
  return true;
}
