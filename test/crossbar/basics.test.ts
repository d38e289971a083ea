import { describe, expect, test } from "vitest";
import { OP, OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { createCrossbar } from "../../src/crossbar/index.js";

const ROWS = 20;
const COLS = 8;

function initial(seed = 7): Float32Array {
  const r = createRng(seed);
  const w = new Float32Array(ROWS * COLS);
  for (let i = 0; i < w.length; i++) w[i] = (r.next() + 0.01) * 0.3;
  return w;
}

describe("crossbar on the ideal preset", () => {
  const make = (extra: Record<string, unknown> = {}) => {
    const ledger = new OpLedger();
    const xb = createCrossbar({ device: "ideal", ...extra }, ROWS, COLS, createRng(3), ledger);
    xb.programInitialWeights(initial());
    return { xb, ledger };
  };

  test("programInitialWeights reproduces the weights (float32) and counts no pulses", () => {
    const { xb, ledger } = make();
    const w = initial();
    for (let i = 0; i < w.length; i++) expect(Math.abs(xb.weights[i]! - w[i]!)).toBeLessThan(1e-6);
    expect(
      ledger.counts[OP.ltpPulses]! +
        ledger.counts[OP.ltdPulses]! +
        ledger.counts[OP.normalisationPulses]!,
    ).toBe(0);
  });

  test("update(i, Δw) with the delta controller makes exactly Δw (to float32 precision), clipped at 0 and 1, one pulse per write", () => {
    const { xb, ledger } = make({ update: "delta" });
    const w0 = xb.weights[5]!;
    expect(xb.update(5, 0.0123)).toBeCloseTo(0.0123, 6);
    expect(xb.weights[5]).toBeCloseTo(w0 + 0.0123, 6);
    expect(xb.update(5, 5)).toBeCloseTo(1 - (w0 + 0.0123), 6);
    expect(xb.weights[5]).toBe(1);
    expect(xb.update(5, 1)).toBe(0); // at the bound: no write, no pulse
    expect(xb.update(5, -7)).toBe(-1);
    expect(ledger.counts[OP.ltpPulses]).toBe(2);
    expect(ledger.counts[OP.ltdPulses]).toBe(1);
  });

  test("readRow adds the row's weights and counts one activation, cols events and Σ G of the row", () => {
    const { xb, ledger } = make();
    xb.update(2 * COLS + 1, 0.2);
    xb.update(2 * COLS + 3, -0.05);
    const target = new Float64Array(COLS).fill(1);
    xb.readRow(2, target);
    for (let j = 0; j < COLS; j++) expect(target[j]).toBe(1 + xb.weights[2 * COLS + j]!);
    expect(ledger.counts[OP.rowActivations]).toBe(1);
    expect(ledger.counts[OP.synapticEvents]).toBe(COLS);
    let sumG = 0;
    for (let j = 0; j < COLS; j++) sumG += xb.devices.g[2 * COLS + j]!;
    expect(Math.abs(ledger.counts[OP.readConductanceS]! / sumG - 1)).toBeLessThan(1e-12);
  });

  test("normaliseColumns(3) by pulses brings every column sum to the target and counts normalisation pulses", () => {
    const { xb, ledger } = make();
    xb.normaliseColumns(3);
    for (let j = 0; j < COLS; j++) {
      let s = 0;
      for (let i = 0; i < ROWS; i++) s += xb.weights[i * COLS + j]!;
      expect(s).toBeCloseTo(3, 4); // float32 weights: 20 × 6e-8
    }
    expect(ledger.counts[OP.normalisationPulses]).toBe(ROWS * COLS);
    expect(ledger.counts[OP.ltpPulses]! + ledger.counts[OP.ltdPulses]!).toBe(0);
  });

  test("normaliseColumns only reprograms columns written since the last call", () => {
    const { xb, ledger } = make();
    xb.normaliseColumns(3);
    const before = ledger.counts[OP.normalisationPulses]!;
    xb.normaliseColumns(3);
    expect(ledger.counts[OP.normalisationPulses]).toBe(before);
    xb.update(4 * COLS + 6, 0.1);
    xb.normaliseColumns(3);
    expect(ledger.counts[OP.normalisationPulses]).toBe(before + ROWS);
  });

  test("normalisation 'off' is a no-op and says so in describe()", () => {
    const { xb, ledger } = make({ normalisation: "off" });
    const w = xb.weights.slice();
    xb.normaliseColumns(3);
    expect(xb.weights).toEqual(w);
    expect(ledger.counts[OP.normalisationPulses]).toBe(0);
    expect(xb.describe().normalisation).toBe("off");
  });

  test("describe() records preset, model, source, mapping, update mode and electrical values", () => {
    const d = make({ update: "ideal-inverse" }).xb.describe();
    expect(d).toMatchObject({
      kind: "crossbar",
      preset: "ideal",
      model: "linear",
      mapping: "reference",
      update: "delta",
      normalisation: "pulses",
      electrical: {
        readVoltageV: 0.5,
        readPulseWidthS: 5e-9,
        ltpVoltageV: 2,
        ltdVoltageV: -2,
        writePulseWidthS: 1e-8,
      },
    });
    expect(String(d.source)).toMatch(/NeuroSim/);
  });

  test("an unknown config field is rejected with its path", () => {
    expect(() =>
      createCrossbar({ device: "ideal", mapng: "x" } as never, 2, 2, createRng(1), new OpLedger()),
    ).toThrow(/unknown field "mapng"/);
  });

  test("an unknown preset name lists the known presets", () => {
    expect(() => createCrossbar({ device: "nope" }, 2, 2, createRng(1), new OpLedger())).toThrow(
      /unknown preset "nope"; known presets: .*ag-a-si.*ideal/,
    );
  });
});
