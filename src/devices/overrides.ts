/**
 * `--device-set key=value` overrides, applied to the raw preset JSON before validation, so an
 * override is checked exactly like a value in the file. Paths are dotted: `params.nlLtp`,
 * `nonIdealities.c2c.sigmaOfRange`, or with the `nonIdealities.` prefix left out: `c2c.enabled`,
 * `d2d.gMaxSigma`, `finiteLevels`. Field names match case-insensitively against the schema
 * (`d2d.gmaxSigma` works); an unknown name is kept as typed and rejected by the strict schema,
 * naming it. String values "true"/"false" and numeric strings become booleans and numbers.
 */
import { ValidationError } from "../core/errors.js";
import { electricalSchema } from "./electrical.js";
import { DEVICE_MODELS, type ModelName } from "./models.js";
import { NON_IDEALITY_BLOCKS, NON_IDEALITY_KEYS } from "./non-idealities.js";
import { objectKeys } from "./schema-helpers.js";

/** Value of one `--device-set key=value` override. */
export type OverrideValue = number | string | boolean;

const TOP_KEYS = ["model", "params", "nonIdealities", "electrical", "source", "notes"];

function knownKeys(path: readonly string[], model: unknown): string[] {
  const [a, b] = path;
  if (path.length === 0) return TOP_KEYS;
  if (path.length === 1 && a === "params") {
    const m = DEVICE_MODELS[model as ModelName];
    return m ? objectKeys(m.paramsSchema) : [];
  }
  if (path.length === 1 && a === "nonIdealities") return NON_IDEALITY_KEYS;
  if (path.length === 2 && a === "nonIdealities" && b !== undefined && b in NON_IDEALITY_BLOCKS) {
    return objectKeys(NON_IDEALITY_BLOCKS[b as keyof typeof NON_IDEALITY_BLOCKS]);
  }
  if (path.length === 1 && a === "electrical") return objectKeys(electricalSchema);
  return [];
}

function resolveKey(name: string, obj: Record<string, unknown>, known: readonly string[]): string {
  const lower = name.toLowerCase();
  for (const k of [...Object.keys(obj), ...known]) if (k.toLowerCase() === lower) return k;
  return name;
}

function coerce(value: OverrideValue): OverrideValue {
  if (typeof value !== "string") return value;
  const t = value.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  return value;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Returns a copy of `raw` with the overrides applied (the input is not modified). */
export function applyOverrides(
  raw: unknown,
  set: Readonly<Record<string, OverrideValue>>,
  source: string,
): unknown {
  if (!isRecord(raw)) return raw; // the schema will say what is wrong with it
  const root = structuredClone(raw);
  // A model override first: it decides which params names exist.
  const entries = Object.entries(set).sort(
    ([a], [b]) => Number(b === "model") - Number(a === "model"),
  );
  for (const [key, value] of entries) {
    const parts = key.split(".").map((s) => s.trim());
    if (parts.some((s) => s === "")) {
      throw new ValidationError(`${source} › set["${key}"]: empty field name in the path`);
    }
    const forbidden = parts.find(
      (s) => s === "__proto__" || s === "prototype" || s === "constructor",
    );
    if (forbidden !== undefined) {
      throw new ValidationError(
        `${source} › set["${key}"]: "${forbidden}" is not a device field (it would reach the object prototype)`,
      );
    }
    if (NON_IDEALITY_KEYS.some((k) => k.toLowerCase() === parts[0]!.toLowerCase()))
      parts.unshift("nonIdealities");
    let obj: Record<string, unknown> = root;
    const walked: string[] = [];
    for (let i = 0; i < parts.length - 1; i++) {
      const k = resolveKey(parts[i]!, obj, knownKeys(walked, root.model));
      if (obj[k] === undefined) obj[k] = {};
      const next = obj[k];
      if (!isRecord(next)) {
        throw new ValidationError(
          `${source} › set["${key}"]: ${[...walked, k].join(".")} is not an object, cannot set a field inside it`,
        );
      }
      walked.push(k);
      obj = next;
    }
    const last = resolveKey(parts[parts.length - 1]!, obj, knownKeys(walked, root.model));
    obj[last] = coerce(value);
    if (walked.length === 1 && walked[0] === "params") {
      const m = DEVICE_MODELS[root.model as ModelName];
      for (const [x, y] of m?.exclusiveParams ?? []) {
        if (last === x) delete obj[y];
        if (last === y) delete obj[x];
      }
    }
  }
  return root;
}
