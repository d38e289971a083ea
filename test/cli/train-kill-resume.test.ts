import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultWithoutTimings, tempDir } from "../e2e/helpers.js";
import { cliPath, ensureBuilt } from "../global-setup.js";

/**
 * `neuroxbar train --snapshot-every K` killed with SIGKILL (no chance to clean up) after its first
 * snapshot, then `--resume`: the final result.json (timings aside) and weights.bin must equal an
 * uninterrupted run's, on a crossbar with cycle-to-cycle noise (the hardest state to restore: the
 * C2C, read-noise and rounding RNG streams and every device conductance).
 */
const ARGS = [
  "train",
  "--neurons",
  "30",
  "--train",
  "1200",
  "--label",
  "100",
  "--test",
  "100",
  "--seed",
  "7",
  "--device",
  "ag-a-si",
  "--device-set",
  "c2c.enabled=true",
  "--snapshot-every",
  "50",
  "--no-progress",
];

let tmp: string;

describe("neuroxbar train: kill -9 then --resume", () => {
  beforeAll(() => {
    ensureBuilt();
    tmp = tempDir("kill-resume");
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("a run killed after a snapshot resumes to the same result.json and weights.bin as an uninterrupted run (Ag:a-Si with C2C noise)", async () => {
    const whole = join(tmp, "whole");
    const straight = spawnSync(process.execPath, [cliPath, ...ARGS, "--out", whole], {
      encoding: "utf8",
    });
    expect(straight.status, straight.stderr).toBe(0);

    const killed = join(tmp, "killed");
    const child = spawn(process.execPath, [cliPath, ...ARGS, "--out", killed], {
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    // SIGKILL as soon as the first snapshot is on disk, well before training ends.
    const caught = await new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(join(killed, "snapshot.bin"))) {
          clearInterval(poll);
          child.kill("SIGKILL");
          resolve(true);
        }
      }, 5);
      void exited.then(() => {
        clearInterval(poll);
        resolve(false);
      });
    });
    await exited;
    expect(caught).toBe(true);
    // Killed mid-training: a snapshot, no result, no stray temp files.
    expect(existsSync(join(killed, "result.json"))).toBe(false);
    expect(readdirSync(killed).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const resumed = spawnSync(process.execPath, [cliPath, ...ARGS, "--out", killed, "--resume"], {
      encoding: "utf8",
    });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resultWithoutTimings(join(killed, "result.json"))).toBe(
      resultWithoutTimings(join(whole, "result.json")),
    );
    expect(
      readFileSync(join(killed, "weights.bin")).equals(readFileSync(join(whole, "weights.bin"))),
    ).toBe(true);
  }, 120_000);
});
