import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/core/errors.js";
import { editDistance, nearestFlag, withFlagSuggestions } from "../../src/cli/suggest.js";
import { cliPath } from "../global-setup.js";

describe("did you mean, for flags", () => {
  it("editDistance counts insertions, deletions and substitutions", () => {
    expect(editDistance("nuerons", "neurons")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("nearestFlag picks the closest known flag, or none when nothing is close", () => {
    const known = ["neurons", "train", "test", "label", "checkpoint-every"];
    expect(nearestFlag("nuerons", known)).toBe("neurons");
    expect(nearestFlag("checkpoint-evry", known)).toBe("checkpoint-every");
    expect(nearestFlag("zzzzzz", known)).toBeUndefined();
  });

  it("withFlagSuggestions extends yargs' unknown-argument message and leaves others alone", () => {
    const known = ["workers", "quick"];
    expect(withFlagSuggestions("Unknown argument: wrokers", known)).toBe(
      "Unknown argument: wrokers (did you mean --workers?)",
    );
    expect(withFlagSuggestions("Unknown arguments: wrokers, qiuck, zzz", known)).toBe(
      "Unknown arguments: wrokers, qiuck, zzz (did you mean --workers for wrokers, --quick for qiuck?)",
    );
    expect(withFlagSuggestions("Missing required argument: out", known)).toBe(
      "Missing required argument: out",
    );
  });

  it("neuroxbar train --nuerons 5 suggests --neurons (exit 2)", () => {
    const r = spawnSync(process.execPath, [cliPath, "train", "--nuerons", "5"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(ERROR_CODES.E_USAGE);
    expect(r.stderr).toMatch(/Unknown argument: nuerons \(did you mean --neurons\?\)/);
  });
});
