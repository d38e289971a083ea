import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError, ValidationError } from "../../src/core/errors.js";
import { expandScenario, type ExpandedSweep } from "../../src/experiments/expand.js";
import { mergeSweeps } from "../../src/experiments/merge.js";
import { runSweep, type SweepEvent } from "../../src/experiments/runner.js";
import { scenarioFromValue } from "../../src/experiments/scenario-file.js";
import { finishedKeys, resultPath, runDir, SNAPSHOT_FILE } from "../../src/experiments/store.js";
import { writeSnapshot } from "../../src/experiments/snapshot-file.js";
import { loadDataset } from "../../src/data/datasets.js";
import { runPipeline, type RunSnapshot } from "../../src/network/pipeline.js";
import { mkdirSync } from "node:fs";
import { loadSweepResults } from "../../src/report/load-results.js";
import { isAnnRun } from "../../src/experiments/run-config.js";
import { listFiles, resultWithoutTimings, tempDir, tinyScenario } from "../e2e/helpers.js";

const sweepOf = (s: Record<string, unknown>): ExpandedSweep =>
  expandScenario(scenarioFromValue(s, "t.json"));

/** One crossbar run (4 neurons, one seed) on the device file `file`: `train` images, checkpoints every `every`. */
const deviceFileSweep = (name: string, file: string, train: number, every: number) =>
  sweepOf(
    tinyScenario({
      name,
      base: { neurons: 4, train, label: 4, test: 4, checkpoints: { every, label: 2, test: 2 } },
      axes: [
        {
          path: "synapses",
          label: "synapses",
          role: "setting",
          values: [{ kind: "crossbar", device: file }],
        },
      ],
      seeds: [1],
    }),
  );

/** Runs in the test's own thread (workers 0): the pool's threads are covered by test/e2e. */
const run = (
  sweep: ExpandedSweep,
  out: string,
  extra: Partial<Parameters<typeof runSweep>[1]> = {},
) => runSweep(sweep, { out, workers: 0, ...extra });

function sameRunFiles(a: string, b: string, key: string): void {
  expect(resultWithoutTimings(resultPath(b, key))).toBe(resultWithoutTimings(resultPath(a, key)));
  for (const f of ["weights.bin", "synapse-map.png"]) {
    expect(
      readFileSync(join(runDir(b, key), f)).equals(readFileSync(join(runDir(a, key), f))),
    ).toBe(true);
  }
}

describe("runSweep", () => {
  const sweep = sweepOf(tinyScenario());
  const whole = tempDir("whole");
  let wholeDone: Promise<unknown> | null = null;
  const ensureWhole = () => (wholeDone ??= run(sweep, whole));

  it("runs every point × seed into points/<id>/seed-<s>/ and records the sweep in result.json", async () => {
    const events: SweepEvent["type"][] = [];
    await ensureWhole();
    expect(finishedKeys(whole).sort()).toEqual(sweep.runs.map((r) => r.key).sort());
    const r = JSON.parse(readFileSync(resultPath(whole, sweep.runs[1]!.key), "utf8"));
    expect(r.sweep).toMatchObject({
      pointId: sweep.runs[1]!.point.id,
      replicate: 2,
      seed: sweep.runs[1]!.seed,
    });
    expect(r.config.seed).toBe(sweep.runs[1]!.seed);
    expect(existsSync(join(whole, "sweep.json"))).toBe(true);
    const again = tempDir("events");
    await run(
      sweepOf(tinyScenario({ seeds: [1], axes: [{ path: "neurons", values: [20] }] })),
      again,
      {
        onEvent: (e) => {
          if (e.type !== "run-progress") events.push(e.type);
        },
      },
    );
    expect(events).toEqual(["sweep-start", "run-start", "run-end", "sweep-end"]);
  });

  it("refuses a folder with finished runs unless resuming; resuming skips them", async () => {
    await ensureWhole();
    await expect(run(sweep, whole)).rejects.toThrow(UsageError);
    const s = await run(sweep, whole, { resume: true });
    expect(s).toMatchObject({ skipped: sweep.runs.length, finished: 0, failed: [] });
  });

  it("refuses to resume into a folder made by a different sweep", async () => {
    await ensureWhole();
    const other = sweepOf(tinyScenario({ base: { neurons: 21 } }));
    await expect(run(other, whole, { resume: true })).rejects.toThrow(ValidationError);
  });

  it("--point ID --seed S reproduces that run of the whole sweep bit-identically", async () => {
    await ensureWhole();
    const target = sweep.runs[2]!;
    const alone = tempDir("alone");
    const s = await run(sweep, alone, {
      only: { point: target.point.id.slice(0, 5), replicate: target.replicate },
    });
    expect(s.finished).toBe(1);
    expect(finishedKeys(alone)).toEqual([target.key]);
    sameRunFiles(whole, alone, target.key);
  });

  it("shards 1/3, 2/3, 3/3 merged equal the unsharded sweep", async () => {
    await ensureWhole();
    const shards = [1, 2, 3].map(() => tempDir("shard"));
    for (let k = 0; k < 3; k++) await run(sweep, shards[k]!, { shard: { index: k + 1, count: 3 } });
    const counts = shards.map((d) => finishedKeys(d).length);
    expect(counts.reduce((a, b) => a + b)).toBe(sweep.runs.length);
    const merged = tempDir("merged");
    const m = mergeSweeps(shards, merged);
    expect(m).toMatchObject({ copied: sweep.runs.length, duplicates: 0, missing: [] });
    expect(listFiles(join(merged, "points"))).toEqual(listFiles(join(whole, "points")));
    for (const r of sweep.runs) sameRunFiles(whole, merged, r.key);
    // Merging again (or a shard twice) finds identical duplicates and copies nothing.
    expect(mergeSweeps([shards[0]!, whole], merged)).toMatchObject({ copied: 0, missing: [] });
  });

  it("merge reports missing runs and refuses shards of different sweeps", async () => {
    const one = tempDir("one");
    await run(sweep, one, { shard: { index: 1, count: 2 } });
    const m = mergeSweeps([one], tempDir("partial"));
    expect(m.missing.length).toBe(sweep.runs.length - finishedKeys(one).length);
    const other = tempDir("other");
    await run(
      sweepOf(tinyScenario({ seeds: [5], axes: [{ path: "neurons", values: [20] }] })),
      other,
    );
    expect(() => mergeSweeps([one, other], tempDir("bad"))).toThrow(/a different sweep/);
  });

  it("a run that fails leaves error.json, the others finish, and --resume retries it", async () => {
    const s = sweepOf(
      tinyScenario({ seeds: [1], axes: [{ path: "test", values: [30, 999_999] }] }),
    );
    const out = tempDir("fail");
    const summary = await run(s, out);
    expect(summary.finished).toBe(1);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]!.message).toMatch(/exceeds the 10000 test images/);
    const failedKey = summary.failed[0]!.key;
    expect(existsSync(join(runDir(out, failedKey), "error.json"))).toBe(true);
    const again = await run(s, out, { resume: true });
    expect(again).toMatchObject({ skipped: 1, finished: 0 });
    expect(again.failed.map((f) => f.key)).toEqual([failedKey]);
  });

  it("an unwritable output folder fails before any run", async () => {
    const file = join(tempDir("unwritable"), "a-file");
    writeFileSync(file, "");
    await expect(run(sweep, join(file, "out"))).rejects.toThrow(/output folder .* is not writable/);
  });

  it("refuses to resume when a device file named by the scenario was edited since its runs finished", async () => {
    const dir = tempDir("device-edit");
    const file = join(dir, "my-device.json");
    const preset = JSON.parse(readFileSync(join("devices", "ag-a-si.json"), "utf8")) as {
      nonIdealities: { c2c: { sigmaOfRange: number } };
    };
    writeFileSync(file, JSON.stringify(preset));
    const device = deviceFileSweep("device-file", file, 4, 4);
    const out = join(dir, "out");
    await run(device, out);
    const [key] = finishedKeys(out);
    const recorded = (
      JSON.parse(readFileSync(resultPath(out, key!), "utf8")) as {
        synapses: { presetSha256: string };
      }
    ).synapses.presetSha256;
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
    // Unedited: the finished run is accepted.
    await expect(run(device, out, { resume: true })).resolves.toMatchObject({ failed: [] });
    // The same path with another C2C spread: the configuration is unchanged, the device is not.
    preset.nonIdealities.c2c.sigmaOfRange += 0.01;
    writeFileSync(file, JSON.stringify(preset));
    const error = await run(device, out, { resume: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(
      `device "${file}" has changed since this run finished (SHA-256 of its description ${recorded.slice(0, 12)}… then`,
    );
  });
  it("refuses, before any run starts, to continue an unfinished run from a snapshot taken on a device file edited since", async () => {
    const dir = tempDir("device-edit-snapshot");
    const file = join(dir, "my-device.json");
    const preset = JSON.parse(readFileSync(join("devices", "ag-a-si.json"), "utf8")) as {
      params: { nlLtp: number };
    };
    writeFileSync(file, JSON.stringify(preset));
    const device = deviceFileSweep("device-file-snapshot", file, 20, 10);
    const [only] = device.runs;
    if (isAnnRun(only!.config)) throw new Error("expected an SNN run");
    const config = only!.config;
    // The run's own training snapshot after 10 of its 20 samples, in its folder: an unfinished run.
    const snaps: RunSnapshot[] = [];
    const dataset = loadDataset({ name: "mnist" }, { verifyChecksums: false });
    await runPipeline(config, {
      dataset,
      snapshotEvery: 10,
      onSnapshot: (s) => snaps.push(s),
    });
    const out = join(dir, "out");
    mkdirSync(runDir(out, only!.key), { recursive: true });
    const snapshotPath = join(runDir(out, only!.key), SNAPSHOT_FILE);
    writeSnapshot(snapshotPath, snaps[0]!);
    // Same path, same configuration, another nonlinearity in the file: refused up front, naming it.
    preset.params.nlLtp += 1;
    writeFileSync(file, JSON.stringify(preset));
    const events: SweepEvent[] = [];
    const error = await run(device, out, { onEvent: (e) => events.push(e) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(
      `${snapshotPath}: device "${file}" has changed since this snapshot was taken`,
    );
    expect(events.map((e) => e.type)).not.toContain("sweep-start");
    expect(existsSync(snapshotPath)).toBe(true);
    // Restored: the run continues from the snapshot.
    preset.params.nlLtp -= 1;
    writeFileSync(file, JSON.stringify(preset));
    events.length = 0;
    await expect(run(device, out, { onEvent: (e) => events.push(e) })).resolves.toMatchObject({
      failed: [],
    });
    expect(events).toContainEqual(
      expect.objectContaining({ type: "run-snapshot", use: { kind: "resumed", samplesDone: 10 } }),
    );
  });

  it("a finished run written by another sweep (same configuration, two sweeps in one folder) is refused by --resume and by the report", async () => {
    const dir = tempDir("two-sweeps");
    const axes = (values: number[]) => [
      { path: "neuron.thetaPlusMv", label: "θ+", role: "mitigation", values },
    ];
    // Same point ids and configurations for θ+ 0.05: B has one point more, so another sweep hash.
    const a = sweepOf(tinyScenario({ name: "a", axes: axes([0.05]), seeds: [1] }));
    const b = sweepOf(tinyScenario({ name: "a", axes: axes([0.05, 0.1]), seeds: [1] }));
    expect(b.sweepHash).not.toBe(a.sweepHash);
    const outA = join(dir, "a");
    const outB = join(dir, "b");
    await run(a, outA);
    await run(b, outB);
    const [key] = a.runs.map((r) => r.key);
    // B's files of the shared run land in A's folder, checksums and all (as a sweep that lost its
    // folder would have written them).
    rmSync(runDir(outA, key!), { recursive: true });
    cpSync(runDir(outB, key!), runDir(outA, key!), { recursive: true });
    const resumed = await run(a, outA, { resume: true }).catch((e: unknown) => e);
    expect(resumed).toBeInstanceOf(ValidationError);
    expect((resumed as Error).message).toContain(
      `this finished run was written by another sweep (hash ${b.sweepHash.slice(0, 12)}…) than the one this folder holds (${a.sweepHash.slice(0, 12)}…)`,
    );
    expect(() => loadSweepResults(outA)).toThrow(
      `this run was written by another sweep (hash ${b.sweepHash.slice(0, 12)}…) than the folder's manifest (${a.sweepHash.slice(0, 12)}…)`,
    );
  });

  it("a sweep whose folder was deleted and locked by another process writes nothing more into it", async () => {
    const dir = tempDir("lost-folder");
    const out = join(dir, "out");
    const sweep = sweepOf(tinyScenario({ name: "lost", seeds: [1] }));
    let lost = false;
    const summary = await run(sweep, out, {
      onEvent: (e) => {
        // After the first run: the folder is deleted and another process takes it.
        if (e.type === "run-end" && !lost) {
          lost = true;
          rmSync(out, { recursive: true, force: true });
          mkdirSync(out, { recursive: true });
          writeFileSync(
            join(out, ".neuroxbar.lock"),
            JSON.stringify({
              pid: 1,
              host: "elsewhere",
              command: "neuroxbar sweep other",
              startedAt: "x",
            }),
          );
        }
      },
    });
    expect(lost).toBe(true);
    // Every later run failed before writing: the folder holds the other process's lock only.
    expect(summary.failed.length).toBe(sweep.runs.length - 1);
    expect(summary.failed[0]!.message).toContain("is no longer this process's output folder");
    expect(finishedKeys(out)).toEqual([]);
    // Not even the failed runs' error records: only the other process's lock is there.
    expect(listFiles(out)).toEqual([".neuroxbar.lock"]);
  });
});
