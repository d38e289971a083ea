/**
 * `neuroxbar ann --dataset D --hidden N --seed S --out DIR`: trains the ANN baseline (a 784-N-10
 * ReLU perceptron, src/ann/) on the same data and split as `neuroxbar train`, tests it, prices
 * one inference under an energy profile, and writes DIR/result.json atomically (docs/ann.md).
 * Every flag is checked before anything is loaded or any folder is created.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ANN_DEFAULTS, annConfigSchema, type AnnConfig } from "../../ann/config.js";
import { annSplit, trainAnn, writeAnnResult } from "../../ann/train-ann.js";
import { ensureWritableDir } from "../../core/atomic.js";
import { UsageError } from "../../core/errors.js";
import { parseWithSchema } from "../../core/validate.js";
import { datasetNames, loadDataset } from "../../data/datasets.js";
import { formatSi } from "../../energy/format.js";
import { loadEnergyProfile } from "../../energy/profile.js";
import { choiceFlag, intFlag, numberFlag, seedFlag } from "../flags.js";

export interface AnnArgs {
  dataset?: string;
  "data-dir"?: string;
  hidden?: string;
  seed?: string;
  epochs?: string;
  lr?: string;
  batch?: string;
  train?: string;
  test?: string;
  "energy-profile"?: string;
  out: string;
  json?: boolean;
  progress?: boolean;
}

/** A single string flag (a repeated flag arrives as an array and is rejected). */
function stringFlag(name: string, raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "") {
    throw new UsageError(
      `--${name}: expected one non-empty value, got ${Array.isArray(raw) ? `${raw.length} values` : JSON.stringify(raw)}`,
    );
  }
  return raw;
}

/** Flags → a validated AnnConfig; a bad flag throws a UsageError naming it (exit status 2). */
export function annConfigFromArgs(args: Partial<AnnArgs>): AnnConfig {
  const obj: Record<string, unknown> = {};
  const dataset: Record<string, unknown> = { name: "mnist" };
  if (args.dataset !== undefined) dataset.name = choiceFlag("dataset", args.dataset, datasetNames);
  if (args["data-dir"] !== undefined) {
    dataset.dataDir = stringFlag("data-dir", args["data-dir"]);
    if (args.dataset === undefined) dataset.name = "idx";
  }
  if (dataset.name === "idx" && dataset.dataDir === undefined) {
    throw new UsageError("--dataset idx needs --data-dir DIR (the folder holding the IDX files)");
  }
  obj.dataset = dataset;
  if (args.hidden !== undefined) obj.hidden = intFlag("hidden", args.hidden, 1, 100_000);
  if (args.seed !== undefined) {
    obj.seed = seedFlag("seed", args.seed);
  }
  if (args.epochs !== undefined) obj.epochs = intFlag("epochs", args.epochs, 1, 10_000);
  if (args.lr !== undefined) {
    const lr = numberFlag("lr", args.lr);
    if (lr <= 0) throw new UsageError(`--lr: expected a positive learning rate, got ${lr}`);
    obj.learningRate = lr;
  }
  if (args.batch !== undefined) obj.batchSize = intFlag("batch", args.batch, 1, 1_000_000);
  if (args.train !== undefined) obj.train = intFlag("train", args.train, 1);
  if (args.test !== undefined) obj.test = intFlag("test", args.test, 1);
  if (args["energy-profile"] !== undefined) {
    obj.energyProfile = stringFlag("energy-profile", args["energy-profile"]);
  }
  return parseWithSchema(annConfigSchema, obj, "command line");
}

function percent(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}

export const annCommand: CommandModule<object, AnnArgs> = {
  command: "ann",
  describe:
    "Train and test the ANN baseline (784-N-10 ReLU MLP, Adam) on the SNN's data and split; writes result.json",
  builder: (y: Argv<object>) =>
    y
      .option("dataset", {
        type: "string",
        describe: `dataset: ${datasetNames.join(", ")} [mnist]`,
      })
      .option("data-dir", {
        type: "string",
        describe: "folder of IDX files (implies --dataset idx)",
      })
      .option("hidden", {
        type: "number",
        describe: `hidden ReLU units N [${ANN_DEFAULTS.hidden}]`,
      })
      .option("seed", { type: "string", describe: "seed for weights and training order [1]" })
      .option("epochs", {
        type: "number",
        describe: `passes over the training images [${ANN_DEFAULTS.epochs}]`,
      })
      .option("lr", {
        type: "number",
        describe: `Adam learning rate [${ANN_DEFAULTS.learningRate}]`,
      })
      .option("batch", {
        type: "number",
        describe: `mini-batch size [${ANN_DEFAULTS.batchSize}]`,
      })
      .option("train", { type: "number", describe: "first N training images [all]" })
      .option("test", { type: "number", describe: "first N test images [all]" })
      .option("energy-profile", {
        type: "string",
        describe: "energy profile (name in energy/ or a file) [default]",
      })
      .option("out", { type: "string", demandOption: true, describe: "output folder" })
      .option("json", { type: "boolean", default: false, describe: "print result.json to stdout" })
      .option("progress", {
        type: "boolean",
        default: true,
        describe: "one line per epoch on stderr",
      })
      .example(
        "neuroxbar ann --dataset mnist --hidden 100 --seed 1 --out runs/ann100",
        "the 784-100-10 baseline on all of MNIST",
      ) as unknown as Argv<AnnArgs>,
  handler: (args: ArgumentsCamelCase<AnnArgs>) => {
    const config = annConfigFromArgs(args);
    const out = stringFlag("out", args.out);
    // Fail before any folder exists: the profile, the dataset and the split sizes first.
    const energyProfile = loadEnergyProfile(config.energyProfile);
    const dataset = loadDataset(config.dataset);
    annSplit(config, dataset);
    ensureWritableDir(out);
    const progress = args.progress !== false;
    const { result } = trainAnn(config, {
      dataset,
      energyProfile,
      onEpoch: (p, seconds, of) => {
        if (!progress) return;
        process.stderr.write(
          `epoch ${p.epoch}/${of}: train loss ${p.trainLoss.toFixed(4)} · test accuracy ${percent(p.testAccuracy)} · ${seconds.toFixed(1)} s\n`,
        );
      },
    });
    const path = writeAnnResult(out, result);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const e = result.energy;
    const c = result.config;
    process.stdout.write(
      [
        `accuracy ${percent(result.accuracy)} (${result.correct}/${c.testImages}) on ${result.dataset.name}, ${result.model.layers.join("-")} MLP, seed ${c.seed}, ${c.epochs} epochs, ${c.trainImages} training images`,
        `per inference: ${result.macsPerImage.toLocaleString("en-US")} MACs, ${result.flopsPerImage.toLocaleString("en-US")} FLOPs; energy (profile ${e.profile.name}, ${e.includesWeightFetch ? "weight fetches included" : "arithmetic only"}): int8 ${formatSi(e.int8.perInferenceJ, "J")}, fp32 ${formatSi(e.fp32.perInferenceJ, "J")}`,
        `total ${result.timings.totalSeconds.toFixed(1)} s`,
        `wrote ${path}`,
      ].join("\n") + "\n",
    );
  },
};
