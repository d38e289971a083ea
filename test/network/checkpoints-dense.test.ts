import { describe, expect, it } from "vitest";
import {
  checkpointCount,
  checkpointSchema,
  isCheckpoint,
  runConfigSchema,
} from "../../src/network/config.js";
import { runPipeline } from "../../src/network/pipeline.js";
import { runCost } from "../../src/experiments/sweep-progress.js";

describe("checkpoints.dense: every 250 images to 5,000, then every 5,000", () => {
  const cp = checkpointSchema.parse({ every: 5000, dense: { every: 250, until: 5000 } });

  it("isCheckpoint: 250…5,000 in steps of 250, then 10,000, 15,000 …; not 5,250", () => {
    const at = Array.from({ length: 60_000 }, (_, k) => k + 1).filter((s) => isCheckpoint(cp, s));
    expect(at.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, k) => 250 * (k + 1)));
    expect(at.slice(20)).toEqual(Array.from({ length: 11 }, (_, k) => 5000 * (k + 2)));
    expect(isCheckpoint(cp, 5250)).toBe(false);
  });

  it("checkpointCount equals the number of samples isCheckpoint accepts, for several train sizes", () => {
    for (const train of [0, 249, 250, 1500, 4999, 5000, 5001, 12_345, 60_000]) {
      let n = 0;
      for (let s = 1; s <= train; s++) if (isCheckpoint(cp, s)) n++;
      expect(checkpointCount(cp, train)).toBe(n);
    }
    expect(checkpointCount(cp, 60_000)).toBe(31);
  });

  it("without dense, the checkpoints are the multiples of every (unchanged)", () => {
    const plain = checkpointSchema.parse({ every: 4000 });
    expect(checkpointCount(plain, 20_000)).toBe(5);
    expect(isCheckpoint(plain, 4000) && !isCheckpoint(plain, 2000)).toBe(true);
  });

  it("runCost counts the dense evaluations", () => {
    const base = { neurons: 10, train: 1000, label: 10, test: 10, neuron: { model: "hw" } };
    const sparse = runConfigSchema.parse({
      ...base,
      checkpoints: { every: 500, label: 5, test: 5 },
    });
    const dense = runConfigSchema.parse({
      ...base,
      checkpoints: { every: 500, label: 5, test: 5, dense: { every: 100, until: 500 } },
    });
    // 2 checkpoints against 2 + 4 (100, 200, 300, 400), 10 presentations each, 10 neurons.
    expect(runCost(dense) - runCost(sparse)).toBe(4 * 10 * 10);
  });

  it("runPipeline evaluates at the dense and the sparse checkpoints, in order", async () => {
    const config = runConfigSchema.parse({
      neurons: 5,
      train: 12,
      label: 5,
      test: 5,
      timing: { presentationMs: 20, restMs: 10 },
      neuron: { model: "hw" },
      checkpoints: { every: 5, label: 3, test: 3, dense: { every: 2, until: 6 } },
    });
    const { result } = await runPipeline(config);
    expect(result.curve.map((p) => p.samples)).toEqual([2, 4, 5, 6, 10]);
  });
});
