import { z } from "zod";
import { crossbarConfigSchema } from "../crossbar/config.js";
import { idealSynapsesSchema, initNoiseSchema } from "../crossbar/ideal-synapses.js";
import { datasetSpecSchema } from "../data/datasets.js";
import { encoderConfigSchema } from "../data/encoders.js";
import { hebbianSchema } from "../learning/hebbian.js";
import { pairStdpSchema } from "../learning/pair-stdp.js";
import { powerLawStdpSchema } from "../learning/power-law-stdp.js";
import { pulseStdpSchema } from "../learning/pulse-stdp.js";
import { tripletStdpSchema } from "../learning/triplet-stdp.js";
import { weightDependentStdpSchema } from "../learning/weight-dependent-stdp.js";
import { hwNeuronConfigSchema } from "../neurons/adder-comparator-config.js";
import { dcNeuronConfigSchema } from "../neurons/diehl-cook.js";
import { ifNeuronConfigSchema } from "../neurons/if.js";
import { lifNeuronConfigSchema } from "../neurons/lif.js";
import { srm0NeuronConfigSchema } from "../neurons/srm0.js";
import {
  noInhibitionSchema,
  softInhibitionSchema,
  wtaInhibitionSchema,
} from "./inhibition/index.js";
import { lateralInhibitionSchema } from "./inhibition/lateral.js";
import { populationInhibitionSchema } from "./inhibition/population.js";

/** Diehl & Cook 2015 timing: 350 ms presentation + 150 ms rest at dt 0.5 ms; < 5 spikes → again. */
/**
 * Most simulation steps in one presentation or one rest: per-step buffers are sized by it, and
 * beyond it a typed array cannot be allocated (the run would die with an internal error).
 * 10⁶ steps is 500 s at the reference dt of 0.5 ms.
 */
export const MAX_STEPS_PER_PHASE = 1_000_000;
/** Most spike counts the label table may hold (label presentations × neurons, 4 bytes each: 1 GiB). */
export const MAX_SPIKE_TABLE = 2 ** 28;
/** Most presentations of one phase: the counters stay exact integers far below 2^53. */
export const MAX_PRESENTATIONS = 1_000_000_000;

/**
 * Zod schema of the run's timing: time step (ms), presentation and rest durations (ms), the minimum
 * spike count below which an image is re-presented, and the cap on presentations.
 */
export const timingSchema = z
  .strictObject({
    dtMs: z
      .number()
      .min(0.001)
      .max(10)
      .default(0.5)
      .describe("ms — simulation step, 1 µs to 10 ms (Diehl & Cook: 0.5)"),
    presentationMs: z
      .number()
      .positive()
      .max(100_000)
      .default(350)
      .describe("ms — one image's presentation, at most 100 s (Diehl & Cook: 350)"),
    restMs: z
      .number()
      .nonnegative()
      .max(100_000)
      .default(150)
      .describe("ms — rest after each presentation, at most 100 s (Diehl & Cook: 150)"),
    minSpikes: z
      .int()
      .nonnegative()
      .max(100_000)
      .default(5)
      .describe("spikes — fewer output spikes than this present the image again (Diehl & Cook: 5)"),
    maxPresentations: z
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .describe("presentations of one image at most, re-presentations included"),
  })
  .superRefine((t, ctx) => {
    // Step counts only mean something once each field is within its own bounds.
    const inBounds =
      t.dtMs >= 0.001 &&
      t.dtMs <= 10 &&
      t.presentationMs > 0 &&
      t.presentationMs <= 100_000 &&
      t.restMs >= 0 &&
      t.restMs <= 100_000;
    if (!inBounds) return;
    for (const key of ["presentationMs", "restMs"] as const) {
      const steps = Math.round(t[key] / t.dtMs);
      if (steps > MAX_STEPS_PER_PHASE) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} ${t[key]} at dtMs ${t.dtMs} is ${steps} steps, above the limit of ${MAX_STEPS_PER_PHASE} steps per presentation or rest`,
        });
      }
    }
    if (Math.round(t.presentationMs / t.dtMs) < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["presentationMs"],
        message: `presentationMs ${t.presentationMs} is shorter than one step (dtMs ${t.dtMs})`,
      });
    }
  });

/**
 * Zod schema of evaluation checkpoints during training: evaluate every `every` training samples
 * with `label` and `test` presentations each (`dense`: extra early checkpoints).
 */
export const checkpointSchema = z.strictObject({
  /** Evaluate every `every` training samples (accuracy-versus-training-samples curve). */
  every: z.int().min(1).max(MAX_PRESENTATIONS),
  /** Labelled training presentations used by each evaluation. */
  label: z.int().min(1).max(MAX_PRESENTATIONS).default(1000),
  /** Test images used by each evaluation. */
  test: z.int().min(1).max(MAX_PRESENTATIONS).default(1000),
  /**
   * Extra checkpoints early in training: every `dense.every` samples up to `dense.until` (on top
   * of every `every`), e.g. every 250 images to 5,000, then every 5,000.
   */
  dense: z
    .strictObject({
      every: z.int().min(1).max(MAX_PRESENTATIONS),
      until: z.int().min(1).max(MAX_PRESENTATIONS),
    })
    .optional(),
});
/** Checkpoint settings after defaults (output of checkpointSchema). */
export type CheckpointConfig = z.output<typeof checkpointSchema>;

/** Whether the network is evaluated after `samples` training samples. */
export function isCheckpoint(cp: CheckpointConfig, samples: number): boolean {
  if (samples % cp.every === 0) return true;
  return cp.dense !== undefined && samples <= cp.dense.until && samples % cp.dense.every === 0;
}

/** Checkpoints in a run of `train` training samples. */
export function checkpointCount(cp: CheckpointConfig, train: number): number {
  let n = Math.floor(train / cp.every);
  if (cp.dense) {
    const last = Math.min(cp.dense.until, train);
    for (let s = cp.dense.every; s <= last; s += cp.dense.every) if (s % cp.every !== 0) n++;
  }
  return n;
}

/**
 * Zod schema of the `neurons` section, selected by `model`: Diehl & Cook conductance LIF, hardware
 * adder/comparator, IF, LIF or SRM0.
 */
export const neuronConfigSchema = z.discriminatedUnion("model", [
  dcNeuronConfigSchema,
  hwNeuronConfigSchema,
  ifNeuronConfigSchema,
  lifNeuronConfigSchema,
  srm0NeuronConfigSchema,
]);
/**
 * Zod schema of the `inhibition` section, selected by `mode`: population, lateral, wta, soft or
 * none.
 */
export const inhibitionConfigSchema = z.discriminatedUnion("mode", [
  populationInhibitionSchema,
  lateralInhibitionSchema,
  wtaInhibitionSchema,
  softInhibitionSchema,
  noInhibitionSchema,
]);
/** Synapses on a memristive crossbar; initial weights as Diehl & Cook, programmed into the devices. */
export const crossbarSynapsesSchema = crossbarConfigSchema.extend({
  kind: z.literal("crossbar"),
  initScale: z.number().nonnegative().default(0.3),
  initOffset: z.number().nonnegative().default(0.01),
  initNoise: initNoiseSchema
    .optional()
    .describe("noise c·r·w̄ added to the initial weights before programming (Tai); absent: none"),
});
/**
 * Zod schema of the `synapses` section, selected by `kind`: ideal synapses or a device crossbar.
 */
export const synapseConfigSchema = z.discriminatedUnion("kind", [
  idealSynapsesSchema,
  crossbarSynapsesSchema,
]);
/**
 * Zod schema of the `learning` section, selected by `rule`: one of the STDP variants or Hebbian.
 */
export const learningConfigSchema = z.discriminatedUnion("rule", [
  tripletStdpSchema,
  pulseStdpSchema,
  pairStdpSchema,
  weightDependentStdpSchema,
  powerLawStdpSchema,
  hebbianSchema,
]);

/** The current-based neurons (BindsNET IFNodes, LIFNodes, SRM0Nodes semantics). */
const CURRENT_BASED_MODELS: readonly unknown[] = ["if", "lif", "srm0"];

/**
 * Membrane drop per spike of another neuron for the current-based neurons' default soft
 * inhibition (mV): BindsNET's DiehlAndCook2015 inhibitory weight (inh = 17.5, the v2 network's
 * direct recurrent inhibition; in the v1 network one excitatory spike makes the partner fire).
 */
const CURRENT_BASED_INHIBITION_MV = 17.5;

/**
 * Inhibition defaults to the neuron's natural mode: Diehl & Cook's inhibitory population for the
 * conductance neuron, hard winner-take-all for the adder/comparator array, and for the
 * current-based neurons (if, lif, srm0) BindsNET's Diehl & Cook inhibition, which subtracts from
 * the membrane: soft inhibition of 17.5 mV per spike. (The population and lateral modes act on a
 * conductance g_i these neurons do not have.)
 */
function defaultInhibition(input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const cfg = input as Record<string, unknown>;
  if (cfg.inhibition !== undefined) return input;
  const neuron = cfg.neuron as Record<string, unknown> | undefined;
  const model = neuron?.model;
  if (CURRENT_BASED_MODELS.includes(model)) {
    return { ...cfg, inhibition: { mode: "soft", amountMv: CURRENT_BASED_INHIBITION_MV } };
  }
  return { ...cfg, inhibition: { mode: model === "hw" ? "wta" : "population" } };
}

const runConfigObjectSchema = z
  .strictObject({
    dataset: datasetSpecSchema.prefault({ name: "mnist" }),
    neurons: z.int().min(1).max(100_000).default(100),
    /** Training presentations (images); beyond the dataset size it wraps into further passes. */
    train: z.int().nonnegative().max(MAX_PRESENTATIONS).default(60_000),
    /** Labelled training presentations for label assignment; default min(train, 10 000). */
    label: z.int().min(1).max(MAX_PRESENTATIONS).optional(),
    test: z.int().min(1).max(MAX_PRESENTATIONS).default(10_000),
    seed: z
      .union([
        z.int(),
        z
          .string()
          .regex(/^\S(.*\S)?$/s, "a seed name is non-blank, without surrounding space")
          .refine((t) => !Number.isFinite(Number(t)), {
            message: "a number written as a string would be a different seed: write it as a number",
          }),
      ])
      .default(1),
    /** Shuffle the training order (seeded); Diehl & Cook present the set in file order. */
    shuffle: z.boolean().default(false),
    checkpoints: checkpointSchema.optional(),
    timing: timingSchema.prefault({}),
    encoder: encoderConfigSchema.prefault({ kind: "poisson" }),
    neuron: neuronConfigSchema.prefault({ model: "dc" }),
    inhibition: inhibitionConfigSchema,
    synapses: synapseConfigSchema.prefault({ kind: "ideal" }),
    learning: learningConfigSchema.prefault({ rule: "triplet" }),
    /** Energy profile (a name in energy/ or a path) used to price the run's operation counts. */
    energyProfile: z.string().min(1).default("default"),
  })
  .superRefine((cfg, ctx) => {
    const needsDc = cfg.inhibition.mode === "population" || cfg.inhibition.mode === "lateral";
    if (needsDc && cfg.neuron.model !== "dc") {
      ctx.addIssue({
        code: "custom",
        path: ["inhibition", "mode"],
        message: `"${cfg.inhibition.mode}" inhibition acts on conductances and needs neuron.model "dc"; use wta, soft or none`,
      });
    }
    if (cfg.synapses.kind === "crossbar") {
      const pulseMode = cfg.synapses.update === "pulse";
      const pulseRule = cfg.learning.rule === "pulse";
      if (pulseMode !== pulseRule) {
        ctx.addIssue({
          code: "custom",
          path: pulseMode ? ["learning", "rule"] : ["synapses", "update"],
          message: pulseMode
            ? 'synapses.update "pulse" sends one fixed pulse per STDP event and needs learning.rule "pulse"'
            : 'learning.rule "pulse" programs by fixed pulses: set synapses.update "pulse" (the Δw controllers open-loop, write-verify and delta are for Δw rules)',
        });
      }
    }
    const tables: [PropertyKey[], number][] = [[["label"], labelCountOf(cfg)]];
    if (cfg.checkpoints) tables.push([["checkpoints", "label"], cfg.checkpoints.label]);
    for (const [path, label] of tables) {
      if (label * cfg.neurons > MAX_SPIKE_TABLE) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `${label} label presentations × ${cfg.neurons} neurons = ${label * cfg.neurons} spike counts, above the limit of ${MAX_SPIKE_TABLE} (1 GiB of counts); use fewer label presentations`,
        });
      }
    }
    if (cfg.train === 0 && cfg.label === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["label"],
        message: "with train 0 the label count must be given",
      });
    }
  });

/**
 * Zod schema of a whole run configuration (dataset, encoder, timing, neurons, synapses, learning,
 * inhibition, …); the inhibition default depends on the neuron model.
 */
export const runConfigSchema = z.preprocess(defaultInhibition, runConfigObjectSchema);

/** What a configuration file may say: every field optional (inhibition defaults by neuron model). */
export type RunConfigInput = Omit<z.input<typeof runConfigObjectSchema>, "inhibition"> & {
  inhibition?: z.input<typeof inhibitionConfigSchema>;
};
/** A validated run configuration with every default filled in (output of runConfigSchema). */
export type RunConfig = z.output<typeof runConfigSchema>;

/** Label presentations actually used: the given count, else min(train, 10 000). */
export function labelCount(config: RunConfig): number {
  return labelCountOf(config);
}

function labelCountOf(config: { label?: number | undefined; train: number }): number {
  return config.label ?? Math.min(config.train, 10_000);
}
