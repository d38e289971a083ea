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
