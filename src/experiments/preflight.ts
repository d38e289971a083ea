/**
 * Checks a valid run configuration cannot express in its schema but that would otherwise fail
 * only when a run starts, hours into a sweep: named files the configuration points to. Each
 * returns problems as (configuration path, message); expand.ts blames them on the scenario.
 */
import { canonicalJson } from "../core/canonical-json.js";
import { isPlainObject } from "./config-path.js";
import { loadPreset } from "../devices/preset-files.js";
import type { OverrideValue } from "../devices/overrides.js";
import { UsageError } from "../core/errors.js";
import { checkpointCount, labelCount } from "../network/config.js";
import { imagePixels } from "../data/datasets.js";
import { macsOf } from "../ann/energy.js";
import { isAnnRun, type AnnRunConfig, type ScenarioRunConfig } from "./run-config.js";

/**
 * A problem found by a preflight check: the path of the offending field in the run configuration
 * and a message.
 */
export interface PreflightIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * A check run on every expanded run configuration before a sweep starts; returns the problems found
 * (empty when none).
 */
export type PreflightCheck = (config: unknown) => PreflightIssue[];

/** Every object in the configuration, with its path. */
function* objects(
  value: unknown,
  path: PropertyKey[] = [],
): Generator<[Record<string, unknown>, PropertyKey[]]> {
  if (!isPlainObject(value)) return;
  yield [value, path];
  for (const [k, v] of Object.entries(value)) yield* objects(v, [...path, k]);
}

const presetVerdicts = new Map<string, string | null>();

/**
 * A crossbar configuration ({device, set, …}) names a device preset (a file in devices/ or a path)
 * and overrides applied to it: load it now, so an unknown preset or a bad override fails before
 * anything runs.
 */
export const crossbarPresetCheck: PreflightCheck = (config) => {
  const issues: PreflightIssue[] = [];
  for (const [obj, path] of objects(config)) {
    if (typeof obj.device !== "string" || !isPlainObject(obj.set)) continue;
    const key = canonicalJson([obj.device, obj.set]);
    let verdict = presetVerdicts.get(key);
    if (verdict === undefined) {
      try {
        loadPreset(obj.device, obj.set as Record<string, OverrideValue>);
        verdict = null;
      } catch (err) {
        verdict = (err as Error).message;
      }
      presetVerdicts.set(key, verdict);
    }
    if (verdict === null) continue;
    // One issue per line of the preset's message, each blamed on the override it names, so
    // every line of the scenario error starts with the scenario file and its place.
    for (const line of verdict.split("\n")) {
      const aboutFile = /unknown preset|cannot read|no such file|not found|not valid JSON/i.test(
        line,
      );
      // The line names the preset field at fault ("› params.pMaxLtp: …"): blame that override.
      const setKey = Object.keys(obj.set).find((k) =>
        new RegExp(`[›.] ?${escapeRegExp(k)}:`, "i").test(line),
      );
      const where = aboutFile
        ? ["device"]
        : setKey
          ? ["set", setKey]
          : Object.keys(obj.set).length > 0
            ? ["set"]
            : ["device"];
      issues.push({ path: [...path, ...where], message: line.replace(/^device: /, "") });
    }
  }
  return issues;
};

/** Preflight checks run by default: the crossbar's device preset loads with its overrides. */
export const defaultPreflightChecks: readonly PreflightCheck[] = [crossbarPresetCheck];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Work budget of one run, in neuron-steps: presentations × neurons × steps per presentation
 * (presentation + rest). 10¹³ is about 10 hours at the 2.7·10⁸ neuron-steps/s measured for the
 * 6,400-neuron network (42.7 training samples/s × 1,000 steps × 6,400 neurons, docs/reliability.md),
 * and 20 times the Diehl & Cook 6,400-neuron run (80,000 presentations: 5.1·10¹¹). Larger runs
 * need --yes.
 */
export const WORK_BUDGET_NEURON_STEPS = 1e13;

/**
 * Work a run configuration asks for, in neuron-steps: nominal (each image once) and worst case
 * (every image re-presented to the cap), with presentations and steps per presentation.
 */
export interface WorkEstimate {
  /** Nominal: each image presented once. */
  readonly neuronSteps: number;
  /** Every image re-presented maxPresentations times (too few spikes each time). */
  readonly worstNeuronSteps: number;
  readonly presentations: number;
  readonly stepsPerPresentation: number;
}

/**
 * Neuron-steps one dense multiply-add of the ANN baseline stands for, by run time: the measured
 * `neuroxbar ann` run (784-100-10, 5 epochs of 60,000 images and a 10,000-image test after each,
 * docs/ann.md) used 25–27 s of CPU for 7.5·10¹⁰ dense-equivalent MACs (below), 2.9·10⁹ MACs/s;
 * the SNN runs 2.7·10⁸ neuron-steps/s (WORK_BUDGET_NEURON_STEPS): 2.7e8 / 2.9e9 ≈ 0.093. It is a
 * conversion of time, not of operations: the ANN's first layer skips zero pixels.
 */
export const NEURON_STEPS_PER_ANN_MAC = 0.093;

/** Image counts assumed when an ANN run takes "all" images: the MNIST and Fashion-MNIST sizes. */
const ALL_TRAIN_IMAGES = 60_000;
const ALL_TEST_IMAGES = 10_000;

/**
 * Dense-equivalent multiply-adds of an ANN run: per training image a forward pass and two
 * backward products (the hidden error and the weight gradients), 3 × MACs per image; per test
 * image one forward pass, and the test set is classified after every epoch:
 *
 *   MACs_run = epochs · (3 · train + test) · (inputs·N + N·classes)
 */
export function estimateAnnMacs(config: AnnRunConfig): number {
  const inputs = imagePixels(config.dataset) ?? 784;
  const macs = macsOf([inputs, config.hidden, 10]);
  const train = config.train ?? ALL_TRAIN_IMAGES;
  const test = config.test ?? ALL_TEST_IMAGES;
  return config.epochs * (3 * train + test) * macs;
}

/**
 * The work a run configuration asks for (see WORK_BUDGET_NEURON_STEPS). An ANN run's work is its
 * dense-equivalent MACs (estimateAnnMacs) converted to neuron-steps by NEURON_STEPS_PER_ANN_MAC;
 * it never re-presents an image, so its worst case is its nominal work.
 */
export function estimateWork(config: ScenarioRunConfig): WorkEstimate {
  if (isAnnRun(config)) {
    const neuronSteps = estimateAnnMacs(config) * NEURON_STEPS_PER_ANN_MAC;
    const train = config.train ?? ALL_TRAIN_IMAGES;
    const test = config.test ?? ALL_TEST_IMAGES;
    return {
      neuronSteps,
      worstNeuronSteps: neuronSteps,
      presentations: config.epochs * (train + test),
      stepsPerPresentation: 1,
    };
  }
  const t = config.timing;
  const stepsPerPresentation =
    Math.round(t.presentationMs / t.dtMs) + Math.round(t.restMs / t.dtMs);
  const cp = config.checkpoints;
  const evaluations = cp ? checkpointCount(cp, config.train) * (cp.label + cp.test) : 0;
  const presentations = config.train + labelCount(config) + config.test + evaluations;
  const neuronSteps = presentations * config.neurons * stepsPerPresentation;
  const repeat = t.minSpikes > 0 ? t.maxPresentations : 1;
  return {
    neuronSteps,
    worstNeuronSteps: neuronSteps * repeat,
    presentations,
    stepsPerPresentation,
  };
}

/**
 * Refuses (UsageError) a run whose worst-case work is above the budget unless `yes`; names the
 * estimate and how it is made. `where` says which run (e.g. "point 1f0c seed 2").
 */
export function checkWorkBudget(
  config: ScenarioRunConfig,
  yes: boolean,
  where = "this run",
): WorkEstimate {
  const w = estimateWork(config);
  if (isAnnRun(config)) {
    if (w.neuronSteps > WORK_BUDGET_NEURON_STEPS && !yes) {
      throw new UsageError(
        `${where} (an ANN run) asks for ${estimateAnnMacs(config).toExponential(2)} multiply-adds (${config.epochs} epochs × (3 × training + test images) × the network's MACs per image), about ${w.neuronSteps.toExponential(2)} neuron-steps of run time, above the budget of ${WORK_BUDGET_NEURON_STEPS.toExponential(0)} (about 10 hours); pass --yes to run it anyway`,
      );
    }
    return w;
  }
  if (w.worstNeuronSteps > WORK_BUDGET_NEURON_STEPS && !yes) {
    throw new UsageError(
      `${where} asks for ${w.neuronSteps.toExponential(2)} neuron-steps (${w.presentations} presentations × ${config.neurons} neurons × ${w.stepsPerPresentation} steps), up to ${w.worstNeuronSteps.toExponential(2)} with re-presentations (maxPresentations ${config.timing.maxPresentations}), above the budget of ${WORK_BUDGET_NEURON_STEPS.toExponential(0)} (about 10 hours at the measured 2.7e8 neuron-steps/s); pass --yes to run it anyway`,
    );
  }
  return w;
}
