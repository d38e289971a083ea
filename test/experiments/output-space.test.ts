/**
 * Free-space preflight (src/experiments/output-space.ts, src/core/disk-space.ts). The decision is
 * tested with an injected statfs (a nearly full disk cannot be made on demand here: /dev/shm is a
 * 25 GB tmpfs); the estimate is tested against the files a real run writes.
 */
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatBytes, freeBytes, type StatFs } from "../../src/core/disk-space.js";
import { IoError } from "../../src/core/errors.js";
import { imagePixels, loadDataset } from "../../src/data/datasets.js";
import {
  ensureRunFits,
  ensureSweepFits,
  estimateRunBytes,
  SAFETY_FACTOR,
  withSafety,
} from "../../src/experiments/output-space.js";
import { writeRunFiles } from "../../src/experiments/run-files.js";
import { writeSnapshot } from "../../src/experiments/snapshot-file.js";
import { runConfigSchema, type RunConfigInput } from "../../src/network/config.js";
import { runPipeline, type RunSnapshot } from "../../src/network/pipeline.js";
import { caught } from "../caught.js";
import { makeTempDir, writeSplit } from "../data/idx-files.js";

const { dir: tmp, cleanup } = makeTempDir("output-space");
afterAll(cleanup);

/** A statfs that reports `free` bytes available (4 kB blocks, rounded down). */
const statfsWith =
  (free: number): StatFs =>
  () => ({ bavail: Math.floor(free / 4096), bsize: 4096 });

const BIG = runConfigSchema.parse({ neurons: 6400, train: 60_000, test: 10_000 });

describe("free-space decision (injected statfs)", () => {
  const needed = withSafety(estimateRunBytes(BIG, 784).total);

  it("the estimate of a 6400-neuron MNIST run: 20 MB of weights, a synapse map bounded by its raw pixels", () => {
    const b = estimateRunBytes(BIG, 784);
    expect(b.weights).toBe(784 * 6400 * 4 + 4104);
    // 80 × 80 tiles of 56 + 1 px: 4561 × 4561 RGBA plus a filter byte per row, + 0.1 % + 4 kB.
    expect(b.synapseMap).toBe(Math.ceil(4561 * (4561 * 4 + 1) * 1.001) + 4096);
    expect(b.snapshot).toBe(0);
    expect(needed).toBe(Math.ceil(b.total * SAFETY_FACTOR) + (1 << 20));
  });

  it("ensureRunFits: less free space than the estimate → IoError (exit 5) naming the folder, the free bytes and the estimate", () => {
    const free = needed - 4096;
    const err = caught(() => ensureRunFits("/runs/big", BIG, 0, statfsWith(free)));
    expect(err).toBeInstanceOf(IoError);
    expect((err as IoError).exitStatus).toBe(5);
    const freeBytesSeen = Math.floor(free / 4096) * 4096;
    expect((err as Error).message).toBe(
      `output folder /runs/big has ${formatBytes(freeBytesSeen)} free (${freeBytesSeen} bytes), but this run will write weights.bin 20.1 MB, synapse-map.png ≤ 83.3 MB, result.json 680 kB (× 1.25 safety factor + 1 MiB): about ${formatBytes(needed)} (${needed} bytes); free some space or choose another --out`,
    );
  });

  it("ensureRunFits: enough free space passes; so does a statfs that cannot tell", () => {
    expect(() => ensureRunFits("/runs/big", BIG, 0, statfsWith(needed + 4096))).not.toThrow();
    const broken: StatFs = () => {
      throw Object.assign(new Error("statfs not supported"), { code: "ENOSYS" });
    };
    expect(() => ensureRunFits("/runs/big", BIG, 0, broken)).not.toThrow();
    expect(freeBytes("/runs/big", broken)).toBeNull();
    // Node can report bigint block counts: they are read the same way.
    const big: StatFs = () => ({ bavail: 10n, bsize: 4096n });
    expect(freeBytes("/x", big)).toBe(40_960);
  });

  it("ensureRunFits: --snapshot-every adds two snapshots (old and new during an atomic replace)", () => {
    const crossbar = runConfigSchema.parse({
      neurons: 6400,
      train: 60_000,
      synapses: { kind: "crossbar", device: "ag-a-si", mapping: "differential" },
    });
    const withSnaps = estimateRunBytes(crossbar, 784, 1000);
    // 5.0 M synapses × 2 devices × 81 bytes (813 MB) + neuron and input state: 815 MB.
    expect(withSnaps.snapshot).toBeGreaterThan(784 * 6400 * 162);
    expect(withSnaps.total).toBe(estimateRunBytes(crossbar, 784).total + 2 * withSnaps.snapshot);
    // Fits without snapshots, not with them.
    const free = withSafety(estimateRunBytes(crossbar, 784).total) + 4096;
    expect(() => ensureRunFits("/o", crossbar, 0, statfsWith(free))).not.toThrow();
    const err = caught(() => ensureRunFits("/o", crossbar, 1000, statfsWith(free)));
    expect((err as Error).message).toContain("2 × snapshot.bin 815 MB");
    // A snapshot interval not below the training length never writes one.
    expect(estimateRunBytes(crossbar, 784, 60_000).snapshot).toBe(0);
  });

  it("ensureSweepFits: the pending runs' estimates add up", () => {
    const small = runConfigSchema.parse({ neurons: 100, train: 1000, test: 1000 });
    const one = estimateRunBytes(small, 784).total;
    const free = withSafety(2 * one) - 8192;
    expect(() => ensureSweepFits("/s", [small], 0, statfsWith(free))).not.toThrow();
    const err = caught(() => ensureSweepFits("/s", [small, small], 0, statfsWith(free)));
    expect(err).toBeInstanceOf(IoError);
    expect((err as Error).message).toContain(
      `but the 2 pending run(s) will write ${formatBytes(2 * one)} (result.json, weights.bin, synapse-map.png each; × 1.25 safety factor + 1 MiB): about ${formatBytes(withSafety(2 * one))}`,
    );
    expect(() => ensureSweepFits("/s", [], 0, statfsWith(0))).not.toThrow();
  });
});

describe("the estimate bounds what a run really writes", () => {
  const dataset = loadDataset({ name: "mnist" }, { verifyChecksums: false });

  it.each<[string, RunConfigInput]>([
    ["ideal synapses", {}],
    [
      "differential crossbar with drift",
      {
        synapses: {
          kind: "crossbar",
          device: "ag-a-si",
          mapping: "differential",
          set: { "drift.enabled": true, "drift.nu": 0.05 },
        },
      },
    ],
  ])(
    "%s: result.json, weights.bin, synapse-map.png and snapshot.bin are each within their estimate",
    async (name, extra) => {
      const config = runConfigSchema.parse({
        neurons: 10,
        train: 20,
        label: 10,
        test: 10,
        seed: 2,
        timing: { presentationMs: 100, restMs: 50 },
        checkpoints: { every: 10, label: 5, test: 5 },
        ...extra,
      });
      const snaps: RunSnapshot[] = [];
      const output = await runPipeline(config, {
        dataset,
        snapshotEvery: 10,
        onSnapshot: (s) => snaps.push(s),
      });
      const out = join(tmp, name.replace(/\W+/g, "-"));
      mkdirSync(out, { recursive: true });
      const files = writeRunFiles(out, output);
      writeSnapshot(join(out, "snapshot.bin"), snaps[0]!);
      const size = (p: string) => statSync(p).size;
      const est = estimateRunBytes(config, 784, 10);
      expect(size(files.result)).toBeLessThanOrEqual(est.result);
      // The weights file is exact up to the JSON header's slack (< 4 kB).
      expect(size(files.weights)).toBeLessThanOrEqual(est.weights);
      expect(size(files.weights)).toBeGreaterThan(est.weights - 4096);
      expect(size(files.synapseMap)).toBeLessThanOrEqual(est.synapseMap);
      expect(size(join(out, "snapshot.bin"))).toBeLessThanOrEqual(est.snapshot);
    },
    60_000,
  );
});

describe("imagePixels: the image size without loading the dataset", () => {
  it("named datasets are 28 × 28", () => {
    expect(imagePixels({ name: "mnist" })).toBe(784);
    expect(imagePixels({ name: "fashion-mnist" })).toBe(784);
  });

  it.each([false, true])(
    "an idx folder's train-images header gives rows × cols (gzip %s)",
    (gz) => {
      const dir = join(tmp, `idx-${gz}`);
      mkdirSync(dir);
      const names = (split: string) => ({
        images: `${split}-images-idx3-ubyte${gz ? ".gz" : ""}`,
        labels: `${split}-labels-idx1-ubyte${gz ? ".gz" : ""}`,
      });
      const labels = Array.from({ length: 300 }, (_, i) => i % 10);
      writeSplit(dir, names("train"), labels, 20, 10, gz);
      writeSplit(dir, names("t10k"), labels.slice(0, 30), 20, 10, gz);
      expect(imagePixels({ name: "idx", dataDir: dir })).toBe(200);
    },
  );

  it("a folder without the files gives null (the run's own loading reports it)", () => {
    expect(imagePixels({ name: "idx", dataDir: join(tmp, "nowhere") })).toBeNull();
  });
});
