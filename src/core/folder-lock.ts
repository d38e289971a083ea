/**
 * An advisory lock on an output folder, so two processes never write one folder at once (two
 * `train` runs mixing a result.json with another run's weights.bin). The lock is a file
 * `.neuroxbar.lock` created exclusively (O_EXCL) and holding the owner's PID, host and command.
 * A second writer fails at once naming the holder. A lock whose process no longer runs on this
 * host is stale: it is taken over, with a message. Advisory: only NeuroXbar looks at it.
 */
import {
  openSync,
  readFileSync,
  rmSync,
  writeSync,
  closeSync,
  mkdirSync,
  existsSync,
} from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { IoError } from "./errors.js";

export const LOCK_FILE = ".neuroxbar.lock";

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly startedAt: string;
}

export interface FolderLock {
  readonly path: string;
  /** Who holds it: this process, as written into the lock file. */
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this lock's (idempotent). */
  release(): void;
}

/**
 * Throws an IoError unless the lock file at `path` still names `holder` (same PID, host and start
 * time): the folder was deleted, or another process has taken it, since the lock was taken. Writers
 * call it before they write into the folder, so a process that lost its folder never writes into
 * the folder another process now owns (worker threads share the PID, so they can check too).
 */
export function assertLockHeld(path: string, holder: LockHolder): void {
  const now = existsSync(path) ? readHolder(path) : null;
  if (
    now !== null &&
    now.pid === holder.pid &&
    now.host === holder.host &&
    now.startedAt === holder.startedAt
  ) {
    return;
  }
  const who =
    now === null
      ? "the lock file is gone (was the folder deleted?)"
      : `it is now held by PID ${now.pid}${now.host === holder.host ? "" : ` on ${now.host}`} (${now.command}, started ${now.startedAt})`;
  throw new IoError(
    `${dirname(path)} is no longer this process's output folder: ${who}; stopping before writing into it`,
  );
}

export interface LockOptions {
  /** The command recorded in the lock (default: this process's command line). */
  readonly command?: string;
  /** Told when a stale lock (its process is gone) is taken over. */
  readonly onStale?: (message: string) => void;
}

/** This process's command line as the user typed it, shortened for messages. */
export function currentCommand(): string {
  const args = process.argv.slice(2).join(" ");
  const text = `neuroxbar ${args}`.trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** Whether a process with this PID runs (on this host). EPERM: it runs, as another user. */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const v = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    if (typeof v.pid !== "number") return null;
    return {
      pid: v.pid,
      host: String(v.host ?? ""),
      command: String(v.command ?? "?"),
      startedAt: String(v.startedAt ?? "?"),
    };
  } catch {
    return null; // being written, or damaged: treated as unreadable below
  }
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new IoError(`cannot lock ${path}: ${(err as Error).message}`);
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

const held = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // process.exit (errors, Ctrl-C twice) skips finally blocks: still leave no lock behind.
  process.on("exit", () => {
    for (const path of held) releasePath(path);
  });
}

function releasePath(path: string): void {
  const h = readHolder(path);
  if (h && h.pid === process.pid && h.host === hostname()) rmSync(path, { force: true });
  held.delete(path);
}

/**
 * Takes the folder's lock (creating the folder) or throws an IoError naming the holder. Stale
 * locks (their PID no longer runs on this host) are taken over and reported through onStale.
 */
export function lockFolder(dir: string, options: LockOptions = {}): FolderLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: options.command ?? currentCommand(),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, me)) {
      held.add(path);
      installExitHook();
      return { path, holder: me, release: () => releasePath(path) };
    }
    const holder = readHolder(path);
    if (holder === null) {
      // Just created by another process and not yet written: give it a moment once.
      if (attempt === 0) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      throw new IoError(
        `${dir} is locked by another NeuroXbar process (${path} is unreadable); if none runs, delete ${path}`,
      );
    }
    const sameHost = holder.host === me.host;
    if (sameHost && holder.pid !== process.pid && !processAlive(holder.pid)) {
      options.onStale?.(
        `${dir}: taking over a stale lock of PID ${holder.pid} (${holder.command}, started ${holder.startedAt}), which no longer runs`,
      );
      rmSync(path, { force: true });
      continue;
    }
    const who =
      holder.pid === process.pid && sameHost
        ? "this process"
        : `PID ${holder.pid}${sameHost ? "" : ` on ${holder.host}`}`;
    throw new IoError(
      `${dir} is in use by ${who} (${holder.command}, started ${holder.startedAt}); wait for it to finish or choose another output folder${sameHost ? "" : `; if that process no longer runs, delete ${path}`}`,
    );
  }
  throw new IoError(`${dir}: could not take the lock ${path} (other processes keep taking it)`);
}

/** Runs `fn` holding the folder's lock (for commands such as the future `design`). */
export async function withFolderLock<T>(
  dir: string,
  fn: () => Promise<T> | T,
  options: LockOptions = {},
): Promise<T> {
  const lock = lockFolder(dir, options);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
