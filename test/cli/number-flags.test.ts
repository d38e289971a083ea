import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/core/errors.js";
import { applyNumberText, rawFlagText } from "../../src/cli/number-flags.js";
import { cliPath } from "../global-setup.js";

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("number-typed flags", () => {
  it("rawFlagText finds --name V and --name=V, the last one wins, -- ends the flags", () => {
    expect(rawFlagText(["--train", "12", "--train=abc"], "train")).toBe("abc");
    expect(rawFlagText(["--train=7", "--train", "1e3"], "train")).toBe("1e3");
    expect(rawFlagText(["--trainx", "3", "--", "--train", "4"], "train")).toBeUndefined();
  });

  it("applyNumberText puts the typed text back under both spellings of the flag", () => {
    const parsed: Record<string, unknown> = { "checkpoint-every": NaN, checkpointEvery: NaN };
    applyNumberText(parsed, ["--checkpoint-every", "ten"], ["checkpoint-every", "neurons"]);
    expect(parsed).toEqual({ "checkpoint-every": "ten", checkpointEvery: "ten" });
  });

  it("train --help types the numeric flags as [number]", () => {
    const help = cli("train", "--help").stdout;
    for (const flag of ["neurons", "train", "label", "test", "checkpoint-every", "bits"]) {
      expect(help).toMatch(new RegExp(`--${flag}\\s[^\\n]*\\[number\\]`));
    }
    expect(help).toMatch(/--seed\s[^\n]*\[string\]/); // seeds may be words
  });

  it("a number flag given text still fails naming the text (exit 2)", () => {
    const r = cli("train", "--train", "abc");
    expect(r.code).toBe(ERROR_CODES.E_USAGE);
    expect(r.stderr).toMatch(/--train: expected a whole number ≥ 0, got "abc"/);
  });
});
