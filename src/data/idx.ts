/**
 * IDX reader (the MNIST file format, LeCun et al.: http://yann.lecun.com/exdb/mnist/).
 *
 * Layout: magic = 0x00 0x00 <type code> <number of dimensions>, then one big-endian uint32 per
 * dimension, then the payload in row-major order. Only unsigned bytes (type 0x08) with 3 dimensions
 * (images) or 1 dimension (labels) are accepted: that is every MNIST-format dataset, and anything
 * else is more likely a wrong file than a dataset we should guess how to read.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DataError } from "../core/errors.js";

/** Magic number of an IDX file of unsigned-byte 3-D data (images). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an IDX file of unsigned-byte 1-D data (labels). */
export const IDX_LABELS_MAGIC = 0x00000801;

/** What a file is expected to hold: 3-D images or 1-D labels. */
export type IdxKind = "images" | "labels";

/** An IDX array: dimensions (outermost first) and the raw bytes, row-major. */
export interface IdxArray {
  readonly dims: number[];
  readonly data: Uint8Array;
}

const UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: "unsigned byte",
  0x09: "signed byte",
  0x0b: "int16",
  0x0c: "int32",
  0x0d: "float32",
  0x0e: "float64",
};

function hex8(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(8, "0")}`;
}

function hex2(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, "0")}`;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The uncompressed content of an IDX file, plain or gzip (detected by its magic bytes 1F 8B, not
 * by the file name, so a renamed file still reads). Throws DataError naming the path.
 */
export function readIdxBytes(path: string): { bytes: Uint8Array; gzipped: boolean } {
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ENOENT") throw new DataError(`${path}: file not found`);
    if (e.code === "EISDIR") throw new DataError(`${path}: is a folder, expected an IDX file`);
    if (e.code === "EACCES") throw new DataError(`${path}: cannot read (permission denied)`);
    throw new DataError(`${path}: cannot read: ${e.code ?? ""} ${e.message}`.trim());
  }
  if (!isGzip(raw)) return { bytes: raw, gzipped: false };
  try {
    return { bytes: gunzipSync(raw), gzipped: true };
  } catch (err) {
    const e = err as Error;
    throw new DataError(`${path}: gzip stream is corrupted or truncated (${e.message})`);
  }
}

/**
 * Parses the IDX bytes `bytes` read from `source` (used in messages). Checks the magic number,
 * that no dimension is 0, and that the payload is exactly the product of the dimensions long.
 * `data` is a view into `bytes` (no copy).
 */
export function parseIdx(bytes: Uint8Array, source: string, expect?: IdxKind): IdxArray {
  if (bytes.length === 0) throw new DataError(`${source}: empty file (0 bytes)`);
  if (bytes.length < 4) {
    throw new DataError(
      `${source}: truncated: ${bytes.length} bytes, shorter than the 4-byte IDX magic number`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const typeCode = bytes[2]!;
  const rank = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(
      `${source}: not an IDX file: magic number ${hex8(magic)}, expected ${hex8(IDX_IMAGES_MAGIC)} (images) or ${hex8(IDX_LABELS_MAGIC)} (labels)`,
    );
  }
  if (typeCode !== UBYTE) {
    const typeName = TYPE_NAMES[typeCode] ?? "unknown type";
    throw new DataError(
      `${source}: IDX type code ${hex2(typeCode)} (${typeName}, magic ${hex8(magic)}) is not supported: only unsigned bytes (${hex8(IDX_IMAGES_MAGIC)} images, ${hex8(IDX_LABELS_MAGIC)} labels)`,
    );
  }
  if (rank !== 3 && rank !== 1) {
    throw new DataError(
      `${source}: magic ${hex8(magic)} declares ${rank} dimension${rank === 1 ? "" : "s"}; expected ${hex8(IDX_IMAGES_MAGIC)} (3-D images) or ${hex8(IDX_LABELS_MAGIC)} (1-D labels)`,
    );
  }
  const kind: IdxKind = rank === 3 ? "images" : "labels";
  if (expect !== undefined && expect !== kind) {
    const wanted = expect === "images" ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC;
    throw new DataError(
      `${source}: expected ${expect} (magic ${hex8(wanted)}), found ${kind} (magic ${hex8(magic)})`,
    );
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DataError(
      `${source}: truncated: ${bytes.length} bytes, shorter than the ${headerBytes}-byte header of a ${rank}-D IDX file`,
    );
  }
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const shape = dims.join("×");
  const zeroAt = dims.indexOf(0);
  if (zeroAt >= 0) {
    throw new DataError(
      `${source}: dimension ${zeroAt + 1} of ${rank} is 0 (header says ${shape}); every dimension must be at least 1`,
    );
  }
  const expectedBytes = dims.reduce((a, b) => a * b, 1);
  const payloadBytes = bytes.length - headerBytes;
  if (payloadBytes !== expectedBytes) {
    const what = kind === "images" ? "pixels" : "labels";
    const problem = payloadBytes < expectedBytes ? "truncated" : "trailing bytes";
    const product = rank === 1 ? `${expectedBytes}` : `${shape} = ${expectedBytes}`;
    throw new DataError(
      `${source}: ${problem}: header says ${product} bytes of ${what}, file has ${payloadBytes} after the header`,
    );
  }
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, expectedBytes);
  return { dims, data };
}

/**
 * Reads an IDX file (plain or gzip). `expect` additionally requires images (3-D) or labels (1-D).
 * Every problem is a DataError whose one-line message names the path and what is wrong.
 */
export function readIdx(path: string, expect?: IdxKind): IdxArray {
  const { bytes, gzipped } = readIdxBytes(path);
  return parseIdx(bytes, gzipped ? `${path} (gunzipped)` : path, expect);
}
