import { beforeAll, describe, expect, it } from "vitest";
import type { SpikeEncoder } from "../../src/core/contracts.js";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import type { SpikeEvents } from "../../src/core/spikes.js";
import { loadDataset, type Dataset } from "../../src/data/datasets.js";
import type { FusedPreLearning } from "../../src/kernels/stepper.js";
import { KernelArena, RowBatch, kernelsAvailable } from "../../src/kernels/wasm.js";
import { buildNetwork } from "../../src/network/build.js";
import { runConfigSchema, type RunConfigInput } from "../../src/network/config.js";
import { runPipeline, type RunOutput, type RunSnapshot } from "../../src/network/pipeline.js";
import type { DiehlCookNeurons } from "../../src/neurons/diehl-cook.js";
import { SMALL_RUN, fingerprint, sha } from "./run-fingerprint.js";

/**
 * The WebAssembly paths of a presentation (a step's input rows and the neuron step in one kernel
 * call, the learning rules' decay tables and kernels) against the JavaScript reference
 * (NEUROXBAR_KERNELS=js): whole runs must agree bit for bit — weights, spike counts, op counts,
 * thresholds and accuracy.
 */

const SMALL = SMALL_RUN;

let mnist: Dataset;
beforeAll(() => {
  mnist = loadDataset({ name: "mnist" });
});

/** Runs `config` with the kernels (when built) or, with `js`, on the JavaScript reference path. */
async function run(
  over: Partial<RunConfigInput>,
  js: boolean,
  extra: {
    snapshotEvery?: number;
    resumeFrom?: RunSnapshot;
    onSnapshot?: (s: RunSnapshot) => void;
  } = {},
): Promise<RunOutput> {
  const config = runConfigSchema.parse({ ...SMALL, ...over });
  const before = process.env.NEUROXBAR_KERNELS;
  if (js) process.env.NEUROXBAR_KERNELS = "js";
  try {
    return await runPipeline(config, { dataset: mnist, ...extra });
  } finally {
    if (before === undefined) delete process.env.NEUROXBAR_KERNELS;
    else process.env.NEUROXBAR_KERNELS = before;
  }
}

const CASES: readonly [string, Partial<RunConfigInput>][] = [
  ["dc neuron, triplet rule, ideal synapses", {}],
  ["dc neuron, pair rule, ideal synapses", { learning: { rule: "pair" } }],
  ["dc neuron, weight-dependent rule", { learning: { rule: "weight-dependent" } }],
  ["dc neuron, hebbian rule", { learning: { rule: "hebbian" } }],
  ["dc neuron, power-law rule, ideal synapses", { learning: { rule: "power-law" } }],
  ["dc neuron, pulse rule, ideal synapses", { learning: { rule: "pulse" } }],
  ["dc neuron, 23 neurons (odd: SIMD tails)", { neurons: 23 }],
  ["dc neuron, lateral inhibition, 23 neurons", { neurons: 23, inhibition: { mode: "lateral" } }],
  [
    "dc neuron, implicit-Euler v update, 23 neurons",
    { neurons: 23, neuron: { model: "dc", integration: "implicit-euler" } },
  ],
  ["hw neuron, triplet rule, ideal synapses", { neuron: { model: "hw" } }],
  ["hw neuron, pair rule", { neuron: { model: "hw" }, learning: { rule: "pair" } }],
  ["hw neuron, pulse rule", { neuron: { model: "hw" }, learning: { rule: "pulse" } }],
  ["hw neuron, power-law rule", { neuron: { model: "hw" }, learning: { rule: "power-law" } }],
  ["lif neuron (batched reads, separate step)", { neuron: { model: "lif" } }],
  [
    "dc neuron, triplet rule, ag-a-si crossbar (per-event reads)",
    { synapses: { kind: "crossbar", device: "ag-a-si" } },
  ],
  [
    "dc neuron, pulse rule, ag-a-si crossbar",
    {
      synapses: { kind: "crossbar", device: "ag-a-si", update: "pulse" },
      learning: { rule: "pulse" },
    },
  ],
];

describe.runIf(kernelsAvailable())("kernel paths against the JavaScript reference", () => {
  it.each(CASES)(
    "runPipeline with the kernels equals NEUROXBAR_KERNELS=js bit for bit: %s",
    async (_name, over) => {
      const js = await run(over, true);
      const wasm = await run(over, false);
      // The run must exercise learning for the comparison to mean something.
      const trainSpikes = js.result.phases.train.spikeCounts.reduce((a, b) => a + b, 0);
      expect(trainSpikes).toBeGreaterThan(0);
      expect(fingerprint(wasm)).toEqual(fingerprint(js));
    },
    60_000,
  );

  it.each([
    ["triplet", {}],
    ["pair", { learning: { rule: "pair" } }],
  ] as const)(
    "a %s-rule snapshot of the kernel path (active flags, list written ascending) resumes on the JavaScript path, and one of the JavaScript path (list in spike order) on the kernels, to the uninterrupted result",
    async (_rule, over) => {
      const whole = await run(over, false);
      for (const js of [false, true]) {
        const snapshots: RunSnapshot[] = [];
        await run(over, js, { snapshotEvery: 16, onSnapshot: (s) => snapshots.push(s) });
        expect(snapshots.map((s) => s.samplesDone)).toEqual([16]);
        const resumed = await run(over, !js, { resumeFrom: snapshots[0]! });
        expect(fingerprint(resumed)).toEqual(fingerprint(whole));
      }
    },
    60_000,
  );
});

/**
 * Emits rows 0–199 every step and row 3 a second time (a custom encoder may; the built-in ones
 * never do).
 */
class DuplicatingEncoder implements SpikeEncoder {
  readonly kind = "duplicating";
  encode(_image: Uint8Array, _attempt: number, steps: number, out: SpikeEvents): void {
    out.begin(steps);
    for (let t = 0; t < steps; t++) {
      for (let row = 0; row < 200; row++) out.add(t, row);
      out.add(t, 3);
    }
    out.finish();
  }
}

describe.runIf(kernelsAvailable())("PresentationEngine step modes", () => {
  function network(over: Partial<RunConfigInput>, js: boolean) {
    const config = runConfigSchema.parse({ ...SMALL, neurons: 9, ...over });
    const before = process.env.NEUROXBAR_KERNELS;
    if (js) process.env.NEUROXBAR_KERNELS = "js";
    try {
      return buildNetwork(config, 28 * 28, createRng(1), new OpLedger());
    } finally {
      if (before === undefined) delete process.env.NEUROXBAR_KERNELS;
      else process.env.NEUROXBAR_KERNELS = before;
    }
  }

  it("PresentationEngine.stepMode is fused for dc and hw on ideal synapses, batched for lif, per-event on a crossbar or without kernels", () => {
    expect(network({}, false).engine.stepMode).toBe("fused");
    expect(network({ neuron: { model: "hw" } }, false).engine.stepMode).toBe("fused");
    expect(network({ neuron: { model: "lif" } }, false).engine.stepMode).toBe("batched");
    expect(
      network({ synapses: { kind: "crossbar", device: "ag-a-si" } }, false).engine.stepMode,
    ).toBe("per-event");
    expect(network({}, true).engine.stepMode).toBe("per-event");
  });

  it("PresentationEngine.preInNeuronStep: the trace rules' pre-synaptic learning runs inside the dc and hw neuron steps on ideal synapses with kernels, and nowhere else", () => {
    for (const rule of ["triplet", "pair", "weight-dependent", "hebbian"] as const) {
      expect(network({ learning: { rule } }, false).engine.preInNeuronStep).toBe(true);
      expect(network({ learning: { rule } }, true).engine.preInNeuronStep).toBe(false);
      const hw = { neuron: { model: "hw" }, learning: { rule } } as const;
      expect(network(hw, false).engine.preInNeuronStep).toBe(true);
    }
    // Comparator noise steps the hw array in JavaScript: no kernel to run the learning in.
    expect(
      network({ neuron: { model: "hw", comparatorNoiseMv: 1 } }, false).engine.preInNeuronStep,
    ).toBe(false);
    expect(network({ neuron: { model: "lif" } }, false).engine.preInNeuronStep).toBe(false);
    expect(network({ learning: { rule: "pulse" } }, false).engine.preInNeuronStep).toBe(false);
    expect(
      network({ synapses: { kind: "crossbar", device: "ag-a-si" } }, false).engine.preInNeuronStep,
    ).toBe(false);
  });

  it("stepRows refuses a rule's pre-synaptic learning whose arrays live in another network's arena (dc and hw), naming the neuron class", () => {
    for (const [model, name] of [
      ["dc", "DiehlCookNeurons"],
      ["hw", "AdderComparatorNeurons"],
    ] as const) {
      const net = network({ neuron: { model } }, false);
      const other = network({ neuron: { model } }, false);
      const pre = (other.rule as { fusedPre?: FusedPreLearning | null }).fusedPre!;
      const stepping = net.neurons as unknown as {
        stepRows(t: number, b: RowBatch, n: number, f: Int32Array, p: FusedPreLearning): number;
      };
      const batch = (net.synapses as unknown as { rowBatch: RowBatch }).rowBatch;
      batch.rows[0] = 3;
      expect(() => stepping.stepRows(0, batch, 1, new Int32Array(9), pre)).toThrow(
        `${name}.stepRows: cannot run this rule's learning`,
      );
    }
  });

  it.each(["triplet", "pair", "weight-dependent", "hebbian", "pulse"] as const)(
    "the %s rule runs its WebAssembly loops on ideal synapses with kernels, its JavaScript loops without",
    (rule) => {
      // The pulse rule keeps its kernel arrays in `kernel`, the trace rules theirs in `kernels`.
      const kernelOf = (js: boolean): unknown => {
        const r = network({ learning: { rule } }, js).rule as unknown as {
          kernel?: unknown;
          kernels?: unknown;
        };
        return r.kernels !== undefined ? r.kernels : r.kernel;
      };
      expect(kernelOf(false)).not.toBeNull();
      expect(kernelOf(true)).toBeNull();
    },
  );

  it("PresentationEngine.present with a row twice in one step keeps the read–learn order of the reference (pair rule)", () => {
    const image = new Uint8Array(28 * 28).fill(200);
    const results = [true, false].map((js) => {
      const net = network({ learning: { rule: "pair", nuPre: 0.05 } }, js);
      net.engine.setLearning(true);
      const encoder = new DuplicatingEncoder();
      const before = net.synapses.weights.slice();
      const out = net.engine.present(image, encoder);
      const changedRow3 = before
        .subarray(3 * 9, 4 * 9)
        .some((w, j) => w !== net.synapses.weights[3 * 9 + j]);
      return {
        weights: sha(net.synapses.weights),
        membranes: sha((net.neurons as DiehlCookNeurons).v),
        counts: Array.from(out.counts),
        changedRow3,
      };
    });
    // Pre-synaptic learning moved row 3 between its two reads, so the order matters here.
    expect(results[0]!.changedRow3).toBe(true);
    expect(results[0]!.counts.some((c) => c > 0)).toBe(true);
    expect(results[1]).toEqual(results[0]);
  });
});

describe.runIf(kernelsAvailable())("addRowsF32", () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 33])(
    "RowBatch.addInto adds the batch's rows in order, the same bits as per-row JavaScript adds (%i columns; kernel and fallback)",
    (cols) => {
      const rows = 11;
      const arena = KernelArena.create(rows * cols * 4 + cols * 16 + 4096)!;
      const w = arena.f32(rows * cols);
      const rng = createRng(cols);
      for (let i = 0; i < w.length; i++) w[i] = rng.next() * 3 - 1;
      const a = arena.f64(cols);
      const b = arena.f64(cols);
      for (let j = 0; j < cols; j++) a[j] = b[j] = rng.normal() * 1e3;
      const order = [4, 0, 10, 4, 7, 1];
      // Reference: per-row JavaScript adds; then the kernel, and the batch's JavaScript fallback
      // (a target outside the arena).
      const outside = Float64Array.from(a);
      for (const r of order) for (let j = 0; j < cols; j++) a[j]! += w[r * cols + j]!;
      const batch = new RowBatch(arena, w, cols, rows);
      batch.rows.set(order);
      batch.addInto(order.length, b);
      batch.addInto(order.length, outside);
      expect(sha(outside)).toBe(sha(a));
      expect(sha(b)).toBe(sha(a));
    },
  );
});
