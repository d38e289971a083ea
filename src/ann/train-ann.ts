/**
 * Trains and tests the ANN baseline (docs/ann.md): a 784-N-10 ReLU perceptron (mlp.ts) trained by
 * mini-batch Adam on softmax cross-entropy, inputs x_i = pixel_i/255, on the first `train`
 * training images and tested on the first `test` test images of the dataset the SNN pipeline
 * reads (src/data/datasets.ts) — the same split as `neuroxbar train`.
 *
 *   per epoch e: order = Fisher–Yates(0…n−1) drawn from the stream "shuffle/<e>";
 *   per batch B: g = (1/|B|)·Σ_{s∈B} ∇L(x_s, y_s);   θ ← Adam(θ, g)
 *   trainLoss_e = mean over the epoch's samples of L(x_s, y_s) before their batch's update
 *   testAccuracy_e = (1/n_test)·Σ [argmax z(x) = y] after epoch e
 *
 * Randomness: only the seeded Rng, forked by name ("init" for the weights, "shuffle/<e>" for the
 * order of epoch e), and every sum runs in a fixed order, so a seed gives bit-identical weights.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { writeFileAtomic } from "../core/atomic.js";
import { NumericalError, ValidationError } from "../core/errors.js";
import { createRng } from "../core/rng.js";
import { provenance, version, type Provenance } from "../core/version.js";
import {
  datasetRecord,
  loadDataset,
  type Dataset,
  type DatasetRecord,
  type DatasetSplit,
} from "../data/datasets.js";
import { loadEnergyProfile, type EnergyProfile } from "../energy/profile.js";
import type { AnnConfig } from "./config.js";
import { annEnergy, annTrainingEnergy, type AnnEnergy, type AnnTrainingEnergy } from "./energy.js";
import {
  accumulateGradient,
  adamStep,
  argmax,
  createAdam,
  createScratch,
  forward,
  initMlp,
  parameterCount,
  zeroParams,
  type AdamHyper,
  type MlpParams,
  type MlpScratch,
  type MlpShape,
} from "./mlp.js";

/** One point of the training curve. */
export interface AnnEpoch {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Mean cross-entropy (nats) of the epoch's training samples, each before its batch's update. */
  readonly trainLoss: number;
  /** Test-set accuracy after the epoch, 0..1. */
  readonly testAccuracy: number;
}

export interface AnnResult {
  readonly kind: "neuroxbar-ann";
  readonly version: string;
  /** Test-set accuracy of the final weights, 0..1. */
  readonly accuracy: number;
  readonly correct: number;
  readonly config: {
    readonly dataset: AnnConfig["dataset"];
    readonly hidden: number;
    readonly seed: number | string;
    readonly epochs: number;
    readonly learningRate: number;
    readonly batchSize: number;
    readonly optimizer: {
      readonly name: "adam";
      readonly beta1: number;
      readonly beta2: number;
      readonly epsilon: number;
    };
    readonly trainImages: number;
    readonly testImages: number;
    readonly energyProfile: string;
  };
  readonly dataset: DatasetRecord;
  readonly model: {
    /** Layer widths, input to output. */
    readonly layers: readonly number[];
    readonly parameters: number;
    readonly hiddenActivation: "relu";
    readonly output: "softmax";
    readonly inputScaling: "pixel/255";
    readonly init: string;
  };
  readonly curve: readonly AnnEpoch[];
  /** confusion[true][predicted] on the test images. */
  readonly confusion: number[][];
  readonly macsPerImage: number;
  readonly flopsPerImage: number;
  /** One inference priced under config.energyProfile (docs/ann.md). */
  readonly energy: AnnEnergy;
  /** Training priced under config.energyProfile, fp32, per training image (docs/ann.md). */
  readonly trainingEnergy: AnnTrainingEnergy;
  /** SHA-256 of the final parameters (float64, little-endian, w1 b1 w2 b2): equal ⇔ same weights. */
  readonly weightsSha256: string;
  readonly provenance: Provenance;
  /** Wall-clock figures: the only fields that differ between two runs of one configuration. */
  readonly timings: {
    readonly epochSeconds: readonly number[];
    readonly totalSeconds: number;
    readonly finishedAt: string;
  };
}

export interface AnnOutput {
  readonly result: AnnResult;
  readonly params: MlpParams;
}

export interface AnnRunOptions {
  /** A dataset already loaded; otherwise loaded from config.dataset. */
  readonly dataset?: Dataset;
  /** An energy profile already loaded; otherwise loaded from config.energyProfile. */
  readonly energyProfile?: EnergyProfile;
  /** Called after each epoch with its curve point and wall time. */
  readonly onEpoch?: (point: AnnEpoch, seconds: number, of: number) => void;
}

const now = (): number => performance.now();

/** Training and test image counts of a configuration on a dataset; rejects counts beyond it. */
export function annSplit(config: AnnConfig, dataset: Dataset): { train: number; test: number } {
  const train = config.train ?? dataset.train.count;
  const test = config.test ?? dataset.test.count;
  if (train > dataset.train.count) {
    throw new ValidationError(
      `train: ${train} exceeds the ${dataset.train.count} training images of ${dataset.name}`,
    );
  }
  if (test > dataset.test.count) {
    throw new ValidationError(
      `test: ${test} exceeds the ${dataset.test.count} test images of ${dataset.name}`,
    );
  }
  return { train, test };
}

/** x_i = pixel_i / 255 for image `index` of a split. */
function loadInput(split: DatasetSplit, index: number, x: Float64Array): void {
  const base = index * x.length;
  for (let i = 0; i < x.length; i++) x[i] = split.images[base + i]! / 255;
}

/** Classifies the first `count` images of a split; fills `confusion` when given. */
export function evaluate(
  params: MlpParams,
  split: DatasetSplit,
  count: number,
  scratch: MlpScratch,
  x: Float64Array,
  confusion?: number[][],
): number {
  let correct = 0;
  for (let s = 0; s < count; s++) {
    loadInput(split, s, x);
    forward(params, x, scratch);
    const predicted = argmax(scratch.logits);
    const truth = split.labels[s]!;
    if (predicted === truth) correct++;
    if (confusion) confusion[truth]![predicted]! += 1;
  }
  return correct;
}

/** SHA-256 of the parameter bytes. */
export function paramsSha256(params: MlpParams): string {
  const d = params.data;
  return createHash("sha256")
    .update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength))
    .digest("hex");
}

/** Trains the network, testing after every epoch; returns the result and the final weights. */
export function trainAnn(config: AnnConfig, options: AnnRunOptions = {}): AnnOutput {
  const tStart = now();
  const profile = options.energyProfile ?? loadEnergyProfile(config.energyProfile);
  const dataset = options.dataset ?? loadDataset(config.dataset);
  const { train: nTrain, test: nTest } = annSplit(config, dataset);
  const shape: MlpShape = {
    inputs: dataset.rows * dataset.cols,
    hidden: config.hidden,
    classes: dataset.classes,
  };

  const root = createRng(config.seed);
  const params = initMlp(shape, root.fork("init"));
  const grads = zeroParams(shape); // zeroed before every batch
  const adam = createAdam(shape);
  const hyper: AdamHyper = {
    learningRate: config.learningRate,
    beta1: config.beta1,
    beta2: config.beta2,
    epsilon: config.epsilon,
  };
  const scratch = createScratch(shape);
  const x = new Float64Array(shape.inputs);
  const order = new Int32Array(nTrain);
  const curve: AnnEpoch[] = [];
  const epochSeconds: number[] = [];
  const confusion = Array.from({ length: shape.classes }, () =>
    new Array<number>(shape.classes).fill(0),
  );
  let correct = 0;

  for (let e = 1; e <= config.epochs; e++) {
    const t0 = now();
    for (let i = 0; i < nTrain; i++) order[i] = i;
    root.fork(`shuffle/${e}`).shuffle(order);
    let lossSum = 0;
    for (let start = 0; start < nTrain; start += config.batchSize) {
      const end = Math.min(start + config.batchSize, nTrain);
      const scale = 1 / (end - start);
      grads.data.fill(0);
      let batchLoss = 0;
      for (let s = start; s < end; s++) {
        const index = order[s]!;
        loadInput(dataset.train, index, x);
        batchLoss += accumulateGradient(
          params,
          x,
          dataset.train.labels[index]!,
          grads,
          scratch,
          scale,
        );
      }
      if (!Number.isFinite(batchLoss)) {
        throw new NumericalError(
          `ann: training loss became ${batchLoss} in epoch ${e} at training sample ${end} (learning rate ${config.learningRate} too high?)`,
        );
      }
      lossSum += batchLoss;
      adamStep(params, grads, adam, hyper);
    }
    const last = e === config.epochs;
    correct = evaluate(params, dataset.test, nTest, scratch, x, last ? confusion : undefined);
    const point: AnnEpoch = {
      epoch: e,
      trainLoss: lossSum / nTrain,
      testAccuracy: correct / nTest,
    };
    curve.push(point);
    const seconds = (now() - t0) / 1000;
    epochSeconds.push(seconds);
    options.onEpoch?.(point, seconds, config.epochs);
  }

  const layers = [shape.inputs, shape.hidden, shape.classes];
  const energy = annEnergy(layers, profile);
  const result: AnnResult = {
    kind: "neuroxbar-ann",
    version,
    accuracy: correct / nTest,
    correct,
    config: {
      dataset: config.dataset,
      hidden: config.hidden,
      seed: config.seed,
      epochs: config.epochs,
      learningRate: config.learningRate,
      batchSize: config.batchSize,
      optimizer: {
        name: "adam",
        beta1: config.beta1,
        beta2: config.beta2,
        epsilon: config.epsilon,
      },
      trainImages: nTrain,
      testImages: nTest,
      energyProfile: config.energyProfile,
    },
    dataset: datasetRecord(dataset),
    model: {
      layers,
      parameters: parameterCount(shape),
      hiddenActivation: "relu",
      output: "softmax",
      inputScaling: "pixel/255",
      init: "He: W1 ~ N(0, 2/inputs), W2 ~ N(0, 1/hidden), biases 0",
    },
    curve,
    confusion,
    macsPerImage: energy.macsPerImage,
    flopsPerImage: energy.flopsPerImage,
    energy,
    trainingEnergy: annTrainingEnergy(layers, config.epochs, profile),
    weightsSha256: paramsSha256(params),
    provenance: provenance(),
    timings: {
      epochSeconds,
      totalSeconds: (now() - tStart) / 1000,
      finishedAt: new Date().toISOString(),
    },
  };
  return { result, params };
}

/** Writes DIR/result.json atomically; returns its path. */
export function writeAnnResult(dir: string, result: AnnResult): string {
  const path = join(dir, "result.json");
  writeFileAtomic(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}
