/**
 * `neuroxbar design` with a bad device argument or flag: one clear line on stderr, the error's
 * own exit status, and no output folder created.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDesignDevice } from "../../src/cli/commands/design.js";
import { ERROR_CODES, UsageError, ValidationError } from "../../src/core/errors.js";
import { cliPath } from "../global-setup.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "nx-design-args-"));
  writeFileSync(join(tmp, "broken.json"), '{"model": "neurosim", "params": {\n');
  writeFileSync(join(tmp, "wrong.json"), JSON.stringify({ model: "neurosim", params: {} }));
  writeFileSync(join(tmp, "junk.csv"), "a,b\nx,y\n");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function design(...args: string[]) {
  const env = { ...process.env };
  delete env.NEUROXBAR_DEBUG;
  const r = spawnSync(process.execPath, [cliPath, "design", ...args, "--out", "out"], {
    cwd: tmp,
    encoding: "utf8",
    env,
  });
  return { code: r.status, stderr: r.stderr, created: existsSync(join(tmp, "out")) };
}

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^neuroxbar: /);
  expect(lines[0]).toMatch(pattern);
}

describe("neuroxbar design with a bad argument", () => {
  it("names an unknown preset and the known ones (exit 3), creating nothing", () => {
    const r = design("ag-a-sii");
    expect(r.code).toBe(ERROR_CODES.E_VALIDATION);
    expectOneLine(r.stderr, /unknown preset "ag-a-sii".*ag-a-si/);
    expect(r.created).toBe(false);
  });

  it("reports a device file that is not JSON on one line (exit 3), creating nothing", () => {
    const r = design("broken.json");
    expect(r.code).toBe(ERROR_CODES.E_VALIDATION);
    expectOneLine(r.stderr, /broken\.json: not valid JSON/);
    expect(r.created).toBe(false);
  });

  it("reports a CSV with no conductance column (exit 4), creating nothing", () => {
    const r = design("junk.csv");
    expect(r.code).toBe(ERROR_CODES.E_DATA);
    expectOneLine(r.stderr, /junk\.csv.*no conductance, resistance or current column/);
    expect(r.created).toBe(false);
  });

  it("reads no further than the argument in process: a missing file (usage) and an invalid preset (validation, naming the fields)", () => {
    const missing = caught(() => readDesignDevice(join(tmp, "nowhere", "device.json")));
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toMatch(/no such file .*nowhere/);
    const wrong = caught(() => readDesignDevice(join(tmp, "wrong.json")));
    expect(wrong).toBeInstanceOf(ValidationError);
    expect(wrong.message).toMatch(/gMinS/);
    expect(wrong.message).toMatch(/electrical/);
  });

  it("rejects a bad flag before reading the device (exit 2), creating nothing", () => {
    const r = design("ag-a-si", "--neurons", "ten");
    expect(r.code).toBe(ERROR_CODES.E_USAGE);
    expectOneLine(r.stderr, /--neurons: expected a whole number/);
    expect(r.created).toBe(false);
  });
});
