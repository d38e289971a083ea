import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { NumericalError } from "../../src/core/errors.js";
import { OP, OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { createCrossbar } from "../../src/crossbar/index.js";

function crossbar(
  device: string,
  set: Record<string, number | string | boolean>,
  rows: number,
  cols: number,
  extra: Record<string, unknown> = {},
) {
  const ledger = new OpLedger();
  // These mechanics were written for the "delta" (ideal-inverse) controller; the others are
  // tested in controllers.test.ts.
  const xb = createCrossbar(
    { device, set, update: "delta", ...extra },
    rows,
    cols,
    createRng(8),
    ledger,
  );
  return { xb, ledger };
}

/** The ideal preset with 100 levels: steps of exactly 0.01 in w. */
const LEVELS_100 = { finiteLevels: true, "params.pMaxLtp": 100, "params.pMaxLtd": 100 };

describe("update mode 'delta': Δw → pulses through the device curve", () => {
  test("stochastic rounding: Δw = 0.25 step fires one pulse with probability 0.25 (Binomial, 4 SD = 245 of 20000)", () => {
    const n = 20000;
    const { xb, ledger } = crossbar("ideal", LEVELS_100, 1, n);
    xb.programInitialWeights(new Float32Array(n).fill(0.5));
    for (let i = 0; i < n; i++) xb.update(i, 0.0025);
    const sd = Math.sqrt(n * 0.25 * 0.75);
    expect(Math.abs(ledger.counts[OP.ltpPulses]! - 0.25 * n)).toBeLessThan(4 * sd);
    // Each synapse moved by 0 or exactly one level.
    for (let i = 0; i < n; i++)
      expect([0.5, 0.51]).toContainEqual(Math.round(xb.weights[i]! * 1e4) / 1e4);
  });

  test("deterministic rounding: 0.25 step → 0 pulses, 0.6 step → 1 pulse, 2.4 steps → 2 pulses", () => {
    const { xb, ledger } = crossbar("ideal", LEVELS_100, 1, 3, { rounding: "deterministic" });
    xb.programInitialWeights(new Float32Array(3).fill(0.5));
    expect(xb.update(0, 0.0025)).toBe(0);
    expect(xb.update(1, 0.006)).toBeCloseTo(0.01, 6);
    expect(xb.update(2, -0.024)).toBeCloseTo(-0.02, 6);
    expect(ledger.counts[OP.ltpPulses]).toBe(1);
    expect(ledger.counts[OP.ltdPulses]).toBe(2);
  });

  test("on the Ag:a-Si curve a Δw of exactly k pulses from the current state gives k pulses (no noise)", () => {
    const { xb, ledger } = crossbar("ag-a-si", { "c2c.enabled": false }, 1, 1, {
      rounding: "deterministic",
      initialWeights: "verified",
    });
    xb.programInitialWeights(new Float32Array([0]));
    const dev = xb.devices;
    const g0 = dev.g[0]!;
    const probe = createCrossbar(
      { device: "ag-a-si", set: { "c2c.enabled": false } },
      1,
      1,
      createRng(1),
      new OpLedger(),
    );
    probe.devices.applyPulses(0, 7, 1);
    const w7 = (probe.devices.g[0]! - g0) / (3.8462e-8 - 3.0769e-9);
    const made = xb.update(0, w7);
    expect(ledger.counts[OP.ltpPulses]).toBe(7);
    expect(Math.abs(made - w7)).toBeLessThan(1e-6);
  });

  test("write energy counts Σ mean(G before, G after) per pulse", () => {
    const { xb, ledger } = crossbar("ideal", LEVELS_100, 1, 1, { initialWeights: "verified" });
    xb.programInitialWeights(new Float32Array([0.3]));
    const g0 = xb.devices.g[0]!;
    xb.update(0, 0.02); // two pulses of one level each
    const step = (5e-6 - 1e-7) / 100;
    const expected = (g0 + g0 + step) / 2 + (g0 + step + g0 + 2 * step) / 2;
    expect(Math.abs(ledger.counts[OP.ltpWriteConductanceS]! / expected - 1)).toBeLessThan(1e-12);
    expect(ledger.counts[OP.ltpPulses]).toBe(2);
  });

  test("a write to an asymptotic bound is capped at maxPulsesPerWrite (2 nominal sweeps)", () => {
    // aihwkit soft bounds approach Gmax only asymptotically: the curve inverse is infinite.
    const dir = mkdtempSync(join(tmpdir(), "nxb-soft-"));
    const file = join(dir, "soft.json");
    writeFileSync(
      file,
      JSON.stringify({
        model: "soft-bounds",
        params: { gMinS: 1e-7, gMaxS: 5e-6, dwMin: 0.01, upDown: 0 },
        electrical: {
          readVoltageV: 0.5,
          readPulseWidthS: 5e-9,
          ltpVoltageV: 2,
          ltdVoltageV: -2,
          writePulseWidthS: 1e-8,
        },
        source: "test device (aihwkit SoftBoundsDevice equation)",
      }),
    );
    const { xb, ledger } = crossbar(file, { "c2c.enabled": false, "d2d.enabled": false }, 1, 1);
    xb.programInitialWeights(new Float32Array([0.1]));
    xb.update(0, 5);
    expect(ledger.counts[OP.ltpPulses]).toBe(xb.devices.maxPulsesPerWrite);
    expect(xb.weights[0]).toBeGreaterThan(0.99);
  });

  test("Δw = NaN throws a NumericalError naming the synapse", () => {
    const { xb } = crossbar("ideal", {}, 2, 2);
    expect(() => xb.update(3, Number.NaN)).toThrow(NumericalError);
    expect(() => xb.update(3, Number.NaN)).toThrow(/synapse 3/);
  });
});

describe("initial programming", () => {
  test("open-loop with finite levels puts every device on the nominal level grid (Ag:a-Si, 98 LTP levels)", () => {
    const { xb, ledger } = crossbar("ag-a-si", { "c2c.enabled": false }, 10, 10, {
      rounding: "deterministic",
    });
    const r = createRng(4);
    const w = new Float32Array(100).map(() => (r.next() + 0.01) * 0.3);
    xb.programInitialWeights(w);
    const probe = createCrossbar(
      { device: "ag-a-si", set: { "c2c.enabled": false } },
      1,
      1,
      createRng(1),
      new OpLedger(),
    );
    const levels: number[] = [0];
    for (let p = 1; p <= 97; p++) {
      probe.devices.applyPulses(0, 1, 1);
      levels.push((probe.devices.g[0]! - 3.0769e-9) / (3.8462e-8 - 3.0769e-9));
    }
    for (let i = 0; i < 100; i++) {
      const nearest = Math.min(...levels.map((l) => Math.abs(l - xb.weights[i]!)));
      expect(nearest).toBeLessThan(1e-6); // float32 weights
      // and the nearest level to the requested weight (deterministic rounding of the pulse count
      // is at most half a pulse away, i.e. within the largest step 0.041 of the range)
      expect(Math.abs(xb.weights[i]! - w[i]!)).toBeLessThan(0.041);
    }
    expect(ledger.counts[OP.ltpPulses]).toBe(0);
  });
});

describe("differential pair", () => {
  test("w = ½ + (G+ − G−)/2ΔG: initial weights reproduced, Δw moves G+ up and G− down by Δw·ΔG each", () => {
    const { xb, ledger } = crossbar("ideal", {}, 1, 2, { mapping: "differential" });
    xb.programInitialWeights(new Float32Array([0.2, 0.7]));
    expect(xb.weights[0]).toBeCloseTo(0.2, 6);
    expect(xb.weights[1]).toBeCloseTo(0.7, 6);
    const range = 5e-6 - 1e-7;
    const gp = xb.devices.g[0]!;
    const gm = xb.devices.g[2]!;
    // Weights arrive as float32 (0.2f = 0.2 + 3e-9): compare conductances to 1e-7 of the range.
    const tol = 1e-7 * range;
    expect(Math.abs(gm - (1e-7 + 0.8 * range))).toBeLessThan(tol); // mirror image: level 1 − w
    expect(xb.update(0, 0.1)).toBeCloseTo(0.1, 6);
    expect(Math.abs(xb.devices.g[0]! - gp - 0.1 * range)).toBeLessThan(tol);
    expect(Math.abs(gm - xb.devices.g[2]! - 0.1 * range)).toBeLessThan(tol);
    expect(ledger.counts[OP.ltpPulses]).toBe(1); // continuous device: one write each
    expect(ledger.counts[OP.ltdPulses]).toBe(1);
  });

  test("pulse(+1) on a pair is one LTP pulse on G+ and one LTD pulse on G−; reads count both devices", () => {
    const { xb, ledger } = crossbar("ag-a-si", { "c2c.enabled": false }, 1, 1, {
      mapping: "differential",
    });
    xb.programInitialWeights(new Float32Array([0.5]));
    xb.pulse(0, 1);
    expect(ledger.counts[OP.ltpPulses]).toBe(1);
    expect(ledger.counts[OP.ltdPulses]).toBe(1);
    const t = new Float64Array(1);
    xb.readRow(0, t);
    expect(ledger.counts[OP.readConductanceS]).toBeCloseTo(xb.devices.g[0]! + xb.devices.g[1]!, 20);
    expect(xb.describe().devices).toBe(2);
  });
});

describe("read noise and drift", () => {
  test("read noise σ = 0.05: reads of w = 0.5 have mean 0.5 and SD σ·G/ΔG (4 SE over 8000 cells)", () => {
    const n = 8000;
    const { xb, ledger } = crossbar("ideal", { "readNoise.sigma": 0.05 }, 1, n);
    xb.programInitialWeights(new Float32Array(n).fill(0.5));
    const t = new Float64Array(n);
    xb.readRow(0, t);
    const g = 1e-7 + 0.5 * (5e-6 - 1e-7);
    const sd = (0.05 * g) / (5e-6 - 1e-7);
    let s = 0;
    let q = 0;
    for (const v of t) s += v;
    const mean = s / n;
    for (const v of t) q += (v - mean) ** 2;
    expect(Math.abs(mean - 0.5)).toBeLessThan((4 * sd) / Math.sqrt(n));
    expect(Math.abs(Math.sqrt(q / (n - 1)) - sd)).toBeLessThan((4 * sd) / Math.sqrt(2 * n));
    expect(ledger.counts[OP.synapticEvents]).toBe(n);
    expect(Math.abs(ledger.counts[OP.readConductanceS]! / (n * g) - 1)).toBeLessThan(
      (4 * 0.05) / Math.sqrt(n),
    );
    expect(xb.weights[0]).toBeCloseTo(0.5, 6); // reading never changes the stored weight
  });

  test("drift G0·(t/t0)^−ν is applied once when leaving training (ν 0.05, t 3600 s, t0 20 s)", () => {
    const { xb } = crossbar("ideal", { "drift.nu": 0.05 }, 1, 3, { initialWeights: "verified" });
    xb.programInitialWeights(new Float32Array([0.2, 0.5, 1]));
    const g0 = xb.devices.g.slice();
    xb.setPhase("train");
    expect(xb.devices.g).toEqual(g0);
    xb.setPhase("label");
    const f = Math.pow(3600 / 20, -0.05);
    for (let i = 0; i < 3; i++) expect(xb.devices.g[i]! / (g0[i]! * f) - 1).toBeCloseTo(0, 12);
    const g1 = xb.devices.g.slice();
    xb.setPhase("test");
    expect(xb.devices.g).toEqual(g1);
    expect(xb.describe().driftApplied).toBe(true);
  });

  test("nuAtGmin: ν is interpolated linearly in G between Gmin and Gmax", () => {
    const { xb } = crossbar(
      "ideal",
      { "drift.nu": 0.02, "drift.nuAtGmin": 0.1, onOffRatio: true },
      1,
      2,
      { initialWeights: "verified" },
    );
    xb.programInitialWeights(new Float32Array([0, 0.5]));
    const g0 = xb.devices.g.slice();
    xb.setPhase("test");
    expect(xb.devices.g[0]! / g0[0]!).toBeCloseTo(Math.pow(180, -0.1), 12);
    expect(xb.devices.g[1]! / g0[1]!).toBeCloseTo(Math.pow(180, -0.06), 12);
  });
});
