import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { NeuroXbarError } from "../../core/errors.js";
import { expandScenario } from "../../experiments/expand.js";
import { defaultWorkers, runSweep, type SweepEvent } from "../../experiments/runner.js";
import { readScenarioFile } from "../../experiments/scenario-file.js";
import { parseShard } from "../../experiments/shard.js";
import { snapshotNotice, sweepProgress } from "../../experiments/sweep-progress.js";
import { intFlag } from "../flags.js";
import { checkWorkBudget } from "../../experiments/preflight.js";
import type { RunConfig } from "../../network/config.js";

interface SweepArgs {
  file: string;
  quick?: boolean;
  workers?: string;
  out?: string;
  resume?: boolean;
  shard?: string;
  point?: string;
  seed?: string;
  "dry-run"?: boolean;
  progress?: boolean;
  yes?: boolean;
  json?: boolean;
  "snapshot-every"?: string;
}

/** Without progress output, damaged and unchecked runs are still reported. */
function noticesOnly(event: SweepEvent): void {
  if (event.type === "run-damaged") {
    process.stderr.write(
      `neuroxbar: run ${event.key} is damaged and will run again: ${event.problems.join("; ")}\n`,
    );
  } else if (event.type === "run-snapshot") {
    process.stderr.write(`neuroxbar: ${snapshotNotice(event.key, event.use)}\n`);
  } else if (event.type === "runs-unverified") {
    process.stderr.write(
      `neuroxbar: ${event.keys.length} finished run(s) have no checksums.sha256 (written by an older NeuroXbar): kept without a check\n`,
    );
  } else if (event.type === "sweep-end") {
    const s = event.summary;
    process.stderr.write(
      `sweep ${s.interrupted ? "interrupted" : "done"}: ${s.finished} run(s) finished, ${s.skipped} skipped, ${s.failed.length} failed in ${s.seconds.toFixed(1)} s → ${s.out}\n`,
    );
  }
}

/** Exit status of an interrupted sweep (128 + SIGINT), as shells report Ctrl-C. */
const INTERRUPTED_STATUS = 130;

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: "sweep <file>",
  describe: "Run a scenario's points × seeds in worker threads; one result folder per run",
  builder: (y: Argv<object>) =>
    y
      .positional("file", {
        type: "string",
        demandOption: true,
        describe: "scenario file (.json, .yaml)",
      })
      .option("quick", {
        type: "boolean",
        default: false,
        describe: "the scenario's quick size (minutes)",
      })
      .option("workers", {
        type: "number",
        describe: `worker threads [cores: ${defaultWorkers()}]`,
      })
      .option("out", { type: "string", describe: "output folder [runs/NAME or runs/NAME-quick]" })
      .option("resume", {
        type: "boolean",
        default: false,
        describe: "skip finished runs, run the rest",
      })
      .option("shard", {
        type: "string",
        describe: "run shard K of N (K/N) for a cluster job array",
      })
      .option("snapshot-every", {
        type: "number",
        describe:
          "snapshot each run's training every K samples (snapshot.bin in its folder); an interrupted run continues from its last one with --resume",
      })
      .option("point", { type: "string", describe: "run only this point (id or unique id prefix)" })
      .option("seed", {
        type: "number",
        describe: "run only this replicate seed (one of the scenario's)",
      })
      .option("dry-run", {
        type: "boolean",
        default: false,
        describe: "validate and list the runs; run nothing",
      })
      .option("progress", { type: "boolean", default: true, describe: "progress on stderr" })
      .option("yes", {
        type: "boolean",
        default: false,
        describe: "run even when a run's work estimate is above the budget (1e13 neuron-steps)",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "print the summary (or, with --dry-run, the runs) as JSON on stdout",
      })
      .example(
        "neuroxbar sweep scenarios/threshold-variation.json --quick",
        "the quick size, all cores",
      )
      .example(
        "neuroxbar sweep scenarios/levels.json --shard 3/8 --out runs/levels",
        "job 3 of an 8-job array",
      )
      .example("neuroxbar sweep scenarios/levels.json --point 1f0c --seed 2", "reproduce one run")
      .example(
        "neuroxbar sweep scenarios/training-length.json --snapshot-every 10000 --resume",
        "long runs that survive an interruption",
      ) as unknown as Argv<SweepArgs>,
  handler: async (args: ArgumentsCamelCase<SweepArgs>) => {
    const workers =
      args.workers === undefined ? defaultWorkers() : intFlag("workers", args.workers, 0, 1024);
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const replicate = args.seed === undefined ? undefined : intFlag("seed", args.seed, 0);
    const snapshotEvery =
      args["snapshot-every"] === undefined
        ? 0
        : intFlag("snapshot-every", args["snapshot-every"], 1);
    const variant = args.quick ? "quick" : "full";
    // Everything is read and checked before the first run starts.
    const sweep = expandScenario(readScenarioFile(args.file), { variant });
    const out = args.out ?? `runs/${sweep.scenario.name}${args.quick ? "-quick" : ""}`;
    for (const r of sweep.runs) {
      checkWorkBudget(r.config as RunConfig, args.yes === true, `${sweep.source}: run ${r.key}`);
    }
    if (args["dry-run"] && args.json) {
      const runs = sweep.runs.map((r) => ({
        key: r.key,
        point: r.point.id,
        replicate: r.replicate,
        seed: r.seed,
      }));
      const points = sweep.points.map((p) => ({ id: p.id, title: p.title }));
      process.stdout.write(
        `${JSON.stringify({ source: sweep.source, variant, points, runs }, null, 2)}\n`,
      );
      return;
    }
    if (args["dry-run"]) {
      process.stdout.write(
        `${sweep.source}: ${sweep.points.length} points × ${sweep.seeds.length} seeds = ${sweep.runs.length} runs (${variant}), all valid\n` +
          sweep.points.map((p) => `  ${p.id}  ${p.title}\n`).join(""),
      );
      return;
    }
    const only =
      args.point !== undefined || replicate !== undefined
        ? { point: args.point, replicate }
        : undefined;
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      if (controller.signal.aborted) process.exit(INTERRUPTED_STATUS);
      process.stderr.write(
        `\nneuroxbar: ${signal}: stopping; finished runs are kept (resume with --resume)\n`,
      );
      controller.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
      const summary = await runSweep(sweep, {
        out,
        workers,
        resume: args.resume,
        shard,
        only,
        snapshotEvery,
        signal: controller.signal,
        onEvent: args.progress === false ? noticesOnly : sweepProgress(),
        onStaleLock: (m) => process.stderr.write(`neuroxbar: ${m}\n`),
      });
      if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      if (summary.interrupted) {
        process.stderr.write(
          `neuroxbar: interrupted; resume with: neuroxbar sweep ${args.file}${args.quick ? " --quick" : ""}${snapshotEvery > 0 ? ` --snapshot-every ${snapshotEvery}` : ""} --out ${out} --resume\n`,
        );
        process.exitCode = INTERRUPTED_STATUS;
        return;
      }
      if (summary.failed.length > 0) {
        const lines = summary.failed.map((f) => `run ${f.key}: ${f.message}`);
        throw new NeuroXbarError(
          "E_RUN_FAILED",
          `${summary.failed.length} run(s) failed (each has an error.json; --resume re-runs them):\n${lines.join("\n")}`,
        );
      }
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
