import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { formatBytes, freeBytes } from "./disk-space.js";
import { IoError } from "./errors.js";

/** Error codes of a full disk: no space left on the device, or the user's quota exhausted. */
const DISK_FULL: ReadonlyMap<string, string> = new Map([
  ["ENOSPC", "no space left on the device"],
  ["EDQUOT", "disk quota exceeded"],
]);

/**
 * Writes a file so that readers see either the old or the whole new content, never a torn one:
 * write to a temp file in the same folder, fsync, rename. On any failure the temp file is
 * removed and the destination is left as it was; a full disk says so, with the free space.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, "w");
    try {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The folder itself is unusable (e.g. a file stands where it should be); report the write.
    }
    const e = err as NodeJS.ErrnoException;
    const full = e.code !== undefined ? DISK_FULL.get(e.code) : undefined;
    if (full !== undefined) {
      const free = freeBytes(dir);
      throw new IoError(
        `cannot write ${path}: the disk is full (${e.code}: ${full}${free === null ? "" : `; ${formatBytes(free)} free in ${dir}`}); the file was left as it was and the temporary file removed`,
      );
    }
    throw new IoError(`cannot write ${path}: ${e.code ?? ""} ${e.message}`.trim());
  }
}

/** Fails early (before hours of work) when an output folder cannot be created or written. */
export function ensureWritableDir(dir: string): void {
  const probe = join(dir, `.write-probe.${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(probe, "ok");
    rmSync(probe, { force: true });
  } catch (err) {
    const e = err as Error;
    throw new IoError(`output folder ${dir} is not writable: ${e.message}`);
  }
}
