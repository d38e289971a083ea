/**
 * Checks a valid run configuration cannot express in its schema but that would otherwise fail
 * only when a run starts, hours into a sweep: named files the configuration points to. Each
 * returns problems as (configuration path, message); expand.ts blames them on the scenario.
 */
import { canonicalJson } from "../core/canonical-json.js";
import { isPlainObject } from "./config-path.js";
import { loadPreset } from "../devices/preset-files.js";
import type { OverrideValue } from "../devices/overrides.js";

export interface PreflightIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export type PreflightCheck = (config: unknown) => PreflightIssue[];

/** Every object in the configuration, with its path. */
function* objects(
  value: unknown,
  path: PropertyKey[] = [],
): Generator<[Record<string, unknown>, PropertyKey[]]> {
  if (!isPlainObject(value)) return;
  yield [value, path];
  for (const [k, v] of Object.entries(value)) yield* objects(v, [...path, k]);
}

const presetVerdicts = new Map<string, string | null>();

/**
 * A crossbar configuration ({device, set, …}) names a device preset (a file in devices/ or a path)
 * and overrides applied to it: load it now, so an unknown preset or a bad override fails before
 * anything runs.
 */
export const crossbarPresetCheck: PreflightCheck = (config) => {
  const issues: PreflightIssue[] = [];
  for (const [obj, path] of objects(config)) {
    if (typeof obj.device !== "string" || !isPlainObject(obj.set)) continue;
    const key = canonicalJson([obj.device, obj.set]);
    let verdict = presetVerdicts.get(key);
    if (verdict === undefined) {
      try {
        loadPreset(obj.device, obj.set as Record<string, OverrideValue>);
        verdict = null;
      } catch (err) {
        verdict = (err as Error).message;
      }
      presetVerdicts.set(key, verdict);
    }
    if (verdict === null) continue;
    // One issue per line of the preset's message, each blamed on the override it names, so
    // every line of the scenario error starts with the scenario file and its place.
    for (const line of verdict.split("\n")) {
      const aboutFile = /unknown preset|cannot read|no such file|not found|not valid JSON/i.test(
        line,
      );
      // The line names the preset field at fault ("› params.pMaxLtp: …"): blame that override.
      const setKey = Object.keys(obj.set).find((k) =>
        new RegExp(`[›.] ?${escapeRegExp(k)}:`, "i").test(line),
      );
      const where = aboutFile
        ? ["device"]
        : setKey
          ? ["set", setKey]
          : Object.keys(obj.set).length > 0
            ? ["set"]
            : ["device"];
      issues.push({ path: [...path, ...where], message: line.replace(/^device: /, "") });
    }
  }
  return issues;
};

export const defaultPreflightChecks: readonly PreflightCheck[] = [crossbarPresetCheck];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
