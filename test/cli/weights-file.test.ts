import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataError } from "../../src/core/errors.js";
import { encodeWeights, readWeights } from "../../src/experiments/run-files.js";
import { caught } from "../caught.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "neuroxbar-weights-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("weights.bin format (encodeWeights / readWeights)", () => {
  it("encodeWeights → readWeights: round-trips rows, cols, float32 bits and the header (meta included)", () => {
    const w = Float32Array.from({ length: 15 }, (_, i) => (i === 3 ? -0 : i / 7 - 0.5));
    const path = join(tmp, "w.bin");
    writeFileSync(path, encodeWeights(w, 5, 3, { version: "9.9.9", note: "x" }));
    const back = readWeights(path);
    expect([back.rows, back.cols]).toEqual([5, 3]);
    expect(Buffer.from(back.weights.buffer).equals(Buffer.from(w.buffer))).toBe(true);
    expect(back.header).toEqual({
      rows: 5,
      cols: 3,
      dtype: "float32",
      order: "row-major (input, neuron)",
      version: "9.9.9",
      note: "x",
    });
  });

  it("encodeWeights: magic NXW1, little-endian header length, payload 4-byte aligned whatever the header length", () => {
    for (let pad = 0; pad < 8; pad++) {
      const bytes = Buffer.from(
        encodeWeights(Float32Array.of(1.5, -2), 1, 2, { p: "y".repeat(pad) }),
      );
      expect(bytes.toString("ascii", 0, 4)).toBe("NXW1");
      const headerLen = bytes.readUInt32LE(4);
      expect((8 + headerLen) % 4).toBe(0);
      expect(bytes.length).toBe(8 + headerLen + 8);
      expect(bytes.readFloatLE(8 + headerLen)).toBe(1.5);
      expect(bytes.readFloatLE(8 + headerLen + 4)).toBe(-2);
      expect(JSON.parse(bytes.toString("utf8", 8, 8 + headerLen))).toMatchObject({
        rows: 1,
        cols: 2,
      });
    }
  });

  it("readWeights: a file without the magic or with a truncated payload is a DataError naming the path", () => {
    const notWeights = join(tmp, "not.bin");
    writeFileSync(notWeights, "PNG? no.");
    const e1 = caught(() => readWeights(notWeights));
    expect(e1).toBeInstanceOf(DataError);
    expect((e1 as Error).message).toBe(
      `${notWeights}: not a NeuroXbar weights file (no NXW1 magic)`,
    );

    const full = Buffer.from(encodeWeights(new Float32Array(6), 2, 3));
    const truncated = join(tmp, "truncated.bin");
    writeFileSync(truncated, full.subarray(0, full.length - 4));
    const e2 = caught(() => readWeights(truncated));
    expect(e2).toBeInstanceOf(DataError);
    expect((e2 as Error).message).toBe(
      `${truncated}: expected ${full.length} bytes for 2×3, got ${full.length - 4}`,
    );
  });

  it("readWeights: a damaged JSON header is a DataError naming the path, not a SyntaxError", () => {
    const bad = Buffer.from(encodeWeights(new Float32Array(6), 2, 3));
    bad.write("{{{{", 8, "utf8");
    const path = join(tmp, "bad-header.bin");
    writeFileSync(path, bad);
    const e = caught(() => readWeights(path));
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: damaged weights header`),
    );
  });
});
