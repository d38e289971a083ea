/**
 * Addressing configuration fields by a path: names joined by dots ("neuron.adaptiveThreshold.enabled");
 * a name that itself contains a dot is written in brackets and quotes, as for the crossbar's
 * override record: synapses.set["params.nlLtd"]. A segment of digits indexes an array.
 */

export type JsonObject = Record<string, unknown>;

const NAME = "[A-Za-z0-9_$-]+";
const TOKEN = new RegExp(`^(?:(${NAME})|\\["([^"\\]]+)"\\])`);

/** Names that would reach Object.prototype if written through: never a configuration field. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set([
  "__proto__",
  "prototype",
  "constructor",
]);

/**
 * Splits a path into its segments, or returns null when it is not a well-formed path (including
 * a segment named __proto__, prototype or constructor).
 */
export function splitPath(path: string): string[] | null {
  const out: string[] = [];
  let rest = path;
  while (rest.length > 0) {
    if (out.length > 0 && !rest.startsWith("[")) {
      if (!rest.startsWith(".")) return null;
      rest = rest.slice(1);
    }
    const m = TOKEN.exec(rest);
    if (!m) return null;
    const segment = m[1] ?? m[2]!;
    if (FORBIDDEN_SEGMENTS.has(segment)) return null;
    out.push(segment);
    rest = rest.slice(m[0].length);
  }
  return out.length > 0 ? out : null;
}

/**
 * The path of a scenario axis that sets several fields at once: each of its values is an object
 * merged into the whole configuration (docs/scenarios.md, "Arms").
 */
export const ROOT_PATH = "";

/** Like splitPath, but the root path "" gives no segments (the whole configuration). */
export function splitFieldPath(path: string): string[] | null {
  return path === ROOT_PATH ? [] : splitPath(path);
}

/** Writes segments back as a path (brackets for names with dots or other characters). */
export function joinPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of segments) {
    if (typeof seg === "number") {
      out += `[${seg}]`;
      continue;
    }
    const s = String(seg);
    if (new RegExp(`^${NAME}$`).test(s)) out += out === "" ? s : `.${s}`;
    else out += `["${s}"]`;
  }
  return out;
}

/** Whether `value` is a plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Deep copy of JSON data (scenario values are JSON, so structuredClone is exact). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Sets `value` at `path` inside `root` (mutating it), creating objects on the way. The value
 * replaces whatever was there: an axis value {kind: "uniform", …} replaces the whole sub-object.
 * The root path (no segments) merges an object value into `root` instead, as deepMerge does.
 */
export function setAtPath(root: JsonObject, segments: readonly string[], value: unknown): void {
  if (segments.some((k) => FORBIDDEN_SEGMENTS.has(k))) {
    throw new RangeError(`refusing to write through ${segments.join(".")}`);
  }
  if (segments.length === 0) {
    // The root path: an object value is merged in key by key (objects merge, the rest replaces).
    if (!isPlainObject(value)) throw new RangeError("the root path takes an object value");
    const merged = deepMerge(root, value);
    for (const key of Object.keys(merged)) {
      if (FORBIDDEN_SEGMENTS.has(key)) throw new RangeError(`refusing to write ${key}`);
      root[key] = merged[key];
    }
    return;
  }
  let cur: JsonObject = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i]!;
    const next = cur[key];
    if (isPlainObject(next)) {
      cur = next;
    } else {
      const created: JsonObject = {};
      cur[key] = created;
      cur = created;
    }
  }
  cur[segments[segments.length - 1]!] = cloneJson(value);
}

/** The value at `path`, or undefined when any step is missing. */
export function getAtPath(root: unknown, segments: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * `overrides` merged into a copy of `base`: objects merge key by key, anything else (numbers,
 * arrays, strings) replaces. Used for the --quick overrides of a scenario's base.
 */
export function deepMerge(base: JsonObject, overrides: JsonObject): JsonObject {
  const out = cloneJson(base);
  for (const [key, value] of Object.entries(overrides)) {
    const prev = out[key];
    out[key] =
      isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : cloneJson(value);
  }
  return out;
}

/** True when one path equals the other or lies inside it ("encoder" and "encoder.kind"). */
export function pathsOverlap(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when `prefix` is the start of (or equal to) `path`. */
export function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((p, i) => String(path[i]) === String(p));
}

/** Every leaf path set in a JSON object ("timing.dtMs", …); arrays count as leaves. */
export function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!isPlainObject(value)) return [prefix];
  const out: string[][] = [];
  for (const [key, v] of Object.entries(value)) out.push(...leafPaths(v, [...prefix, key]));
  return out;
}
