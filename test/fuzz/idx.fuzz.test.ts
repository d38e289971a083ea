/**
 * Fuzz: the IDX reader (src/data/idx.ts). Any byte string parses or is rejected with a one-line
 * DataError naming the source; valid files round-trip (plain and gzip); a valid file cut short or
 * with bytes appended is always rejected as truncated / trailing bytes.
 */
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.js";
import { parseIdx, readIdx, type IdxKind } from "../../src/data/idx.js";
import { fuzzParams, thrown } from "./mutate.js";

const SOURCE = "fuzz/train-images-idx3-ubyte";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nxb-fuzz-idx-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** IDX bytes: 00 00 <type> <rank>, big-endian uint32 dims, payload. */
function idx(dims: readonly number[], payload: Uint8Array, typeCode = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(payload, 4 + 4 * dims.length);
  return out;
}

/** `bytes` copied into a larger buffer at `offset`: parseIdx must honour byteOffset. */
function atOffset(bytes: Uint8Array, offset: number): Uint8Array {
  const host = new Uint8Array(offset + bytes.length + 3).fill(0xee);
  host.set(bytes, offset);
  return host.subarray(offset, offset + bytes.length);
}

/** The DataError's message (checked: DataError, names the source, one line), or null. */
function failure(fn: () => unknown, source: string): string | null {
  const err = thrown(fn);
  if (err === undefined) return null;
  expect(err).toBeInstanceOf(DataError);
  const message = (err as Error).message;
  expect(message.startsWith(`${source}: `), message).toBe(true);
  expect(message, "one line").not.toMatch(/[\n\r]/);
  return message;
}

const kindArb = fc.constantFrom<IdxKind | undefined>(undefined, "images", "labels");

/** A valid header and payload for rank 1 or 3 (the ranks the reader accepts). */
const validArb = fc
  .record({
    rank: fc.constantFrom(1, 3),
    dims: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 }),
    seed: fc.nat(255),
  })
  .map(({ rank, dims, seed }) => {
    const d = dims.slice(0, rank);
    const n = d.reduce((a, b) => a * b, 1);
    const payload = Uint8Array.from({ length: n }, (_, i) => (seed + 37 * i) % 256);
    return { dims: d, payload, bytes: idx(d, payload) };
  });

/**
 * Bytes that often get past the first checks: a plausible header with random fields, and a
 * payload that half the time has exactly the length the dims ask for (so some inputs parse).
 */
const headerishArb = fc
  .record({
    zeros: fc.constantFrom([0, 0], [0, 0], [0, 0], [0, 1], [0x1f, 0x8b]),
    type: fc.constantFrom(0x08, 0x08, 0x08, 0x08, 0x08, 0x09, 0x0d, 0xff),
    rank: fc.constantFrom<number | "dims">("dims", "dims", "dims", 0, 1, 2, 3, 4, 255),
    dims: fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }) },
        { weight: 1, arbitrary: fc.constantFrom(0xffffffff, 2 ** 31, 65536) },
      ),
      { maxLength: 4 },
    ),
    rankOfDims: fc.constantFrom(1, 3, 1, 3, 0, 2, 4),
    fit: fc.boolean(),
    payload: fc.uint8Array({ maxLength: 80 }),
    cut: fc.nat(),
  })
  .map(({ zeros, type, rank, dims: pool, rankOfDims, fit, payload, cut }) => {
    const dims = [...pool, 1, 2, 3, 1].slice(0, rankOfDims);
    const want = dims.reduce((a, b) => a * b, 1);
    const body =
      fit && want <= 256 ? Uint8Array.from({ length: want }, (_, i) => payload[i] ?? i) : payload;
    const full = idx(dims, body, type);
    full[0] = zeros[0]!;
    full[1] = zeros[1]!;
    full[3] = rank === "dims" ? dims.length : rank;
    return full.subarray(0, full.length - (cut % 3 === 0 ? cut % (full.length + 1) : 0));
  });

describe("parseIdx on arbitrary bytes", () => {
  it("parses consistently or throws a one-line DataError naming the source, never anything else", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
          { weight: 3, arbitrary: headerishArb },
        ),
        fc.nat(7),
        kindArb,
        (bytes, offset, kind) => {
          const input = atOffset(bytes, offset);
          let parsed: ReturnType<typeof parseIdx> | undefined;
          const message = failure(() => (parsed = parseIdx(input, SOURCE, kind)), SOURCE);
          if (message !== null) return;
          // Accepted: the header must describe exactly what was returned.
          const { dims, data } = parsed!;
          expect([1, 3]).toContain(dims.length);
          if (kind !== undefined) expect(dims.length).toBe(kind === "images" ? 3 : 1);
          expect(dims.every((d) => Number.isInteger(d) && d >= 1)).toBe(true);
          expect(data.length).toBe(dims.reduce((a, b) => a * b, 1));
          expect(4 + 4 * dims.length + data.length).toBe(input.length);
          expect(Array.from(data)).toEqual(Array.from(input.subarray(4 + 4 * dims.length)));
        },
      ),
      fuzzParams(),
    );
  });
});

describe("parseIdx on valid files", () => {
  it("random dims (rank 1…3) and payload: ranks 1 and 3 round-trip, rank 2 is rejected", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 }),
        fc.uint8Array({ minLength: 216, maxLength: 216 }),
        fc.nat(7),
        kindArb,
        (rank, allDims, pool, offset, kind) => {
          const dims = allDims.slice(0, rank);
          const payload = pool.subarray(
            0,
            dims.reduce((a, b) => a * b, 1),
          );
          const input = atOffset(idx(dims, payload), offset);
          const message = failure(() => parseIdx(input, SOURCE, kind), SOURCE);
          if (rank === 2) {
            expect(message).toContain("declares 2 dimensions");
            return;
          }
          const found = rank === 3 ? "images" : "labels";
          if (kind !== undefined && kind !== found) {
            expect(message).toContain(`expected ${kind}`);
            return;
          }
          expect(message).toBeNull();
          const { dims: got, data } = parseIdx(input, SOURCE, kind);
          expect(got).toEqual(dims);
          expect(Array.from(data)).toEqual(Array.from(payload));
        },
      ),
      fuzzParams(),
    );
  });

  it("cutting k bytes off a valid file is 'truncated'; appending k bytes is 'trailing bytes'", () => {
    fc.assert(
      fc.property(
        validArb,
        fc.boolean(),
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        ({ bytes }, cut, k0, extra) => {
          if (cut) {
            const k = 1 + (k0 % (bytes.length - 1)); // keep ≥ 1 byte: 0 bytes is "empty file"
            const message = failure(
              () => parseIdx(bytes.subarray(0, bytes.length - k), SOURCE),
              SOURCE,
            );
            expect(message).toMatch(new RegExp(`^${SOURCE}: truncated: `));
          } else {
            const longer = Uint8Array.from([...bytes, ...extra]);
            const payload = bytes.length - 4 - 4 * bytes[3]!;
            const message = failure(() => parseIdx(longer, SOURCE), SOURCE);
            expect(message).toMatch(
              new RegExp(
                `^${SOURCE}: trailing bytes: header says .*${payload} bytes of (pixels|labels), file has ${payload + extra.length} after the header$`,
              ),
            );
          }
        },
      ),
      fuzzParams(),
    );
  });
});

describe("readIdx on gzip files", () => {
  it("a gzipped valid file round-trips; a gzipped truncated one names '(gunzipped)'", () => {
    let n = 0;
    fc.assert(
      fc.property(validArb, fc.nat(), ({ dims, payload, bytes }, k0) => {
        const path = join(dir, `gz-${n++}`);
        writeFileSync(path, gzipSync(bytes));
        const { dims: got, data } = readIdx(path);
        expect(got).toEqual(dims);
        expect(Array.from(data)).toEqual(Array.from(payload));
        const k = 1 + (k0 % (bytes.length - 1));
        writeFileSync(path, gzipSync(bytes.subarray(0, bytes.length - k)));
        const message = failure(() => readIdx(path), `${path} (gunzipped)`);
        expect(message).toMatch(/\(gunzipped\): truncated: /);
      }),
      fuzzParams(0.5),
    );
  });

  it("a damaged gzip stream reads back the original or throws a DataError naming the file", () => {
    let n = 0;
    fc.assert(
      fc.property(
        validArb,
        fc.constantFrom("cut", "flip"),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        ({ dims, payload, bytes }, damage, where, xor) => {
          const gz = Uint8Array.from(gzipSync(bytes));
          // Keep the 2 magic bytes, so the file is still detected as gzip.
          const i = 2 + (where % (gz.length - 2));
          const bad =
            damage === "cut" ? gz.subarray(0, i) : gz.map((b, j) => (j === i ? b ^ xor : b));
          const path = join(dir, `bad-${n++}.gz`);
          writeFileSync(path, bad);
          let result: ReturnType<typeof readIdx> | undefined;
          const message = failure(() => (result = readIdx(path)), path);
          if (message === null) {
            // Only bytes the decoder ignores (gzip header time, flags, OS) may change unnoticed.
            expect(result!.dims).toEqual(dims);
            expect(Array.from(result!.data)).toEqual(Array.from(payload));
          } else if (damage === "cut") {
            expect(message).toMatch(/gzip stream is corrupted or truncated|truncated/);
          }
        },
      ),
      fuzzParams(0.5),
    );
  });
});
