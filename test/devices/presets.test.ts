/** One suite over every preset file in devices/ (architecture.md convention 2). */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { createRng } from "../../src/core/rng.js";
import { parseWithSchema } from "../../src/core/validate.js";
import { DeviceArray } from "../../src/devices/device-array.js";
import { presetSchema } from "../../src/devices/preset.js";
import { listPresets, loadPreset, presetsDir } from "../../src/devices/preset-files.js";
import { resolveDevice } from "../../src/devices/resolve.js";
import {
  MAX_CONDUCTANCE_S,
  MAX_SWEEP_PULSES,
  MIN_GMAX_S,
} from "../../src/devices/schema-helpers.js";
import { softBoundsModel } from "../../src/devices/soft-bounds.js";
import { caught } from "../caught.js";
import { devices, ELECTRICAL, preset } from "./helpers.js";

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
    // A citation: authors or venue and a publication year, e.g. "Jo et al., Nano Lett. 2010".
    expect(preset.source).toMatch(/[A-Z][a-z]+.*(?<![\d.])(19[5-9]\d|20\d\d)(?![\d.])/);
    for (const key of Object.keys(ELECTRICAL))
      expect(Number.isFinite((preset.electrical as Record<string, number>)[key])).toBe(true);
  });

  test("is within the physical limits: Gmin ≥ 0, 1 pS ≤ Gmax ≤ 1 S, a nominal sweep ≤ 1e6 pulses each way", () => {
    const device = resolveDevice(loadPreset(name).preset);
    const { gMinS, gMaxS } = device.model.nominalBounds(device.params);
    expect(gMinS).toBeGreaterThanOrEqual(0);
    expect(gMaxS).toBeGreaterThanOrEqual(MIN_GMAX_S);
    expect(gMaxS).toBeLessThanOrEqual(MAX_CONDUCTANCE_S);
    const sweep = device.model.sweepPulses(device.params);
    expect(Math.max(sweep.ltp, sweep.ltd)).toBeLessThanOrEqual(MAX_SWEEP_PULSES);
    expect(Math.min(sweep.ltp, sweep.ltd)).toBeGreaterThan(0);
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

describe("physical limits: conductances in [0, 1] S, at most 1e6 pulses per sweep", () => {
  /** The error loading `params` for `model` through the preset schema (as a preset file is). */
  const rejection = (model: string, params: Record<string, unknown>): string => {
    const body = { model, params, electrical: ELECTRICAL, source: "test" };
    const err = caught(() => parseWithSchema(presetSchema, body, "p.json"));
    expect(err, `${model} ${JSON.stringify(params)} was accepted`).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  };
  const accepts = (model: string, params: Record<string, unknown>) =>
    parseWithSchema(
      presetSchema,
      { model, params, electrical: ELECTRICAL, source: "test" },
      "p.json",
    );
  const SOFT = { gMinS: 5e-7, gMaxS: 5e-6, upDown: 0 };
  const POW = { gMinS: 5e-7, gMaxS: 5e-6, upDown: 0, gammaUp: 0.115, gammaDown: 0.509 };
  const QUER = { gMinS: 1e-10, gMaxS: 1e-6, alphaLtd: 0.0007, betaLtp: 3, betaLtd: 0 };

  test.each([
    // model, params, blamed field, value, derived pulse count in the message
    ["soft-bounds", { ...SOFT, dwMin: 1e-9 }, "dwMin", "1e-9", "2.3e9"],
    ["soft-bounds", { ...SOFT, dwMin: 2e-4, upDown: -0.99 }, "upDown", "-0.99", "1.2e6"],
    ["pow-step", { ...POW, dwMin: 1e-9 }, "dwMin", "1e-9", "1.1e9"],
    ["pow-step", { ...POW, dwMin: 0.002, gammaUp: 10 }, "gammaUp", "10", "5.6e19"],
    ["querlioz", { ...QUER, alphaLtp: 1e-9 }, "alphaLtp", "1e-9", "6.4e9"],
    ["querlioz", { ...QUER, alphaLtp: 0.5, betaLtp: 50 }, "betaLtp", "50", "2.1e20"],
  ] as const)(
    "%s with a tiny step is rejected naming the field, the value, the pulse count and the limit (%s)",
    (model, params, field, value, count) => {
      const message = rejection(model, params);
      expect(message).toContain(`p.json › params.${field}: a nominal LTP sweep`);
      expect(message).toContain(`takes ${count} pulses, above the limit of 1e6 pulses per sweep`);
      expect(message).toMatch(new RegExp(`got ${value}$`, "m"));
    },
  );

  test("the limit is the model's own sweep count: soft-bounds dwMin at ln(100)/(2·1e6) ± 0.5 %", () => {
    // 99 % of the range takes ln(0.01)/ln(1 − 2dw) ≈ 2.303/dw pulses: 1e6 at dw ≈ 2.3026e-6.
    const atLimit = -Math.log(0.01) / (2 * MAX_SWEEP_PULSES);
    const ok = accepts("soft-bounds", { ...SOFT, dwMin: atLimit * 1.005 });
    const sweep = softBoundsModel.sweepPulses(ok.params as never);
    expect(sweep.ltp).toBeLessThanOrEqual(MAX_SWEEP_PULSES);
    expect(sweep.ltp).toBeGreaterThan(0.99 * MAX_SWEEP_PULSES);
    expect(rejection("soft-bounds", { ...SOFT, dwMin: atLimit * 0.995 })).toMatch(
      /params\.dwMin: a nominal LTP sweep .* takes 1e6 pulses, above the limit/,
    );
  });

  test("a device at the limit is programmed open-loop to the top of its range (≤ 2e6 simulated pulses)", () => {
    const atLimit = (-Math.log(0.01) / (2 * MAX_SWEEP_PULSES)) * 1.005;
    const d = devices(
      preset("soft-bounds", { ...SOFT, dwMin: atLimit }, { c2c: { enabled: false } }),
      1,
    );
    expect(d.maxPulsesPerWrite).toBeLessThanOrEqual(2 * MAX_SWEEP_PULSES);
    d.programFromReset(0, d.maxPulsesPerWrite, createRng(1));
    expect((d.g[0]! - SOFT.gMinS) / (SOFT.gMaxS - SOFT.gMinS)).toBeGreaterThan(0.9999);
  });

  test("realistic steps are accepted (the shipped fits and the paper's values)", () => {
    expect(accepts("soft-bounds", { ...SOFT, dwMin: 0.00135, upDown: 0.259 }).model).toBe(
      "soft-bounds",
    );
    expect(accepts("pow-step", { ...POW, dwMin: 0.002 }).model).toBe("pow-step");
    expect(accepts("querlioz", { ...QUER, alphaLtp: 0.0017 }).model).toBe("querlioz");
  });

  test("level counts above 1e6 are rejected naming the field; 1e6 is accepted", () => {
    const lin = { gMinS: 1e-7, gMaxS: 5e-6, pMaxLtp: 1000, pMaxLtd: 1000 };
    expect(rejection("linear", { ...lin, pMaxLtp: 1e9 })).toBe(
      "p.json › params.pMaxLtp: expected at most 1e6 pulses per sweep (real devices have at most a few thousand levels), got 1000000000",
    );
    expect(accepts("linear", { ...lin, pMaxLtd: 1e6 }).model).toBe("linear");
  });

  test("a measured curve spanning more than 1e6 pulses is rejected naming the last pulse number", () => {
    const message = rejection("measured", {
      ltpConductanceS: [1e-7, 2e-7, 3e-7],
      ltdConductanceS: [3e-7, 1e-7],
      ltpPulseNumbers: [0, 10, 2e6],
    });
    expect(message).toMatch(
      /params\.ltpPulseNumbers\[2\]: a nominal LTP sweep along the curve takes 2e6 pulses, above the limit of 1e6 .*got 2000000$/,
    );
  });

  test.each([
    ["gMaxS", 1e308, "[1e-12, 1]"],
    ["gMaxS", 2, "[1e-12, 1]"],
    ["gMaxS", 1e-13, "[1e-12, 1]"],
    ["gMinS", -1e-9, "[0, 1]"],
  ] as const)(
    "params.%s = %s is rejected naming the field, the value and the range %s S",
    (field, value, range) => {
      const base = { gMinS: 0, gMaxS: 5e-6, pMaxLtp: 50, pMaxLtd: 50, nlLtp: 1, nlLtd: -1 };
      const message = rejection("neurosim", { ...base, [field]: value });
      expect(message.split("\n")[0]).toBe(
        `p.json › params.${field}: expected a conductance in ${range} S (1 S is a 1 Ω device, already beyond any published memristor${field === "gMaxS" ? "; a Gmax below 1 pS could not be read" : ""}), got ${value}`,
      );
    },
  );

  test("the edges of the range are accepted: Gmin 0, Gmax 1 pS and 1 S", () => {
    const base = { pMaxLtp: 50, pMaxLtd: 50, nlLtp: 1, nlLtd: -1 };
    expect(accepts("neurosim", { ...base, gMinS: 0, gMaxS: 1 }).model).toBe("neurosim");
    expect(accepts("neurosim", { ...base, gMinS: 0, gMaxS: 1e-12 }).model).toBe("neurosim");
  });

  test("a measured sample above 1 S is rejected naming the sample", () => {
    expect(
      rejection("measured", { ltpConductanceS: [1e-7, 2], ltdConductanceS: [2, 1e-7] }),
    ).toMatch(/params\.ltpConductanceS\[1\]: expected a conductance in \[0, 1\] S .*got 2$/m);
  });
});
