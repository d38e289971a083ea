/**
 * `neuroxbar design` with a bad device argument or flag: one clear line on stderr, the error's
 * own exit status, and no output folder created.
 */
import { spawn } from "node:child_process";
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

interface Outcome {
  readonly code: number | null;
  readonly stderr: string;
  readonly created: boolean;
}

/** Runs `neuroxbar design ARGS --out OUT` in its own folder (the cases run in parallel). */
function design(name: string, ...args: string[]): Promise<Outcome> {
  const env = { ...process.env };
  delete env.NEUROXBAR_DEBUG;
  const out = `out-${name}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, "design", ...args, "--out", out], {
      cwd: tmp,
      env,
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr, created: existsSync(join(tmp, out)) }));
  });
}

const CASES = {
  unknown: ["ag-a-sii"],
  notJson: ["broken.json"],
  junkCsv: ["junk.csv"],
  badFlag: ["ag-a-si", "--neurons", "ten"],
  fullScaleAlone: ["ag-a-si", "--adc-full-scale-weights", "2"],
  adcBits: ["ag-a-si", "--adc-bits", "40"],
} as const;
let results: Record<keyof typeof CASES, Outcome>;
beforeAll(async () => {
  const entries = await Promise.all(
    Object.entries(CASES).map(async ([k, args]) => [k, await design(k, ...args)] as const),
  );
  results = Object.fromEntries(entries) as Record<keyof typeof CASES, Outcome>;
}, 60_000);

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
    const r = results.unknown;
    expect(r.code).toBe(ERROR_CODES.E_VALIDATION);
    expectOneLine(r.stderr, /unknown preset "ag-a-sii".*ag-a-si/);
    expect(r.created).toBe(false);
  });

  it("reports a device file that is not JSON on one line (exit 3), creating nothing", () => {
    const r = results.notJson;
    expect(r.code).toBe(ERROR_CODES.E_VALIDATION);
    expectOneLine(r.stderr, /broken\.json: not valid JSON/);
    expect(r.created).toBe(false);
  });

  it("reports a CSV with no conductance column (exit 4), creating nothing", () => {
    const r = results.junkCsv;
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
    const r = results.badFlag;
    expect(r.code).toBe(ERROR_CODES.E_USAGE);
    expectOneLine(r.stderr, /--neurons: expected a whole number/);
    expect(r.created).toBe(false);
  });

  it("rejects an ADC full scale without --adc-bits, and bits beyond the ADC's range (exit 2), creating nothing", () => {
    const alone = results.fullScaleAlone;
    expect(alone.code).toBe(ERROR_CODES.E_USAGE);
    expectOneLine(alone.stderr, /--adc-full-scale-weights: needs --adc-bits/);
    expect(alone.created).toBe(false);
    const bits = results.adcBits;
    expect(bits.code).toBe(ERROR_CODES.E_USAGE);
    expectOneLine(bits.stderr, /--adc-bits/);
    expect(bits.created).toBe(false);
  });
});
