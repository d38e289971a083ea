/**
 * `neuroxbar design <preset | device.json | measured.csv>`: the device design report (docs/design.md).
 *
 * Order of work: the device argument is read, fitted (a CSV) and validated BEFORE anything is
 * created, so a bad argument costs one line and no folder. Then the output folder is locked, the
 * plan and the device card are written, every arm runs on the sweep machinery (workers, resume,
 * shards; progress with an ETA on stderr), and the report is written from the run files and
 * printed to PDF by headless Chromium.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Argv, CommandModule } from "yargs";
import { ensureWritableDir, writeFileAtomic } from "../../core/atomic.js";
import { ERROR_CODES, NeuroXbarError, UsageError, ValidationError } from "../../core/errors.js";
import { lockFolder } from "../../core/folder-lock.js";
import { parseWithSchema } from "../../core/validate.js";
import { fitMeasured } from "../../devices/fit/fit.js";
import { parseMeasuredCsv, type MeasuredData } from "../../devices/fit/measured-csv.js";
import { listPresets, loadPreset } from "../../devices/preset-files.js";
import { presetSchema, type Preset } from "../../devices/preset.js";
import { deviceCard } from "../../design/device-card.js";
import { buildPlan, derivedDevices, type DesignPlan, type PlanOptions } from "../../design/plan.js";
import { runDesign } from "../../design/sweep.js";
import { defaultWorkers, type SweepEvent } from "../../experiments/runner.js";
import { parseShard, type Shard } from "../../experiments/shard.js";
import { sweepProgress } from "../../experiments/sweep-progress.js";
import { writeDesignReport } from "../../report/design/write-design-report.js";
import { intFlag, numberFlag } from "../flags.js";
import { fittedPreset } from "./device.js";
import type { FitResult } from "../../devices/fit/fit.js";

interface DesignArgs {
  device: string;
  neurons?: string;
  quick?: boolean;
  seeds?: string;
  out?: string;
  workers?: string;
  "loss-budget"?: string;
  shard?: string;
  "adc-bits"?: string;
  "adc-full-scale-weights"?: string;
  pdf?: boolean;
  progress?: boolean;
}

export interface DesignDevice {
  readonly argument: string;
  readonly name: string;
  readonly kind: "preset" | "file" | "measured";
  /** The validated preset (a fitted one for a CSV). */
  readonly preset: Preset;
  /** The preset JSON to write into the design folder (file and measured kinds). */
  readonly raw: unknown;
  readonly measured?: { data: MeasuredData; fit: FitResult };
}

/**
 * Reads the device argument: a shipped preset name, a preset .json file, or a measured .csv
 * (fitted with the NeuroSim model, as `device fit` does). Throws a NeuroXbarError with one line.
 */
export function readDesignDevice(argument: string): DesignDevice {
  const ext = extname(argument).toLowerCase();
  if (ext === ".csv") {
    let text: string;
    try {
      text = readFileSync(argument, "utf8");
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new UsageError(
        `device: cannot read ${argument} (${e.code === "ENOENT" ? "no such file" : (e.code ?? e.message)})`,
      );
    }
    const data = parseMeasuredCsv(text, argument);
    const fit = fitMeasured(data, "neurosim");
    const raw = fittedPreset(fit, argument);
    const preset = parseWithSchema(presetSchema, raw, argument);
    return {
      argument,
      name: basename(argument).replace(/\.csv$/i, ""),
      kind: "measured",
      preset,
      raw,
      measured: { data, fit },
    };
  }
  if (ext === ".json" || argument.includes("/") || argument.includes("\\")) {
    if (!existsSync(argument)) throw new UsageError(`device: no such file ${argument}`);
    const loaded = loadPreset(argument);
    return {
      argument,
      name: loaded.name,
      kind: "file",
      preset: loaded.preset,
      raw: JSON.parse(readFileSync(argument, "utf8")) as unknown,
    };
  }
  if (!listPresets().includes(argument)) {
    throw new ValidationError(
      `device: unknown preset "${argument}"; known: ${listPresets().join(", ")} (or a preset .json, or a measured .csv)`,
    );
  }
  const loaded = loadPreset(argument);
  return { argument, name: argument, kind: "preset", preset: loaded.preset, raw: null };
}

export interface DesignOptions {
  readonly device: DesignDevice;
  readonly out: string;
  readonly quick: boolean;
  readonly neurons?: number;
  readonly seeds?: number;
  readonly workers?: number;
  readonly lossBudgetPoints: number;
  readonly shard?: Shard;
  readonly pdf: boolean;
  readonly onEvent?: (e: SweepEvent) => void;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Presets to rank against (default: every shipped preset). */
  readonly presets?: readonly string[];
  /** Sizes and grid thinning for tests (see PlanOptions). */
  readonly sizes?: PlanOptions["sizes"];
  readonly gridPoints?: number;
  readonly requirementKeys?: PlanOptions["requirementKeys"];
  /** The chip's column ADC (absent: exact column sums). */
  readonly adc?: PlanOptions["adc"];
}

export interface DesignOutcome {
  readonly plan: DesignPlan;
  readonly html: string | null;
  readonly pdf: string | null;
  readonly summary: readonly string[];
  readonly complete: boolean;
  /** Runs that failed (each has an error.json under runs/); the report waits for them. */
  readonly failed: number;
}

/** Prints DIR/index.html to DIR/report.pdf with headless Chromium; null (and why) when it cannot. */
export async function printPdf(
  html: string,
  pdf: string,
): Promise<{ path: string | null; why?: string }> {
  const executable = process.env.NEUROXBAR_CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executable)) return { path: null, why: `${executable} is absent` };
  let chromium: typeof import("playwright-core").chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    return { path: null, why: "playwright-core is not installed" };
  }
  const browser = await chromium.launch({ executablePath: executable, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
    await page.pdf({
      path: pdf,
      format: "A4",
      printBackground: true,
      margin: { top: "12mm", bottom: "12mm", left: "10mm", right: "10mm" },
    });
    return { path: pdf };
  } finally {
    await browser.close();
  }
}

export async function runDesignCommand(o: DesignOptions): Promise<DesignOutcome> {
  const log = o.log ?? (() => undefined);
  ensureWritableDir(o.out);
  const lock = lockFolder(o.out, { onStale: (m) => log(m) });
  try {
    const dev = o.device;
    const devicesDir = join(o.out, "devices");
    let configDevice = dev.name;
    if (dev.kind !== "preset") {
      configDevice = join(devicesDir, "device.json");
      writeFileAtomic(configDevice, `${JSON.stringify(dev.raw, null, 2)}\n`);
    }
    const twins = derivedDevices(dev.preset);
    const linearPath = join(devicesDir, "linearised.json");
    const nlBasePath = join(devicesDir, "nl-twin.json");
    parseWithSchema(presetSchema, twins.linear, linearPath);
    parseWithSchema(presetSchema, twins.nlBase, nlBasePath);
    writeFileAtomic(linearPath, `${JSON.stringify(twins.linear, null, 2)}\n`);
    writeFileAtomic(nlBasePath, `${JSON.stringify(twins.nlBase, null, 2)}\n`);
    const plan = buildPlan({
      argument: dev.argument,
      name: dev.name,
      kind: dev.kind,
      configDevice,
      linearPath,
      nlBasePath,
      preset: dev.preset,
      presets: o.presets ?? listPresets(),
      sizes: o.sizes,
      gridPoints: o.gridPoints,
      requirementKeys: o.requirementKeys,
      adc: o.adc,
      quick: o.quick,
      neurons: o.neurons,
      seeds: o.seeds,
      lossBudgetPoints: o.lossBudgetPoints,
    });
    writeFileAtomic(join(o.out, "design-plan.json"), `${JSON.stringify(plan, null, 2)}\n`);
    const card = deviceCard(dev.name, dev.preset, {
      measured: dev.measured,
      resamples: o.quick ? 8 : 30,
      devices: 200,
    });
    writeFileAtomic(join(o.out, "device-card.json"), `${JSON.stringify(card)}\n`);
    log(
      `design: ${plan.arms.length} arms (${plan.axisValues.length} distinct) × ${plan.seeds.length} seeds at ${plan.sizes.neurons} neurons, ${plan.sizes.train} training images${o.quick ? " (quick: PRELIMINARY)" : ""}`,
    );
    const summary = await runDesign(plan, {
      runsDir: join(o.out, "runs"),
      workers: o.workers,
      shard: o.shard,
      onEvent: o.onEvent,
      signal: o.signal,
    });
    if (summary.interrupted || summary.failed.length > 0 || o.shard) {
      const complete = false;
      if (summary.failed.length > 0)
        log(`design: ${summary.failed.length} run(s) failed; run the command again to retry them`);
      if (o.shard)
        log("design: shard done; run without --shard (same --out) to finish and write the report");
      return { plan, html: null, pdf: null, summary: [], complete, failed: summary.failed.length };
    }
    const files = await writeDesignReport(o.out);
    let pdf: string | null = null;
    if (o.pdf) {
      const r = await printPdf(files.html, join(o.out, "report.pdf"));
      pdf = r.path;
      if (!pdf) log(`design: no PDF (${r.why})`);
    }
    return { plan, html: files.html, pdf, summary: files.summary, complete: true, failed: 0 };
  } finally {
    lock.release();
  }
}

export const designCommand: CommandModule<object, DesignArgs> = {
  command: "design <device>",
  describe:
    "Device design report: accuracy cost, its causes, requirements, mitigations and energy (docs/design.md)",
  builder: (y: Argv<object>) =>
    y
      .positional("device", {
        type: "string",
        demandOption: true,
        describe: "preset name (neuroxbar device list), a preset .json, or a measured .csv",
      })
      .option("neurons", { type: "string", describe: "excitatory neurons [quick 20, full 100]" })
      .option("quick", {
        type: "boolean",
        default: false,
        describe: "small network, 3 seeds, coarse search (≤ 10 min; marked PRELIMINARY)",
      })
      .option("seeds", { type: "string", describe: "replicate seeds per arm [quick 3, full 8]" })
      .option("out", { type: "string", describe: "output folder [reports/design-<device>]" })
      .option("workers", { type: "string", describe: "worker threads [cores]" })
      .option("loss-budget", {
        type: "string",
        describe: "points of accuracy the requirements table allows against ideal [1]",
      })
      .option("shard", { type: "string", describe: "run only shard K/N of the runs (cluster)" })
      .option("adc-bits", {
        type: "string",
        describe: "the chip's column ADC resolution, bits (absent: exact column sums)",
      })
      .option("adc-full-scale-weights", {
        type: "string",
        describe: "ADC full scale of a column sum, weight units [2, with --adc-bits]",
      })
      .option("pdf", {
        type: "boolean",
        default: true,
        describe: "print report.pdf (headless Chromium)",
      })
      .option("progress", {
        type: "boolean",
        default: true,
        describe: "progress with an ETA on stderr",
      }),
  handler: async (args) => {
    // Flags and the device first: nothing is created before they are all valid.
    const neurons =
      args.neurons !== undefined ? intFlag("neurons", args.neurons, 1, 6400) : undefined;
    const seeds = args.seeds !== undefined ? intFlag("seeds", args.seeds, 1, 100) : undefined;
    const workers =
      args.workers !== undefined ? intFlag("workers", args.workers, 0, 256) : defaultWorkers();
    const budget =
      args["loss-budget"] !== undefined ? numberFlag("loss-budget", args["loss-budget"]) : 1;
    if (!(budget > 0))
      throw new UsageError(`--loss-budget: expected a number of points > 0, got ${budget}`);
    const shard = args.shard !== undefined ? parseShard(args.shard) : undefined;
    const adcBits =
      args["adc-bits"] !== undefined ? intFlag("adc-bits", args["adc-bits"], 1, 16) : undefined;
    if (args["adc-full-scale-weights"] !== undefined && adcBits === undefined)
      throw new UsageError("--adc-full-scale-weights: needs --adc-bits");
    const adcFullScale =
      args["adc-full-scale-weights"] !== undefined
        ? numberFlag("adc-full-scale-weights", args["adc-full-scale-weights"])
        : 2;
    if (!(adcFullScale > 0))
      throw new UsageError(
        `--adc-full-scale-weights: expected a number of weight units > 0, got ${adcFullScale}`,
      );
    const adc =
      adcBits !== undefined ? { bits: adcBits, fullScaleWeights: adcFullScale } : undefined;
    let device: DesignDevice;
    try {
      device = readDesignDevice(args.device);
    } catch (err) {
      if (err instanceof NeuroXbarError) {
        // One line: the problems joined.
        const first = err.message
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => l !== "")
          .join("; ");
        err.message = first;
      }
      throw err;
    }
    const out =
      args.out ??
      join("reports", `design-${device.name.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}`);
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write(
        `\nneuroxbar: ${signal}: stopping; finished runs are kept (run again to resume)\n`,
      );
      controller.abort();
    };
    process.on("SIGINT", onSignal);
    try {
      const outcome = await runDesignCommand({
        device,
        out,
        quick: args.quick ?? false,
        neurons,
        seeds,
        workers,
        lossBudgetPoints: budget,
        adc,
        shard,
        pdf: args.pdf ?? true,
        onEvent: args.progress === false ? undefined : sweepProgress(),
        log: (l) => process.stderr.write(`${l}\n`),
        signal: controller.signal,
      });
      if (outcome.complete) {
        for (const s of outcome.summary) process.stdout.write(`${s}\n`);
        process.stdout.write(
          `wrote ${outcome.html}${outcome.pdf ? `, ${outcome.pdf}` : ""} and the tables in ${out}\n`,
        );
      } else if (controller.signal.aborted) {
        process.exitCode = 130;
      } else if (outcome.failed > 0) {
        process.exitCode = ERROR_CODES.E_RUN_FAILED;
      }
    } finally {
      process.off("SIGINT", onSignal);
    }
  },
};
