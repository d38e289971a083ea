/**
 * Runs a design plan on the sweep machinery: one scenario with a single axis over `synapses`
 * (one value per distinct arm configuration), expanded and checked like any scenario, run by
 * the worker pool with resume and shards. Unlike a plain sweep, every arm uses the SAME run
 * seed for a given replicate (derived from the design's seed and the replicate only), so arms
 * differ only in their synapses and can be compared seed by seed (paired differences).
 */
import { canonicalJson, sha256Hex } from "../core/canonical-json.js";
import type { RunConfig } from "../network/config.js";
import { expandScenario, type ExpandedSweep } from "../experiments/expand.js";
import { runSweep, type SweepEvent, type SweepSummary } from "../experiments/runner.js";
import { scenarioFromValue } from "../experiments/scenario-file.js";
import type { Shard } from "../experiments/shard.js";
import { deriveRunSeed } from "../experiments/seeds.js";
import type { DesignPlan } from "./plan.js";

/** The scenario a plan runs as (also written to DIR/design-scenario.json for provenance). */
export function designScenario(plan: DesignPlan): Record<string, unknown> {
  return {
    name: `design-${plan.device.name.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}`.slice(0, 60),
    description: `neuroxbar design ${plan.device.argument} (${plan.variant}): ideal, device, presets, attribution, requirements, mitigations`,
    seed: plan.scenarioSeed,
    base: {
      dataset: { name: plan.dataset },
      neurons: plan.sizes.neurons,
      train: plan.sizes.train,
      label: plan.sizes.label,
      test: plan.sizes.test,
    },
    axes: [
      {
        path: "synapses",
        label: "arm",
        role: "setting",
        values: plan.axisValues,
        valueLabels: plan.axisLabels,
      },
    ],
    seeds: [...plan.seeds],
  };
}

/** The run seed of a replicate: the same for every arm of the design. */
export function designRunSeed(plan: DesignPlan, replicate: number): number {
  return deriveRunSeed(plan.scenarioSeed, "design", replicate);
}

export function expandDesign(plan: DesignPlan): ExpandedSweep {
  const file = scenarioFromValue(designScenario(plan), `design:${plan.device.argument}`);
  const sweep = expandScenario(file);
  const runs = sweep.runs.map((r) => {
    const seed = designRunSeed(plan, r.replicate);
    return { ...r, seed, config: { ...r.config, seed } as RunConfig };
  });
  const points = sweep.points.map((p) => ({
    ...p,
    config: { ...p.config, seed: designRunSeed(plan, plan.seeds[0]!) } as RunConfig,
  }));
  return {
    ...sweep,
    points,
    runs,
    sweepHash: sha256Hex(canonicalJson(runs.map((r) => [r.key, r.config]))),
  };
}

export interface DesignRunOptions {
  readonly runsDir: string;
  readonly workers?: number;
  readonly shard?: Shard;
  readonly onEvent?: (event: SweepEvent) => void;
  readonly signal?: AbortSignal;
}

/** Runs (or resumes) every arm's runs; finished runs of an earlier invocation are kept. */
export async function runDesign(plan: DesignPlan, o: DesignRunOptions): Promise<SweepSummary> {
  const sweep = expandDesign(plan);
  return runSweep(sweep, {
    out: o.runsDir,
    workers: o.workers,
    resume: true,
    shard: o.shard,
    onEvent: o.onEvent,
    signal: o.signal,
  });
}
