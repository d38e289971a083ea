import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requireManifest } from "../../src/experiments/manifest.js";
import { checkRun, finishedKeys, resultPath, runDir } from "../../src/experiments/store.js";
import {
  cliEntry,
  ensureBuilt,
  listFiles,
  resultWithoutTimings,
  tempDir,
  tinyScenario,
  writeScenario,
} from "./helpers.js";

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliEntry(), ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** 4 points × 2 seeds = 8 runs of 20 neurons. */
const SEEDS = [1, 2];
const scenario = tinyScenario({ name: "cli", seeds: SEEDS });

describe("neuroxbar sweep (worker threads, CLI)", () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    ensureBuilt();
    dir = tempDir("cli");
    file = writeScenario(dir, scenario);
  });

  it("1 and 2 workers write byte-identical result files (apart from timings)", () => {
    const one = join(dir, "w1");
    const two = join(dir, "w2");
    expect(cli(["sweep", file, "--workers", "1", "--out", one, "--no-progress"]).status).toBe(0);
    const r2 = cli(["sweep", file, "--workers", "2", "--out", two]);
    expect(r2.status).toBe(0);
    expect(r2.stderr).toMatch(/sweep 8\/8 runs · 4\/4 points .* ETA/);
    const keys = requireManifest(one).runs;
    expect(keys).toHaveLength(8);
    expect(listFiles(join(two, "points"))).toEqual(listFiles(join(one, "points")));
    for (const key of keys) {
      expect(resultWithoutTimings(resultPath(two, key))).toBe(
        resultWithoutTimings(resultPath(one, key)),
      );
      for (const f of ["weights.bin", "synapse-map.png"]) {
        expect(
          readFileSync(join(runDir(two, key), f)).equals(readFileSync(join(runDir(one, key), f))),
        ).toBe(true);
      }
    }
  });

  it("kill -9 in the middle, then --resume: every run present exactly once, as an uninterrupted sweep", async () => {
    const out = join(dir, "killed");
    const child = spawn(
      process.execPath,
      [cliEntry(), "sweep", file, "--workers", "1", "--out", out, "--no-progress"],
      {
        stdio: "ignore",
      },
    );
    const total = SEEDS.length * 4;
    // Wait until some but not all runs are finished, then SIGKILL (no chance to clean up).
    const seen = await new Promise<number>((resolve, reject) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        const n = existsSync(out) ? finishedKeys(out).length : 0;
        if (n >= 2 && n < total) {
          clearInterval(poll);
          child.kill("SIGKILL");
          resolve(n);
        } else if (n >= total || Date.now() - t0 > 60_000) {
          clearInterval(poll);
          child.kill("SIGKILL");
          reject(new Error(`could not catch the sweep mid-way (${n} of ${total} finished)`));
        }
      }, 20);
    });
    await new Promise((r) => child.once("exit", r));
    const before = finishedKeys(out).length;
    expect(before).toBeGreaterThanOrEqual(seen);
    expect(before).toBeLessThan(total);

    const resumed = cli(["sweep", file, "--workers", "2", "--out", out, "--resume"]);
    expect(resumed.status).toBe(0);
    // The killed sweep's lock stays behind; its PID is gone, so the resume takes it over.
    expect(resumed.stderr).toMatch(/taking over a stale lock of PID \d+ \(neuroxbar sweep/);
    expect(resumed.stderr).toContain(`${before} already finished, ${total - before} to run`);
    const manifest = requireManifest(out);
    const keys = finishedKeys(out);
    expect(keys.sort()).toEqual([...manifest.runs].sort());
    expect(new Set(keys).size).toBe(total);
    for (const key of keys) {
      const files = readdirSync(runDir(out, key)).sort();
      // no temp files, no error.json; every file matches its recorded SHA-256
      expect(files).toEqual(["checksums.sha256", "result.json", "synapse-map.png", "weights.bin"]);
      expect(checkRun(out, key)).toEqual({ problems: [], unverified: false });
      const r = JSON.parse(readFileSync(resultPath(out, key), "utf8"));
      expect(`${r.sweep.pointId}/seed-${r.sweep.replicate}`).toBe(key);
      // Same as the uninterrupted sweep of the first test.
      expect(resultWithoutTimings(resultPath(out, key))).toBe(
        resultWithoutTimings(resultPath(join(dir, "w1"), key)),
      );
    }
  });

  it("a scenario with an error is rejected before anything runs: exit 3, nothing written", () => {
    const bad = writeScenario(
      dir,
      tinyScenario({ axes: [{ path: "neuron.thetaPlusMV", values: [0.1] }] }),
      "bad.json",
    );
    const out = join(dir, "never");
    const r = cli(["sweep", bad, "--out", out]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      `${bad} › axes[0].path: unknown field "thetaPlusMV" in neuron; did you mean "thetaPlusMv"?`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("--shard K/N and merge via the CLI; --dry-run lists the points", () => {
    const a = join(dir, "s1");
    const b = join(dir, "s2");
    expect(cli(["sweep", file, "--shard", "1/2", "--out", a, "--workers", "2"]).status).toBe(0);
    expect(cli(["sweep", file, "--shard", "2/2", "--out", b, "--workers", "2"]).status).toBe(0);
    const merged = join(dir, "merged");
    const m = cli(["merge", a, b, "--out", merged]);
    expect(m.status).toBe(0);
    expect(m.stdout).toContain("8/8 runs present");
    expect(cli(["sweep", file, "--shard", "3/2"]).stderr).toContain(
      "--shard: expected K/N with 1 ≤ K ≤ N",
    );
    const dry = cli(["sweep", file, "--dry-run"]);
    expect(dry.stdout).toContain("4 points × 2 seeds = 8 runs (full), all valid");
  });
});
