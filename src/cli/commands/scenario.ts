import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { ValidationError } from "../../core/errors.js";
import { packageRoot } from "../../core/version.js";
import { expandScenario } from "../../experiments/expand.js";
import { scenarioJsonSchema } from "../../experiments/json-schema.js";
import { readScenarioFile } from "../../experiments/scenario-file.js";

interface ScenarioArgs {
  action: string;
  files?: string[];
  quick?: boolean;
  json?: boolean;
}

export const SCENARIO_DIR = join(packageRoot, "scenarios");

/** Shipped scenario files (scenarios/*.json, *.yaml), sorted by name. */
export function shippedScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((n) => /\.(json|ya?ml)$/.test(n) && n !== "scenario.schema.json")
    .sort()
    .map((n) => join(SCENARIO_DIR, n));
}

function check(files: readonly string[], quick: boolean): void {
  const failures: string[] = [];
  for (const file of files) {
    try {
      const sweep = expandScenario(readScenarioFile(file), { variant: "full" });
      let text = `${file}: ok, ${sweep.points.length} points × ${sweep.seeds.length} seeds`;
      if (quick && sweep.scenario.quick) {
        const q = expandScenario(readScenarioFile(file), { variant: "quick" });
        text += `; quick ${q.points.length} × ${q.seeds.length}`;
      }
      process.stdout.write(`${text}\n`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      failures.push(err.message);
    }
  }
  if (failures.length > 0) throw new ValidationError(failures.join("\n"));
}

export const scenarioCommand: CommandModule<object, ScenarioArgs> = {
  command: "scenario <action> [files..]",
  describe: "Scenario files: schema (JSON Schema to stdout), check FILE…, points FILE, list",
  builder: (y: Argv<object>) =>
    y
      .positional("action", {
        type: "string",
        choices: ["schema", "check", "points", "list"],
        demandOption: true,
      })
      .positional("files", { type: "string", array: true, describe: "scenario files" })
      .option("quick", {
        type: "boolean",
        default: false,
        describe: "points: the quick size; check: also check it",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "list: name, file and description of each scenario as JSON",
      })
      .example("neuroxbar scenario schema > scenarios/scenario.schema.json", "editor completion")
      .example(
        "neuroxbar scenario check scenarios/*.json --quick",
        "validate every point before running",
      )
      .example(
        "neuroxbar scenario points scenarios/levels.json",
        "point ids, values and run seeds",
      ) as unknown as Argv<ScenarioArgs>,
  handler: async (args: ArgumentsCamelCase<ScenarioArgs>) => {
    const files = args.files ?? [];
    switch (args.action) {
      case "schema":
        process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
        return;
      case "list":
        if (args.json) {
          const list = shippedScenarios().map((file) => {
            const s = readScenarioFile(file).scenario;
            return { name: s.name, file, description: s.description };
          });
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        for (const f of shippedScenarios()) {
          const s = readScenarioFile(f).scenario;
          process.stdout.write(`${s.name.padEnd(24)} ${s.description.split(". ")[0]}\n`);
        }
        return;
      case "check":
        check(files.length > 0 ? files : shippedScenarios(), args.quick === true);
        return;
      case "points": {
        if (files.length !== 1)
          throw new ValidationError("scenario points: name one scenario file");
        const sweep = expandScenario(readScenarioFile(files[0]!), {
          variant: args.quick ? "quick" : "full",
        });
        for (const p of sweep.points) {
          const seeds = sweep.runs
            .filter((r) => r.point.id === p.id)
            .map((r) => `${r.replicate}→${r.seed}`);
          process.stdout.write(`${p.id}  ${p.title}  seeds ${seeds.join(" ")}\n`);
        }
        return;
      }
    }
  },
};
