import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset, transposeImages } from "../../src/data/datasets.js";
import { configFromArgs } from "../../src/cli/commands/train.js";

/** IDX bytes: 0x00 0x00 0x08 <rank>, big-endian uint32 dims, payload. */
function idx(dims: readonly number[], payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(payload)]);
}

// Two 2×3 images stored as EMNIST stores them: column-major, i.e. the file's "row" r is the
// image's column r. Upright image k has pixel (row i, col j) = 10·k + 3·i + j + 1.
const ROWS = 2;
const COLS = 3;
const upright = (k: number) =>
  Array.from({ length: ROWS * COLS }, (_, p) => 10 * k + 3 * Math.floor(p / COLS) + (p % COLS) + 1);
const stored = (k: number) => {
  const u = upright(k);
  const out: number[] = [];
  for (let j = 0; j < COLS; j++) for (let i = 0; i < ROWS; i++) out.push(u[i * COLS + j]!);
  return out;
};

let tmp: string;
function folder(name: string, prefix: string): string {
  const dir = join(tmp, name);
  const images = new Uint8Array([...stored(0), ...stored(1)]);
  const labels = new Uint8Array([1, 2]);
  // The file's header says COLS×ROWS (as EMNIST's says 28×28 for its transposed images).
  const files: [string, Buffer][] = [
    [`${prefix}train-images-idx3-ubyte`, idx([2, COLS, ROWS], images)],
    [`${prefix}train-labels-idx1-ubyte`, idx([2], labels)],
    [`${prefix}test-images-idx3-ubyte`, idx([2, COLS, ROWS], images)],
    [`${prefix}test-labels-idx1-ubyte`, idx([2], labels)],
  ];
  mkdirSync(dir);
  for (const [f, bytes] of files) writeFileSync(join(dir, f), bytes);
  return dir;
}

let emnistDir: string;
let plainDir: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "nx-emnist-"));
  emnistDir = folder("emnist", "emnist-letters-");
  plainDir = folder("plain", "");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("EMNIST's transposed IDX images", () => {
  it("transposeImages swaps each image's rows and columns", () => {
    const t = transposeImages(new Uint8Array([...stored(0), ...stored(1)]), 2, COLS, ROWS);
    expect(Array.from(t)).toEqual([...upright(0), ...upright(1)]);
  });

  it("loads emnist-* files upright by default (detected from the file name)", () => {
    const d = loadDataset({ name: "idx", dataDir: emnistDir });
    expect(d.transposed).toBe(true);
    expect([d.rows, d.cols]).toEqual([ROWS, COLS]);
    expect(Array.from(d.train.images)).toEqual([...upright(0), ...upright(1)]);
    expect(Array.from(d.test.images)).toEqual([...upright(0), ...upright(1)]);
    expect(Array.from(d.train.labels)).toEqual([1, 2]);
  });

  it("transpose: false reads emnist-* files as stored", () => {
    const d = loadDataset({ name: "idx", dataDir: emnistDir, transpose: false });
    expect(d.transposed).toBe(false);
    expect([d.rows, d.cols]).toEqual([COLS, ROWS]);
    expect(Array.from(d.train.images)).toEqual([...stored(0), ...stored(1)]);
  });

  it("other IDX folders are read as stored unless transpose: true", () => {
    expect(Array.from(loadDataset({ name: "idx", dataDir: plainDir }).train.images)).toEqual([
      ...stored(0),
      ...stored(1),
    ]);
    const t = loadDataset({ name: "idx", dataDir: plainDir, transpose: true });
    expect(Array.from(t.train.images)).toEqual([...upright(0), ...upright(1)]);
  });

  it("train --transpose / --no-transpose set dataset.transpose in the run configuration", () => {
    expect(configFromArgs({ "data-dir": plainDir, transpose: true }).dataset).toMatchObject({
      name: "idx",
      dataDir: plainDir,
      transpose: true,
    });
    expect(configFromArgs({ "data-dir": emnistDir, transpose: false }).dataset.transpose).toBe(
      false,
    );
    expect(configFromArgs({ "data-dir": emnistDir }).dataset.transpose).toBeUndefined();
  });
});
