/**
 * Configuration of a trained-ANN baseline run (docs/ann.md): a 784-N-10 ReLU perceptron trained
 * with Adam on softmax cross-entropy, on the same dataset and split as the SNN pipeline (the first
 * `train` training images and the first `test` test images, in file order).
 *
 * Defaults: Adam with Kingma & Ba's published β1 = 0.9, β2 = 0.999, ε = 1e-8 and their suggested
 * step α = 0.001; mini-batches of 64 and 5 epochs, chosen for run time on a 2-core machine
 * (docs/ann.md gives the measured accuracy and wall time), not tuned on the test set.
 */
import { z } from "zod";
import { datasetSpecSchema } from "../data/datasets.js";

export const ANN_DEFAULTS = {
  hidden: 100,
  epochs: 5,
  learningRate: 0.001,
  batchSize: 64,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
} as const;

export const annConfigSchema = z.strictObject({
  dataset: datasetSpecSchema
    .prefault({ name: "mnist" })
    .describe("dataset and folder, as for the SNN pipeline (src/data/datasets.ts)"),
  hidden: z
    .int()
    .min(1)
    .max(100_000)
    .default(ANN_DEFAULTS.hidden)
    .describe("units — hidden ReLU units N of the 784-N-10 network"),
  seed: z
    .union([z.int(), z.string().min(1)])
    .default(1)
    .describe("seed of every random stream (init: weights, shuffle/<epoch>: training order)"),
  epochs: z
    .int()
    .min(1)
    .max(10_000)
    .default(ANN_DEFAULTS.epochs)
    .describe("passes — passes over the training images"),
  learningRate: z
    .number()
    .positive()
    .finite()
    .default(ANN_DEFAULTS.learningRate)
    .describe("1 — Adam step size α (Kingma & Ba 2015 suggest 0.001)"),
  batchSize: z
    .int()
    .min(1)
    .default(ANN_DEFAULTS.batchSize)
    .describe("images — mini-batch size (gradient averaged over the batch)"),
  beta1: z
    .number()
    .min(0)
    .lt(1)
    .default(ANN_DEFAULTS.beta1)
    .describe("1 — Adam first-moment decay β1 (Kingma & Ba 2015: 0.9)"),
  beta2: z
    .number()
    .min(0)
    .lt(1)
    .default(ANN_DEFAULTS.beta2)
    .describe("1 — Adam second-moment decay β2 (Kingma & Ba 2015: 0.999)"),
  epsilon: z
    .number()
    .positive()
    .finite()
    .default(ANN_DEFAULTS.epsilon)
    .describe("1 — Adam ε added to √v̂ (Kingma & Ba 2015: 1e-8)"),
  train: z
    .int()
    .min(1)
    .optional()
    .describe("images — the first N training images (default: all of them)"),
  test: z
    .int()
    .min(1)
    .optional()
    .describe("images — the first N test images (default: all of them)"),
  energyProfile: z
    .string()
    .min(1)
    .default("default")
    .describe("energy profile (a name in energy/ or a path) whose ann figures price an inference"),
});

export type AnnConfig = z.output<typeof annConfigSchema>;
export type AnnConfigInput = z.input<typeof annConfigSchema>;
