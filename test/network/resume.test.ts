import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/data/datasets.js";
import { decodeSnapshot, encodeSnapshot } from "../../src/experiments/snapshot-file.js";
import { runConfigSchema } from "../../src/network/config.js";
import { runPipeline, type RunSnapshot } from "../../src/network/pipeline.js";

const dataset = loadDataset({ name: "mnist" }, { verifyChecksums: false });

/** The bytes of a view only (weights may live inside a larger WebAssembly memory). */
function bytesOf(view: Float32Array): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** Everything but wall-clock timings, as canonical text. */
function deterministic(result: object): string {
  const { timings: _t, ...rest } = result as Record<string, unknown>;
  return JSON.stringify(rest);
}

describe("training snapshots", () => {
  it.each([
    ["ideal synapses", { kind: "ideal" }],
    [
      "ag-a-si crossbar with D2D and C2C noise",
      { kind: "crossbar", device: "ag-a-si", set: { "d2d.gMaxSigma": 0.1 } },
    ],
  ])(
    "runPipeline(resumeFrom: snapshot at sample 40, through the file format) equals the uninterrupted run bit for bit (%s)",
    async (_name, synapses) => {
      const config = runConfigSchema.parse({
        neurons: 12,
        train: 90,
        label: 30,
        test: 30,
        seed: 5,
        timing: { presentationMs: 100, restMs: 50 },
        checkpoints: { every: 30, label: 20, test: 20 },
        synapses,
      });
      const snapshots: RunSnapshot[] = [];
      const whole = await runPipeline(config, {
        dataset,
        snapshotEvery: 40,
        onSnapshot: (s) => snapshots.push(decodeSnapshot(encodeSnapshot(s), "memory")),
      });
      expect(snapshots.map((s) => s.samplesDone)).toEqual([40, 80]);
      const resumed = await runPipeline(config, { dataset, resumeFrom: snapshots[0]! });
      expect(deterministic(resumed.result)).toBe(deterministic(whole.result));
      expect(bytesOf(resumed.weights).equals(bytesOf(whole.weights))).toBe(true);
    },
    60_000,
  );

  it("runPipeline(resumeFrom) refuses a snapshot of another configuration", async () => {
    const a = runConfigSchema.parse({
      neurons: 4,
      train: 20,
      label: 5,
      test: 5,
      timing: { presentationMs: 50, restMs: 10 },
    });
    const snaps: RunSnapshot[] = [];
    await runPipeline(a, { dataset, snapshotEvery: 10, onSnapshot: (s) => snaps.push(s) });
    const b = runConfigSchema.parse({ ...a, seed: 2 });
    await expect(runPipeline(b, { dataset, resumeFrom: snaps[0]! })).rejects.toThrow(
      /snapshot: it belongs to a different configuration/,
    );
  });

  it("runPipeline(resumeFrom) refuses a crossbar snapshot whose device file was edited since, and accepts it unedited", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nx-device-edit-"));
    const file = join(dir, "my-device.json");
    const preset = JSON.parse(readFileSync(join("devices", "ag-a-si.json"), "utf8")) as {
      params: { nlLtp: number };
    };
    writeFileSync(file, JSON.stringify(preset));
    const config = runConfigSchema.parse({
      neurons: 4,
      train: 20,
      label: 5,
      test: 5,
      timing: { presentationMs: 50, restMs: 10 },
      synapses: { kind: "crossbar", device: file },
    });
    const snaps: RunSnapshot[] = [];
    await runPipeline(config, { dataset, snapshotEvery: 10, onSnapshot: (s) => snaps.push(s) });
    const snapshot = decodeSnapshot(encodeSnapshot(snaps[0]!), "memory");
    expect(snapshot.deviceSha256).toMatch(/^[0-9a-f]{64}$/);
    // Unedited: resumes.
    await expect(runPipeline(config, { dataset, resumeFrom: snapshot })).resolves.toBeDefined();
    // Same path, same configuration, another nonlinearity in the file: refused, naming the file.
    preset.params.nlLtp += 1;
    writeFileSync(file, JSON.stringify(preset));
    await expect(runPipeline(config, { dataset, resumeFrom: snapshot })).rejects.toThrow(
      `snapshot: device "${file}" has changed since the snapshot was taken`,
    );
  });
});
