import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted (recursively), no whitespace, `undefined` members dropped,
 * as JSON.stringify would. Two values that mean the same configuration give the same text, so
 * hashes of it (point ids, run seeds, sweep hashes) do not depend on key order in a file.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** SHA-256 of a string, as lowercase hex. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** First `chars` hex digits of SHA-256(canonical JSON of `value`). */
export function shortHash(value: unknown, chars = 10): string {
  return sha256Hex(canonicalJson(value)).slice(0, chars);
}
