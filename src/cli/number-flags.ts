/**
 * Numeric flags are declared `type: "number"` so `--help` says `[number]`, but yargs turns text
 * that is not a number into NaN and loses it. This middleware puts back the text the user typed
 * for every number-typed flag given on the command line, so the commands' own checks (intFlag,
 * numberFlag) still name the value: `--train: expected a whole number ≥ 0, got "abc"`.
 */
import type { MiddlewareFunction } from "yargs";

const camel = (flag: string): string =>
  flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The text of the last `--name V` or `--name=V` in the raw arguments, if any. */
export function rawFlagText(rawArgs: readonly string[], name: string): string | undefined {
  let text: string | undefined;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") break;
    if (arg === `--${name}` && i + 1 < rawArgs.length) text = rawArgs[i + 1];
    else if (arg.startsWith(`--${name}=`)) text = arg.slice(name.length + 3);
  }
  return text;
}

/** Restores the typed text of number-typed flags (see the header). */
export function applyNumberText(
  parsed: Record<string, unknown>,
  rawArgs: readonly string[],
  numberFlags: readonly string[],
): void {
  for (const name of numberFlags) {
    const text = rawFlagText(rawArgs, name);
    if (text === undefined) continue;
    parsed[name] = text;
    parsed[camel(name)] = text;
  }
}

/** yargs middleware (apply before validation) for {@link applyNumberText}. */
export function numberTextMiddleware(rawArgs: readonly string[]): MiddlewareFunction {
  const fn = (parsed: Record<string, unknown>, y: { getOptions(): { number: string[] } }) =>
    applyNumberText(parsed, rawArgs, y.getOptions().number);
  return fn as unknown as MiddlewareFunction;
}
