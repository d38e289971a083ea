import { readFileSync } from "node:fs";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ensureWritableDir } from "../../core/atomic.js";
import { UsageError, ValidationError } from "../../core/errors.js";
import { parseWithSchema } from "../../core/validate.js";
import { datasetNames } from "../../data/datasets.js";
import { runConfigSchema, type RunConfig } from "../../network/config.js";
import { runPipeline } from "../../network/pipeline.js";
import { THREADS_FROM_NEURONS, defaultThreadCount } from "../../network/build.js";
import { formatEnergyLine } from "../../energy/format.js";
import { writeRunFiles } from "../../experiments/run-files.js";
import { ensureRunFits } from "../../experiments/output-space.js";
import { readSnapshot, writeSnapshot } from "../../experiments/snapshot-file.js";
import { SNAPSHOT_FILE } from "../../experiments/store.js";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { choiceFlag, intFlag, seedFlag, numberFlag } from "../flags.js";
import { UPDATE_MODE_INPUTS } from "../../crossbar/config.js";
import { hwNeuronConfigFromFlags } from "../../neurons/adder-comparator-config.js";
import { progressListener } from "../progress.js";
import { checkWorkBudget } from "../../experiments/preflight.js";
import { assertLockHeld, lockFolder } from "../../core/folder-lock.js";

interface TrainArgs {
  config?: string;
  dataset?: string;
  "data-dir"?: string;
  neurons?: string;
  train?: string;
  label?: string;
  test?: string;
  seed?: string;
  out: string;
  "checkpoint-every"?: string;
  "checkpoint-test"?: string;
  encoder?: string;
  inhibition?: string;
  shuffle?: boolean;
  transpose?: boolean;
  device?: string;
  neuron?: string;
  rule?: string;
  "threshold-mv"?: string;
  "adaptive-threshold"?: string;
  bits?: string;
  integration?: string;
  "device-set"?: string[];
  update?: string;
  "verify-tolerance"?: string;
  "verify-max-iterations"?: string;
  "adc-bits"?: string;
  "adc-full-scale-a"?: string;
  "adc-full-scale-weights"?: string;
  "energy-profile"?: string;
  json?: boolean;
  progress?: boolean;
  "snapshot-every"?: string;
  resume?: boolean;
  threads?: string;
  yes?: boolean;
}

type Json = Record<string, unknown>;

function readJsonFile(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`--config: cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new ValidationError(`${path}: expected a JSON object (a run configuration)`);
    }
    return value as Json;
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
}

/** The write-path flags (--update, --verify-*, --adc-*): they configure a crossbar's controller and ADC. */
const WRITE_FLAGS = [
  "update",
  "verify-tolerance",
  "verify-max-iterations",
  "adc-bits",
  "adc-full-scale-a",
  "adc-full-scale-weights",
] as const;

function applyWriteFlags(args: Partial<TrainArgs>, obj: Json): void {
  const given = WRITE_FLAGS.filter((f) => args[f] !== undefined);
  if (given.length === 0) return;
  const xb = obj.synapses as Json | undefined;
  if (!xb || xb.kind !== "crossbar") {
    throw new UsageError(
      `--${given[0]} configures the crossbar's write path: add --device NAME|FILE (or a crossbar in --config)`,
    );
  }
  const next: Json = { ...xb };
  if (args.update !== undefined) {
    next.update = choiceFlag("update", args.update, UPDATE_MODE_INPUTS);
  }
  if (args["verify-tolerance"] !== undefined || args["verify-max-iterations"] !== undefined) {
    const wv: Json = { ...((next.writeVerify as Json | undefined) ?? {}) };
    if (args["verify-tolerance"] !== undefined) {
      wv.toleranceOfRange = numberFlag("verify-tolerance", args["verify-tolerance"]);
    }
    if (args["verify-max-iterations"] !== undefined) {
      wv.maxIterations = intFlag("verify-max-iterations", args["verify-max-iterations"], 1, 1000);
    }
    next.writeVerify = wv;
  }
  const adcGiven =
    args["adc-bits"] !== undefined ||
    args["adc-full-scale-a"] !== undefined ||
    args["adc-full-scale-weights"] !== undefined;
  if (adcGiven) {
    if (args["adc-bits"] === undefined) {
      throw new UsageError("--adc-full-scale-a/--adc-full-scale-weights need --adc-bits N");
    }
    const adc: Json = { bits: intFlag("adc-bits", args["adc-bits"], 1, 16) };
    if (args["adc-full-scale-a"] !== undefined) {
      adc.fullScaleA = numberFlag("adc-full-scale-a", args["adc-full-scale-a"]);
    }
    if (args["adc-full-scale-weights"] !== undefined) {
      adc.fullScaleWeights = numberFlag("adc-full-scale-weights", args["adc-full-scale-weights"]);
    }
    next.adc = adc;
  }
  obj.synapses = next;
}

const ENCODERS = ["poisson", "poisson-intervals", "bernoulli", "rank-order"] as const;
const RULES = ["triplet", "pulse", "pair", "weight-dependent", "power-law", "hebbian"] as const;
const INHIBITIONS = ["population", "lateral", "wta", "soft", "none"] as const;

/**
 * Sets obj[key] to the part of kind `value` (discriminated by field `tag`), keeping the --config
 * file's object when it is already of that kind (so its other fields survive the flag).
 */
function setKind(obj: Json, key: string, tag: string, value: string): void {
  const prev = obj[key] as Json | undefined;
  obj[key] = prev && prev[tag] === value ? prev : { [tag]: value };
}

/** Flags override the --config file; the merged object is validated once against the schema. */
export function configFromArgs(args: Partial<TrainArgs>): RunConfig {
  const base: Json = args.config ? readJsonFile(args.config) : {};
  const obj: Json = { ...base };
  const sub = (key: string): Json => {
    const cur = obj[key];
    const next: Json = cur && typeof cur === "object" ? { ...(cur as Json) } : {};
    obj[key] = next;
    return next;
  };
  if (args.dataset !== undefined) {
    const name = choiceFlag("dataset", args.dataset, datasetNames);
    const d = sub("dataset");
    d.name = name;
  }
  if (args["data-dir"] !== undefined) {
    const d = sub("dataset");
    d.dataDir = args["data-dir"];
    if (args.dataset === undefined) d.name = "idx";
  }
  if (args.transpose !== undefined) {
    const d = sub("dataset");
    d.transpose = args.transpose;
    d.name ??= "mnist";
  }
  if (args.neurons !== undefined) obj.neurons = intFlag("neurons", args.neurons, 1, 100_000);
  if (args.train !== undefined) obj.train = intFlag("train", args.train, 0);
  if (args.label !== undefined) obj.label = intFlag("label", args.label, 1);
  if (args.test !== undefined) obj.test = intFlag("test", args.test, 1);
  if (args.seed !== undefined) {
    obj.seed = seedFlag("seed", args.seed);
  }
  if (args.shuffle !== undefined) obj.shuffle = args.shuffle;
  if (args["energy-profile"] !== undefined) obj.energyProfile = args["energy-profile"];
  const hwFlags = {
    thresholdMv: args["threshold-mv"],
    adaptiveThreshold: args["adaptive-threshold"],
    bits: args.bits,
  };
  const anyHwFlag = Object.values(hwFlags).some((v) => v !== undefined);
  if (args.neuron !== undefined || anyHwFlag || args.integration !== undefined) {
    const prev = obj.neuron as Json | undefined;
    const model =
      args.neuron !== undefined
        ? choiceFlag("neuron", args.neuron, ["dc", "hw", "if", "lif", "srm0"] as const)
        : ((prev?.model as string | undefined) ?? "dc");
    if (model === "hw") {
      const base = prev && prev.model === "hw" ? prev : {};
      const defined = Object.fromEntries(
        Object.entries(hwFlags).filter(([, v]) => v !== undefined),
      ) as typeof hwFlags;
      obj.neuron = hwNeuronConfigFromFlags(defined, base);
    } else {
      if (anyHwFlag) {
        throw new UsageError(
          "--threshold-mv, --adaptive-threshold and --bits configure the hardware neuron: add --neuron hw",
        );
      }
      obj.neuron = prev && prev.model === model ? prev : { model };
    }
    if (args.integration !== undefined) {
      if (model !== "dc") {
        throw new UsageError(
          `--integration sets the Diehl & Cook neuron's v update: it applies to --neuron dc, not ${model}`,
        );
      }
      const integration = choiceFlag("integration", args.integration, [
        "euler",
        "implicit-euler",
      ] as const);
      obj.neuron = { ...(obj.neuron as Json), integration };
    }
  }
  if (args.device !== undefined || args["device-set"] !== undefined) {
    const prev = obj.synapses as Json | undefined;
    const xb: Json = prev && prev.kind === "crossbar" ? { ...prev } : { kind: "crossbar" };
    if (args.device !== undefined) xb.device = args.device;
    if (xb.device === undefined) throw new UsageError("--device-set needs --device NAME|FILE");
    const set: Json = { ...((xb.set as Json | undefined) ?? {}) };
    for (const item of args["device-set"] ?? []) {
      const eq = item.indexOf("=");
      if (eq <= 0) {
        throw new UsageError(
          `--device-set: expected key=value (e.g. params.nlLtp=2), got "${item}"`,
        );
      }
      set[item.slice(0, eq)] = scalar(item.slice(eq + 1));
    }
    xb.set = set;
    obj.synapses = xb;
  }
  applyWriteFlags(args, obj);
  if (
    args["checkpoint-test"] !== undefined &&
    args["checkpoint-every"] === undefined &&
    base.checkpoints === undefined
  ) {
    throw new UsageError(
      "--checkpoint-test sets the images of each checkpoint: add --checkpoint-every K (or checkpoints in --config)",
    );
  }
  if (args["checkpoint-every"] !== undefined || args["checkpoint-test"] !== undefined) {
    const c = sub("checkpoints");
    if (args["checkpoint-every"] !== undefined)
      c.every = intFlag("checkpoint-every", args["checkpoint-every"], 1);
    if (args["checkpoint-test"] !== undefined) {
      const n = intFlag("checkpoint-test", args["checkpoint-test"], 1);
      c.test = n;
      c.label = n;
    }
  }
  if (args.encoder !== undefined) {
    setKind(obj, "encoder", "kind", choiceFlag("encoder", args.encoder, ENCODERS));
  }
  if (args.rule !== undefined) {
    setKind(obj, "learning", "rule", choiceFlag("rule", args.rule, RULES));
  }
  if (args.inhibition !== undefined) {
    setKind(obj, "inhibition", "mode", choiceFlag("inhibition", args.inhibition, INHIBITIONS));
  }
  return parseWithSchema(runConfigSchema, obj, args.config ?? "command line");
}

/** A flag value as number, boolean or string. */
function scalar(text: string): number | boolean | string {
  if (text === "true" || text === "false") return text === "true";
  const n = Number(text);
  return text.trim() !== "" && Number.isFinite(n) ? n : text;
}

function percent(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: "train",
  describe: "Train (STDP) → assign labels → test; writes result.json, weights.bin, synapse-map.png",
  builder: (y: Argv<object>) =>
    y
      .option("config", { type: "string", describe: "run configuration JSON (flags override it)" })
      .option("dataset", {
        type: "string",
        describe: `dataset: ${datasetNames.join(", ")} [mnist]`,
      })
      .option("transpose", {
        type: "boolean",
        describe: "swap image rows/columns on reading (EMNIST) [auto: on for emnist-* files]",
      })
      .option("data-dir", {
        type: "string",
        describe: "folder of IDX files (implies --dataset idx)",
      })
      .option("neurons", { type: "number", describe: "excitatory neurons [100]" })
      .option("train", {
        type: "number",
        describe: "training presentations (wraps into passes) [60000]",
      })
      .option("label", {
        type: "number",
        describe: "label-assignment presentations [min(train, 10000)]",
      })
      .option("test", { type: "number", describe: "test images [10000]" })
      .option("seed", { type: "string", describe: "seed for every random stream [1]" })
      .option("out", { type: "string", default: "runs/latest", describe: "output folder" })
      .option("checkpoint-every", { type: "number", describe: "evaluate every K training samples" })
      .option("checkpoint-test", {
        type: "number",
        describe: "label/test images per checkpoint [1000]",
      })
      .option("encoder", {
        type: "string",
        describe: "poisson | poisson-intervals | bernoulli | rank-order [poisson]",
      })
      .option("inhibition", {
        type: "string",
        describe:
          "population | lateral (dc) | wta | soft | none [population for dc, wta for hw, soft 17.5 mV for if/lif/srm0]",
      })
      .option("neuron", {
        type: "string",
        describe:
          "dc (Diehl & Cook conductance neuron) | hw (adder/comparator array) | if | lif | srm0 (BindsNET current-based) [dc]",
      })
      .option("rule", {
        type: "string",
        describe:
          "learning rule: triplet | pulse | pair | weight-dependent | power-law | hebbian [triplet]",
      })
      .option("threshold-mv", {
        type: "string",
        describe: "hw thresholds: 50 (fixed), 40:60 (uniform mV), 50~3 (Gaussian mean~σ mV)",
      })
      .option("adaptive-threshold", {
        type: "string",
        describe: "hw adaptive threshold: on | off [on]",
      })
      .option("bits", { type: "number", describe: "hw membrane register width in bits [16]" })
      .option("integration", {
        type: "string",
        describe:
          "dc v update: euler (as shipped; unstable once ≥ 24 inhibitory spikes land in one step) | implicit-euler (stable) [euler]",
      })
      .option("energy-profile", {
        type: "string",
        describe: "energy profile (name in energy/ or a file) [default]",
      })
      .option("device", {
        type: "string",
        describe: "train on a memristive crossbar: preset name (neuroxbar device list) or file",
      })
      .option("update", {
        type: "string",
        describe:
          "crossbar programming controller: open-loop | write-verify | delta (alias ideal-inverse: an upper bound that knows every device) | pulse [open-loop]",
      })
      .option("verify-tolerance", {
        type: "number",
        describe: "write-verify: stop within this fraction of the conductance range [0.01]",
      })
      .option("verify-max-iterations", {
        type: "number",
        describe: "write-verify: read–correct iterations before giving up [20]",
      })
      .option("adc-bits", {
        type: "number",
        describe: "crossbar column ADC resolution in bits (absent: exact analog column sums)",
      })
      .option("adc-full-scale-a", {
        type: "number",
        describe: "ADC full scale as a net column current in amps (with --adc-bits)",
      })
      .option("adc-full-scale-weights", {
        type: "number",
        describe: "ADC full scale in weight units, Σ w of a step's active rows (with --adc-bits)",
      })
      .option("device-set", {
        type: "string",
        array: true,
        describe: "override a device field, key=value (repeatable), e.g. params.nlLtp=2",
      })
      .option("shuffle", { type: "boolean", describe: "shuffle the training order (seeded)" })
      .option("snapshot-every", {
        type: "number",
        describe: "save the training state to OUT/snapshot.bin every K samples (for --resume)",
      })
      .option("resume", {
        type: "boolean",
        describe:
          "continue from OUT/snapshot.bin (same configuration); same result as uninterrupted",
      })
      .option("threads", {
        type: "number",
        describe: `threads for one run's neuron steps (columns split over shared memory; same result as 1) [1 below ${THREADS_FROM_NEURONS} neurons, else cores − load average]`,
      })
      .option("yes", {
        type: "boolean",
        default: false,
        describe: "run even when the work estimate is above the budget (1e13 neuron-steps)",
      })
      .option("json", { type: "boolean", default: false, describe: "print result.json to stdout" })
      .option("progress", { type: "boolean", default: true, describe: "progress bar on stderr" })
      .example(
        "neuroxbar train --dataset mnist --neurons 100 --train 60000 --test 10000 --seed 1 --out runs/x",
        "the Diehl & Cook 100-neuron run",
      ) as unknown as Argv<TrainArgs>,
  handler: async (args: ArgumentsCamelCase<TrainArgs>) => {
    const config = configFromArgs(args);
    // Every flag is checked, and the work estimated, before the output folder is created.
    checkWorkBudget(config, args.yes === true);
    const snapshotPath = join(args.out, SNAPSHOT_FILE);
    const threads =
      args.threads !== undefined
        ? intFlag("threads", args.threads, 1, 256)
        : defaultThreadCount(config.neurons);
    const snapshotEvery =
      args["snapshot-every"] !== undefined
        ? intFlag("snapshot-every", args["snapshot-every"], 1)
        : 0;
    ensureWritableDir(args.out);
    const lock = lockFolder(args.out, {
      onStale: (m) => process.stderr.write(`neuroxbar: ${m}\n`),
    });
    try {
      // Before each write: the folder must still be this run's (not deleted and taken by another).
      const owned = (): void => assertLockHeld(lock.path, lock.holder);
      await trainLocked(args, config, snapshotPath, snapshotEvery, threads, owned);
    } finally {
      lock.release();
    }
  },
};

async function trainLocked(
  args: ArgumentsCamelCase<TrainArgs>,
  config: RunConfig,
  snapshotPath: string,
  snapshotEvery: number,
  threads: number,
  owned: () => void,
): Promise<void> {
  {
    ensureRunFits(args.out, config, snapshotEvery);
    let resumeFrom;
    if (args.resume) {
      if (!existsSync(snapshotPath)) {
        throw new UsageError(
          `--resume: no snapshot at ${snapshotPath} (train with --snapshot-every K first)`,
        );
      }
      resumeFrom = readSnapshot(snapshotPath);
      process.stderr.write(
        `resuming from ${snapshotPath} at training sample ${resumeFrom.samplesDone}\n`,
      );
    }
    const progress = progressListener(args.progress !== false);
    const output = await runPipeline(config, {
      onEvent: (event) => {
        if (event.type === "threads" && event.used < event.requested) {
          process.stderr.write(
            `neuroxbar: --threads ${event.requested}: running on ${event.used} thread (${event.reason})\n`,
          );
        }
        progress(event);
      },
      threads,
      snapshotEvery,
      onSnapshot: (snapshot) => {
        owned();
        writeSnapshot(snapshotPath, snapshot);
      },
      ...(resumeFrom ? { resumeFrom } : {}),
    });
    owned();
    const files = writeRunFiles(args.out, output);
    rmSync(snapshotPath, { force: true });
    const r = output.result;
    if (args.json) {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      return;
    }
    const t = r.timings;
    process.stdout.write(
      [
        `accuracy ${percent(r.accuracy)} (${r.correct}/${r.samples.test}) on ${r.dataset.name}, ${config.neurons} neurons, seed ${config.seed}`,
        `train ${t.train.samples} @ ${t.train.samplesPerSec.toFixed(1)} samples/s · label ${t.label.samples} @ ${t.label.samplesPerSec.toFixed(1)}/s · test ${t.test.samples} @ ${t.test.samplesPerSec.toFixed(1)}/s · total ${t.totalSeconds.toFixed(1)} s${t.threads > 1 ? ` · ${t.threads} threads` : ""}`,
        ...(r.curve.length > 0
          ? [`curve: ${r.curve.map((p) => `${p.samples}→${percent(p.accuracy)}`).join(", ")}`]
          : []),
        formatEnergyLine(r.energy),
        `wrote ${files.result}, ${files.weights}, ${files.synapseMap}`,
      ].join("\n") + "\n",
    );
  }
}
