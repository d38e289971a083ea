import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureWritableDir, writeFileAtomic } from "../../src/core/atomic.js";
import { IoError } from "../../src/core/errors.js";
import { caught } from "../caught.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "neuroxbar-atomic-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("writeFileAtomic: a file standing where the folder should be gives an IoError naming the path", () => {
    const blocker = join(tmp, "blocker");
    writeFileSync(blocker, "not a folder");
    const target = join(blocker, "out.json");
    const e = caught(() => writeFileAtomic(target, "x"));
    expect(e).toBeInstanceOf(IoError);
    expect((e as Error).message.startsWith(`cannot write ${target}`)).toBe(true);
  });

  it("writeFileAtomic: writes text and bytes, replaces old content, creates the folder, leaves no temp file", () => {
    const dir = join(tmp, "a", "b");
    const path = join(dir, "out.json");
    writeFileAtomic(path, "first");
    expect(readFileSync(path, "utf8")).toBe("first");
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff);
    writeFileAtomic(path, bytes);
    expect(Buffer.compare(readFileSync(path), Buffer.from(bytes))).toBe(0);
    expect(readdirSync(dir)).toEqual(["out.json"]);
  });

  it("writeFileAtomic: a target that cannot be replaced is an IoError naming the path; the temp file is removed", () => {
    // The target is a folder: the temp file is written, the rename fails, the temp must go.
    const folderTarget = join(tmp, "is-a-folder");
    writeFileAtomic(join(folderTarget, "inner"), "x");
    const err = caught(() => writeFileAtomic(folderTarget, "y"));
    expect(err).toBeInstanceOf(IoError);
    expect((err as Error).message).toContain(`cannot write ${folderTarget}`);
    expect(readdirSync(tmp).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(readFileSync(join(folderTarget, "inner"), "utf8")).toBe("x");
  });
});

describe("writeFileAtomic on a full disk (a real ENOSPC from /dev/full)", () => {
  // writeFileAtomic writes to `.${basename}.${pid}.tmp` beside the target. A symlink at that
  // exact path to /dev/full makes the write itself fail with the kernel's ENOSPC, as on a full disk.
  const fullDisk = (dir: string, name: string): string => {
    mkdirSync(dir, { recursive: true });
    const tmpPath = join(dir, `.${name}.${process.pid}.tmp`);
    symlinkSync("/dev/full", tmpPath);
    return tmpPath;
  };

  it("writeFileAtomic: ENOSPC says the disk is full (path, code, free space); the old file is unchanged and the temp is gone", () => {
    const dir = join(tmp, "full-1");
    const path = join(dir, "result.json");
    writeFileAtomic(path, "old content");
    const tmpPath = fullDisk(dir, "result.json");
    const err = caught(() => writeFileAtomic(path, Buffer.alloc(70_000, 1)));
    expect(err).toBeInstanceOf(IoError);
    const message = (err as Error).message;
    expect(message.startsWith(`cannot write ${path}: the disk is full (ENOSPC: `)).toBe(true);
    expect(message).toMatch(
      /\(ENOSPC: no space left on the device; [\d.]+ (bytes|kB|MB|GB|TB|PB) free in \S*full-1\); the file was left as it was and the temporary file removed$/,
    );
    expect(readFileSync(path, "utf8")).toBe("old content");
    expect(isLink(tmpPath)).toBe(false);
    expect(readdirSync(dir)).toEqual(["result.json"]);
  });

  it("writeFileAtomic: ENOSPC on a new file leaves no file at all", () => {
    const dir = join(tmp, "full-2");
    const path = join(dir, "weights.bin");
    fullDisk(dir, "weights.bin");
    const err = caught(() => writeFileAtomic(path, "x"));
    expect(err).toBeInstanceOf(IoError);
    expect((err as Error).message).toContain(`cannot write ${path}: the disk is full (ENOSPC`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** True when a symlink (even a dangling one) stands at `path`. */
function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

describe("ensureWritableDir", () => {
  it("ensureWritableDir: creates a missing folder and leaves it empty", () => {
    const dir = join(tmp, "new", "out");
    ensureWritableDir(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("ensureWritableDir: a path through a regular file is an IoError naming the folder", () => {
    const file = join(tmp, "plain-file");
    writeFileSync(file, "x");
    const err = caught(() => ensureWritableDir(join(file, "sub")));
    expect(err).toBeInstanceOf(IoError);
    expect((err as Error).message).toContain(`output folder ${join(file, "sub")} is not writable`);
  });
});
