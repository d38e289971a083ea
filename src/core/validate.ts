import type { z } from "zod";
import { ValidationError, describeValue } from "./errors.js";

/** Formats a path like `sweep.axes[1].values[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(top level)" : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Parses `value` against `schema`; on failure throws one ValidationError listing every issue as
 * `source › path: expected …, got …`. Never repairs a value.
 */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path as PropertyKey[];
    const got = valueAt(value, path);
    let msg = issue.message;
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as { keys?: string[] }).keys ?? [];
      msg = `unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}`;
      return `${source} › ${formatPath(path)}: ${msg} (check the spelling; unknown fields are rejected)`;
    }
    return `${source} › ${formatPath(path)}: ${msg}, got ${describeValue(got)}`;
  });
  throw new ValidationError(lines.join("\n"));
}
