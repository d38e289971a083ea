import { describe, expect, it } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { IdealSynapses, idealSynapsesSchema } from "../../src/crossbar/ideal-synapses.js";
import { KernelArena, kernelsAvailable } from "../../src/kernels/wasm.js";

const ROWS = 784;
const COLS = 6;
const TARGET = 78;

/**
 * Bound on |Σ_i w'_ij − 78| after normalisation. Each w' = fl32(w · f), f = 78/Σw in float64:
 * every product is rounded to float32 with relative error ≤ 2^-24, so the rounded terms sum to
 * f·Σw·(1 ± 2^-24), i.e. 78 ± 78·2^-24. The float64 sums (the column sum in the code and in this
 * test, ≤ rows roundings each of ≤ 2^-53 relative) and f itself add ≤ (2·rows + 1)·2^-53·78.
 * Total ≈ 4.6e-6 + 1.4e-11. (The coarser rows·2^-24·78 would be 3.6e-3.)
 */
const SUM_TOL = TARGET * (2 ** -24 + (2 * ROWS + 1) * 2 ** -53);

function columnSum(w: Float32Array, j: number, rows = ROWS, cols = COLS): number {
  let s = 0;
  for (let i = 0; i < rows; i++) s += w[i * cols + j]!;
  return s;
}

function column(w: Float32Array, j: number, rows = ROWS, cols = COLS): Float32Array {
  return Float32Array.from({ length: rows }, (_, i) => w[i * cols + j]!);
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function make(): { synapses: IdealSynapses; ledger: OpLedger } {
  const ledger = new OpLedger();
  const synapses = new IdealSynapses(
    idealSynapsesSchema.parse({ kind: "ideal" }),
    ROWS,
    COLS,
    createRng("normalisation"),
    ledger,
  );
  return { synapses, ledger };
}

describe("IdealSynapses: initial weights and normalisation", () => {
  it("IdealSynapses: initial weights are (U[0,1) + 0.01) × 0.3, i.e. in [0.003, 0.303)", () => {
    const { synapses } = make();
    const w = synapses.weights;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const x of w) {
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    expect(min).toBeGreaterThanOrEqual(Math.fround(0.003));
    expect(max).toBeLessThan(0.303);
    // Mean (0.5 + 0.01)·0.3 = 0.153; SD of the mean of 4704 uniforms ·0.3: 0.3/√(12·4704) = 0.0013.
    expect(Math.abs(sum / w.length - 0.153)).toBeLessThan(5 * 0.0013);
  });

  it("IdealSynapses.normaliseColumns(78): every column sums to 78 within float32 rounding (78·2^-24)", () => {
    const { synapses } = make();
    for (let j = 0; j < COLS; j++) {
      // About 784 · 0.153 ≈ 120 before: the rescaling is real.
      expect(Math.abs(columnSum(synapses.weights, j) - TARGET)).toBeGreaterThan(10);
    }
    const before = synapses.weights.slice();
    synapses.normaliseColumns(TARGET);
    for (let j = 0; j < COLS; j++) {
      expect(Math.abs(columnSum(synapses.weights, j) - TARGET)).toBeLessThanOrEqual(SUM_TOL);
      // A rescaling: ratios within a column are kept (each weight rounded once, 2^-24 relative).
      const f = TARGET / columnSum(before, j);
      for (let i = 0; i < ROWS; i += 97) {
        const w = synapses.weights[i * COLS + j]!;
        expect(Math.abs(w / (before[i * COLS + j]! * f) - 1)).toBeLessThanOrEqual(2 ** -24);
      }
    }
  });

  it("IdealSynapses.normaliseColumns: a column untouched since the last normalisation is not rescaled again (bitwise identical); one written by update() is", () => {
    const { synapses } = make();
    synapses.normaliseColumns(TARGET);
    const once = synapses.weights.slice();
    synapses.normaliseColumns(TARGET);
    expect(sameBits(synapses.weights, once)).toBe(true);

    // update() on column 2 marks it dirty: only column 2 is rescaled.
    const made = synapses.update(5 * COLS + 2, 0.25);
    expect(made).toBeCloseTo(0.25, 6);
    expect(Math.abs(columnSum(synapses.weights, 2) - (TARGET + 0.25))).toBeLessThan(1e-4);
    synapses.normaliseColumns(TARGET);
    for (let j = 0; j < COLS; j++) {
      if (j === 2) continue;
      expect(sameBits(column(synapses.weights, j), column(once, j))).toBe(true);
    }
    expect(sameBits(column(synapses.weights, 2), column(once, 2))).toBe(false);
    expect(Math.abs(columnSum(synapses.weights, 2) - TARGET)).toBeLessThanOrEqual(SUM_TOL);
  });

  it("IdealSynapses.update: a change fully clipped away (w already 0) does not mark the column dirty", () => {
    const { synapses } = make();
    synapses.weights[3 * COLS + 4] = 0;
    synapses.normaliseColumns(TARGET);
    const once = synapses.weights.slice();
    expect(synapses.update(3 * COLS + 4, -0.1)).toBe(0);
    synapses.normaliseColumns(TARGET);
    expect(sameBits(synapses.weights, once)).toBe(true);
  });

  it("IdealSynapses.normaliseColumns: an all-zero column stays zero (no NaN)", () => {
    const { synapses } = make();
    for (let i = 0; i < ROWS; i++) synapses.weights[i * COLS + 1] = 0;
    synapses.normaliseColumns(TARGET);
    expect(Array.from(column(synapses.weights, 1)).every((x) => x === 0)).toBe(true);
    expect(Math.abs(columnSum(synapses.weights, 0) - TARGET)).toBeLessThanOrEqual(SUM_TOL);
  });

  it("IdealSynapses.loadState restores weights and which columns are dirty", () => {
    const { synapses } = make();
    synapses.normaliseColumns(TARGET);
    synapses.update(0 * COLS + 3, 0.5); // column 3 dirty
    const saved = synapses.saveState();
    const { synapses: other } = make();
    other.normaliseColumns(TARGET); // all clean in `other`
    other.loadState(saved);
    synapses.normaliseColumns(TARGET);
    other.normaliseColumns(TARGET);
    expect(sameBits(other.weights, synapses.weights)).toBe(true);
    expect(Math.abs(columnSum(other.weights, 3) - TARGET)).toBeLessThanOrEqual(SUM_TOL);
  });

  it("IdealSynapses.update / readRow: clipping to [0, w_max], op counts (LTP/LTD, row activations, synaptic events)", () => {
    const ledger = new OpLedger();
    const s = new IdealSynapses(
      idealSynapsesSchema.parse({ kind: "ideal" }),
      3,
      4,
      createRng(1),
      ledger,
    );
    s.weights.set([0.5, 0.25, 0, 1, 0.1, 0.2, 0.3, 0.4, 0, 0, 0, 0]);
    expect(s.update(0, 0.75)).toBe(0.5); // clipped at w_max 1
    expect(s.update(1, -1)).toBe(-0.25); // clipped at 0
    expect(s.update(2, -0.5)).toBe(0); // already 0: no change, not counted
    expect(s.weights[0]).toBe(1);
    expect(s.weights[1]).toBe(0);
    const target = new Float64Array([10, 20, 30, 40]);
    s.readRow(1, target);
    expect(Array.from(target)).toEqual([
      10 + Math.fround(0.1),
      20 + Math.fround(0.2),
      30 + Math.fround(0.3),
      40 + Math.fround(0.4),
    ]);
    expect(ledger.toRecord()).toMatchObject({
      ltpPulses: 1,
      ltdPulses: 1,
      rowActivations: 1,
      synapticEvents: 4,
      neuronAdds: 4,
    });
  });
});

describe.runIf(kernelsAvailable())("IdealSynapses: WebAssembly kernel", () => {
  it("IdealSynapses.readRow with a KernelArena adds the same bits as the JavaScript loop (odd column count)", () => {
    const rows = 50;
    const cols = 37;
    const n = rows * cols;
    const arena = KernelArena.create(n * 4 + cols * 8 + 65_536)!;
    const config = idealSynapsesSchema.parse({ kind: "ideal" });
    const js = new IdealSynapses(config, rows, cols, createRng(4), new OpLedger(), null);
    const wasm = new IdealSynapses(config, rows, cols, createRng(4), new OpLedger(), arena);
    expect(sameBits(wasm.weights, js.weights)).toBe(true);
    const targetJs = new Float64Array(cols);
    const targetWasm = arena.f64(cols);
    const rng = createRng("rows");
    for (let k = 0; k < 500; k++) {
      const row = rng.int(rows);
      js.readRow(row, targetJs);
      wasm.readRow(row, targetWasm);
      if (k % 50 === 0) {
        js.update(row * cols + (k % cols), 0.01);
        wasm.update(row * cols + (k % cols), 0.01);
      }
    }
    expect(
      Buffer.from(targetWasm.buffer, targetWasm.byteOffset, targetWasm.byteLength).equals(
        Buffer.from(targetJs.buffer),
      ),
    ).toBe(true);
  });
});
