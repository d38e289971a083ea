/**
 * Periodic NaN/±Inf checks of the whole floating-point state (docs/reliability.md, numerical
 * safety). A NaN is planted through the real resume mechanism: a training snapshot is taken, one
 * value of one state array is replaced by NaN (as a damaged snapshot or a numerical fault would
 * leave it), and the run is resumed. The next check must stop it with a NumericalError naming
 * the component, the array, the index and the sample.
 */
import { describe, expect, it } from "vitest";
import type { ComponentState } from "../../src/core/contracts.js";
import { NumericalError } from "../../src/core/errors.js";
import { loadDataset } from "../../src/data/datasets.js";
import { runConfigSchema, type RunConfigInput } from "../../src/network/config.js";
import { runPipeline, type RunSnapshot } from "../../src/network/pipeline.js";

const dataset = loadDataset({ name: "mnist" }, { verifyChecksums: false });

const BASE: RunConfigInput = {
  neurons: 8,
  train: 40,
  label: 20,
  test: 20,
  seed: 3,
  timing: { presentationMs: 100, restMs: 50 },
};

/** The snapshot taken after training sample 16 of `config` (the run itself completes). */
async function snapshotAt16(config: RunConfigInput): Promise<RunSnapshot> {
  const snaps: RunSnapshot[] = [];
  await runPipeline(runConfigSchema.parse(config), {
    dataset,
    snapshotEvery: 16,
    onSnapshot: (s) => snaps.push(s),
  });
  expect(snaps[0]?.samplesDone).toBe(16);
  return snaps[0]!;
}

/** Sets state[key][index] = value in a copy of the snapshot's component state. */
function plant(state: ComponentState, key: string, index: number, value: number): ComponentState {
  const array = state[key];
  if (!(array instanceof Float64Array)) throw new Error(`no Float64Array "${key}" in the state`);
  expect(Number.isFinite(array[index]!), `${key}[${index}] is finite before planting`).toBe(true);
  const copy = array.slice();
  copy[index] = value;
  return { ...state, [key]: copy };
}

/** The error the resumed run ends with (it must end with one). */
async function resumeError(config: RunConfigInput, snapshot: RunSnapshot): Promise<Error> {
  const err = await runPipeline(runConfigSchema.parse(config), {
    dataset,
    resumeFrom: snapshot,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NumericalError);
  return err as Error;
}

type Part = "neurons" | "synapses" | "inhibition";

describe("periodic NaN/Inf checks of membrane, conductance and device state", () => {
  it.each<[string, RunConfigInput, Part, string, number, number, string]>([
    ["dc membrane v", {}, "neurons", "v", 3, NaN, "neurons (dc) v[3] became NaN"],
    ["dc θ", {}, "neurons", "thetaScaled", 6, Infinity, "neurons (dc) theta[6] became Infinity"],
    [
      "population inhibition membrane",
      {},
      "inhibition",
      "v",
      2,
      NaN,
      "inhibition (population) v[2] became NaN",
    ],
    [
      "hw neuron θ accumulator",
      { neuron: { model: "hw" } },
      "neurons",
      "thetaUnits",
      5,
      NaN,
      "neurons (hw) thetaUnits[5] became NaN",
    ],
    [
      // Row 0 is the corner pixel, 0 in every MNIST image: STDP never writes device 0, and with
      // normalisation off nothing else does, so only the periodic check can find it.
      "crossbar device conductance",
      { synapses: { kind: "crossbar", device: "ag-a-si", normalisation: "off" } },
      "synapses",
      "dev.g",
      0,
      NaN,
      "synapses (crossbar) device conductance[0] became NaN",
    ],
  ])(
    "%s: NaN/Inf planted after sample 16 stops the run at the check after training sample 32, naming the array and index",
    async (_name, extra, part, key, index, value, expected) => {
      const config = { ...BASE, ...extra };
      const snap = await snapshotAt16(config);
      const planted: RunSnapshot = { ...snap, [part]: plant(snap[part], key, index, value) };
      const err = await resumeError(config, planted);
      expect(err.message).toBe(`${expected} after training sample 32`);
    },
    60_000,
  );

  it("the check also runs in the label phase: a NaN present when training ends stops the run after label sample 16", async () => {
    const snap = await snapshotAt16(BASE);
    // Resume as if the snapshot had been taken after the last training sample: training is
    // skipped, so the first check to see the NaN is the label phase's.
    const planted: RunSnapshot = {
      ...snap,
      samplesDone: BASE.train!,
      neurons: plant(snap.neurons, "v", 7, NaN),
    };
    const err = await resumeError(BASE, planted);
    expect(err.message).toBe("neurons (dc) v[7] became NaN after label sample 16");
  }, 60_000);

  it("a NaN conductance found by a device write during a presentation names the device and the sample", async () => {
    // NaN in every device of the centre pixel's row (406 = 14·28 + 14, bright in most digits): the
    // first potentiation of that row writes a NaN device, which the write itself detects.
    // The delta controller inverts the device curve at the present (NaN) conductance on every write,
    // so the first write of that row finds it; open-loop writes of < ½ pulse fire nothing and leave
    // it to the periodic check (the test above).
    const config: RunConfigInput = {
      ...BASE,
      synapses: { kind: "crossbar", device: "ag-a-si", update: "delta" },
    };
    const snap = await snapshotAt16(config);
    const row = 406;
    const cols = BASE.neurons!;
    let synapses = snap.synapses;
    for (let j = 0; j < cols; j++) synapses = plant(synapses, "dev.g", row * cols + j, NaN);
    const err = await resumeError(config, { ...snap, synapses });
    const m =
      /^device (\d+): conductance became NaN after \d+ pulses \(during training sample (\d+)\)$/.exec(
        err.message,
      );
    expect(m, err.message).not.toBeNull();
    expect(Math.floor(Number(m![1]) / cols)).toBe(row);
    expect(Number(m![2])).toBeGreaterThan(16);
    expect(Number(m![2])).toBeLessThanOrEqual(32);
  }, 60_000);
});
