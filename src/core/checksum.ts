/**
 * SHA-256 checksums of the files NeuroXbar reads back. Each output folder holds one
 * `checksums.sha256` in the format of `sha256sum` ("<64 hex>  <name>" per line), so a user can
 * also check a folder by hand with `sha256sum -c checksums.sha256`. The files themselves keep
 * their formats (result.json stays plain JSON). A folder written before checksums existed has no
 * such file: its files are reported as unverified, never silently trusted as checked.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "./atomic.js";
import { DataError } from "./errors.js";

export const SUMS_FILE = "checksums.sha256";

const LINE = /^([0-9a-f]{64}) [ *](.+)$/;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The folder's checksums (file name → hex digest), or null when it has no checksums file. */
export function readSums(dir: string): Map<string, string> | null {
  const path = join(dir, SUMS_FILE);
  if (!existsSync(path)) return null;
  const sums = new Map<string, string>();
  const lines = readFileSync(path, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (line === "" && i === lines.length - 1) return;
    const m = LINE.exec(line);
    if (!m) {
      throw new DataError(
        `${path}: line ${i + 1} is not "<sha256>  <file>" (the checksums file is damaged); delete the folder's damaged run and re-run it`,
      );
    }
    sums.set(m[2]!, m[1]!);
  });
  return sums;
}

/**
 * Records the digests of `files` (name → content) in the folder's checksums file, keeping the
 * entries of other files. Write the checksums before the files they cover, or after: a crash in
 * between leaves a mismatch, which readers report (and a sweep re-runs), never a silent pass.
 */
export function recordSums(
  dir: string,
  files: Readonly<Record<string, string | Uint8Array>>,
): void {
  const sums = safeReadSums(dir) ?? new Map<string, string>();
  for (const [name, data] of Object.entries(files)) sums.set(name, sha256Hex(data));
  const text = [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, hex]) => `${hex}  ${name}\n`)
    .join("");
  writeFileAtomic(join(dir, SUMS_FILE), text);
}

function safeReadSums(dir: string): Map<string, string> | null {
  try {
    return readSums(dir);
  } catch {
    return null; // a damaged checksums file is replaced, not merged
  }
}

/** Writes a file atomically and records its checksum in its folder's checksums file. */
export function writeFileChecked(path: string, data: string | Uint8Array): void {
  recordSums(dirname(path), { [basename(path)]: data });
  writeFileAtomic(path, data);
}

export type Verification = "verified" | "unverified";

/**
 * A file's problem against its folder's checksums file, as a sentence, or null when it matches.
 * "unverified" when the folder has no checksums file at all (written before checksums existed).
 */
export function checkFile(
  path: string,
  sums: Map<string, string> | null = readSums(dirname(path)),
): string | null | "unverified" {
  if (sums === null) return "unverified";
  const name = basename(path);
  const expected = sums.get(name);
  if (!existsSync(path)) {
    return expected === undefined ? null : `${path} is missing (${SUMS_FILE} lists it)`;
  }
  if (expected === undefined) return `${path} is not listed in ${join(dirname(path), SUMS_FILE)}`;
  const actual = sha256Hex(readFileSync(path));
  if (actual !== expected) {
    return `${path}: checksum mismatch (SHA-256 ${actual.slice(0, 12)}…, ${SUMS_FILE} records ${expected.slice(0, 12)}…): the file was altered or damaged after it was written`;
  }
  return null;
}

/**
 * Checks a file against its folder's checksums file and throws a DataError naming the file and
 * `recovery` (how to get a good copy back) on a mismatch.
 */
export function verifyFile(path: string, recovery: string): Verification {
  const problem = checkFile(path);
  if (problem === "unverified") return "unverified";
  if (problem !== null) throw new DataError(`${problem}; ${recovery}`);
  return "verified";
}
