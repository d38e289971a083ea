/**
 * Reads a zod schema's structure to say which fields exist where, so an unknown field in a
 * scenario gets a "did you mean …" hint. Generic over the schema: it follows objects, defaults,
 * optionals, pipes and (discriminated) unions, so it keeps working as the run configuration grows.
 */
import type { z } from "zod";
import { getAtPath, isPlainObject } from "./config-path.js";

interface DefLike {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): DefLike {
  return (schema as unknown as { _zod: { def: DefLike } })._zod.def;
}

/** Field names an object schema accepts at `path` for this input, or null when unknown. */
export function knownKeysAt(
  schema: z.ZodType,
  input: unknown,
  path: readonly PropertyKey[],
): string[] | null {
  const objects = objectsAt(schema, input, path, 0);
  if (objects.length === 0) return null;
  const keys = new Set<string>();
  for (const o of objects) for (const k of Object.keys(defOf(o).shape ?? {})) keys.add(k);
  return [...keys].sort();
}

function objectsAt(
  schema: z.ZodType,
  input: unknown,
  path: readonly PropertyKey[],
  depth: number,
): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case "default":
    case "prefault":
    case "optional":
    case "nullable":
    case "readonly":
    case "catch":
    case "nonoptional":
      return def.innerType ? objectsAt(def.innerType, input, path, depth) : [];
    case "pipe": {
      // z.preprocess(fn, schema) is a pipe from a transform: the fields live in `out`. A pipe from
      // an object through a transform into another object (the SNN run of run-config.ts: an
      // optional `kind`, dropped, then the run configuration) accepts the fields of both.
      const fromIn = def.in ? objectsAt(def.in, input, path, depth) : [];
      const fromOut = def.out ? objectsAt(def.out, input, path, depth) : [];
      return [...fromIn, ...fromOut];
    }
    case "lazy":
      return def.getter ? objectsAt(def.getter(), input, path, depth) : [];
    case "intersection":
      return [
        ...(def.left ? objectsAt(def.left, input, path, depth) : []),
        ...(def.right ? objectsAt(def.right, input, path, depth) : []),
      ];
    case "union": {
      let options = def.options ?? [];
      // A discriminated union: keep the option the input's discriminator selects, if it does.
      const here = getAtPath(input, path.slice(0, depth));
      if (def.discriminator && isPlainObject(here)) {
        const wanted = here[def.discriminator];
        const chosen = options.filter((o) => literalOf(o, def.discriminator!) === wanted);
        if (chosen.length > 0) options = chosen;
      }
      return options.flatMap((o) => objectsAt(o, input, path, depth));
    }
    case "object": {
      if (depth === path.length) return [schema];
      const child = def.shape?.[String(path[depth])];
      return child ? objectsAt(child, input, path, depth + 1) : [];
    }
    default:
      return [];
  }
}

/** The literal value an object option gives its discriminator field, if it is a literal. */
function literalOf(option: z.ZodType, discriminator: string): unknown {
  const objects = objectsAt(option, undefined, [], 0);
  for (const o of objects) {
    const field = defOf(o).shape?.[discriminator];
    if (!field) continue;
    const fd = defOf(field) as DefLike & { values?: readonly unknown[] };
    if (fd.type === "literal" && fd.values && fd.values.length === 1) return fd.values[0];
  }
  return undefined;
}

/** Levenshtein distance (small strings only: field names). */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known name closest to `typed` (case-insensitive equal, or within 2 edits), if any. */
export function closestName(typed: string, known: readonly string[]): string | null {
  const lower = typed.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  let best: string | null = null;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

/**
 * The schema behind z.preprocess wrappers (a pipe whose input side is a transform), so its JSON
 * Schema describes the fields rather than "anything".
 */
export function unwrapPreprocess(schema: z.ZodType): z.ZodType {
  let cur = schema;
  for (;;) {
    const def = defOf(cur);
    if (def.type !== "pipe" || !def.in || !def.out || defOf(def.in).type !== "transform")
      return cur;
    cur = def.out;
  }
}
