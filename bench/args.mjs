// Argument checks shared by the bench scripts: a bad value is named with its field and its own
// text, and the script exits with status 2, in the wording of the CLI (src/cli/number-flags.ts).
import process from "node:process";

/**
 * `given` (a command-line string, or undefined for "not given") as a whole number ≥ `min` (1
 * unless given); `fallback` when not given. Anything else prints
 * `SCRIPT: NAME: expected a whole number ≥ MIN, got "…"` and exits 2.
 */
export function wholeNumberArg(script, name, given, fallback, min = 1) {
  if (given === undefined) return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < min) {
    argError(script, name, `a whole number ≥ ${min}`, given);
  }
  return value;
}

/** Prints `SCRIPT: NAME: expected EXPECTED, got "GIVEN"` and exits 2. */
export function argError(script, name, expected, given) {
  console.error(`${script}: ${name}: expected ${expected}, got "${given}"`);
  process.exit(2);
}
