import { basename, resolve } from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { writeReport } from "../../report/write-report.js";

interface ReportArgs {
  dir: string;
  out?: string;
  json?: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: "report <dir>",
  describe:
    "HTML report (charts, synapse maps, findings) + results.csv + summary.csv of a sweep folder",
  builder: (y: Argv<object>) =>
    y
      .positional("dir", {
        type: "string",
        demandOption: true,
        describe: "sweep folder (from sweep or merge)",
      })
      .option("out", { type: "string", describe: "report folder [reports/<folder name>]" })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "print the written files and the findings as JSON on stdout",
      })
      .example(
        "neuroxbar report runs/threshold-variation",
        "→ reports/threshold-variation/index.html",
      ) as unknown as Argv<ReportArgs>,
  handler: async (args: ArgumentsCamelCase<ReportArgs>) => {
    const out = args.out ?? `reports/${basename(resolve(args.dir))}`;
    const files = await writeReport(args.dir, out, (m) =>
      process.stderr.write(`neuroxbar: ${m}\n`),
    );
    if (files.unverified.length > 0) {
      process.stderr.write(
        `neuroxbar: ${files.unverified.length} run(s) of ${args.dir} have no checksums.sha256 (written by an older NeuroXbar): reported without a check\n`,
      );
    }
    if (files.preliminary) {
      process.stderr.write(
        `neuroxbar: ${args.dir} is a --quick sweep: the report is marked PRELIMINARY (title and banner)\n`,
      );
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(files, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      `${files.sentences.join("\n")}\n\nwrote ${files.html}, ${files.resultsCsv}, ${files.summaryCsv}, ${files.curvesCsv}, ${files.spikesCsv}${files.comparisonsCsv ? `, ${files.comparisonsCsv}` : ""}\n`,
    );
  },
};
