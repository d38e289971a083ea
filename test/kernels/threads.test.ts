import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset, type Dataset } from "../../src/data/datasets.js";
import { createRng } from "../../src/core/rng.js";
import { WINDOW_STEPS, columnBounds, liveColumnWorkers } from "../../src/kernels/team.js";
import {
  RANGE_OUT_HEADER_INTS,
  RANGE_OUT_LEARN,
  rangeOutInts,
} from "../../src/kernels/team-ops.js";
import { KernelArena, kernelsAvailable } from "../../src/kernels/wasm.js";
import { THREADS_FROM_NEURONS, defaultThreadCount } from "../../src/network/build.js";
import { runConfigSchema, type RunConfigInput } from "../../src/network/config.js";
import {
  runPipeline,
  type RunEvent,
  type RunOutput,
  type RunSnapshot,
} from "../../src/network/pipeline.js";
import { SMALL_RUN, fingerprint, sha } from "./run-fingerprint.js";

/**
 * One run on several threads (`--threads N`, src/kernels/team.ts): the neuron steps are split by
 * column across worker threads over shared memory. Whole runs must equal the one-thread run bit
 * for bit — weights, spike counts, op counts, thresholds, assignment and accuracy — for every
 * thread count, and the workers must be gone when runPipeline settles.
 */

const SMALL = SMALL_RUN;

let mnist: Dataset;
beforeAll(() => {
  mnist = loadDataset({ name: "mnist" });
});

interface Run {
  readonly out: RunOutput;
  readonly events: RunEvent[];
  /** liveColumnWorkers() seen at the run's `threads` event (while its team runs). */
  readonly workersDuringRun: number | null;
}

async function run(
  over: Partial<RunConfigInput>,
  threads: number,
  extra: { snapshotEvery?: number; resumeFrom?: RunSnapshot } = {},
): Promise<Run & { snapshots: RunSnapshot[] }> {
  const config = runConfigSchema.parse({ ...SMALL, ...over });
  const events: RunEvent[] = [];
  const snapshots: RunSnapshot[] = [];
  let workersDuringRun: number | null = null;
  const out = await runPipeline(config, {
    dataset: mnist,
    threads,
    onEvent: (e) => {
      if (e.type === "threads") workersDuringRun = liveColumnWorkers();
      if (e.type !== "progress") events.push(e);
    },
    onSnapshot: (s) => snapshots.push(s),
    ...extra,
  });
  return { out, events, workersDuringRun, snapshots };
}

const CASES: readonly [string, Partial<RunConfigInput>][] = [
  ["dc neuron (forward Euler), triplet rule", {}],
  [
    "dc neuron (implicit Euler), triplet rule, 23 neurons",
    { neurons: 23, neuron: { model: "dc", integration: "implicit-euler" } },
  ],
  ["dc neuron, pair rule (onPreRows kernel)", { learning: { rule: "pair" } }],
  ["dc neuron, lateral inhibition, 23 neurons", { neurons: 23, inhibition: { mode: "lateral" } }],
  ["hw neuron, triplet rule", { neuron: { model: "hw" } }],
  [
    "hw neuron, pair rule, 23 neurons",
    { neurons: 23, neuron: { model: "hw" }, learning: { rule: "pair" } },
  ],
];

describe.runIf(kernelsAvailable())("runPipeline on several threads", () => {
  it.each(CASES)(
    "runPipeline with threads 2 and 3 equals threads 1 bit for bit: %s",
    async (_name, over) => {
      const one = await run(over, 1);
      const trainSpikes = one.out.result.phases.train.spikeCounts.reduce((a, b) => a + b, 0);
      expect(trainSpikes).toBeGreaterThan(0);
      expect(one.out.result.timings.threads).toBe(1);
      for (const threads of [2, 3]) {
        const many = await run(over, threads);
        expect(many.out.result.timings.threads).toBe(threads);
        // The run is long enough for both ways of running a step (split, and main thread alone:
        // the team's measuring windows), so both are compared with the one-thread result.
        expect(many.out.result.timings.threadedShare).toBeGreaterThan(0);
        expect(many.out.result.timings.threadedShare).toBeLessThan(1);
        expect(many.events.filter((e) => e.type === "threads")).toEqual([
          { type: "threads", requested: threads, used: threads, reason: null },
        ]);
        expect(fingerprint(many.out)).toEqual(fingerprint(one.out));
      }
    },
    120_000,
  );

  it("a run on 2 threads with checkpoints equals the one-thread run (checkpoint save/restore of shared state)", async () => {
    const over = { checkpoints: { every: 10, label: 10, test: 10 } } as Partial<RunConfigInput>;
    const one = await run(over, 1);
    const two = await run(over, 2);
    expect(one.out.result.curve.length).toBe(3);
    expect(fingerprint(two.out)).toEqual(fingerprint(one.out));
  }, 120_000);

  it("a snapshot taken on 2 threads, resumed on 1 thread, gives the uninterrupted result", async () => {
    const over = { neuron: { model: "dc", integration: "implicit-euler" } } as const;
    const whole = await run(over, 1);
    const first = await run(over, 2, { snapshotEvery: 16 });
    expect(first.snapshots.map((s) => s.samplesDone)).toEqual([16]);
    const resumed = await run(over, 1, { resumeFrom: first.snapshots[0]! });
    expect(fingerprint(resumed.out)).toEqual(fingerprint(whole.out));
    // And the other way round: a one-thread snapshot resumed on 3 threads.
    const firstOne = await run(over, 1, { snapshotEvery: 16 });
    const resumedThree = await run(over, 3, { resumeFrom: firstOne.snapshots[0]! });
    expect(fingerprint(resumedThree.out)).toEqual(fingerprint(whole.out));
  }, 120_000);

  it("the worker threads run during a threaded run and have exited when runPipeline resolves", async () => {
    expect(liveColumnWorkers()).toBe(0);
    const three = await run({}, 3);
    expect(three.workersDuringRun).toBe(2);
    expect(liveColumnWorkers()).toBe(0);
  }, 120_000);

  it("the worker threads have exited when runPipeline rejects mid-run", async () => {
    const config = runConfigSchema.parse(SMALL);
    let during = -1;
    const failing = runPipeline(config, {
      dataset: mnist,
      threads: 2,
      onEvent: (e) => {
        if (e.type === "progress") {
          during = liveColumnWorkers();
          throw new Error("stop here");
        }
      },
    });
    await expect(failing).rejects.toThrow("stop here");
    expect(during).toBe(1);
    expect(liveColumnWorkers()).toBe(0);
  }, 120_000);

  it.each([
    ["a crossbar array (per-event reads)", { synapses: { kind: "crossbar", device: "ag-a-si" } }],
    ["the lif neuron (no row-stepping kernel)", { neuron: { model: "lif" } }],
  ] as [string, Partial<RunConfigInput>][])(
    "a configuration the column split does not cover runs on one thread, says why once, and gives the one-thread result: %s",
    async (_name, over) => {
      const one = await run(over, 1);
      const two = await run(over, 2);
      const said = two.events.filter((e) => e.type === "threads");
      expect(said).toHaveLength(1);
      expect(said[0]).toMatchObject({ requested: 2, used: 1 });
      expect((said[0] as { reason: string | null }).reason).toEqual(expect.any(String));
      expect(two.workersDuringRun).toBe(0);
      expect(two.out.result.timings.threads).toBe(1);
      expect(two.out.result.timings.threadedShare).toBe(0);
      expect(fingerprint(two.out)).toEqual(fingerprint(one.out));
    },
    120_000,
  );

  it("with NEUROXBAR_KERNELS=js the run stays on the JavaScript reference path on one thread", async () => {
    const before = process.env.NEUROXBAR_KERNELS;
    process.env.NEUROXBAR_KERNELS = "js";
    try {
      const two = await run({}, 2);
      const said = two.events.find((e) => e.type === "threads");
      expect(said).toMatchObject({ requested: 2, used: 1 });
      expect((said as { reason: string }).reason).toContain("NEUROXBAR_KERNELS=js");
      expect(two.out.result.timings.threads).toBe(1);
    } finally {
      if (before === undefined) delete process.env.NEUROXBAR_KERNELS;
      else process.env.NEUROXBAR_KERNELS = before;
    }
  }, 120_000);
});

describe("columnBounds", () => {
  it.each([
    [24, 2],
    [23, 3],
    [1600, 8],
    [100, 8],
    [5, 4],
  ])(
    "columnBounds(%i, %i) covers every column once, ascending, with inner boundaries on multiples of 16",
    (columns, chunks) => {
      const b = Array.from(columnBounds(columns, chunks));
      expect(b).toHaveLength(chunks + 1);
      expect(b[0]).toBe(0);
      expect(b[chunks]).toBe(columns);
      for (let c = 0; c < chunks; c++) expect(b[c + 1]!).toBeGreaterThanOrEqual(b[c]!);
      for (const inner of b.slice(1, -1)) expect(inner === columns || inner % 16 === 0).toBe(true);
    },
  );
});

describe("defaultThreadCount", () => {
  it("defaultThreadCount is 1 below THREADS_FROM_NEURONS and the idle cores (cores − load, ≥ 1) from it", () => {
    expect(defaultThreadCount(THREADS_FROM_NEURONS - 1, 2, 0)).toBe(1);
    expect(defaultThreadCount(THREADS_FROM_NEURONS, 2, 0)).toBe(2);
    expect(defaultThreadCount(6400, 2, 0.3)).toBe(2);
    expect(defaultThreadCount(6400, 2, 1.2)).toBe(1);
    expect(defaultThreadCount(6400, 2, 5)).toBe(1);
    expect(defaultThreadCount(6400, 8, 2.2)).toBe(6);
  });
});

describe.runIf(kernelsAvailable())("ColumnTeam", () => {
  /** A dcStep-only network in `arena`: weights of `rows` × `cols`, state at rest. */
  const dcNetwork = (arena: KernelArena, rows: number, cols: number, seed: number) => {
    const rng = createRng(seed);
    const w = arena.f32(rows * cols);
    for (let i = 0; i < w.length; i++) w[i] = rng.next() * 0.4;
    return {
      w,
      rows: arena.i32(rows),
      v: arena.f64(cols).fill(-65),
      ge: arena.f64(cols),
      gi: arena.f64(cols),
      theta: arena.f64(cols),
      clamp: arena.f64(cols).fill(-Infinity),
      fireAfter: arena.f64(cols).fill(-Infinity),
      out: arena.i32(rangeOutInts(cols)),
    };
  };
  type DcNetwork = ReturnType<typeof dcNetwork>;
  /** dcStep's arguments from t on (no θ decay, implicit Euler): the test's own constants. */
  const dcArgs = (t: number) => [t, 0.005, 0.5, 0.75, -65, 0, -100, -52, 1, 1] as const;
  const addresses = (n: DcNetwork) =>
    [
      n.v.byteOffset,
      n.ge.byteOffset,
      n.gi.byteOffset,
      n.theta.byteOffset,
      n.clamp.byteOffset,
      n.fireAfter.byteOffset,
    ] as const;

  it("ColumnTeam.dcStep with the pre-synaptic learning and ColumnTeam.stdpPost on 3 threads (more threads than this machine's cores: the main thread takes over late workers' chunks) give the one-thread kernels' firing lists, weights, learning counts and state (4,096 columns, 3,000 steps)", async () => {
    const rows = 64;
    const cols = 4096;
    const wMax = 1;
    const cutoff = 40;
    const bytes = rows * cols * 4 + cols * 128 + 65_536;
    const shared = KernelArena.create(bytes, true)!;
    const plain = KernelArena.create(bytes)!;
    const make = (arena: KernelArena) => {
      const state = {
        ...dcNetwork(arena, rows, cols, 17),
        lastPre: arena.f64(rows).fill(-Infinity),
        lastPost: arena.f64(cols).fill(-Infinity),
        active: arena.u8(cols),
        dirty: arena.u8(cols),
        // e^(−s/8): a post trace for the pre walk (s ≤ cutoff), a pre trace for the post walk.
        table: arena.f64(cutoff + 1),
        postCols: arena.i32(cols),
        postGains: arena.f64(cols),
      };
      for (let j = 0; j < cols; j++) state.theta[j] = (j % 7) * 0.5;
      for (let s = 0; s <= cutoff; s++) state.table[s] = Math.exp(-s / 8);
      return state;
    };
    const a = make(shared);
    const b = make(plain);
    const team = shared.startTeam(3, cols);
    const fired = new Int32Array(cols);
    const booked = [0, 0];
    // kind 2 (weight-dependent) on odd steps, 0 on even ones: both Δw forms split.
    const pre = (kind: number) => ({
      arena: shared,
      weightsAddress: a.w.byteOffset,
      kind,
      lastPreAddress: a.lastPre.byteOffset,
      dirtyAddress: a.dirty.byteOffset,
      wMax,
      lastPostAddress: a.lastPost.byteOffset,
      isActiveAddress: a.active.byteOffset,
      cutoffSteps: cutoff,
      tableAddress: a.table.byteOffset,
      nu: 0.003,
      bookUpdates: (ltp: number, ltd: number) => {
        booked[0]! += ltp;
        booked[1]! += ltd;
      },
    });
    const plainCounts = [0, 0];
    let spikes = 0;
    let ops = 0;
    const rng = createRng(18);
    try {
      for (let t = 0; t < 3000; t++) {
        const nRows = Math.floor(rng.next() * 5);
        for (let k = 0; k < nRows; k++) a.rows[k] = b.rows[k] = (t * 7 + k * 13) % rows;
        const implicit = t % 2;
        const kind = 2 * (t % 2);
        const args = [t, 0.005, 0.5, 0.75, -65, 0, -100, -52, 1, implicit] as const;
        const n = team.dcStep(
          a.w.byteOffset,
          cols,
          a.rows.byteOffset,
          nRows,
          a.v.byteOffset,
          a.ge.byteOffset,
          a.gi.byteOffset,
          a.theta.byteOffset,
          a.clamp.byteOffset,
          a.fireAfter.byteOffset,
          ...args,
          pre(kind),
          fired,
        );
        ops++;
        const m = plain.kernels.dcStepRange(
          0,
          cols,
          b.out.byteOffset,
          b.w.byteOffset,
          cols,
          b.rows.byteOffset,
          nRows,
          b.v.byteOffset,
          b.ge.byteOffset,
          b.gi.byteOffset,
          b.theta.byteOffset,
          b.clamp.byteOffset,
          b.fireAfter.byteOffset,
          ...args,
          1,
          kind,
          b.lastPre.byteOffset,
          b.dirty.byteOffset,
          wMax,
          b.lastPost.byteOffset,
          b.active.byteOffset,
          cutoff,
          b.table.byteOffset,
          0.003,
        );
        plainCounts[0]! += b.out[RANGE_OUT_LEARN]!;
        plainCounts[1]! += b.out[RANGE_OUT_LEARN + 1]!;
        expect(n).toBe(m);
        expect(Array.from(fired.subarray(0, n))).toEqual(
          Array.from(b.out.subarray(RANGE_OUT_HEADER_INTS, RANGE_OUT_HEADER_INTS + m)),
        );
        if (n > 0) {
          // The firing columns' post-synaptic walks (gain depends on the column), then their spike.
          for (let k = 0; k < n; k++) {
            const j = fired[k]!;
            a.postCols[k] = b.postCols[k] = j;
            a.postGains[k] = b.postGains[k] = 0.01 * (1 + (j % 3));
          }
          team.stdpPost(
            kind,
            a.postCols.byteOffset,
            a.postGains.byteOffset,
            n,
            t,
            a.w.byteOffset,
            cols,
            rows,
            a.dirty.byteOffset,
            wMax,
            a.lastPre.byteOffset,
            cutoff,
            a.table.byteOffset,
            cutoff + 1,
          );
          ops++;
          booked[0]! += team.learnCounts[0]!;
          booked[1]! += team.learnCounts[1]!;
          plain.kernels.stdpPostRange(
            0,
            cols,
            b.out.byteOffset,
            kind,
            b.postCols.byteOffset,
            b.postGains.byteOffset,
            n,
            t,
            b.w.byteOffset,
            cols,
            rows,
            b.dirty.byteOffset,
            wMax,
            b.lastPre.byteOffset,
            cutoff,
            b.table.byteOffset,
            cutoff + 1,
          );
          plainCounts[0]! += b.out[RANGE_OUT_LEARN]!;
          plainCounts[1]! += b.out[RANGE_OUT_LEARN + 1]!;
        }
        // Reset the firing neurons (refractory 20 steps) in both, so the network keeps firing.
        for (let k = 0; k < n; k++) {
          const j = fired[k]!;
          a.v[j] = b.v[j] = -65;
          a.fireAfter[j] = b.fireAfter[j] = t + 20;
          a.gi[j] = b.gi[j] = a.gi[j]! + 0.1;
          b.gi[j] = a.gi[j]!;
          a.lastPost[j] = b.lastPost[j] = t;
          a.active[j] = b.active[j] = 1;
        }
        spikes += n;
      }
    } finally {
      await shared.close();
    }
    expect(spikes).toBeGreaterThan(1000);
    // Both learning directions happened, and their counts agree.
    expect(plainCounts[0]).toBeGreaterThan(1000);
    expect(plainCounts[1]).toBeGreaterThan(1000);
    expect(booked).toEqual(plainCounts);
    expect(sha(a.w)).toBe(sha(b.w));
    expect(sha(a.dirty)).toBe(sha(b.dirty));
    expect(sha(a.active)).toBe(sha(b.active));
    expect(sha(a.lastPre)).toBe(sha(b.lastPre));
    expect(sha(a.v)).toBe(sha(b.v));
    expect(sha(a.ge)).toBe(sha(b.ge));
    expect(sha(a.gi)).toBe(sha(b.gi));
    // opCounts counts neuron steps (the stdpPost operations ran split too, uncounted).
    expect(team.opCounts).toEqual({ shared: 3000, solo: 0 });
    expect(ops).toBeGreaterThan(3000);
    expect(liveColumnWorkers()).toBe(0);
  }, 120_000);

  it("ColumnTeam.normalise on 3 threads and normaliseRange on one give the JavaScript normaliseColumns loop's weights and flags: dirty columns rescaled to the target sum, clean ones and all-zero ones untouched (1,000 columns)", async () => {
    const rows = 784;
    const cols = 1000;
    const target = 78;
    const bytes = rows * cols * 4 + cols * 32 + 65_536;
    const shared = KernelArena.create(bytes, true)!;
    const plain = KernelArena.create(bytes)!;
    const rng = createRng(23);
    const weights = Float32Array.from({ length: rows * cols }, () => rng.next() * 0.3);
    for (let i = 0; i < rows; i++) weights[i * cols + 7] = 0; // an all-zero column
    const dirtyFlags = Uint8Array.from({ length: cols }, (_, j) => (j % 5 === 3 ? 0 : 1));
    const make = (arena: KernelArena) => {
      const w = arena.f32(rows * cols);
      w.set(weights);
      const dirty = arena.u8(cols);
      dirty.set(dirtyFlags);
      return { w, dirty };
    };
    const a = make(shared);
    const b = make(plain);
    // The reference: src/crossbar/ideal-synapses.ts's JavaScript loop, column by column.
    const ref = Float32Array.from(weights);
    for (let j = 0; j < cols; j++) {
      if (dirtyFlags[j] === 0) continue;
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += ref[i * cols + j]!;
      if (sum <= 0) continue;
      const factor = target / sum;
      for (let i = 0; i < rows; i++) ref[i * cols + j]! *= factor;
    }
    const team = shared.startTeam(3, cols);
    try {
      team.normalise(a.w.byteOffset, cols, rows, a.dirty.byteOffset, target);
    } finally {
      await shared.close();
    }
    plain.kernels.normaliseRange(0, cols, b.w.byteOffset, cols, rows, b.dirty.byteOffset, target);
    expect(sha(a.w)).toBe(sha(ref));
    expect(sha(b.w)).toBe(sha(ref));
    expect(Array.from(a.dirty).every((f) => f === 0)).toBe(true);
    expect(Array.from(b.dirty).every((f) => f === 0)).toBe(true);
    // The test is not vacuous: dirty columns moved to the target sum, clean ones did not move.
    const columnSum = (w: Float32Array, j: number) => {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += w[i * cols + j]!;
      return sum;
    };
    // Each rescaled weight is rounded to float32 (relative error ≤ 2^−24), so the column sums to
    // the target within 78·2^−24 ≈ 5e-6; toBeCloseTo(…, 3) allows 5e-4.
    expect(columnSum(a.w, 0)).toBeCloseTo(target, 3);
    expect(columnSum(a.w, 3)).toBe(columnSum(weights, 3));
    expect(columnSum(a.w, 7)).toBe(0);
  }, 60_000);
  it("a worker asleep when a step is published has its chunk taken over by the main thread, with the one-thread kernel's firing lists and state (2 threads, 1,024 columns, 40 steps after pauses)", async () => {
    const rows = 64;
    const cols = 1024;
    const bytes = rows * cols * 4 + cols * 128 + 65_536;
    const shared = KernelArena.create(bytes, true)!;
    const plain = KernelArena.create(bytes)!;
    const a = dcNetwork(shared, rows, cols, 29);
    const b = dcNetwork(plain, rows, cols, 29);
    const team = shared.startTeam(2, cols, { alwaysSplit: true });
    const fired = new Int32Array(cols);
    const pause = new Int32Array(new SharedArrayBuffer(4));
    let spikes = 0;
    try {
      for (let t = 0; t < 40; t++) {
        // 3 ms: the worker polls for SPIN_MS (0.5 ms), then sleeps; waking it takes far longer
        // than the main thread's half of a step, so the main thread finds its chunk unclaimed.
        Atomics.wait(pause, 0, 0, 3);
        const nRows = 8;
        for (let k = 0; k < nRows; k++) a.rows[k] = b.rows[k] = (t * 11 + k * 7) % rows;
        const n = team.dcStep(
          a.w.byteOffset,
          cols,
          a.rows.byteOffset,
          nRows,
          ...addresses(a),
          ...dcArgs(t),
          null,
          fired,
        );
        const m = plain.kernels.dcStepRange(
          0,
          cols,
          b.out.byteOffset,
          b.w.byteOffset,
          cols,
          b.rows.byteOffset,
          nRows,
          ...addresses(b),
          ...dcArgs(t),
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
        );
        expect(n).toBe(m);
        expect(Array.from(fired.subarray(0, n))).toEqual(
          Array.from(b.out.subarray(RANGE_OUT_HEADER_INTS, RANGE_OUT_HEADER_INTS + m)),
        );
        for (let k = 0; k < n; k++) {
          const j = fired[k]!;
          a.v[j] = b.v[j] = -65;
          a.fireAfter[j] = b.fireAfter[j] = t + 5;
        }
        spikes += n;
      }
      // Every step was split (alwaysSplit), and the main thread ran the late worker's chunk in
      // some of them: in all 40 the worker had been asleep for 2.5 ms.
      expect(team.opCounts).toEqual({ shared: 40, solo: 0 });
      expect(team.takeOvers).toBeGreaterThan(0);
      expect(team.takeOvers).toBeLessThanOrEqual(40);
    } finally {
      await shared.close();
    }
    expect(spikes).toBeGreaterThan(0);
    expect(sha(a.v)).toBe(sha(b.v));
    expect(sha(a.ge)).toBe(sha(b.ge));
    expect(sha(a.theta)).toBe(sha(b.theta));
    expect(liveColumnWorkers()).toBe(0);
  }, 60_000);

  it("a team measures running alone after its first two windows of WINDOW_STEPS steps, and with alwaysSplit never does (256 columns, 3 windows)", async () => {
    const rows = 16;
    const cols = 256;
    const steps = 3 * WINDOW_STEPS;
    const run = async (alwaysSplit: boolean) => {
      const arena = KernelArena.create(rows * cols * 4 + cols * 128 + 65_536, true)!;
      const n = dcNetwork(arena, rows, cols, 31);
      const team = arena.startTeam(2, cols, { alwaysSplit });
      const fired = new Int32Array(cols);
      try {
        for (let t = 0; t < steps; t++) {
          n.rows[0] = t % rows;
          team.dcStep(
            n.w.byteOffset,
            cols,
            n.rows.byteOffset,
            1,
            ...addresses(n),
            ...dcArgs(t),
            null,
            fired,
          );
        }
        return team.opCounts;
      } finally {
        await arena.close();
      }
    };
    // The first window warms up (not measured), the second measures the split, and with no
    // measurement of running alone yet the third runs alone: whatever the machine's timings.
    expect(await run(false)).toEqual({ shared: 2 * WINDOW_STEPS, solo: WINDOW_STEPS });
    expect(await run(true)).toEqual({ shared: steps, solo: 0 });
  }, 60_000);
});
