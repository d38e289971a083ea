/**
 * Issue #19 item 1: nothing persisted is trusted unchecked. A byte flipped anywhere in a
 * snapshot, a sweep run's result.json, weights.bin or synapse-map.png, sweep.json or a merged
 * shard's files stops the reader with a message naming the file; `sweep --resume` re-runs a
 * damaged run and says so.
 */
import { readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.js";
import { recordSums, sha256Hex, SUMS_FILE, verifyFile } from "../../src/core/checksum.js";
import { loadDataset } from "../../src/data/datasets.js";
import { expandScenario, type ExpandedSweep } from "../../src/experiments/expand.js";
import { readManifest } from "../../src/experiments/manifest.js";
import { mergeSweeps } from "../../src/experiments/merge.js";
import { runSweep, type SweepEvent } from "../../src/experiments/runner.js";
import { scenarioFromValue } from "../../src/experiments/scenario-file.js";
import { decodeSnapshot, encodeSnapshot } from "../../src/experiments/snapshot-file.js";
import { checkRun, finishedKeys, resultPath, runDir } from "../../src/experiments/store.js";
import { runConfigSchema } from "../../src/network/config.js";
import { readWeights } from "../../src/experiments/run-files.js";
import { repriceResult } from "../../src/cli/commands/energy.js";
import { runPipeline, type RunSnapshot } from "../../src/network/pipeline.js";
import { loadSweepResults } from "../../src/report/load-results.js";
import { caught } from "../caught.js";
import { resultWithoutTimings, tempDir, tinyScenario } from "../e2e/helpers.js";

const sweepOf = (s: Record<string, unknown>): ExpandedSweep =>
  expandScenario(scenarioFromValue(s, "t.json"));

/** One point, one seed: the smallest sweep with every file type. */
const oneRun = sweepOf(
  tinyScenario({ seeds: [1], axes: [{ path: "neurons", values: [8] }], name: "one" }),
);
const key = oneRun.runs[0]!.key;

async function freshSweep(): Promise<string> {
  const out = tempDir("integrity");
  await runSweep(oneRun, { out, workers: 0 });
  return out;
}

/** Flips every bit of the byte at `at` (a changed byte anywhere must be caught). */
function flipByte(path: string, at: number): void {
  const bytes = readFileSync(path);
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(path, bytes);
}

/** Byte positions spread over a file: first, last, and `n` evenly between. */
function positions(length: number, n = 24): number[] {
  const out = new Set([0, length - 1]);
  for (let i = 1; i <= n; i++) out.add(Math.floor((i * (length - 1)) / (n + 1)));
  return [...out];
}

describe("checksums.sha256 (src/core/checksum.ts)", () => {
  it("verifyFile: a file whose content no longer matches its recorded SHA-256 is a DataError naming it and the recovery", () => {
    const dir = tempDir("sums");
    const path = join(dir, "a.bin");
    writeFileSync(path, "hello");
    recordSums(dir, { "a.bin": "hello" });
    expect(readFileSync(join(dir, SUMS_FILE), "utf8")).toBe(`${sha256Hex("hello")}  a.bin\n`);
    expect(verifyFile(path, "re-run it")).toBe("verified");
    writeFileSync(path, "hellO");
    const e = caught(() => verifyFile(path, "re-run it")) as DataError;
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toContain(path);
    expect(e.message).toMatch(/checksum mismatch.*re-run it$/);
  });

  it("verifyFile: a folder without checksums.sha256 is 'unverified'; a file missing from an existing one is an error", () => {
    const dir = tempDir("sums");
    writeFileSync(join(dir, "a.bin"), "x");
    expect(verifyFile(join(dir, "a.bin"), "")).toBe("unverified");
    recordSums(dir, { "b.bin": "y" });
    expect(caught(() => verifyFile(join(dir, "a.bin"), ""))).toBeInstanceOf(DataError);
  });

  it("a damaged checksums file (a line that is not '<sha256>  <name>') is itself reported", () => {
    const out = tempDir("sums");
    recordSums(out, { "a.bin": "x" });
    writeFileSync(join(out, SUMS_FILE), "zz  a.bin\n");
    expect(checkRun(out, "nope").unverified).toBe(true); // the run folder has none
    const dir = join(out, "x");
    recordSums(dir, { "result.json": "{}" });
    writeFileSync(join(dir, SUMS_FILE), "not a line\n");
    expect(caught(() => verifyFile(join(dir, "result.json"), ""))).toBeInstanceOf(DataError);
  });
});

describe("snapshot.bin carries its own SHA-256", () => {
  it("decodeSnapshot: flipping any sampled byte (header, arrays, digest) is a DataError naming the file", async () => {
    const dataset = loadDataset({ name: "mnist" }, { verifyChecksums: false });
    const config = runConfigSchema.parse({
      neurons: 4,
      train: 10,
      label: 5,
      test: 5,
      timing: { presentationMs: 50, restMs: 10 },
    });
    const snaps: RunSnapshot[] = [];
    await runPipeline(config, { dataset, snapshotEvery: 5, onSnapshot: (s) => snaps.push(s) });
    const good = Buffer.from(encodeSnapshot(snaps[0]!));
    expect(decodeSnapshot(good, "snap.bin").samplesDone).toBe(5);
    for (const at of positions(good.length, 200)) {
      const bad = Buffer.from(good);
      bad[at] = bad[at]! ^ 0x01;
      const e = caught(() => decodeSnapshot(bad, "OUT/snapshot.bin")) as Error;
      expect(e, `byte ${at}`).toBeInstanceOf(DataError);
      expect(e.message).toMatch(/^OUT\/snapshot\.bin: .*train again without --resume/);
    }
    const truncated = good.subarray(0, good.length - 1);
    expect(caught(() => decodeSnapshot(truncated, "s"))).toBeInstanceOf(DataError);
  });

  it("decodeSnapshot: a pre-checksum (NXS1) snapshot is refused as uncheckable, not trusted", () => {
    const old = Buffer.alloc(64, 0x20);
    old.write("NXS1", 0, "ascii");
    expect((caught(() => decodeSnapshot(old, "s.bin")) as Error).message).toMatch(
      /older NeuroXbar without a checksum/,
    );
  });
});

describe("sweep folders: result.json, weights.bin, synapse-map.png, sweep.json", () => {
  it.each(["result.json", "weights.bin", "synapse-map.png"])(
    "a byte flipped anywhere in %s: the report stops naming the file; sweep --resume says so and re-runs the run to the same result",
    async (file) => {
      const out = await freshSweep();
      const path = join(runDir(out, key), file);
      const original = readFileSync(path);
      const before = resultWithoutTimings(resultPath(out, key));
      for (const at of positions(original.length)) {
        flipByte(path, at);
        expect(checkRun(out, key).problems, `byte ${at}`).toHaveLength(1);
        writeFileSync(path, original);
      }
      expect(checkRun(out, key).problems).toEqual([]);
      flipByte(path, Math.floor(original.length / 2));
      const e = caught(() => loadSweepResults(out)) as Error;
      expect(e).toBeInstanceOf(DataError);
      expect(e.message).toContain(path);
      expect(e.message).toMatch(/checksum mismatch.*--resume/);

      const events: SweepEvent[] = [];
      const summary = await runSweep(oneRun, {
        out,
        workers: 0,
        resume: true,
        onEvent: (ev) => events.push(ev),
      });
      const damaged = events.find((ev) => ev.type === "run-damaged");
      expect(damaged).toMatchObject({ type: "run-damaged", key });
      expect(summary.damaged).toEqual([key]);
      expect(summary.finished).toBe(1);
      expect(readFileSync(path).equals(original) || file === "result.json").toBe(true);
      expect(resultWithoutTimings(resultPath(out, key))).toBe(before);
      expect(loadSweepResults(out).runs).toHaveLength(1);
    },
    60_000,
  );

  it("a truncated weights.bin or a deleted one that checksums.sha256 lists is damaged", async () => {
    const out = await freshSweep();
    const weights = join(runDir(out, key), "weights.bin");
    truncateSync(weights, 100);
    expect(checkRun(out, key).problems[0]).toMatch(/weights\.bin: checksum mismatch/);
    rmSync(weights);
    expect(checkRun(out, key).problems[0]).toMatch(/weights\.bin is missing/);
  }, 60_000);

  it("sweep.json: a flipped byte is a DataError naming it and saying how to rebuild it", async () => {
    const out = await freshSweep();
    const path = join(out, "sweep.json");
    flipByte(path, 10);
    const e = caught(() => readManifest(out)) as Error;
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toContain(path);
    expect(e.message).toMatch(/delete it and run neuroxbar sweep/);
  }, 60_000);

  it("a run folder without checksums.sha256 (older NeuroXbar) is reported unverified, not damaged", async () => {
    const out = await freshSweep();
    rmSync(join(runDir(out, key), SUMS_FILE));
    const loaded = loadSweepResults(out);
    expect(loaded.unverified).toEqual([key]);
    const events: SweepEvent["type"][] = [];
    await runSweep(oneRun, { out, workers: 0, resume: true, onEvent: (e) => events.push(e.type) });
    expect(events).toContain("runs-unverified");
    expect(events).not.toContain("run-start");
  }, 60_000);
});

describe("merge checks the shards' files", () => {
  it("a damaged run of a shard is not merged (reported), a good copy from another shard is; the merged copy is checked too", async () => {
    const a = await freshSweep();
    const b = await freshSweep();
    flipByte(join(runDir(a, key), "weights.bin"), 40);
    const out = tempDir("merged");
    const first = mergeSweeps([a], out);
    expect(first.copied).toBe(0);
    expect(first.damaged.join()).toContain(join(runDir(a, key), "weights.bin"));
    expect(first.missing).toEqual([key]);
    const second = mergeSweeps([a, b], out);
    expect(second.copied).toBe(1);
    expect(finishedKeys(out)).toEqual([key]);
    expect(checkRun(out, key)).toEqual({ problems: [], unverified: false });
    // Damage in the merged folder: the report stops; merging again replaces the run.
    flipByte(resultPath(out, key), 5);
    expect(caught(() => loadSweepResults(out))).toBeInstanceOf(DataError);
    expect(mergeSweeps([b], out).copied).toBe(1);
    expect(loadSweepResults(out).runs).toHaveLength(1);
  }, 120_000);
});

describe("other readers of run files check them too", () => {
  it("readWeights (export-weights, report) and energy's repriceResult stop at a damaged file, naming it", async () => {
    const out = await freshSweep();
    const weights = join(runDir(out, key), "weights.bin");
    expect(readWeights(weights).rows).toBe(784);
    flipByte(weights, 100);
    expect((caught(() => readWeights(weights)) as Error).message).toMatch(
      new RegExp(`^${weights.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: checksum mismatch`),
    );
    const result = resultPath(out, key);
    expect(repriceResult(result, "default").totalJ).toBeGreaterThan(0);
    flipByte(result, 3);
    const e = caught(() => repriceResult(result, "default"));
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toContain(result);
  }, 60_000);
});
