/** One suite over every preset file in devices/ (architecture.md convention 2). */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { createRng } from "../../src/core/rng.js";
import { DeviceArray } from "../../src/devices/device-array.js";
import { presetSchema } from "../../src/devices/preset.js";
import { listPresets, loadPreset, presetsDir } from "../../src/devices/preset-files.js";
import { resolveDevice } from "../../src/devices/resolve.js";
import { ELECTRICAL } from "./helpers.js";

const NAMES = listPresets();

function fabricate(
  name: string,
  set: Record<string, number | string | boolean>,
  n: number,
): DeviceArray {
  const rng = createRng(`preset-${name}`);
  return new DeviceArray(resolveDevice(loadPreset(name, set).preset), n, {
    fabrication: rng.fork("fabrication"),
    faults: rng.fork("faults"),
    c2c: rng.fork("c2c"),
  });
}

test("the shipped presets include the NeuroSim table, the Querlioz device and an aihwkit ReRAM fit", () => {
  for (const name of [
    "ideal",
    "ag-a-si",
    "taox-hfox",
    "pcmo",
    "alox-hfo2",
    "gst-pcm",
    "epiram",
    "hzo-fefet",
    "querlioz-2013",
    "reram-gong2018",
  ]) {
    expect(NAMES).toContain(name);
  }
});

describe.each(NAMES)("preset %s", (name) => {
  test("parses, cites a source and gives the five electrical values", () => {
    const { preset } = loadPreset(name);
    expect(preset.source.length).toBeGreaterThan(5);
    for (const key of Object.keys(ELECTRICAL))
      expect(Number.isFinite((preset.electrical as Record<string, number>)[key])).toBe(true);
  });

  test("stays within each device's bounds under 1,000 up then 1,000 down pulses (its noise on, 20 % D2D)", () => {
    const set = { "d2d.gMinSigma": 0.2, "d2d.gMaxSigma": 0.2, "d2d.stepSigma": 0.2 };
    const d = fabricate(name, set, 20);
    for (let i = 0; i < 20; i++) {
      const lo = d.kernel.gMinS[i]!;
      const hi = d.kernel.gMaxS[i]!;
      for (let k = 0; k < 2000; k++) {
        d.applyPulses(i, 1, k < 1000 ? 1 : -1);
        if (!(d.g[i]! >= lo && d.g[i]! <= hi))
          throw new Error(`device ${i} left [${lo}, ${hi}] at pulse ${k}: ${d.g[i]}`);
      }
    }
  });

  test("without noise the LTP curve never falls and the LTD curve never rises", () => {
    const d = fabricate(name, { "c2c.enabled": false, "d2d.enabled": false }, 1);
    let prev = d.g[0]!;
    for (let k = 0; k < 1000; k++) {
      d.applyPulses(0, 1, 1);
      expect(d.g[0]!).toBeGreaterThanOrEqual(prev);
      prev = d.g[0]!;
    }
    for (let k = 0; k < 1000; k++) {
      d.applyPulses(0, 1, -1);
      expect(d.g[0]!).toBeLessThanOrEqual(prev);
      prev = d.g[0]!;
    }
  });

  test("a nominal sweep of LTP pulses covers ≥ 99 % of the range, and of LTD pulses brings it back below 1 %", () => {
    const loaded = loadPreset(name, { "c2c.enabled": false, "d2d.enabled": false });
    const device = resolveDevice(loaded.preset);
    const sweep = device.model.sweepPulses(device.params);
    const d = fabricate(name, { "c2c.enabled": false, "d2d.enabled": false }, 1);
    const lo = d.kernel.gMinS[0]!;
    const range = d.kernel.gMaxS[0]! - lo;
    d.applyPulses(0, sweep.ltp, 1);
    expect((d.g[0]! - lo) / range).toBeGreaterThanOrEqual(0.99 - 1e-9);
    d.applyPulses(0, sweep.ltd, -1);
    expect((d.g[0]! - lo) / range).toBeLessThanOrEqual(0.01 + 1e-9);
  });
});

describe("NeuroSim table presets carry the published numbers (device-models.md §3)", () => {
  const table: [string, number, number, number, number, number, number][] = [
    // name, LTP levels, LTD levels, NL LTP, NL LTD, on/off, C2C
    ["ag-a-si", 97, 100, 2.4, -4.88, 12.5, 0.035],
    ["taox-hfox", 128, 128, 0.04, -0.63, 10, 0.037],
    ["pcmo", 50, 50, 3.68, -6.76, 6.84, 0.01],
    ["alox-hfo2", 40, 40, 1.94, -0.61, 4.43, 0.05],
    ["gst-pcm", 100, 120, 0.105, 2.4, 19.8, 0.015],
    ["epiram", 64, 64, 0.5, -0.5, 50.2, 0.02],
    ["hzo-fefet", 32, 32, 1.75, 1.46, 45, 0.005],
  ];
  test.each(table)(
    "%s: levels %i/%i, NL %s/%s, on/off %s, C2C %s",
    (name, pl, pd, nl, nd, onOff, c2c) => {
      const { preset } = loadPreset(name);
      expect(preset.model).toBe("neurosim");
      if (preset.model !== "neurosim") return;
      expect(preset.params).toMatchObject({ pMaxLtp: pl, pMaxLtd: pd, nlLtp: nl, nlLtd: nd });
      expect(preset.params.gMaxS / preset.params.gMinS).toBeCloseTo(onOff, 2);
      expect(preset.nonIdealities.c2c.sigmaOfRange).toBe(c2c);
    },
  );
});

describe("preset validation names the field", () => {
  const dir = mkdtempSync(join(tmpdir(), "nxb-presets-"));
  const file = (name: string, body: unknown): string => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(body));
    return path;
  };
  const base = {
    model: "neurosim",
    params: { gMinS: 1e-9, gMaxS: 1e-8, pMaxLtp: 50, pMaxLtd: 50, nlLtp: 1, nlLtd: -1 },
    electrical: ELECTRICAL,
    source: "test",
  };

  test("Gmin ≥ Gmax is rejected naming params.gMaxS", () => {
    const p = file("inverted", { ...base, params: { ...base.params, gMinS: 1e-8, gMaxS: 1e-8 } });
    expect(() => loadPreset(p)).toThrow(ValidationError);
    expect(() => loadPreset(p)).toThrow(
      /inverted\.json › params\.gMaxS: must be greater than gMinS/,
    );
  });

  test("negative levels are rejected naming params.pMaxLtp", () => {
    const p = file("negative", { ...base, params: { ...base.params, pMaxLtp: -5 } });
    expect(() => loadPreset(p)).toThrow(/negative\.json › params\.pMaxLtp: .*got -5/);
  });

  test("an unknown field is rejected naming it, at any depth", () => {
    expect(() => loadPreset(file("u1", { ...base, colour: "red" }))).toThrow(
      /u1\.json › \(top level\): unknown field "colour"/,
    );
    expect(() => loadPreset(file("u2", { ...base, params: { ...base.params, nlLTP: 2 } }))).toThrow(
      /params: unknown field "nlLTP"/,
    );
    expect(() =>
      loadPreset(file("u3", { ...base, nonIdealities: { c2c: { sigma: 0.1 } } })),
    ).toThrow(/nonIdealities\.c2c: unknown field "sigma"/);
  });

  test("an unknown model lists the known ones", () => {
    expect(() => loadPreset(file("m", { ...base, model: "memristor" }))).toThrow(
      /model: .*'linear'.*'neurosim'.*got "memristor"/,
    );
  });

  test("a spread of the nonlinearity on a model without one is rejected", () => {
    const p = file("lin", {
      model: "linear",
      params: { gMinS: 1e-9, gMaxS: 1e-8, pMaxLtp: 5, pMaxLtd: 5 },
      nonIdealities: { d2d: { nlSigma: 0.1 } },
      electrical: ELECTRICAL,
      source: "t",
    });
    expect(() => loadPreset(p)).toThrow(
      /nonIdealities\.d2d\.nlSigma: model "linear" has no nonlinearity/,
    );
  });

  test("invalid JSON names the file", () => {
    const path = join(dir, "broken.json");
    writeFileSync(path, "{ nope");
    expect(() => loadPreset(path)).toThrow(/broken\.json: not valid JSON/);
  });

  test("the built-in folder is devices/ of the package", () => {
    expect(presetsDir()).toMatch(/devices\/?$/);
  });
});

describe("overrides (--device-set)", () => {
  test("short paths, case-insensitive names and string values are resolved", () => {
    const { preset } = loadPreset("ag-a-si", {
      "d2d.gmaxsigma": "0.1",
      "C2C.enabled": "false",
      "params.NLLTP": 3,
    });
    expect(preset.nonIdealities.d2d.gMaxSigma).toBe(0.1);
    expect(preset.nonIdealities.c2c.enabled).toBe(false);
    expect(preset.params).toMatchObject({ nlLtp: 3 });
  });

  test("setting A directly replaces the preset's NL label (mutually exclusive pair)", () => {
    const { preset } = loadPreset("ag-a-si", { "params.aLtpPulses": 40 });
    expect(preset.params).toMatchObject({ aLtpPulses: 40 });
    expect(preset.params).not.toHaveProperty("nlLtp");
  });

  test("an unknown override is rejected naming the field and the overrides", () => {
    expect(() => loadPreset("ag-a-si", { "params.nlLtpp": 2 })).toThrow(
      /with overrides params\.nlLtpp\) › params: unknown field "nlLtpp"/,
    );
  });

  test("an override with an invalid value is rejected naming the field", () => {
    expect(() => loadPreset("ag-a-si", { "c2c.sigmaOfRange": -1 })).toThrow(
      /nonIdealities\.c2c\.sigmaOfRange: .*got -1/,
    );
  });
});

describe("preset examples in the docs are valid presets", () => {
  test.each(["measured", "custom"])("docs/models/%s.md", (model) => {
    const text = readFileSync(new URL(`../../docs/models/${model}.md`, import.meta.url), "utf8");
    const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map(
      (m) => JSON.parse(m[1]!) as unknown,
    );
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(presetSchema.parse(b).model).toBe(model);
  });
});
