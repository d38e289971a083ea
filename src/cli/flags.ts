import type { MiddlewareFunction } from "yargs";
import { UsageError, describeValue } from "../core/errors.js";

/** A whole number flag, strictly parsed ("12abc", "1e3.5", "" are rejected). */
export function intFlag(
  name: string,
  raw: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = typeof raw === "number" ? String(raw) : raw;
  if (typeof text !== "string" || !/^[+-]?\d+$/.test(text.trim())) {
    throw new UsageError(`--${name}: expected a whole number ≥ ${min}, got ${describeValue(raw)}`);
  }
  const value = Number(text);
  if (value < min || value > max) {
    throw new UsageError(
      `--${name}: expected a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? "∞" : max}, got ${value}`,
    );
  }
  return value;
}

/** A finite number flag. */
export function numberFlag(name: string, raw: unknown): number {
  const text = typeof raw === "number" ? String(raw) : raw;
  const value = typeof text === "string" && text.trim() !== "" ? Number(text) : NaN;
  if (!Number.isFinite(value)) {
    throw new UsageError(`--${name}: expected a number, got ${describeValue(raw)}`);
  }
  return value;
}

/** The words a boolean flag accepts (`--shuffle=yes`); anything else is an error, never false. */
export const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  on: true,
  false: false,
  no: false,
  off: false,
};

/** A boolean flag's word: true/false, yes/no or on/off (any case). */
export function booleanFlag(name: string, raw: unknown): boolean {
  if (typeof raw === "boolean") return raw;
  const value = typeof raw === "string" ? BOOLEAN_WORDS[raw.toLowerCase()] : undefined;
  if (value === undefined) {
    throw new UsageError(
      `--${name}: expected true/false, yes/no or on/off, got ${describeValue(raw)}`,
    );
  }
  return value;
}

/**
 * Checks the words given to boolean flags as `--name=word` (yargs reads any unknown word as
 * false) and returns their values by flag name. `booleans` are the command's boolean options.
 */
export function booleanFlagWords(
  rawArgs: readonly string[],
  booleans: readonly string[],
): Record<string, boolean> {
  const known = new Set(booleans);
  const out: Record<string, boolean> = {};
  for (const token of rawArgs) {
    if (token === "--") break;
    const m = /^--(no-)?([^=]+)=(.*)$/s.exec(token);
    if (!m || !known.has(m[2]!)) continue;
    const value = booleanFlag(m[2]!, m[3]!);
    out[m[2]!] = m[1] ? !value : value;
  }
  return out;
}

/** Sets the checked boolean words on yargs' parsed arguments (kebab and camelCase keys). */
export function applyBooleanWords(
  parsed: Record<string, unknown>,
  rawArgs: readonly string[],
  booleans: readonly string[],
): void {
  for (const [name, value] of Object.entries(booleanFlagWords(rawArgs, booleans))) {
    parsed[name] = value;
    parsed[name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = value;
  }
}

/**
 * A yargs middleware applying applyBooleanWords with the running command's boolean options
 * (yargs passes its instance as the second argument, which its types leave out).
 */
export function booleanWordsMiddleware(rawArgs: readonly string[]): MiddlewareFunction {
  const fn = (parsed: Record<string, unknown>, y: { getOptions(): { boolean: string[] } }) =>
    applyBooleanWords(parsed, rawArgs, y.getOptions().boolean);
  return fn as unknown as MiddlewareFunction;
}

/**
 * A seed: a whole number, or a name (non-blank, no surrounding space, not a number: "1.5" or
 * " 7" would silently become a different, string seed).
 */
export function seedFlag(name: string, raw: unknown): number | string {
  const text = typeof raw === "number" ? String(raw) : raw;
  if (typeof text !== "string") {
    throw new UsageError(`--${name}: expected a whole number or a name, got ${describeValue(raw)}`);
  }
  if (/^[+-]?\d+$/.test(text)) {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) {
      throw new UsageError(
        `--${name}: ${text} is beyond the largest exact whole number (2^53 − 1)`,
      );
    }
    return value;
  }
  if (text.trim() === "" || text.trim() !== text) {
    throw new UsageError(
      `--${name}: expected a whole number or a name without surrounding space, got ${describeValue(raw)}`,
    );
  }
  if (Number.isFinite(Number(text))) {
    throw new UsageError(
      `--${name}: expected a whole number or a name, got the number ${describeValue(raw)} (not whole)`,
    );
  }
  return text;
}

/** on|off (also true/false, yes/no, 1/0). */
export function onOffFlag(name: string, raw: unknown): boolean {
  const text = String(raw).toLowerCase();
  if (["on", "true", "yes", "1"].includes(text)) return true;
  if (["off", "false", "no", "0"].includes(text)) return false;
  throw new UsageError(`--${name}: expected on or off, got ${describeValue(raw)}`);
}

/** One of a fixed set of words. */
export function choiceFlag<T extends string>(name: string, raw: unknown, choices: readonly T[]): T {
  if (typeof raw === "string" && (choices as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(
    `--${name}: expected one of ${choices.join(", ")}, got ${describeValue(raw)}`,
  );
}
