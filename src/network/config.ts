import { z } from "zod";
import { crossbarConfigSchema } from "../crossbar/config.js";
import { idealSynapsesSchema } from "../crossbar/ideal-synapses.js";
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
export const timingSchema = z.strictObject({
  dtMs: z.number().positive().max(10).default(0.5),
  presentationMs: z.number().positive().default(350),
  restMs: z.number().nonnegative().default(150),
  minSpikes: z.int().nonnegative().default(5),
  maxPresentations: z.int().min(1).max(1000).default(10),
});

export const checkpointSchema = z.strictObject({
  /** Evaluate every `every` training samples (accuracy-versus-training-samples curve). */
  every: z.int().min(1),
  /** Labelled training presentations used by each evaluation. */
  label: z.int().min(1).default(1000),
  /** Test images used by each evaluation. */
  test: z.int().min(1).default(1000),
});

export const neuronConfigSchema = z.discriminatedUnion("model", [
  dcNeuronConfigSchema,
  hwNeuronConfigSchema,
  ifNeuronConfigSchema,
  lifNeuronConfigSchema,
  srm0NeuronConfigSchema,
]);
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
});
export const synapseConfigSchema = z.discriminatedUnion("kind", [
  idealSynapsesSchema,
  crossbarSynapsesSchema,
]);
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
    train: z.int().nonnegative().default(60_000),
    /** Labelled training presentations for label assignment; default min(train, 10 000). */
    label: z.int().min(1).optional(),
    test: z.int().min(1).default(10_000),
    seed: z.union([z.int(), z.string().min(1)]).default(1),
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
    if (cfg.train === 0 && cfg.label === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["label"],
        message: "with train 0 the label count must be given",
      });
    }
  });

export const runConfigSchema = z.preprocess(defaultInhibition, runConfigObjectSchema);

/** What a configuration file may say: every field optional (inhibition defaults by neuron model). */
export type RunConfigInput = Omit<z.input<typeof runConfigObjectSchema>, "inhibition"> & {
  inhibition?: z.input<typeof inhibitionConfigSchema>;
};
export type RunConfig = z.output<typeof runConfigSchema>;

/** Label presentations actually used: the given count, else min(train, 10 000). */
export function labelCount(config: RunConfig): number {
  return config.label ?? Math.min(config.train, 10_000);
}
