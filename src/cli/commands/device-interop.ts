/**
 * `neuroxbar device export | import`: presets to and from other simulators' device formats.
 *
 *   neuroxbar device export NAME|FILE --to aihwkit|neurosim [--out FILE] [--set key=value ...]
 *       writes the preset as an aihwkit device configuration (device_class + dataclass fields)
 *       or as NeuroSim cell parameters (JSON); stdout without --out.
 *   neuroxbar device import FILE --from aihwkit|neurosim --out PRESET.json
 *       reads such a file and writes a validated NeuroXbar preset.
 * The mappings, and what each format cannot hold, are in src/devices/interop/.
 */
import { readFileSync } from "node:fs";
import type { CommandModule } from "yargs";
import { writeFileAtomic } from "../../core/atomic.js";
import { DataError, UsageError } from "../../core/errors.js";
import { fromAihwkit, toAihwkit } from "../../devices/interop/aihwkit.js";
import { fromNeuroSimCell, toNeuroSimCell } from "../../devices/interop/neurosim.js";
import type { OverrideValue } from "../../devices/overrides.js";
import { loadPreset } from "../../devices/preset-files.js";
import type { Preset } from "../../devices/preset.js";

/** The formats `device export --to` and `device import --from` accept. */
export const INTEROP_FORMATS = ["aihwkit", "neurosim"] as const;
export type InteropFormat = (typeof INTEROP_FORMATS)[number];

/** `--set key=value` flags as `device show` reads them (value: number, true/false or text). */
function parseSet(set: readonly string[] | undefined): Record<string, OverrideValue> {
  const out: Record<string, OverrideValue> = {};
  for (const item of set ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set: expected key=value, got ${JSON.stringify(item)}`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

/** The export file's text (JSON) for a preset name or file, in the given format. */
export function runDeviceExport(options: {
  readonly device: string;
  readonly to: InteropFormat;
  readonly set?: readonly string[];
}): { readonly text: string; readonly notes: readonly string[] } {
  const { preset } = loadPreset(options.device, parseSet(options.set));
  if (options.to === "aihwkit") {
    return { text: `${JSON.stringify(toAihwkit(preset), null, 2)}\n`, notes: [] };
  }
  const { cell, unmapped } = toNeuroSimCell(preset);
  const notes = unmapped.length
    ? [`not in NeuroSim's cell parameters (left out): ${unmapped.join(", ")}`]
    : [];
  return { text: `${JSON.stringify(cell, null, 2)}\n`, notes };
}

/** Reads an aihwkit or NeuroSim file and returns the preset it describes. */
export function runDeviceImport(options: {
  readonly file: string;
  readonly from: InteropFormat;
}): Preset {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(options.file, "utf8")) as unknown;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new DataError(`${options.file}: cannot read as JSON (${e.code ?? e.message})`);
  }
  return options.from === "aihwkit"
    ? fromAihwkit(value, options.file)
    : fromNeuroSimCell(value, options.file);
}

interface ExportFlags {
  device: string;
  to: string;
  out?: string;
  set?: string[];
}

interface ImportFlags {
  file: string;
  from: string;
  out: string;
}

export const deviceExportCommand: CommandModule<object, ExportFlags> = {
  command: "export <device>",
  describe: "Write a preset as an aihwkit device config or NeuroSim cell parameters (JSON)",
  builder: (y) =>
    y
      .positional("device", {
        type: "string",
        demandOption: true,
        describe: "preset name (see device list) or .json file",
      })
      .option("to", {
        type: "string",
        choices: INTEROP_FORMATS,
        demandOption: true,
        describe: "target format",
      })
      .option("out", { type: "string", describe: "file to write (default: stdout)" })
      .option("set", {
        type: "string",
        array: true,
        describe: "override a preset value: key=value (repeatable)",
      }),
  handler: (argv) => {
    const { text, notes } = runDeviceExport({
      device: argv.device,
      to: argv.to as InteropFormat,
      set: argv.set,
    });
    for (const note of notes) process.stderr.write(`neuroxbar: ${note}\n`);
    if (argv.out === undefined) process.stdout.write(text);
    else {
      writeFileAtomic(argv.out, text);
      process.stdout.write(`wrote ${argv.out}\n`);
    }
  },
};

export const deviceImportCommand: CommandModule<object, ImportFlags> = {
  command: "import <file>",
  describe: "Read an aihwkit device config or NeuroSim cell parameters and write a preset",
  builder: (y) =>
    y
      .positional("file", { type: "string", demandOption: true, describe: "JSON file to read" })
      .option("from", {
        type: "string",
        choices: INTEROP_FORMATS,
        demandOption: true,
        describe: "source format",
      })
      .option("out", { type: "string", demandOption: true, describe: "preset file to write" }),
  handler: (argv) => {
    const preset = runDeviceImport({ file: argv.file, from: argv.from as InteropFormat });
    writeFileAtomic(argv.out, `${JSON.stringify(preset, null, 2)}\n`);
    process.stdout.write(`wrote ${argv.out} (model ${preset.model})\n`);
  },
};
