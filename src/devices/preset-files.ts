/**
 * Finding and reading preset files. The built-in presets live in the package's devices/ folder
 * (../../devices from both src/devices and dist/devices); a name with a path separator or a
 * .json ending is read as a file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalJson, sha256Hex } from "../core/canonical-json.js";
import { ValidationError } from "../core/errors.js";
import { parseWithSchema } from "../core/validate.js";
import { applyOverrides, type OverrideValue } from "./overrides.js";
import { presetSchema, type Preset } from "./preset.js";

/**
 * A device preset loaded from disk: its name, file path, whether it ships with the package, and the
 * validated preset with overrides applied.
 */
export interface LoadedPreset {
  /** Preset name (built-in) or file name without .json. */
  readonly name: string;
  /** Absolute path of the file read. */
  readonly path: string;
  /** Whether it is one of the shipped presets. */
  readonly builtIn: boolean;
  /** Validated preset, overrides applied. */
  readonly preset: Preset;
  /** The overrides that were applied. */
  readonly overrides: Readonly<Record<string, OverrideValue>>;
}

/** Folder of the shipped presets. */
export function presetsDir(): string {
  return fileURLToPath(new URL("../../devices/", import.meta.url));
}

/** Names of the shipped presets, sorted. */
export function listPresets(): string[] {
  return readdirSync(presetsDir())
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

function looksLikePath(s: string): boolean {
  return s.endsWith(".json") || s.includes("/") || s.includes("\\") || isAbsolute(s);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ValidationError(`${what}: cannot read ${path} (${e.code ?? e.message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ValidationError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

/**
 * Loads a preset by name (devices/<name>.json) or path, applies `overrides` (see overrides.ts)
 * and validates the result. Throws ValidationError naming the file and field; an unknown name
 * lists the known presets.
 */
export function loadPreset(
  nameOrPath: string,
  overrides: Readonly<Record<string, OverrideValue>> = {},
): LoadedPreset {
  let path: string;
  let name: string;
  let builtIn = false;
  if (looksLikePath(nameOrPath)) {
    path = resolve(nameOrPath);
    name = basename(path).replace(/\.json$/i, "");
  } else {
    const known = listPresets();
    if (!known.includes(nameOrPath)) {
      throw new ValidationError(
        `device: unknown preset "${nameOrPath}"; known presets: ${known.join(", ")} (or give a path to a .json file)`,
      );
    }
    path = resolve(presetsDir(), `${nameOrPath}.json`);
    name = nameOrPath;
    builtIn = true;
  }
  const raw = readJson(path, `device "${nameOrPath}"`);
  const keys = Object.keys(overrides);
  const source = keys.length ? `${path} (with overrides ${keys.join(", ")})` : path;
  const preset = parseWithSchema(presetSchema, applyOverrides(raw, overrides, path), source);
  return { name, path, builtIn, preset, overrides: { ...overrides } };
}

/**
 * SHA-256 of a validated preset's canonical JSON (overrides applied): what a run records of its
 * device, so that resuming a run, or a sweep's finished runs, can tell when the device file was
 * edited in between.
 */
export function presetSha256(preset: Preset): string {
  return sha256Hex(canonicalJson(preset));
}

/** A record of a device description that no longer matches the device file (see deviceChanged). */
export interface DeviceChange {
  /** What holds the record: a file path, or "snapshot". */
  readonly where: string;
  /** The device as the configuration names it. */
  readonly device: string;
  /** When the record was made: "this run finished", "the snapshot was taken"… */
  readonly since: string;
  /** presetSha256 then (recorded) and now (undefined: no device now). */
  readonly thenSha256: string;
  readonly nowSha256: string | undefined;
  /** What going on would do, and what to do instead. */
  readonly consequence: string;
  readonly remedy: string;
}

/**
 * The one error for a device file edited since a run recorded it (a snapshot, a finished run):
 * both description hashes, what continuing would do and how to recover.
 */
export function deviceChanged(c: DeviceChange): ValidationError {
  return new ValidationError(
    `${c.where}: device "${c.device}" has changed since ${c.since} (SHA-256 of its description ${c.thenSha256.slice(0, 12)}… then, ${(c.nowSha256 ?? "none").slice(0, 12)}… now), so ${c.consequence}; ${c.remedy}`,
  );
}
