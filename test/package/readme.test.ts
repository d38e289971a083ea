import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../global-setup.js";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

describe("README", () => {
  it("starts with the two quick-start commands: install + run, install + test", () => {
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    expect(blocks.slice(0, 2)).toEqual(["npm install && npm start", "npm install && npm test"]);
  });

  it("has flag tables equal to what scripts/flag-table.mjs generates from the CLI's --help", () => {
    // Exits 1 naming the fix when a table drifted from `neuroxbar train --help`.
    const run = () =>
      execFileSync(process.execPath, [join(repoRoot, "scripts", "flag-table.mjs"), "--check"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    expect(run).not.toThrow();
    expect(readme).toMatch(/<!-- flags:train -->\n\n\| flag/);
  });

  it("names every command of neuroxbar --help in a workflow section", () => {
    const help = execFileSync(
      process.execPath,
      [join(repoRoot, "dist", "cli", "main.js"), "--help"],
      {
        encoding: "utf8",
      },
    );
    const commands = [...help.matchAll(/^ {2}neuroxbar ([a-z-]+)/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const command of commands) expect(readme).toContain(`neuroxbar ${command}`);
  });
});
