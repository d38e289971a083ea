import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import {
  parseSetFlags,
  runDeviceFit,
  runDeviceList,
  runDeviceShow,
} from "../../src/cli/commands/device.js";
import { listPresets, loadPreset } from "../../src/devices/preset-files.js";
import { AG_A_SI, devices, preset } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "nxb-device-cli-"));

describe("neuroxbar device", () => {
  test("list names every preset with its model and source", () => {
    const out = runDeviceList();
    for (const name of listPresets()) expect(out).toMatch(new RegExp(`^${name}\\s+\\S+`, "m"));
    expect(out).toMatch(/ag-a-si\s+neurosim\s+97\/100\s+12\.5\s+Jo et al/);
    expect(JSON.parse(runDeviceList(true))).toHaveLength(listPresets().length);
  });

  test("show writes card.svg and curve.csv: Pmax up then Pmax down, nominal curve hits Gmax at pulse 97", async () => {
    const out = join(dir, "card");
    const { svgPath, csvPath } = await runDeviceShow({
      device: "ag-a-si",
      out,
      devices: 50,
      set: ["d2d.gMaxSigma=0.1"],
    });
    const svg = readFileSync(svgPath, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/median of 50 devices/);
    expect(svg).toMatch(/pulse number \(97 LTP, then 100 LTD\)/);
    const rows = readFileSync(csvPath, "utf8").trim().split("\n");
    expect(rows[0]).toBe("pulse,phase,nominal_S,mean_S,p05_S,p50_S,p95_S");
    expect(rows).toHaveLength(1 + 97 + 100 + 1);
    const at97 = rows[98]!.split(",");
    expect(at97[1]).toBe("ltp");
    expect(Math.abs(Number(at97[2]) / AG_A_SI.gMaxS - 1)).toBeLessThan(1e-12);
    // The band is a spread: with 10 % Gmax spread the 5 % and 95 % quantiles at pulse 97 differ.
    expect(Number(at97[6])).toBeGreaterThan(Number(at97[4]));
  });

  test("fit writes a preset that loads, and prints parameters with the fit error", () => {
    const d = devices(preset("neurosim", AG_A_SI, { c2c: { sigmaOfRange: 0.005 } }), 1, 9);
    const lines = ["# synthetic measurement", "pulse,type,G (nS)"];
    lines.push(`0,LTP,${d.g[0]! * 1e9}`);
    for (let k = 1; k <= 97; k++) {
      d.applyPulses(0, 1, 1);
      lines.push(`${k},LTP,${d.g[0]! * 1e9}`);
    }
    lines.push(`0,LTD,${d.g[0]! * 1e9}`);
    for (let k = 1; k <= 100; k++) {
      d.applyPulses(0, 1, -1);
      lines.push(`${k},LTD,${d.g[0]! * 1e9}`);
    }
    const csv = join(dir, "measured.csv");
    writeFileSync(csv, lines.join("\n"));
    const { report, presetPath } = runDeviceFit({
      csv,
      model: "neurosim",
      source: "synthetic, 2025",
    });
    expect(presetPath).toBe(join(dir, "measured.neurosim.json"));
    expect(report).toMatch(/nlLtp\s+2\.\d+/);
    expect(report).toMatch(/fit error\s+RMS .* % of the range/);
    const loaded = loadPreset(presetPath);
    expect(loaded.preset.model).toBe("neurosim");
    expect(loaded.preset.source).toBe("synthetic, 2025");
    expect(loaded.preset.nonIdealities.c2c.sigmaOfRange).toBeGreaterThan(0);
    // Each fitted parameter and both bounds carry their standard error (text: "± SE").
    expect(report).toMatch(/nlLtp\s+2\.\d+ ± \d/);
    expect(report).toMatch(/gMaxS\s+\S+ ± \d/);
    expect(report).not.toMatch(/pMaxLtp\s+97 ±/);
    const json = JSON.parse(
      runDeviceFit({ csv, model: "neurosim", out: join(dir, "j.json"), json: true }).report,
    ) as { params: Record<string, number>; standardErrors: Record<string, number>; preset: string };
    expect(json.preset).toBe(join(dir, "j.json"));
    expect(Object.keys(json.standardErrors).sort()).toEqual(["gMaxS", "gMinS", "nlLtd", "nlLtp"]);
    expect(json.standardErrors.nlLtp).toBeGreaterThan(0);
    expect(json.params.nlLtp).toBeCloseTo(Number(/nlLtp\s+(\S+)/.exec(report)![1]), 4);
  });

  test("--set without '=' is a usage error", () => {
    expect(() => parseSetFlags(["c2c.enabled"])).toThrow(UsageError);
    expect(parseSetFlags(["a.b=1", "c = x"])).toEqual({ "a.b": "1", c: "x" });
  });
});
