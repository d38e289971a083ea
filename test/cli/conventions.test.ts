import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/core/errors.js";
import { cliPath } from "../global-setup.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "nx-conventions-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const env = { ...process.env };
  delete env.NEUROXBAR_DEBUG;
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: tmp, encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scenario(name: string, base: Record<string, unknown>): string {
  const path = join(tmp, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      name,
      description: "a one-run sweep for the CLI conventions test",
      seed: 1,
      base: { neurons: 4, train: 4, label: 4, test: 4, ...base },
      axes: [{ path: "neurons", role: "setting", values: [4] }],
      seeds: [1],
    }),
  );
  return path;
}

describe("CLI conventions", () => {
  it("suggests the nearest command for a mistyped one (exit 2)", () => {
    const r = cli("trian");
    expect(r.code).toBe(ERROR_CODES.E_USAGE);
    expect(r.stderr).toMatch(/Did you mean train\?/);
  });

  it("scenario list --json lists every shipped scenario with its description", () => {
    const r = cli("scenario", "list", "--json");
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; description: string }[];
    expect(list.map((s) => s.name)).toContain("levels");
    expect(list.every((s) => s.description.length > 0)).toBe(true);
  });

  it("device show --json prints the curve's numbers", () => {
    const r = cli("device", "show", "ideal", "--out", "card", "--devices", "3", "--json");
    expect(r.code).toBe(0);
    const card = JSON.parse(r.stdout) as { rows: { nominalS: number }[]; csvPath: string };
    expect(card.rows.length).toBeGreaterThan(2);
    expect(card.rows[1]!.nominalS).toBeGreaterThan(card.rows[0]!.nominalS);
  });

  it("sweep --no-progress --json ends with a summary line on stderr and the summary on stdout; report --json lists its files", () => {
    const r = cli(
      "sweep",
      scenario("one", {}),
      "--no-progress",
      "--json",
      "--workers",
      "0",
      "--out",
      "one",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^sweep done: 1 run\(s\) finished, 0 skipped, 0 failed in [\d.]+ s → one$/m,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ finished: 1, failed: [], interrupted: false });
    const report = cli("report", "one", "--out", "report", "--json");
    expect(report.code, report.stderr).toBe(0);
    const files = JSON.parse(report.stdout) as { html: string; sentences: string[] };
    expect(files.html).toMatch(/index\.html$/);
  });

  it("a sweep whose run fails exits with E_RUN_FAILED (7), not the internal-error status", () => {
    const empty = join(tmp, "empty-data");
    mkdirSync(empty);
    const file = scenario("broken", { dataset: { name: "idx", dataDir: empty } });
    const r = cli("sweep", file, "--no-progress", "--workers", "0", "--out", "broken");
    expect(r.stderr).toMatch(/1 run\(s\) failed/);
    expect(r.code).toBe(ERROR_CODES.E_RUN_FAILED);
    expect(ERROR_CODES.E_RUN_FAILED).not.toBe(ERROR_CODES.E_INTERNAL);
  });
});
