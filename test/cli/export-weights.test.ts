import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { encodeNpyFloat32 } from "../../src/experiments/npy.js";
import { encodeWeights } from "../../src/experiments/run-files.js";
import { cliPath, repoRoot } from "../global-setup.js";

const ROWS = 13;
const COLS = 7;
let tmp: string;
let weights: Float32Array;

const hasNumpy = spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore" }).status === 0;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "nx-npy-"));
  const rng = new Rng("npy-test");
  weights = new Float32Array(ROWS * COLS).map(() => rng.next() - 0.25);
  weights[0] = -0; // sign of zero and extremes survive
  weights[1] = 3.4028234663852886e38;
  writeFileSync(join(tmp, "weights.bin"), encodeWeights(weights, ROWS, COLS, { seed: 1 }));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("encodeNpyFloat32", () => {
  it("writes a NumPy 1.0 header whose data starts on a 64-byte boundary", () => {
    const bytes = Buffer.from(encodeNpyFloat32(weights, ROWS, COLS));
    expect([...bytes.subarray(0, 6)]).toEqual([0x93, ...Buffer.from("NUMPY")]);
    expect([bytes[6], bytes[7]]).toEqual([1, 0]);
    const headerLen = bytes.readUInt16LE(8);
    expect((10 + headerLen) % 64).toBe(0);
    const header = bytes.toString("latin1", 10, 10 + headerLen);
    expect(header.endsWith("\n")).toBe(true);
    expect(header.trimEnd()).toBe(
      `{'descr': '<f4', 'fortran_order': False, 'shape': (${ROWS}, ${COLS}), }`,
    );
    expect(bytes.length).toBe(10 + headerLen + ROWS * COLS * 4);
  });

  it("refuses a shape the values cannot fill", () => {
    expect(() => encodeNpyFloat32(new Float32Array(5), 2, 3)).toThrow(/6 needed/);
  });
});

describe("neuroxbar export-weights", () => {
  it("writes RUN/weights.npy whose float32 bytes are weights.bin's values", () => {
    const out = execFileSync(
      process.execPath,
      [cliPath, "export-weights", tmp, "--format", "npy"],
      { encoding: "utf8" },
    );
    expect(out).toContain(`shape (${ROWS}, ${COLS})`);
    const bytes = readFileSync(join(tmp, "weights.npy"));
    const dataStart = 10 + bytes.readUInt16LE(8);
    for (let i = 0; i < ROWS * COLS; i++) {
      expect(Object.is(bytes.readFloatLE(dataStart + 4 * i), weights[i])).toBe(true);
    }
  });

  it.skipIf(!hasNumpy)(
    "NumPy reads the same values from weights.npy (np.load) and from weights.bin (the documented snippet)",
    () => {
      const doc = readFileSync(join(repoRoot, "docs", "interop.md"), "utf8");
      const marker = doc.indexOf("<!-- weights-bin-python");
      const snippet = /```python\n([\s\S]*?)```/.exec(doc.slice(marker))![1]!;
      writeFileSync(join(tmp, "read_weights_bin.py"), snippet);
      const check = [
        "import sys, numpy as np",
        "sys.path.insert(0, sys.argv[1])",
        "from read_weights_bin import read_weights_bin",
        "w, header = read_weights_bin(sys.argv[1] + '/weights.bin')",
        "n = np.load(sys.argv[1] + '/weights.npy')",
        "print(w.shape, n.shape, n.dtype, np.array_equal(w, n), header['seed'])",
      ].join("\n");
      const out = execFileSync("python3", ["-c", check, tmp], { encoding: "utf8" }).trim();
      expect(out).toBe(`(${ROWS}, ${COLS}) (${ROWS}, ${COLS}) float32 True 1`);
    },
  );
});
