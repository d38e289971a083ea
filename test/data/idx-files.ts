/** Builds small IDX files for tests (no fixtures on disk: each test writes into its temp dir). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** IDX bytes: magic 0x0000 <type> <rank>, big-endian uint32 dims, then `payload`. */
export function idxBytes(
  dims: readonly number[],
  payload: Uint8Array,
  typeCode = 0x08,
): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(typeCode, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, payload]);
}

/** Pixels 0, 1, 2, … (mod 256) for `count` images of rows×cols. */
export function rampImages(count: number, rows: number, cols: number): Uint8Array {
  return Uint8Array.from({ length: count * rows * cols }, (_, i) => i % 256);
}

export function writeFile(dir: string, name: string, bytes: Uint8Array, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

/** Writes an images file and a labels file of one split. */
export function writeSplit(
  dir: string,
  names: { images: string; labels: string },
  labels: readonly number[],
  rows: number,
  cols: number,
  gzip = false,
): void {
  const count = labels.length;
  writeFile(dir, names.images, idxBytes([count, rows, cols], rampImages(count, rows, cols)), gzip);
  writeFile(dir, names.labels, idxBytes([count], Uint8Array.from(labels)), gzip);
}

export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `neuroxbar-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
