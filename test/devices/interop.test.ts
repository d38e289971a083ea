import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { fromAihwkit, toAihwkit } from "../../src/devices/interop/aihwkit.js";
import { fromNeuroSimCell, toNeuroSimCell } from "../../src/devices/interop/neurosim.js";
import { listPresets, loadPreset } from "../../src/devices/preset-files.js";
import { pulseResponse, type PulseResponse } from "../../src/devices/pulse-response.js";
import { cliPath } from "../global-setup.js";

const TOL = 1e-9;

/** Largest relative difference over every number of two pulse responses (nominal and band). */
function maxRelDiff(a: PulseResponse, b: PulseResponse): number {
  expect(b.rows.length).toBe(a.rows.length);
  let worst = 0;
  a.rows.forEach((row, i) => {
    const other = b.rows[i]!;
    for (const k of ["nominalS", "meanS", "p05S", "p50S", "p95S"] as const) {
      const x = row[k];
      const y = other[k];
      const scale = Math.max(Math.abs(x), Math.abs(y));
      if (scale > 0) worst = Math.max(worst, Math.abs(x - y) / scale);
    }
  });
  return worst;
}

const aihwkitExportable = listPresets().filter((name) => {
  try {
    toAihwkit(loadPreset(name).preset);
    return true;
  } catch (err) {
    if (err instanceof ValidationError) return false;
    throw err;
  }
});

describe("aihwkit interop", () => {
  it("exports every shipped preset whose model aihwkit shares, and no other", () => {
    const shared = ["linear", "soft-bounds", "pow-step", "linear-step", "exp-step"];
    for (const name of listPresets()) {
      const model = loadPreset(name).preset.model;
      if (shared.includes(model)) expect(aihwkitExportable).toContain(name);
      if (["querlioz", "measured", "custom"].includes(model)) {
        expect(aihwkitExportable).not.toContain(name);
      }
    }
    expect(aihwkitExportable.length).toBeGreaterThanOrEqual(3);
  });

  it.each(aihwkitExportable)(
    "toAihwkit → JSON → fromAihwkit gives %s's device-card curve to 1e-9 relative",
    (name) => {
      const { preset } = loadPreset(name);
      const file = JSON.parse(JSON.stringify(toAihwkit(preset))) as unknown;
      const back = fromAihwkit(file, `${name}.aihwkit.json`);
      const options = { devices: 40, seed: 3 };
      expect(maxRelDiff(pulseResponse(preset, options), pulseResponse(back, options))).toBeLessThan(
        TOL,
      );
    },
  );

  it("writes aihwkit's dataclass field names", () => {
    const soft = { ...loadPreset("ideal").preset, model: "soft-bounds" as const };
    const sb = toAihwkit({
      ...soft,
      params: { gMinS: 1e-7, gMaxS: 5e-6, dwMin: 0.01, upDown: 0.1 },
    });
    expect(sb.device_class).toBe("SoftBoundsDevice");
    expect(Object.keys(sb.params)).toEqual(
      expect.arrayContaining(["w_min", "w_max", "dw_min", "up_down", "dw_min_dtod", "dw_min_std"]),
    );
    const pow = toAihwkit({
      ...soft,
      model: "pow-step",
      params: { gMinS: 1e-7, gMaxS: 5e-6, dwMin: 0.01, upDown: 0.1, gammaUp: 1.5, gammaDown: 0.5 },
    });
    expect(pow.params).toMatchObject({ pow_gamma: 1, pow_up_down: 0.5 });
  });

  it("reads a plain aihwkit SoftBoundsDevice dict: steps shrink towards the bound as aihwkit's do", () => {
    // aihwkit (C++): scale_up = dw_min(1 + min(up_down, 0)) = dw_min for up_down > 0, and
    // Δw+ = scale_up(1 − w/w_max); from w = w_min the first up step is dw_min(1 − w_min/w_max),
    // as a fraction of the range: that over (w_max − w_min).
    const params = { w_min: -1, w_max: 1, dw_min: 0.01, up_down: 0.2 };
    const preset = fromAihwkit({ device_class: "SoftBoundsDevice", params }, "plain.json");
    expect(preset.notes).toMatch(/assumed/);
    const r = pulseResponse(preset, { devices: 1, ltpPulses: 1, ltdPulses: 0 });
    const { nominalGMinS: g0, nominalGMaxS: g1 } = r;
    const firstStep = (r.rows[1]!.nominalS - r.rows[0]!.nominalS) / (g1 - g0);
    expect(firstStep).toBeCloseTo((0.01 * (1 - -1 / 1)) / 2, 12);
  });

  it("refuses a device aihwkit has no counterpart for, naming the model", () => {
    expect(() => toAihwkit(loadPreset("querlioz-2013").preset)).toThrow(/querlioz/);
    expect(() => fromAihwkit({ device_class: "TransferCompound", params: {} }, "x.json")).toThrow(
      /device_class/,
    );
  });
});

describe("NeuroSim cell interop", () => {
  const exportable = listPresets().filter((n) =>
    ["neurosim", "linear"].includes(loadPreset(n).preset.model),
  );

  it.each(exportable)("toNeuroSimCell → fromNeuroSimCell keeps %s's nominal curve", (name) => {
    const { preset } = loadPreset(name);
    const { cell, unmapped } = toNeuroSimCell(preset);
    const back = fromNeuroSimCell(JSON.parse(JSON.stringify(cell)), `${name}.neurosim.json`);
    const options = { devices: 1, seed: 1 };
    const a = pulseResponse(preset, options);
    const b = pulseResponse(back, options);
    expect(a.rows.map((r) => r.nominalS)).toEqual(b.rows.map((r) => r.nominalS));
    expect(back.electrical.ltdVoltageV).toBeLessThan(0);
    if (unmapped.length === 0 && preset.nonIdealities.d2d.nlSigma === 0) {
      expect(
        maxRelDiff(pulseResponse(preset, { devices: 30 }), pulseResponse(back, { devices: 30 })),
      ).toBeLessThan(TOL);
    }
  });

  it("writes NeuroSim's field names and its NL labels unchanged", () => {
    const { cell } = toNeuroSimCell(loadPreset("ag-a-si").preset);
    expect(cell).toMatchObject({
      NL_LTP: 2.4,
      NL_LTD: -4.88,
      maxNumLevelLTP: 97,
      sigmaCtoC: 0.035,
    });
  });
});

describe("neuroxbar device export / import (CLI)", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "nx-interop-"));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function run(args: string[]): string {
    return execFileSync(process.execPath, [cliPath, ...args], { cwd: tmp, encoding: "utf8" });
  }

  function curve(dir: string): number[][] {
    const [, ...rows] = readFileSync(join(dir, "curve.csv"), "utf8").trim().split("\n");
    return rows.map((line) =>
      line
        .split(",")
        .filter((c) => c !== "" && !Number.isNaN(Number(c)))
        .map(Number),
    );
  }

  it("device show of an aihwkit export imported back gives the same curve.csv to 1e-9", () => {
    run([
      "device",
      "export",
      "ag-a-si",
      "--to",
      "aihwkit",
      "--out",
      "dev.aihwkit.json",
      "--set",
      "params.nlLtd=-2.4",
      "--set",
      "params.pMaxLtd=97",
    ]);
    const file = JSON.parse(readFileSync(join(tmp, "dev.aihwkit.json"), "utf8")) as {
      device_class: string;
    };
    expect(file.device_class).toBe("SoftBoundsPmaxDevice");
    run(["device", "import", "dev.aihwkit.json", "--from", "aihwkit", "--out", "back.json"]);
    run([
      "device",
      "show",
      "ag-a-si",
      "--set",
      "params.nlLtd=-2.4",
      "--set",
      "params.pMaxLtd=97",
      "--out",
      "a",
      "--devices",
      "30",
    ]);
    run(["device", "show", "./back.json", "--out", "b", "--devices", "30"]);
    const a = curve(join(tmp, "a"));
    const b = curve(join(tmp, "b"));
    expect(b.length).toBe(a.length);
    expect(a.length).toBeGreaterThan(10);
    a.forEach((row, i) =>
      row.forEach((x, j) => {
        const y = b[i]![j]!;
        expect(Math.abs(x - y)).toBeLessThanOrEqual(TOL * Math.max(Math.abs(x), Math.abs(y)));
      }),
    );
  });

  it("device import --from neurosim reads NeuroSim cell fields", () => {
    const cell = toNeuroSimCell(loadPreset("epiram").preset).cell;
    writeFileSync(join(tmp, "cell.json"), JSON.stringify(cell));
    const out = run(["device", "import", "cell.json", "--from", "neurosim", "--out", "ns.json"]);
    expect(out).toMatch(/model neurosim/);
  });
});
