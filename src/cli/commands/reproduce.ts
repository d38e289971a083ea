import { existsSync, readFileSync } from "node:fs";
import { verifyFile } from "../../core/checksum.js";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { DataError, UsageError } from "../../core/errors.js";
import { parseWithSchema } from "../../core/validate.js";
import { runConfigSchema } from "../../network/config.js";
import { canonicalJson } from "../../core/canonical-json.js";
import { runPipeline, type RunResult } from "../../network/pipeline.js";
import { progressListener } from "../progress.js";

interface ReproduceArgs {
  result: string;
  progress?: boolean;
}

/** Fields that legitimately differ between two runs of the same configuration. */
const VOLATILE = new Set(["timings", "provenance"]);

/** Names of the top-level result fields whose canonical JSON differs. */
export function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((k) => !VOLATILE.has(k))
    .filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]))
    .sort();
}

export const reproduceCommand: CommandModule<object, ReproduceArgs> = {
  command: "reproduce <result>",
  describe: "Re-run a finished run from its result.json and compare every deterministic field",
  builder: (y: Argv<object>) =>
    y
      .positional("result", { type: "string", demandOption: true, describe: "a result.json" })
      .option("progress", {
        type: "boolean",
        default: true,
        describe: "progress bar on stderr",
      }) as unknown as Argv<ReproduceArgs>,
  handler: async (args: ArgumentsCamelCase<ReproduceArgs>) => {
    let saved: RunResult;
    if (existsSync(args.result)) {
      verifyFile(
        args.result,
        "it is not the result the run wrote; run the training again to get a trustworthy one",
      );
    }
    try {
      saved = JSON.parse(readFileSync(args.result, "utf8")) as RunResult;
    } catch (err) {
      throw new UsageError(`reproduce: cannot read ${args.result}: ${(err as Error).message}`);
    }
    if (saved?.kind !== "neuroxbar-run") {
      throw new DataError(`${args.result}: not a NeuroXbar result (kind is not "neuroxbar-run")`);
    }
    const config = parseWithSchema(runConfigSchema, saved.config, `${args.result} › config`);
    const { result } = await runPipeline(config, {
      onEvent: progressListener(args.progress !== false),
    });
    const fresh = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
    const diff = differingFields(saved as unknown as Record<string, unknown>, fresh);
    const then = saved.provenance;
    const now = result.provenance;
    process.stdout.write(
      `recorded: version ${then?.version} commit ${then?.gitCommit ?? "?"} node ${then?.node}\n` +
        `now:      version ${now.version} commit ${now.gitCommit ?? "?"} node ${now.node}\n`,
    );
    if (diff.length === 0) {
      process.stdout.write(
        `reproduced: every deterministic field is identical (accuracy ${(result.accuracy * 100).toFixed(2)} %)\n`,
      );
      return;
    }
    process.stdout.write(
      `NOT reproduced: ${diff.join(", ")} differ (recorded accuracy ${(saved.accuracy * 100).toFixed(2)} %, now ${(result.accuracy * 100).toFixed(2)} %)\n`,
    );
    process.exitCode = 1;
  },
};
