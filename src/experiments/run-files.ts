import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileAtomic } from "../core/atomic.js";
import { recordSums, verifyFile } from "../core/checksum.js";
import { DataError } from "../core/errors.js";
import type { AnnResult } from "../ann/train-ann.js";
import type { RunOutput } from "../network/pipeline.js";
import type { AnnRunConfig } from "./run-config.js";
import { synapseMapPng } from "../report/synapse-map.js";

const WEIGHTS_MAGIC = "NXW1";

/**
 * Weights file: "NXW1", uint32 LE header length, JSON header ({rows, cols, dtype, order, …}),
 * zero padding to a multiple of 4, then rows·cols float32 little-endian values.
 */
export function encodeWeights(
  weights: Float32Array,
  rows: number,
  cols: number,
  meta: Record<string, unknown> = {},
): Uint8Array {
  const header = Buffer.from(
    JSON.stringify({ rows, cols, dtype: "float32", order: "row-major (input, neuron)", ...meta }),
    "utf8",
  );
  const headerLen = Math.ceil((header.length + 8) / 4) * 4 - 8;
  const out = Buffer.alloc(8 + headerLen + rows * cols * 4, 0x20);
  out.write(WEIGHTS_MAGIC, 0, "ascii");
  out.writeUInt32LE(headerLen, 4);
  header.copy(out, 8);
  const body = new Float32Array(out.buffer, out.byteOffset + 8 + headerLen, rows * cols);
  body.set(weights.subarray(0, rows * cols));
  return out;
}

/** Weights read back from weights.bin: rows × cols float32 values, row-major. */
export interface WeightsFile {
  readonly rows: number;
  readonly cols: number;
  readonly weights: Float32Array;
  readonly header: Record<string, unknown>;
}

/**
 * Reads a weights.bin, first checked against its folder's checksums.sha256 (a folder without one,
 * written before checksums, is read unchecked).
 */
export function readWeights(path: string): WeightsFile {
  if (existsSync(path)) {
    verifyFile(path, "it is not the file the run wrote; run the training again to get it back");
  }
  const buf = readFileSync(path);
  if (buf.length < 8 || buf.toString("ascii", 0, 4) !== WEIGHTS_MAGIC) {
    throw new DataError(`${path}: not a NeuroXbar weights file (no ${WEIGHTS_MAGIC} magic)`);
  }
  const headerLen = buf.readUInt32LE(4);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(buf.toString("utf8", 8, 8 + headerLen)) as Record<string, unknown>;
  } catch (err) {
    throw new DataError(`${path}: damaged weights header: ${(err as Error).message}`);
  }
  const rows = Number(header.rows);
  const cols = Number(header.cols);
  const expected = 8 + headerLen + rows * cols * 4;
  if (buf.length !== expected) {
    throw new DataError(
      `${path}: expected ${expected} bytes for ${rows}×${cols}, got ${buf.length}`,
    );
  }
  const weights = new Float32Array(rows * cols);
  weights.set(
    new Float32Array(buf.buffer.slice(buf.byteOffset + 8 + headerLen, buf.byteOffset + expected)),
  );
  return { rows, cols, weights, header };
}

/** Paths of the files writeRunFiles wrote (result.json, weights.bin, synapse map). */
export interface RunFiles {
  readonly result: string;
  readonly weights: string;
  readonly synapseMap: string;
}

/** Options of writeRunFiles (extra result.json fields, e.g. the sweep point and replicate). */
export interface WriteRunFilesOptions {
  /**
   * Fields added to result.json after the run's own (a sweep adds `sweep`: point id, axis values,
   * replicate). They never replace a field of the RunResult.
   */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * Writes result.json, weights.bin and synapse-map.png into `dir`, each atomically, result.json
 * last: a run folder whose result.json exists is complete (sweeps rely on this to resume). Their
 * SHA-256 digests go to `checksums.sha256` (written before result.json), which sweeps, merges
 * and reports check before they trust a file.
 */
export function writeRunFiles(
  dir: string,
  output: RunOutput,
  options: WriteRunFilesOptions = {},
): RunFiles {
  const files = {
    result: join(dir, "result.json"),
    weights: join(dir, "weights.bin"),
    synapseMap: join(dir, "synapse-map.png"),
  };
  const weights = encodeWeights(output.weights, output.rows, output.cols, {
    version: output.result.version,
  });
  writeFileAtomic(files.weights, weights);
  const map = synapseMapPng(output.weights, output.rows, output.cols);
  writeFileAtomic(files.synapseMap, map);
  const added = Object.entries(options.extra ?? {}).filter(([key]) => !(key in output.result));
  const result =
    added.length > 0 ? { ...output.result, ...Object.fromEntries(added) } : output.result;
  const resultText = `${JSON.stringify(result, null, 2)}\n`;
  recordSums(dir, {
    [basename(files.weights)]: weights,
    [basename(files.synapseMap)]: map,
    [basename(files.result)]: resultText,
  });
  writeFileAtomic(files.result, resultText);
  return files;
}

/**
 * Writes an ANN run's result.json into `dir` atomically: the ANN result (the format `neuroxbar ann`
 * writes, docs/ann.md), the run configuration the sweep expanded as `runConfig` (a resume checks
 * it, as it checks an SNN run's `config`) and the extra fields; its SHA-256 goes to
 * checksums.sha256 first. An ANN run writes no weights.bin or synapse map.
 */
export function writeAnnRunFiles(
  dir: string,
  result: AnnResult,
  runConfig: AnnRunConfig,
  options: WriteRunFilesOptions = {},
): Pick<RunFiles, "result"> {
  const path = join(dir, "result.json");
  const own: Record<string, unknown> = { ...result, runConfig };
  const added = Object.entries(options.extra ?? {}).filter(([key]) => !(key in own));
  const text = `${JSON.stringify({ ...own, ...Object.fromEntries(added) }, null, 2)}\n`;
  recordSums(dir, { [basename(path)]: text });
  writeFileAtomic(path, text);
  return { result: path };
}
