#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { NeuroXbarError, ERROR_CODES } from "../core/errors.js";
import { version } from "../core/version.js";
import { booleanWordsMiddleware } from "./flags.js";
import { numberTextMiddleware } from "./number-flags.js";
import { withFlagSuggestions } from "./suggest.js";
import { annCommand } from "./commands/ann.js";
import { designCommand } from "./commands/design.js";
import { deviceCommand } from "./commands/device.js";
import { energyCommand } from "./commands/energy.js";
import { exportWeightsCommand } from "./commands/export-weights.js";
import { mergeCommand } from "./commands/merge.js";
import { reportCommand } from "./commands/report.js";
import { reproduceCommand } from "./commands/reproduce.js";
import { scenarioCommand } from "./commands/scenario.js";
import { sweepCommand } from "./commands/sweep.js";
import { trainCommand } from "./commands/train.js";

/** Prints one clear line per problem and exits with the error's stable status; never a stack. */
function reportError(err: unknown): never {
  if (err instanceof NeuroXbarError) {
    process.stderr.write(`neuroxbar: ${err.message.split("\n").join("\nneuroxbar: ")}\n`);
    process.exit(err.exitStatus);
  }
  const e = err as Error;
  process.stderr.write(`neuroxbar: internal error: ${e?.message ?? String(err)}\n`);
  if (process.env.NEUROXBAR_DEBUG) process.stderr.write(`${e?.stack ?? ""}\n`);
  else process.stderr.write("neuroxbar: (set NEUROXBAR_DEBUG=1 to see the stack)\n");
  process.exit(ERROR_CODES.E_INTERNAL);
}

// A closed pipe (`neuroxbar … | head`) ends output quietly, as other command-line tools do.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName("neuroxbar")
    .version(version)
    .command(trainCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(reportCommand)
    .command(scenarioCommand)
    .command(deviceCommand)
    .command(energyCommand)
    .command(exportWeightsCommand)
    .command(reproduceCommand)
    .command(annCommand)
    .command(designCommand)
    .demandCommand(1, "name a command (see --help)")
    .strict()
    // Boolean flags accept true/false, yes/no, on/off only (yargs reads other words as false).
    .middleware(booleanWordsMiddleware(argv), true)
    // Numeric flags show as [number] in --help; their checks still see the text typed.
    .middleware(numberTextMiddleware(argv), true)
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err, y) => {
      if (err) reportError(err);
      // yargs passes its usage object, whose descriptions are the current command's flags.
      const usage = y as unknown as { getDescriptions(): Record<string, unknown> };
      const known = Object.keys(usage.getDescriptions());
      process.stderr.write(`neuroxbar: ${withFlagSuggestions(msg, known)}\n`);
      process.exit(ERROR_CODES.E_USAGE);
    })
    .parseAsync();
}

main(hideBin(process.argv)).catch(reportError);
