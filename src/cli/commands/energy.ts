/**
 * `neuroxbar energy RESULT.json --profile NAME|FILE [--json]`: re-prices a finished run's op
 * counts under another energy profile without re-running it. The counts are exact, so the joules
 * equal those of a fresh run priced with that profile.
 */
import type { CommandModule } from "yargs";
import { existsSync } from "node:fs";
import { verifyFile } from "../../core/checksum.js";
import { formatEnergyTable } from "../../energy/format.js";
import { computeEnergy, type EnergyReport } from "../../energy/model.js";
import { loadEnergyProfile } from "../../energy/profile.js";
import { readEnergyInput } from "../../energy/result-input.js";

export { formatEnergyLine, formatSi } from "../../energy/format.js";

export interface EnergyArgs {
  result: string;
  profile: string;
  json: boolean;
}

/** Re-prices the result file under the profile; errors name the file and field (NeuroXbarError). */
export function repriceResult(resultPath: string, profileNameOrPath: string): EnergyReport {
  const profile = loadEnergyProfile(profileNameOrPath);
  if (existsSync(resultPath)) {
    verifyFile(resultPath, "it is not the result the run wrote; run the training again");
  }
  const input = readEnergyInput(resultPath);
  return computeEnergy(input, profile);
}

/** What the command prints: the EnergyReport as JSON, or a short table. */
export function runEnergyCommand(args: EnergyArgs): string {
  const report = repriceResult(args.result, args.profile);
  if (args.json) return JSON.stringify(report, null, 2);
  return formatEnergyTable(
    report,
    `energy of ${args.result} under profile "${report.profile.name}"`,
  );
}

export const energyCommand: CommandModule<object, EnergyArgs> = {
  command: "energy <result>",
  describe: "Re-price a finished run (result.json) under another energy profile",
  builder: (yargs) =>
    yargs
      .positional("result", {
        type: "string",
        demandOption: true,
        describe: "result.json of a finished run",
      })
      .option("profile", {
        type: "string",
        default: "default",
        describe:
          "energy profile: a name from energy/ (default, loihi, truenorth, cmos45-int8, …) or a file path",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "print the EnergyReport as JSON instead of a table",
      }),
  handler: (argv) => {
    process.stdout.write(`${runEnergyCommand(argv)}\n`);
  },
};
