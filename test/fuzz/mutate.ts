/**
 * Shared by the fuzz tests: the number of runs (FUZZ_RUNS, fixed seed), and random structural
 * mutations of a JSON document (rename a key, drop a key, replace a value by a random JSON value,
 * a type-confused or extreme number, add a key). A mutation is plain data drawn by fast-check and
 * applied deterministically to the document, so counterexamples shrink and print readably.
 */
import fc from "fast-check";

/** Runs per property: 200 by default (CI); `npm run fuzz` sets FUZZ_RUNS=20000. */
export const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 200) || 200);

/** fast-check parameters: fixed seed, FUZZ_RUNS runs (`scale` for the slower properties). */
export function fuzzParams(scale = 1): { seed: number; numRuns: number } {
  return { seed: 42, numRuns: Math.max(1, Math.round(RUNS * scale)) };
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Segment = string | number;

export type MutationOp = "drop" | "rename" | "replace" | "number" | "retype" | "add" | "scale";

export interface Mutation {
  readonly op: MutationOp;
  /**
   * Which node, modulo the count: any node but the root; for "add" any object (root included);
   * for "scale" any number.
   */
  readonly pick: number;
  /** New key for "rename" and "add". */
  readonly key: string;
  /** New value for "replace" and "add". */
  readonly value: Json;
  /** New value for "number". */
  readonly num: number;
  /** Factor for "scale" (which multiplies a numeric leaf). */
  readonly factor: number;
}

/** What a mutation did, for messages and for "does the error name the field" checks. */
export interface Applied {
  readonly op: MutationOp;
  readonly path: readonly Segment[];
  readonly key?: string;
}

/** Numbers that break arithmetic: zero, signs, tiny, huge, non-integers, near the float limits. */
export const EXTREME_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  2,
  -1e-300,
  5e-324,
  1e-300,
  1e-12,
  1e12,
  1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER,
  2 ** 31,
  2 ** 32,
  1.5,
  100_001,
  1e-7,
];

const numberArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...EXTREME_NUMBERS),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Property names JavaScript objects inherit (a parser must treat them as plain data). */
export const INHERITED_NAMES = [
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
];

/** Extra keys and values a mutation may use (values a random JSON value rarely hits: enums). */
export interface MutationPools {
  readonly keys?: readonly string[];
  readonly values?: readonly Json[];
}

/** Keys a mutation may introduce: field names the schemas know, inherited names, any string. */
export function keyArb(
  known: readonly string[],
  extra: readonly string[] = [],
): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.constantFrom(...INHERITED_NAMES, ...extra) },
    { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  );
}

const FACTORS = [0, -1, 1e-6, 1e-3, 0.1, 0.5, 0.9, 0.99, 1.01, 1.1, 2, 10, 1e3, 1e6];
const ALL_OPS: readonly MutationOp[] = [
  "drop",
  "rename",
  "replace",
  "number",
  "retype",
  "add",
  "scale",
];

/** Any mutation (`ops` to restrict them: ["scale"] for plausible numeric changes only). */
export function mutationArb(
  known: readonly string[],
  pools: MutationPools = {},
  ops: readonly MutationOp[] = ALL_OPS,
): fc.Arbitrary<Mutation> {
  const json = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  const values = pools.values ?? [];
  return fc.record({
    op: fc.constantFrom(...ops),
    pick: fc.nat(),
    key: keyArb(known, pools.keys),
    value: values.length > 0 ? fc.oneof(json, fc.constantFrom(...values)) : json,
    num: numberArb,
    factor: fc.constantFrom(...FACTORS),
  });
}

function isObject(v: unknown): v is { [key: string]: Json } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Sets an own property, as JSON.parse does (a "__proto__" key is data, not the prototype). */
function defineOwn(obj: object, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every node below the root, parents before children, with its path. */
function nodes(root: Json): { path: Segment[]; value: Json }[] {
  const out: { path: Segment[]; value: Json }[] = [];
  const walk = (v: Json, path: Segment[]): void => {
    if (Array.isArray(v))
      v.forEach((x, i) => (out.push({ path: [...path, i], value: x }), walk(x, [...path, i])));
    else if (isObject(v))
      for (const k of Object.keys(v)) {
        out.push({ path: [...path, k], value: v[k]! });
        walk(v[k]!, [...path, k]);
      }
  };
  walk(root, []);
  return out;
}

function at(root: Json, path: readonly Segment[]): Json {
  let cur: Json = root;
  for (const s of path) cur = (cur as Record<Segment, Json>)[s]!;
  return cur;
}

/** A value of another type that a careless parser might still take for this one. */
function retype(v: Json): Json {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return Number.isFinite(Number(v)) && v.trim() !== "" ? Number(v) : [v];
  if (typeof v === "boolean") return String(v);
  if (v === null) return {};
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  return Object.values(v);
}

/** Rebuilds `obj` with `from` renamed to `to` in place (key order kept). */
function renameKey(obj: { [key: string]: Json }, from: string, to: string): void {
  const entries = Object.entries(obj);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) if (k !== to || k === from) defineOwn(obj, k === from ? to : k, v);
}

/**
 * Applies `mutations` in order to a deep copy of `doc`; returns the copy and what was done.
 * The root itself is never replaced (it stays an object when `doc` is one).
 */
export function mutate(
  doc: Json,
  mutations: readonly Mutation[],
): { doc: Json; applied: Applied[] } {
  const root = structuredClone(doc);
  const applied: Applied[] = [];
  for (const m of mutations) {
    if (m.op === "add") {
      const objects = [{ path: [] as Segment[], value: root }, ...nodes(root)].filter((n) =>
        isObject(n.value),
      );
      if (objects.length === 0) continue;
      const target = objects[m.pick % objects.length]!;
      defineOwn(target.value as object, m.key, structuredClone(m.value));
      applied.push({ op: "add", path: [...target.path, m.key], key: m.key });
      continue;
    }
    if (m.op === "scale") {
      const numbers = nodes(root).filter((n) => typeof n.value === "number");
      if (numbers.length === 0) continue;
      const { path, value } = numbers[m.pick % numbers.length]!;
      const parent = at(root, path.slice(0, -1)) as Record<Segment, Json>;
      parent[path[path.length - 1]!] = (value as number) * m.factor;
      applied.push({ op: "scale", path });
      continue;
    }
    const all = nodes(root);
    if (all.length === 0) continue;
    const { path, value } = all[m.pick % all.length]!;
    const parent = at(root, path.slice(0, -1)) as Record<Segment, Json> | Json[];
    const last = path[path.length - 1]!;
    if (m.op === "drop") {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      applied.push({ op: "drop", path });
    } else if (m.op === "rename") {
      if (Array.isArray(parent)) continue; // array items have no key to rename
      renameKey(parent as { [key: string]: Json }, last as string, m.key);
      applied.push({ op: "rename", path, key: m.key });
    } else {
      const next =
        m.op === "replace" ? structuredClone(m.value) : m.op === "number" ? m.num : retype(value);
      if (Array.isArray(parent)) parent[last as number] = next;
      else defineOwn(parent, last as string, next);
      applied.push({ op: m.op, path });
    }
  }
  return { doc: root, applied };
}

/** Own enumerable keys of Object.prototype (a parser that pollutes it adds some). */
export function prototypeKeys(): string[] {
  return Object.keys(Object.prototype);
}

/** Removes what a polluting parser added to Object.prototype, so later tests run clean. */
export function cleanPrototype(): void {
  for (const k of Object.keys(Object.prototype))
    delete (Object.prototype as Record<string, unknown>)[k];
}

/** Runs `fn`; returns the thrown value, or undefined when it returned. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err ?? new Error(`threw ${String(err)}`);
  }
}
