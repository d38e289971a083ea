/**
 * Issue #19 through the CLI: two `train` runs on one --out (the second stops at once naming the
 * first), and a damaged snapshot refused by `train --resume` with a message naming the file.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/core/errors.js";
import { LOCK_FILE } from "../../src/core/folder-lock.js";
import { cliPath } from "../global-setup.js";
import { tempDir } from "../e2e/helpers.js";

function tinyConfig(dir: string): string {
  const path = join(dir, "tiny.json");
  writeFileSync(path, JSON.stringify({ timing: { presentationMs: 100, restMs: 50 } }));
  return path;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe("neuroxbar train: one writer per output folder", () => {
  it("a second train on the same --out exits at once (exit 5) naming the first one's PID and command; the first finishes normally", async () => {
    const dir = tempDir("lock-cli");
    const out = join(dir, "run");
    const args = ["train", "--config", tinyConfig(dir), "--neurons", "30", "--no-progress"];
    const first = spawn(
      process.execPath,
      [cliPath, ...args, "--train", "3000", "--label", "20", "--test", "20", "--out", out],
      { cwd: dir },
    );
    let firstErr = "";
    first.stderr.on("data", (d: Buffer) => (firstErr += d.toString()));
    const firstDone = new Promise<number | null>((r) => first.on("close", r));
    const t0 = Date.now();
    while (!existsSync(join(out, LOCK_FILE)) && Date.now() - t0 < 30_000) await sleep(20);
    expect(existsSync(join(out, LOCK_FILE))).toBe(true);

    const t1 = Date.now();
    const second = spawnSync(
      process.execPath,
      [cliPath, ...args, "--train", "10", "--label", "10", "--test", "10", "--out", out],
      { cwd: dir, encoding: "utf8" },
    );
    const secondSeconds = (Date.now() - t1) / 1000;
    expect(first.exitCode, "the first run was still running").toBe(null);
    expect(second.status, second.stderr).toBe(ERROR_CODES.E_IO);
    expect(second.stderr).toMatch(
      new RegExp(`is in use by PID ${first.pid} \\(neuroxbar train --config`),
    );
    expect(secondSeconds).toBeLessThan(10); // at once: no training happened
    expect(await firstDone, firstErr).toBe(0);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
    expect(result.samples.train).toBe(3000);
  }, 120_000);
});

describe("neuroxbar train: a run that lost its folder writes nothing more", () => {
  it("the folder deleted mid-run and locked by another process: exit 5 (E_IO) at the next snapshot, nothing written into it", async () => {
    const dir = tempDir("lost-cli");
    const out = join(dir, "run");
    const run = spawn(
      process.execPath,
      [
        cliPath,
        ...["train", "--config", tinyConfig(dir), "--neurons", "30", "--no-progress"],
        ...["--train", "3000", "--label", "20", "--test", "20", "--snapshot-every", "200"],
        ...["--out", out],
      ],
      { cwd: dir },
    );
    let stderr = "";
    run.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<number | null>((r) => run.on("close", r));
    const t0 = Date.now();
    while (!existsSync(join(out, "snapshot.bin")) && Date.now() - t0 < 60_000) await sleep(20);
    expect(existsSync(join(out, "snapshot.bin"))).toBe(true);
    // Another process's folder now: deleted, re-created, locked by someone else.
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    const foreign = { pid: 1, host: "elsewhere", command: "neuroxbar train other", startedAt: "x" };
    writeFileSync(join(out, LOCK_FILE), JSON.stringify(foreign));
    expect(await done, stderr).toBe(ERROR_CODES.E_IO);
    expect(stderr).toContain(`${out} is no longer this process's output folder`);
    expect(readdirSync(out)).toEqual([LOCK_FILE]);
  }, 120_000);
});

describe("neuroxbar train --resume: a damaged snapshot", () => {
  it("a flipped byte in OUT/snapshot.bin: exit 4 (E_DATA) naming the file and how to recover; the killed run's lock is taken over with a message", () => {
    const dir = tempDir("snap-cli");
    const out = join(dir, "run");
    const args = [
      cliPath,
      "train",
      "--config",
      tinyConfig(dir),
      "--neurons",
      "6",
      "--train",
      "40",
      "--label",
      "10",
      "--test",
      "10",
      "--no-progress",
      "--out",
      out,
    ];
    // Kill the run once its first snapshot is written, so snapshot.bin stays.
    const snap = join(out, "snapshot.bin");
    const child = spawn(process.execPath, [...args, "--snapshot-every", "10"], { cwd: dir });
    return new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (existsSync(snap)) {
          clearInterval(poll);
          child.kill("SIGKILL");
        }
      }, 5);
      child.on("close", () => {
        clearInterval(poll);
        try {
          expect(existsSync(snap)).toBe(true);
          const bytes = readFileSync(snap);
          bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x10;
          writeFileSync(snap, bytes);
          const resumed = spawnSync(process.execPath, [...args, "--resume"], {
            cwd: dir,
            encoding: "utf8",
          });
          expect(resumed.status, resumed.stderr).toBe(ERROR_CODES.E_DATA);
          // The killed run left its lock: taken over (its PID is gone), then the snapshot refused.
          const lines = resumed.stderr.trimEnd().split("\n");
          expect(lines, resumed.stderr).toHaveLength(2);
          expect(lines[0]).toMatch(
            new RegExp(`taking over a stale lock of PID ${child.pid} \\(neuroxbar train`),
          );
          expect(lines[1]).toMatch(
            /snapshot\.bin: damaged snapshot: checksum mismatch .*train again without --resume/,
          );
          resolve();
        } catch (err) {
          reject(err as Error);
        }
      });
    });
  }, 120_000);
});

describe("neuroxbar train: strict flags and bounded work, checked before the output folder exists", () => {
  it.each<[string, string[], number, RegExp]>([
    [
      "a non-boolean word for a boolean flag",
      ["--shuffle=maybe"],
      2,
      /--shuffle: expected true\/false, yes\/no or on\/off, got "maybe"/,
    ],
    [
      "--checkpoint-test without --checkpoint-every",
      ["--checkpoint-test", "5"],
      2,
      /--checkpoint-test .*add --checkpoint-every K/,
    ],
    [
      "a seed with surrounding space",
      ["--seed", " 1"],
      2,
      /--seed: expected a whole number or a name without surrounding space/,
    ],
    ["a fractional seed", ["--seed", "1.5"], 2, /--seed: .*\(not whole\)/],
    [
      "a run above the work budget",
      ["--neurons", "6400", "--train", "1000000000"],
      2,
      /neuron-steps .*above the budget of 1e\+13 .*pass --yes/,
    ],
    [
      "a presentation of 1e300 ms (was exit 70)",
      ["--config", "HUGE"],
      3,
      /timing\.presentationMs: /,
    ],
  ])("%s: one line, exit %i, no folder", (_name, flags, code, pattern) => {
    const dir = tempDir("flags-cli");
    const huge = join(dir, "huge.json");
    writeFileSync(huge, JSON.stringify({ timing: { presentationMs: 1e300 } }));
    const out = join(dir, "run");
    const args = flags.map((f) => (f === "HUGE" ? huge : f));
    const r = spawnSync(
      process.execPath,
      [cliPath, "train", ...args, "--no-progress", "--out", out],
      { cwd: dir, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(code);
    expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(existsSync(out)).toBe(false);
  });
});
