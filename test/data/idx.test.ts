import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DataError } from "../../src/core/errors.js";
import { readIdx } from "../../src/data/idx.js";
import { thrownMessage } from "./errors.js";
import { idxBytes, makeTempDir, rampImages, writeFile } from "./idx-files.js";

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir("idx")));
afterAll(() => cleanup());

/** Writes `bytes` as `name` and returns readIdx's DataError message for it. */
function failureOf(name: string, bytes: Uint8Array, kind?: "images" | "labels"): string {
  const path = writeFile(dir, name, bytes);
  return thrownMessage(() => readIdx(path, kind), DataError);
}

describe("readIdx", () => {
  const pixels = rampImages(3, 2, 4);

  it("readIdx(plain 3×2×4 images) returns dims [3, 2, 4] and the 24 pixels as a Uint8Array", () => {
    const path = writeFile(dir, "plain-images-idx3-ubyte", idxBytes([3, 2, 4], pixels));
    const { dims, data } = readIdx(path, "images");
    expect(dims).toEqual([3, 2, 4]);
    expect(data).toBeInstanceOf(Uint8Array);
    expect(Array.from(data)).toEqual(Array.from(pixels));
  });

  it("readIdx(gzip) detects gzip by its magic bytes, whatever the file name", () => {
    const path = writeFile(dir, "gzipped-without-suffix", idxBytes([3, 2, 4], pixels), true);
    const { dims, data } = readIdx(path);
    expect(dims).toEqual([3, 2, 4]);
    expect(Array.from(data)).toEqual(Array.from(pixels));
  });

  it("readIdx(1-D labels, .gz) returns dims [5] and the labels", () => {
    const labels = Uint8Array.from([5, 0, 4, 1, 9]);
    const path = writeFile(dir, "labels-idx1-ubyte.gz", idxBytes([5], labels), true);
    const { dims, data } = readIdx(path, "labels");
    expect(dims).toEqual([5]);
    expect(Array.from(data)).toEqual([5, 0, 4, 1, 9]);
  });

  it("readIdx(truncated payload) names the path, the header's shape and the bytes present", () => {
    const message = failureOf("short-images", idxBytes([3, 2, 4], pixels.subarray(0, 23)));
    expect(message).toBe(
      `${join(dir, "short-images")}: truncated: header says 3×2×4 = 24 bytes of pixels, file has 23 after the header`,
    );
  });

  it("readIdx(truncated gzip content) says the count refers to the gunzipped content", () => {
    const path = writeFile(dir, "short.gz", idxBytes([4], Uint8Array.from([1, 2, 3])), true);
    expect(thrownMessage(() => readIdx(path), DataError)).toBe(
      `${path} (gunzipped): truncated: header says 4 bytes of labels, file has 3 after the header`,
    );
  });

  it("readIdx(trailing bytes) is an error, not silently ignored", () => {
    const extra = Uint8Array.from([...pixels, 0, 0]);
    const message = failureOf("long-images", idxBytes([3, 2, 4], extra));
    expect(message).toMatch(
      /long-images: trailing bytes: header says 3×2×4 = 24 bytes of pixels, file has 26 after the header$/,
    );
  });

  it("readIdx(truncated header) says the header is incomplete", () => {
    const full = idxBytes([3, 2, 4], pixels);
    expect(failureOf("cut-header", full.subarray(0, 10))).toMatch(
      /cut-header: truncated: 10 bytes, shorter than the 16-byte header of a 3-D IDX file$/,
    );
    expect(failureOf("three-bytes", full.subarray(0, 3))).toMatch(/truncated: 3 bytes/);
    expect(failureOf("empty", new Uint8Array(0))).toMatch(/empty: empty file \(0 bytes\)$/);
  });

  it("readIdx(float32 type code 0x0D) rejects the type and names it", () => {
    const message = failureOf("floats", idxBytes([2], new Uint8Array(8), 0x0d));
    expect(message).toMatch(
      /floats: IDX type code 0x0D \(float32, magic 0x00000D01\) is not supported/,
    );
    expect(message).toContain("0x00000803");
  });

  it("readIdx(a PNG) is not an IDX file", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(failureOf("picture.png", png)).toMatch(
      /picture\.png: not an IDX file: magic number 0x89504E47, expected 0x00000803 \(images\) or 0x00000801 \(labels\)$/,
    );
  });

  it("readIdx(2-D ubyte, magic 0x00000802) is rejected: images are 3-D, labels 1-D", () => {
    expect(failureOf("matrix", idxBytes([2, 2], new Uint8Array(4)))).toMatch(
      /matrix: magic 0x00000802 declares 2 dimensions; expected 0x00000803 \(3-D images\)/,
    );
  });

  it("readIdx(a dimension of 0) is rejected", () => {
    expect(failureOf("zero-rows", idxBytes([3, 0, 4], new Uint8Array(0)))).toMatch(
      /zero-rows: dimension 2 of 3 is 0 \(header says 3×0×4\)/,
    );
  });

  it("readIdx(labels file, expect images) says which was expected and found", () => {
    expect(
      failureOf("labels-not-images", idxBytes([2], Uint8Array.from([1, 2])), "images"),
    ).toMatch(
      /labels-not-images: expected images \(magic 0x00000803\), found labels \(magic 0x00000801\)$/,
    );
  });

  it("readIdx(missing file) names the path", () => {
    const path = join(dir, "no-such-file-idx3-ubyte");
    expect(thrownMessage(() => readIdx(path), DataError)).toBe(`${path}: file not found`);
  });

  it("readIdx(corrupted gzip) says the gzip stream is broken", () => {
    const gz = gzipSync(idxBytes([3, 2, 4], pixels));
    const path = writeFile(dir, "broken.gz", gz.subarray(0, gz.length - 12));
    expect(thrownMessage(() => readIdx(path), DataError)).toMatch(
      /broken\.gz: gzip stream is corrupted or truncated/,
    );
  });

  it("readIdx errors carry the E_DATA code", () => {
    try {
      readIdx(join(dir, "missing"));
      expect.unreachable();
    } catch (err) {
      expect((err as DataError).code).toBe("E_DATA");
    }
  });
});
