import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ERROR_CODES } from "../../core/errors.js";
import { mergeSweeps } from "../../experiments/merge.js";

interface MergeArgs {
  shards: string[];
  out: string;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: "merge <shards..>",
  describe: "Combine the folders of a sharded sweep into one (for neuroxbar report)",
  builder: (y: Argv<object>) =>
    y
      .positional("shards", {
        type: "string",
        array: true,
        demandOption: true,
        describe: "shard folders",
      })
      .option("out", { type: "string", demandOption: true, describe: "merged sweep folder" })
      .example(
        "neuroxbar merge runs/levels-shard-* --out runs/levels",
        "after a job array",
      ) as unknown as Argv<MergeArgs>,
  handler: async (args: ArgumentsCamelCase<MergeArgs>) => {
    const s = mergeSweeps(args.shards, args.out, (m) => process.stderr.write(`neuroxbar: ${m}\n`));
    for (const problem of s.damaged) {
      process.stderr.write(
        `neuroxbar: not merged: ${problem}; re-run it with neuroxbar sweep SCENARIO --out <that shard> --resume\n`,
      );
    }
    // The good runs are merged; the exit status still says that data was damaged.
    if (s.damaged.length > 0) process.exitCode = ERROR_CODES.E_DATA;
    if (s.unverified.length > 0) {
      process.stderr.write(
        `neuroxbar: ${s.unverified.length} run(s) copied without a check: their shard has no checksums.sha256 (written by an older NeuroXbar)\n`,
      );
    }
    process.stdout.write(
      `merged ${s.copied} run(s) into ${s.out} (${s.duplicates} duplicate(s) identical); ${s.total - s.missing.length}/${s.total} runs present\n`,
    );
    if (s.missing.length > 0) {
      const shown = s.missing.slice(0, 10).join(", ");
      process.stderr.write(
        `neuroxbar: ${s.missing.length} run(s) missing: ${shown}${s.missing.length > 10 ? ", …" : ""} (re-run their shards with --resume)\n`,
      );
    }
  },
};
