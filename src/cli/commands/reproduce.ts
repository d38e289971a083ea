import { existsSync, readFileSync } from "node:fs";
import { verifyFile } from "../../core/checksum.js";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { DataError, UsageError } from "../../core/errors.js";
import { parseWithSchema } from "../../core/validate.js";
import { runConfigSchema } from "../../network/config.js";
import { canonicalJson } from "../../core/canonical-json.js";
import { isPlainObject } from "../../experiments/config-path.js";
import { runPipeline, type RunResult } from "../../network/pipeline.js";
import { progressListener } from "../progress.js";

interface ReproduceArgs {
  result: string;
  progress?: boolean;
}

/**
 * Fields not compared: those that legitimately differ between two runs of the same configuration
 * (timings, provenance), and the block a sweep adds to a run's result.json after the run (`sweep`:
 * its point, replicate and seed), bookkeeping that a re-run does not write.
 */
const NOT_COMPARED = new Set(["timings", "provenance", "sweep"]);

/**
 * `fresh` cut to the shape of `saved`: object keys that `saved` does not have are left out, at any
 * depth. A result written by an older version lacks fields added since (e.g. a configuration
 * default spelled out, `synapses.presetSha256`); those cannot be compared, everything it recorded
 * can.
 */
function projectOnto(saved: unknown, fresh: unknown): unknown {
  if (isPlainObject(saved) && isPlainObject(fresh)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(saved)) if (k in fresh) out[k] = projectOnto(saved[k], fresh[k]);
    return out;
  }
  if (Array.isArray(saved) && Array.isArray(fresh) && saved.length === fresh.length)
    return fresh.map((x, i) => projectOnto(saved[i], x));
  return fresh;
}

/**
 * Names of the top-level result fields whose recorded content differs from the fresh result's
 * (NOT_COMPARED excluded). Fields the saved result does not have are not compared: see
 * fieldsAddedSince.
 */
export function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((k) => !NOT_COMPARED.has(k) && k in a)
    .filter((k) => canonicalJson(a[k]) !== canonicalJson(projectOnto(a[k], b[k])))
    .sort();
}

/** Dotted paths of the fields the fresh result has and the saved one does not (newer fields). */
export function fieldsAddedSince(saved: unknown, fresh: unknown, path = ""): string[] {
  if (!isPlainObject(saved) || !isPlainObject(fresh)) return [];
  return Object.keys(fresh)
    .filter((k) => !(path === "" && NOT_COMPARED.has(k)))
    .flatMap((k) =>
      k in saved ? fieldsAddedSince(saved[k], fresh[k], `${path}${k}.`) : [`${path}${k}`],
    )
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
    const added = fieldsAddedSince(saved, fresh);
    if (added.length > 0)
      process.stdout.write(`not compared (recorded by newer versions only): ${added.join(", ")}\n`);
    if (diff.length === 0) {
      process.stdout.write(
        `reproduced: every deterministic field it recorded is identical (accuracy ${(result.accuracy * 100).toFixed(2)} %)\n`,
      );
      return;
    }
    process.stdout.write(
      `NOT reproduced: ${diff.join(", ")} differ (recorded accuracy ${(saved.accuracy * 100).toFixed(2)} %, now ${(result.accuracy * 100).toFixed(2)} %)\n`,
    );
    process.exitCode = 1;
  },
};
