import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IoError } from "../../src/core/errors.js";
import {
  LOCK_FILE,
  assertLockHeld,
  lockFolder,
  withFolderLock,
} from "../../src/core/folder-lock.js";
import { caught } from "../caught.js";
import { tempDir } from "../e2e/helpers.js";

/** A PID that surely does not run: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("lockFolder (advisory lock on an output folder)", () => {
  it("a second lock on a held folder fails at once naming the holder's PID and command; release frees it", () => {
    const dir = tempDir("lock");
    const lock = lockFolder(dir, { command: "neuroxbar train --out X" });
    const holder = JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8"));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    const e = caught(() => lockFolder(dir, { command: "second" })) as Error;
    expect(e).toBeInstanceOf(IoError);
    expect(e.message).toMatch(/is in use by this process \(neuroxbar train --out X, started /);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockFolder(dir).release();
  });

  it("a lock held by another live process names its PID", () => {
    const dir = tempDir("lock");
    const live = process.ppid; // the test runner's parent surely runs
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({
        pid: live,
        host: hostname(),
        command: "neuroxbar sweep s.json",
        startedAt: "t",
      }),
    );
    expect((caught(() => lockFolder(dir)) as Error).message).toContain(
      `in use by PID ${live} (neuroxbar sweep s.json`,
    );
  });

  it("a stale lock (its PID no longer runs) is taken over, with a message naming the old holder", () => {
    const dir = tempDir("lock");
    const pid = deadPid();
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid, host: hostname(), command: "neuroxbar train", startedAt: "t" }),
    );
    const messages: string[] = [];
    const lock = lockFolder(dir, { onStale: (m) => messages.push(m) });
    expect(messages).toEqual([
      expect.stringContaining(`stale lock of PID ${pid} (neuroxbar train`),
    ]);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("withFolderLock (for commands such as design) releases the lock when the work throws", async () => {
    const dir = tempDir("lock");
    await expect(
      withFolderLock(dir, () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("the lock is removed when the process exits without releasing it", async () => {
    const dir = tempDir("lock");
    const src = new URL("../../dist/core/folder-lock.js", import.meta.url).pathname;
    const code = `import("${src}").then((m) => { m.lockFolder(${JSON.stringify(dir)}); process.exit(3); });`;
    const status = await new Promise<number | null>((resolve) => {
      const c = spawn(process.execPath, ["-e", code], {
        stdio: "ignore",
      });
      c.on("close", resolve);
    });
    expect(status).toBe(3);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});

describe("assertLockHeld (a writer checks it still owns its folder)", () => {
  it("passes while the lock is this one's; fails once the folder was deleted, or re-locked by another run", () => {
    const dir = tempDir("lock-held");
    const lock = lockFolder(dir, { command: "neuroxbar sweep A" });
    expect(() => assertLockHeld(lock.path, lock.holder)).not.toThrow();
    // The folder deleted under the running process: the lock file is gone.
    rmSync(dir, { recursive: true, force: true });
    const gone = caught(() => assertLockHeld(lock.path, lock.holder));
    expect(gone).toBeInstanceOf(IoError);
    expect((gone as Error).message).toBe(
      `${dir} is no longer this process's output folder: the lock file is gone (was the folder deleted?); stopping before writing into it`,
    );
    // … and started again by another sweep, which now holds a lock of its own.
    mkdirSync(dir, { recursive: true });
    const other = {
      pid: lock.holder.pid + 1,
      host: hostname(),
      command: "neuroxbar sweep B",
      startedAt: "later",
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(other));
    const taken = caught(() => assertLockHeld(lock.path, lock.holder));
    expect(taken).toBeInstanceOf(IoError);
    expect((taken as Error).message).toContain(
      `it is now held by PID ${other.pid} (neuroxbar sweep B, started later); stopping before writing into it`,
    );
  });
});
