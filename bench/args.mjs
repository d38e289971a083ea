// Argument checks shared by the bench scripts: a bad value is named with its field and its own
// text, and the script exits with status 2, in the wording of the CLI (src/cli/number-flags.ts).
import process from "node:process";

/**
 * `given` (a command-line string, or undefined for "not given") as a whole number ≥ 1; `fallback`
 * when not given. Anything else prints `SCRIPT: NAME: expected a whole number ≥ 1, got "…"` and
 * exits 2.
 */
export function wholeNumberArg(script, name, given, fallback) {
  if (given === undefined) return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${script}: ${name}: expected a whole number ≥ 1, got "${given}"`);
    process.exit(2);
  }
  return value;
}
