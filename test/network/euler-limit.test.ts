import { beforeAll, describe, expect, it } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { loadDataset, type Dataset } from "../../src/data/datasets.js";
import { runConfigSchema, type RunConfigInput } from "../../src/network/config.js";
import { EulerLimitWatch } from "../../src/network/inhibition/euler-limit.js";
import {
  LateralInhibition,
  lateralInhibitionSchema,
} from "../../src/network/inhibition/lateral.js";
import { runPipeline } from "../../src/network/pipeline.js";
import { DiehlCookNeurons, dcNeuronConfigSchema } from "../../src/neurons/diehl-cook.js";

const DT = 0.5; // ms
/** Forward Euler multiplies v − v∞ by 1 − dt/τ_m·(1 + g): stable while g < 2τ_m/dt − 1 = 399. */
const LIMIT = (2 * 100) / DT - 1;

function neurons(integration: "euler" | "implicit-euler", n = 4): DiehlCookNeurons {
  const config = dcNeuronConfigSchema.parse({ model: "dc", integration });
  return new DiehlCookNeurons(config, n, DT, new OpLedger());
}

describe("EulerLimitWatch", () => {
  it("DiehlCookNeurons.stableInhibitoryConductance: 2τ_m/dt − 1 under euler, ∞ under implicit-euler", () => {
    expect(neurons("euler").stableInhibitoryConductance).toBe(LIMIT);
    expect(neurons("implicit-euler").stableInhibitoryConductance).toBe(Infinity);
  });

  it("EulerLimitWatch.step: the envelope decays by 1 − dt/τ_gi = 0.75 per step and counts the steps above the limit", () => {
    const exc = neurons("euler");
    const watch = new EulerLimitWatch();
    // 23 spikes × 17 = 391 < 399: within the limit. The next step adds 1 spike:
    // 391·0.75 + 17 = 310.25, still within. Then 24 spikes at once: 310.25·0.75 + 408 > 399.
    watch.step(exc, 23, 17);
    watch.step(exc, 1, 17);
    expect(watch.stepsBeyond).toBe(0);
    watch.step(exc, 24, 17);
    expect(watch.stepsBeyond).toBe(1);
    expect(watch.peakRatio).toBeCloseTo((310.25 * 0.75 + 408) / LIMIT, 12);
    // Quiet steps: 640.6875·0.75^k drops below 399 at k = 2 (360.4), so one more step counts.
    watch.step(exc, 0, 17);
    watch.step(exc, 0, 17);
    expect(watch.stepsBeyond).toBe(2);
    // A rest in closed form decays it as 0.75^n; nothing is counted while resting.
    watch.rest(exc, 100);
    watch.step(exc, 23, 17);
    expect(watch.stepsBeyond).toBe(2);
  });

  it("EulerLimitWatch.step: never counts under implicit-euler, whatever the volley", () => {
    const exc = neurons("implicit-euler");
    const watch = new EulerLimitWatch();
    for (let t = 0; t < 10; t++) watch.step(exc, 1000, 17);
    expect(watch.stepsBeyond).toBe(0);
  });

  it("LateralInhibition: its watch's envelope and count are part of its checkpoint state", () => {
    const exc = neurons("euler");
    const inh = new LateralInhibition(
      lateralInhibitionSchema.parse({ mode: "lateral", weight: 500 }),
      exc,
      new OpLedger(),
    );
    const fired = Int32Array.of(0);
    inh.afterStep(0, fired, 1);
    expect(inh.stepsBeyondStableConductance()).toEqual({ steps: 1, peakRatio: 500 / LIMIT });
    const saved = inh.saveState();
    const other = new LateralInhibition(
      lateralInhibitionSchema.parse({ mode: "lateral", weight: 500 }),
      neurons("euler"),
      new OpLedger(),
    );
    other.loadState(saved);
    expect(other.stepsBeyondStableConductance()).toEqual({ steps: 1, peakRatio: 500 / LIMIT });
  });
});

describe("runPipeline: numerical warnings", () => {
  let mnist: Dataset;
  beforeAll(() => {
    mnist = loadDataset({ name: "mnist" });
  });

  /** A small run whose lateral inhibition (450 per spike, above the limit 399) breaks Euler. */
  const STRONG: RunConfigInput = {
    neurons: 12,
    train: 10,
    label: 5,
    test: 5,
    seed: 3,
    timing: { presentationMs: 150, restMs: 60 },
    inhibition: { mode: "lateral", weight: 450 },
  };

  it("runPipeline: a run beyond the forward-Euler limit says so in result.warnings and a warning event; implicit-euler does not", async () => {
    const events: string[] = [];
    const euler = await runPipeline(runConfigSchema.parse(STRONG), {
      dataset: mnist,
      onEvent: (e) => {
        if (e.type === "warning") events.push(e.message);
      },
    });
    expect(euler.result.warnings).toHaveLength(1);
    expect(euler.result.warnings[0]).toMatch(/forward-Euler stability limit.*implicit-euler/);
    expect(events).toEqual(euler.result.warnings);
    const implicit = await runPipeline(
      runConfigSchema.parse({ ...STRONG, neuron: { model: "dc", integration: "implicit-euler" } }),
      { dataset: mnist },
    );
    expect(implicit.result.warnings).toEqual([]);
    // The run did fire (the warning is about real spikes, not an idle network).
    expect(euler.result.phases.train.spikeCounts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
