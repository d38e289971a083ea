import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { UsageError, ValidationError } from "../core/errors.js";
import { parseWithSchema } from "../core/validate.js";
import { scenarioSchema, type Scenario } from "./scenario-schema.js";

/** A scenario as read from its file; `source` is the file name used in every error message. */
export interface ScenarioFile {
  readonly source: string;
  readonly scenario: Scenario;
  /** The file's data as written (before defaults): hashed for provenance. */
  readonly raw: unknown;
}

/** Parses JSON or YAML text (by extension: .yaml/.yml are YAML, anything else JSON). */
export function parseScenarioText(text: string, source: string): unknown {
  const ext = extname(source).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") {
    try {
      return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
    } catch (err) {
      throw new ValidationError(
        `${source}: not valid YAML: ${(err as Error).message.split("\n")[0]}`,
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ValidationError(`${source}: not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads and checks a scenario file's own shape (points are checked by expandScenario). */
export function readScenarioFile(path: string): ScenarioFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === "ENOENT" ? "no such file" : (e.code ?? e.message);
    throw new UsageError(`cannot read scenario ${path}: ${why}`);
  }
  return scenarioFromValue(parseScenarioText(text, path), path);
}

/**
 * Validates an already-parsed scenario value against scenarioSchema; `source` names it in error
 * messages. Returns the scenario with its source and raw value.
 */
export function scenarioFromValue(raw: unknown, source: string): ScenarioFile {
  return { source, scenario: parseWithSchema(scenarioSchema, raw, source), raw };
}
