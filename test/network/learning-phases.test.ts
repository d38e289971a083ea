import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/data/datasets.js";
import { runConfigSchema } from "../../src/network/config.js";
import { runPipeline } from "../../src/network/pipeline.js";

const dataset = loadDataset({ name: "mnist" }, { verifyChecksums: false });

/** The bytes of a view only (weights may live inside a larger WebAssembly memory). */
const bytesOf = (w: Float32Array): Buffer => Buffer.from(w.buffer, w.byteOffset, w.byteLength);

describe("runPipeline: learning only while training", () => {
  it.each([
    ["ideal synapses", { kind: "ideal" }],
    ["ideal-preset crossbar", { kind: "crossbar", device: "ideal" }],
  ])(
    "label assignment and test change no weight: 40 label + 40 test images end with the same weights as 1 + 1 (%s)",
    async (_name, synapses) => {
      const base = {
        neurons: 10,
        train: 30,
        seed: 4,
        timing: { presentationMs: 100, restMs: 50 },
        synapses,
      };
      const long = await runPipeline(runConfigSchema.parse({ ...base, label: 40, test: 40 }), {
        dataset,
      });
      const short = await runPipeline(runConfigSchema.parse({ ...base, label: 1, test: 1 }), {
        dataset,
      });
      // The 80 extra presentations made spikes (so STDP, had it been on, would have acted).
      const spikes = long.result.phases.label.spikeCounts.reduce((a, b) => a + b, 0);
      expect(spikes).toBeGreaterThan(0);
      expect(bytesOf(long.weights).equals(bytesOf(short.weights))).toBe(true);
    },
    60_000,
  );
});
