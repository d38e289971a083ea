import { describe, expect, test } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { createCrossbar, type Crossbar } from "../../src/crossbar/index.js";
import { slotValues } from "../../src/devices/kernel.js";

const ROWS = 30;
const COLS = 12;
const NOISY = {
  "d2d.gMinSigma": 0.1,
  "d2d.gMaxSigma": 0.1,
  "d2d.stepSigma": 0.1,
  "d2d.nlSigma": 0.1,
  "faults.stuckAtGminFraction": 0.02,
  "faults.stuckAtRandomFraction": 0.02,
};

function make(
  set: Record<string, number | boolean | string>,
  seed = 5,
  extra: Record<string, unknown> = {},
) {
  const ledger = new OpLedger();
  const xb = createCrossbar(
    { device: "ag-a-si", set: { ...NOISY, ...set }, ...extra },
    ROWS,
    COLS,
    createRng(seed),
    ledger,
  );
  const r = createRng(99);
  const w = new Float32Array(ROWS * COLS);
  for (let i = 0; i < w.length; i++) w[i] = (r.next() + 0.01) * 0.3;
  xb.programInitialWeights(w);
  return { xb, ledger };
}

/** A fixed mixed workload: reads, tiny and large updates, pulses, normalisation. */
function workload(xb: Crossbar, seed: number, steps: number): void {
  const r = createRng(seed);
  const target = new Float64Array(COLS);
  for (let k = 0; k < steps; k++) {
    xb.readRow(r.int(ROWS), target);
    const i = r.int(ROWS * COLS);
    const u = r.next();
    if (u < 0.6) xb.update(i, -1e-3 * r.next());
    else if (u < 0.9) xb.update(i, 0.05 * r.next());
    else xb.pulse(i, r.next() < 0.5 ? 1 : -1);
    if (k % 50 === 49) xb.normaliseColumns(3);
  }
}

function fabrication(xb: Crossbar): Record<string, Float64Array | Uint8Array> {
  return { params: xb.devices.kernel.params, stuck: xb.devices.stuck };
}

describe("independent random streams", () => {
  test("changing read noise leaves device fabrication, faults and every write of the delta controller unchanged", () => {
    const a = make({}, 5, { update: "delta" });
    const b = make({ "readNoise.sigma": 0.05 }, 5, { update: "delta" });
    expect(fabrication(b.xb)).toEqual(fabrication(a.xb));
    workload(a.xb, 1, 400);
    workload(b.xb, 1, 400);
    expect(b.xb.devices.g).toEqual(a.xb.devices.g);
  });

  test("open-loop: read noise leaves fabrication unchanged but reaches the writes through the controller's normalisation reads", () => {
    const a = make({});
    const b = make({ "readNoise.sigma": 0.05 });
    expect(fabrication(b.xb)).toEqual(fabrication(a.xb));
    workload(a.xb, 1, 400);
    workload(b.xb, 1, 400);
    expect(b.xb.devices.g).not.toEqual(a.xb.devices.g);
  });

  test("switching C2C noise off leaves fabrication unchanged (but changes the writes)", () => {
    const a = make({});
    const b = make({ "c2c.enabled": false });
    expect(fabrication(b.xb)).toEqual(fabrication(a.xb));
    workload(a.xb, 1, 200);
    workload(b.xb, 1, 200);
    expect(b.xb.devices.g).not.toEqual(a.xb.devices.g);
  });

  test("adding NL spread leaves the Gmin/Gmax draws and the faults unchanged", () => {
    const a = make({ "d2d.nlSigma": 0 });
    const b = make({ "d2d.nlSigma": 0.3 });
    expect(b.xb.devices.kernel.gMaxS).toEqual(a.xb.devices.kernel.gMaxS);
    expect(b.xb.devices.kernel.gMinS).toEqual(a.xb.devices.kernel.gMinS);
    expect(b.xb.devices.stuck).toEqual(a.xb.devices.stuck);
    expect(slotValues(b.xb.devices.kernel, "qLtp")).not.toEqual(
      slotValues(a.xb.devices.kernel, "qLtp"),
    );
  });

  test("a different seed fabricates different devices", () => {
    expect(make({}, 6).xb.devices.kernel.gMaxS).not.toEqual(make({}, 5).xb.devices.kernel.gMaxS);
  });
});

describe("determinism and checkpoints", () => {
  test("writes on a noisy device are deterministic: same seed and workload → identical conductances and counts", () => {
    const a = make({ "readNoise.sigma": 0.03 });
    const b = make({ "readNoise.sigma": 0.03 });
    workload(a.xb, 2, 600);
    workload(b.xb, 2, 600);
    expect(b.xb.devices.g).toEqual(a.xb.devices.g);
    expect(b.ledger.counts).toEqual(a.ledger.counts);
  });

  test("saveState/loadState resumes bit-identically (conductances, weights, counts, RNG positions)", () => {
    const set = { "readNoise.sigma": 0.03, "drift.nu": 0.05 };
    const a = make(set);
    workload(a.xb, 3, 300);
    const saved = a.xb.saveState();
    a.ledger.reset(); // the ledger is checkpointed by its owner; compare counts made after the save
    workload(a.xb, 4, 300);
    a.xb.setPhase("test");

    const b = make(set, 5);
    workload(b.xb, 77, 50); // diverge first: loadState must overwrite everything
    b.xb.loadState(saved);
    b.ledger.reset();
    workload(b.xb, 4, 300);
    b.xb.setPhase("test");

    expect(b.xb.devices.g).toEqual(a.xb.devices.g);
    expect(b.xb.weights).toEqual(a.xb.weights);
    expect(b.ledger.counts).toEqual(a.ledger.counts);
  });

  test("loadState rejects a state of another size, naming the key", () => {
    const small = createCrossbar({ device: "ag-a-si" }, 2, 2, createRng(1), new OpLedger());
    expect(() => make({}).xb.loadState(small.saveState())).toThrow(
      /synapses \(crossbar\) state: "dev\.g": expected a Float64Array of 360, got a Float64Array of 4/,
    );
  });

  test("loadState rejects a missing random stream and an unknown key, and changes nothing", () => {
    const { xb } = make({});
    const before = xb.devices.g.slice();
    const state = make({}, 6).xb.saveState();
    const noStream = { ...state };
    delete noStream["rng.verify"];
    expect(() => xb.loadState(noStream)).toThrow(/"rng\.verify": expected a random-stream state/);
    expect(() => xb.loadState({ ...state, extra: 1 })).toThrow(
      /"extra": not part of this component's state/,
    );
    expect(xb.devices.g).toEqual(before);
  });
});
