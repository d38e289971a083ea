import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../global-setup.js";

describe("TSDoc coverage of the public API", () => {
  it("stays at or above the threshold recorded in scripts/tsdoc-coverage.mjs (--check exits 0)", () => {
    const run = spawnSync(
      process.execPath,
      [join(repoRoot, "scripts", "tsdoc-coverage.mjs"), "--check"],
      { encoding: "utf8" },
    );
    // On failure stderr lists the exported symbols that lack a doc comment.
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const m = /check: (\d+)\/(\d+) = [\d.]+ documented \(threshold ([\d.]+)\)/.exec(run.stdout);
    expect(m).not.toBeNull();
    const [documented, total, threshold] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(total).toBeGreaterThan(0);
    expect(documented / total).toBeGreaterThanOrEqual(threshold);
  }, 120_000);
});
