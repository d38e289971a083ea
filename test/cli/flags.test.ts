import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { booleanFlag, booleanFlagWords, seedFlag } from "../../src/cli/flags.js";
import { caught } from "../caught.js";

describe("strict flag parsing (src/cli/flags.ts)", () => {
  it.each([
    ["true", true],
    ["YES", true],
    ["on", true],
    ["false", false],
    ["no", false],
    ["Off", false],
  ])("booleanFlag accepts %s → %s", (word, value) => {
    expect(booleanFlag("shuffle", word)).toBe(value);
  });

  it.each(["maybe", "", "1", "0", "y", "nope", "truee"])(
    "booleanFlag refuses %j with a UsageError naming the flag and the words it takes",
    (word) => {
      const e = caught(() => booleanFlag("shuffle", word)) as Error;
      expect(e).toBeInstanceOf(UsageError);
      expect(e.message).toMatch(/^--shuffle: expected true\/false, yes\/no or on\/off, got "/);
    },
  );

  it("booleanFlagWords reads --name=word of the command's booleans only (and --no-name=word)", () => {
    expect(
      booleanFlagWords(
        ["--shuffle=yes", "--no-progress=on", "--out=x", "--json"],
        ["shuffle", "progress", "json"],
      ),
    ).toEqual({ shuffle: true, progress: false });
    expect(() => booleanFlagWords(["--resume=maybe"], ["resume"])).toThrow(/--resume: expected/);
    expect(booleanFlagWords(["--", "--resume=maybe"], ["resume"])).toEqual({});
  });

  it.each([
    ["7", 7],
    ["-3", -3],
    ["run-a", "run-a"],
    ["seed 1", "seed 1"],
  ])("seedFlag(%j) → %j", (raw, value) => {
    expect(seedFlag("seed", raw)).toBe(value);
  });

  it.each([
    ["", /without surrounding space/],
    ["   ", /without surrounding space/],
    [" 1", /without surrounding space/],
    ["a ", /without surrounding space/],
    ["1.5", /got the number "1\.5" \(a string\) \(not whole\)/],
    ["1e3", /not whole/],
    ["99999999999999999999", /beyond the largest exact whole number/],
  ])("seedFlag refuses %j", (raw, pattern) => {
    const e = caught(() => seedFlag("seed", raw)) as Error;
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toMatch(pattern);
  });
});
