/**
 * Sweep runs that outlive a session: `sweep --snapshot-every K` writes each SNN run's training
 * snapshot into its folder, and an unfinished run continues from the snapshot it finds there, to
 * the same files as the uninterrupted run. Damaged or foreign snapshots are discarded with a
 * notice, never used and never a silent restart.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { expandScenario, type ExpandedSweep } from "../../src/experiments/expand.js";
import { runSweep, type SweepEvent } from "../../src/experiments/runner.js";
import { scenarioFromValue } from "../../src/experiments/scenario-file.js";
import { clearUnfinished, resultPath, runDir, SNAPSHOT_FILE } from "../../src/experiments/store.js";
import { resultWithoutTimings, tempDir, tinyScenario } from "../e2e/helpers.js";

/** Every snapshot the sweep writes: its path, training sample and bytes as written. */
const written: { path: string; samplesDone: number; bytes: Buffer }[] = [];
vi.mock("../../src/experiments/snapshot-file.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/experiments/snapshot-file.js")>();
  return {
    ...real,
    writeSnapshot: (path: string, snapshot: Parameters<typeof real.writeSnapshot>[1]) => {
      real.writeSnapshot(path, snapshot);
      written.push({ path, samplesDone: snapshot.samplesDone, bytes: readFileSync(path) });
    },
  };
});

const sweepOf = (s: Record<string, unknown>): ExpandedSweep =>
  expandScenario(scenarioFromValue(s, "t.json"));
// One run: 20 neurons, 30 training images (TINY_BASE).
const sweep = sweepOf(tinyScenario({ seeds: [1], axes: [{ path: "neurons", values: [20] }] }));
const key = sweep.runs[0]!.key;

const run = (out: string, extra: Partial<Parameters<typeof runSweep>[1]> = {}) => {
  const events: SweepEvent[] = [];
  const done = runSweep(sweep, {
    out,
    workers: 0,
    onEvent: (e) => {
      if (e.type === "run-snapshot") events.push(e);
    },
    ...extra,
  });
  return done.then((summary) => ({ summary, events }));
};

/** Puts `bytes` where an interrupted run of `out` would have left its snapshot. */
function placeSnapshot(out: string, bytes: Uint8Array | string): void {
  mkdirSync(runDir(out, key), { recursive: true });
  writeFileSync(join(runDir(out, key), SNAPSHOT_FILE), bytes);
}

function sameRun(a: string, b: string): void {
  expect(resultWithoutTimings(resultPath(b, key))).toBe(resultWithoutTimings(resultPath(a, key)));
  expect(
    readFileSync(join(runDir(b, key), "weights.bin")).equals(
      readFileSync(join(runDir(a, key), "weights.bin")),
    ),
  ).toBe(true);
}

describe("sweep --snapshot-every", () => {
  const plain = tempDir("snap-plain");
  let plainDone: Promise<unknown> | null = null;
  const ensurePlain = () => (plainDone ??= run(plain));
  const snapshotAt10: { bytes: Buffer | null } = { bytes: null };

  it("writes snapshot.bin in the run's folder every K training samples, removes it when the run ends, and changes no result", async () => {
    await ensurePlain();
    const out = tempDir("snap-every");
    written.length = 0;
    const { summary, events } = await run(out, { snapshotEvery: 10 });
    expect(summary.finished).toBe(1);
    // 30 training images: snapshots after 10 and 20 (none at the end, when the run finishes).
    expect(written.map((w) => w.samplesDone)).toEqual([10, 20]);
    for (const w of written) expect(w.path).toBe(join(runDir(out, key), SNAPSHOT_FILE));
    expect(existsSync(join(runDir(out, key), SNAPSHOT_FILE))).toBe(false);
    expect(events).toEqual([]);
    sameRun(plain, out);
    snapshotAt10.bytes = written[0]!.bytes;
  });

  it("an interrupted run (its folder holds the snapshot at sample 10) continues from it to the uninterrupted run's files", async () => {
    await ensurePlain();
    expect(snapshotAt10.bytes).not.toBeNull();
    const out = tempDir("snap-resume");
    placeSnapshot(out, snapshotAt10.bytes!);
    const { summary, events } = await run(out, { resume: true });
    expect(summary.finished).toBe(1);
    expect(events).toEqual([
      { type: "run-snapshot", key, use: { kind: "resumed", samplesDone: 10 } },
    ]);
    expect(existsSync(join(runDir(out, key), SNAPSHOT_FILE))).toBe(false);
    sameRun(plain, out);
  });

  it("a damaged snapshot is discarded with its reason and the run starts over (same files)", async () => {
    await ensurePlain();
    const out = tempDir("snap-damaged");
    const bytes = Buffer.from(snapshotAt10.bytes!);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    placeSnapshot(out, bytes);
    const { events } = await run(out);
    expect(events).toHaveLength(1);
    const use = (events[0] as Extract<SweepEvent, { type: "run-snapshot" }>).use;
    expect(use.kind).toBe("discarded");
    expect(use.kind === "discarded" && use.reason).toMatch(/SHA-256|checksum|damaged/i);
    sameRun(plain, out);
  });

  it("a snapshot of another configuration is discarded, not resumed", async () => {
    await ensurePlain();
    const other = sweepOf(tinyScenario({ seeds: [1], axes: [{ path: "neurons", values: [21] }] }));
    const otherOut = tempDir("snap-other");
    written.length = 0;
    await runSweep(other, { out: otherOut, workers: 0, snapshotEvery: 10 });
    const out = tempDir("snap-foreign");
    placeSnapshot(out, written[0]!.bytes);
    const { events } = await run(out);
    expect(events).toEqual([
      {
        type: "run-snapshot",
        key,
        use: { kind: "discarded", reason: "it was taken with another run configuration" },
      },
    ]);
    sameRun(plain, out);
  });

  it("clearing an unfinished run keeps its snapshot and removes everything else", () => {
    const out = tempDir("snap-clear");
    const dir = runDir(out, key);
    placeSnapshot(out, "x");
    writeFileSync(join(dir, "error.json"), "{}");
    writeFileSync(join(dir, ".weights.bin.123.tmp"), "partial");
    clearUnfinished(out, key);
    expect(readdirSync(dir)).toEqual([SNAPSHOT_FILE]);
  });
});
