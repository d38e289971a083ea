/**
 * The arm labels of scenarios/adaptive-threshold-mitigation.json (the longest shipped, e.g.
 * "hw · Gaussian σ 1.67 mV (±5 at 3σ) · no θ") on a fixture axis, for the label-cutting checks.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, TINY_BASE } from "../e2e/helpers.js";

export const LONG_LABELS: readonly string[] = (
  JSON.parse(
    readFileSync(join(ROOT, "scenarios", "adaptive-threshold-mitigation.json"), "utf8"),
  ) as { axes: { valueLabels: string[] }[] }
).axes[0]!.valueLabels;

/** A 12-point fixture scenario whose one axis ("arm") carries those labels. */
export function longLabelScenario(): Record<string, unknown> {
  return {
    name: "long-labels",
    description: "arm labels of adaptive-threshold-mitigation",
    seed: 5,
    base: TINY_BASE,
    axes: [
      {
        path: "neuron.thresholdMv",
        label: "arm",
        role: "setting",
        values: LONG_LABELS.map((_, i) => -61 + i),
        valueLabels: [...LONG_LABELS],
      },
    ],
    seeds: [1, 2, 3],
  };
}
