/**
 * Free space on the file system of an output folder (fs.statfsSync, Node ≥ 18.15), for the
 * disk-full message of writeFileAtomic and the free-space preflight of train and sweep runs.
 */
import { statfsSync } from "node:fs";
import { IoError } from "./errors.js";

/** The part of fs.statfsSync the checks use; injectable so tests can fake a nearly full disk. */
export type StatFs = (path: string) => {
  readonly bavail: number | bigint;
  readonly bsize: number | bigint;
};

/**
 * Bytes an unprivileged process may still write on the file system holding `path` (blocks
 * available to it × block size), or null when statfs cannot tell (unsupported, or no such path).
 */
export function freeBytes(path: string, statfs: StatFs = statfsSync): number | null {
  try {
    const s = statfs(path);
    const free = Number(s.bavail) * Number(s.bsize);
    return Number.isFinite(free) && free >= 0 ? free : null;
  } catch {
    return null;
  }
}

/** "950 bytes", "12.3 kB", "1.23 GB" (SI units, three significant digits). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${Math.round(n)} bytes`;
  const units = ["kB", "MB", "GB", "TB", "PB"];
  let v = n / 1000;
  let u = 0;
  while (v >= 999.5 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${Number(v.toPrecision(3))} ${units[u]}`;
}

/**
 * Fails early when the file system of folder `dir` has less than `required` bytes free. `what`
 * says what needs them ("this run will write …"). Does nothing when statfs cannot tell: the
 * writes themselves still report a full disk (writeFileAtomic).
 */
export function ensureFreeSpace(
  dir: string,
  required: number,
  what: string,
  statfs: StatFs = statfsSync,
): void {
  const free = freeBytes(dir, statfs);
  if (free === null || free >= required) return;
  throw new IoError(
    `output folder ${dir} has ${formatBytes(free)} free (${free} bytes), but ${what}: about ${formatBytes(required)} (${required} bytes); free some space or choose another --out`,
  );
}
