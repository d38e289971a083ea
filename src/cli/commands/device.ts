/**
 * `neuroxbar device list | show | fit`: the device presets, their cards, and fitting measured data.
 *
 *   neuroxbar device list [--json]
 *   neuroxbar device show NAME|FILE --out DIR [--devices 200] [--seed 1] [--set key=value ...]
 *       writes DIR/card.svg (G versus pulse number: Pmax LTP then Pmax LTD pulses, the nominal
 *       device as a line, the preset's D2D/C2C spread over many devices as a 5–95 % band) and
 *       DIR/curve.csv (the same numbers).
 *   neuroxbar device fit measured.csv --model neurosim|querlioz|soft-bounds [--out FILE] [--json]
 *       [--source TEXT] [--read-voltage V]
 *       fits the model by least squares, prints the parameters and the fit error, writes a preset.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { TopLevelSpec } from "vega-lite";
import type { Argv, CommandModule } from "yargs";
import { writeFileAtomic } from "../../core/atomic.js";
import { DataError, UsageError } from "../../core/errors.js";
import { parseWithSchema } from "../../core/validate.js";
import {
  FIT_MODELS,
  fitMeasured,
  parseMeasuredCsv,
  type FitModelName,
  type FitResult,
} from "../../devices/fit/index.js";
import { DEVICE_MODELS } from "../../devices/models.js";
import type { OverrideValue } from "../../devices/overrides.js";
import { listPresets, loadPreset } from "../../devices/preset-files.js";
import { presetSchema } from "../../devices/preset.js";
import { pulseResponse, type PulseResponse } from "../../devices/pulse-response.js";
import { resolveDevice } from "../../devices/resolve.js";
import { renderSvg } from "../../report/render-svg.js";
import { intFlag, numberFlag } from "../flags.js";
import { deviceExportCommand, deviceImportCommand } from "./device-interop.js";

// ---------------------------------------------------------------- list

/** One line per shipped preset: name, model, sweep pulses, on/off ratio, source. */
export function runDeviceList(json = false): string {
  const rows = listPresets().map((name) => {
    const { preset } = loadPreset(name);
    const device = resolveDevice(preset);
    const sweep = device.model.sweepPulses(device.params);
    const { gMinS, gMaxS } = device.bounds;
    return {
      name,
      model: preset.model,
      pulsesLtp: Math.ceil(sweep.ltp),
      pulsesLtd: Math.ceil(sweep.ltd),
      onOffRatio: gMinS > 0 ? Number((gMaxS / gMinS).toPrecision(3)) : null,
      source: preset.source,
    };
  });
  if (json) return JSON.stringify(rows, null, 2);
  const w = Math.max(...rows.map((r) => r.name.length), 4);
  const m = Math.max(...rows.map((r) => r.model.length), 5);
  const lines = [`${"name".padEnd(w)}  ${"model".padEnd(m)}  pulses up/down  on/off  source`];
  for (const r of rows) {
    const pulses = `${r.pulsesLtp}/${r.pulsesLtd}`.padEnd(14);
    const onOff = (r.onOffRatio === null ? "∞" : String(r.onOffRatio)).padEnd(6);
    lines.push(`${r.name.padEnd(w)}  ${r.model.padEnd(m)}  ${pulses}  ${onOff}  ${r.source}`);
  }
  lines.push(
    "",
    `models: ${Object.keys(DEVICE_MODELS).join(", ")} — a preset file path works wherever a name does`,
  );
  return lines.join("\n");
}

// ---------------------------------------------------------------- show

/** Parses repeated `--set key=value` flags (value: number, true/false or text). */
export function parseSetFlags(
  values: readonly string[] | undefined,
): Record<string, OverrideValue> {
  const out: Record<string, OverrideValue> = {};
  for (const v of values ?? []) {
    const i = v.indexOf("=");
    if (i <= 0)
      throw new UsageError(`--set: expected key=value (e.g. c2c.enabled=false), got "${v}"`);
    out[v.slice(0, i).trim()] = v.slice(i + 1).trim();
  }
  return out;
}

function displayUnit(gMaxS: number): { factor: number; label: string } {
  if (gMaxS >= 1e-3) return { factor: 1e3, label: "mS" };
  if (gMaxS >= 1e-6) return { factor: 1e6, label: "µS" };
  if (gMaxS >= 1e-9) return { factor: 1e9, label: "nS" };
  return { factor: 1e12, label: "pS" };
}

/** The vega-lite spec of a device card. */
export function deviceCardSpec(title: string, subtitle: string, r: PulseResponse): TopLevelSpec {
  const u = displayUnit(r.nominalGMaxS);
  const values = r.rows.map((row) => ({
    pulse: row.pulse,
    nominal: row.nominalS * u.factor,
    median: row.p50S * u.factor,
    lo: row.p05S * u.factor,
    hi: row.p95S * u.factor,
  }));
  const x = {
    field: "pulse",
    type: "quantitative" as const,
    title: `pulse number (${r.ltpPulses} LTP, then ${r.ltdPulses} LTD)`,
  };
  const band = `5–95 % of ${r.devices} devices`;
  const median = `median of ${r.devices} devices`;
  const nominal = "nominal device";
  // One legend for all layers: each layer names itself with a constant datum on a shared scale.
  const color = (name: string) => ({
    datum: name,
    type: "nominal" as const,
    scale: { domain: [nominal, median, band], range: ["#222222", "#4c78a8", "#9ecae9"] },
    legend: { title: null, orient: "bottom" as const },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle },
    width: 520,
    height: 300,
    data: { values },
    layer: [
      {
        mark: { type: "area", opacity: 0.5 },
        encoding: {
          x,
          y: { field: "lo", type: "quantitative", title: `conductance (${u.label})` },
          y2: { field: "hi" },
          color: color(band),
        },
      },
      {
        mark: { type: "line", strokeWidth: 1.5, strokeDash: [5, 3] },
        encoding: { x, y: { field: "median", type: "quantitative" }, color: color(median) },
      },
      {
        mark: { type: "line", strokeWidth: 1.8 },
        encoding: { x, y: { field: "nominal", type: "quantitative" }, color: color(nominal) },
      },
      {
        data: { values: [{ pulse: r.ltpPulses }] },
        mark: { type: "rule", color: "#999999", strokeDash: [2, 2] },
        encoding: { x: { field: "pulse", type: "quantitative" } },
      },
    ],
  } as TopLevelSpec;
}

export interface ShowArgs {
  readonly device: string;
  readonly out: string;
  readonly devices?: number;
  readonly seed?: string | number;
  readonly set?: readonly string[];
}

/** Writes card.svg and curve.csv for a preset; returns the paths written. */
export async function runDeviceShow(
  args: ShowArgs,
): Promise<{ svgPath: string; csvPath: string; response: PulseResponse }> {
  const loaded = loadPreset(args.device, parseSetFlags(args.set));
  const response = pulseResponse(loaded.preset, {
    devices: args.devices ?? 200,
    seed: args.seed ?? 1,
  });
  const p = loaded.preset;
  const spec = deviceCardSpec(`${loaded.name} — ${p.model} device`, p.source, response);
  const svg = await renderSvg(spec);
  const csv = stringify(
    response.rows.map((r) => [r.pulse, r.phase, r.nominalS, r.meanS, r.p05S, r.p50S, r.p95S]),
    { header: true, columns: ["pulse", "phase", "nominal_S", "mean_S", "p05_S", "p50_S", "p95_S"] },
  );
  const svgPath = join(args.out, "card.svg");
  const csvPath = join(args.out, "curve.csv");
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(csvPath, csv);
  return { svgPath, csvPath, response };
}

// ---------------------------------------------------------------- fit

export interface FitArgs {
  readonly csv: string;
  readonly model: FitModelName;
  readonly out?: string;
  readonly source?: string;
  readonly readVoltageV?: number;
  /** Report as JSON (the fit result, data notes and preset path; NaN standard errors as null). */
  readonly json?: boolean;
}

/** NeuroSim's ideal-device operating point, used when a fit has no electrical data. */
const ASSUMED_ELECTRICAL = {
  readVoltageV: 0.5,
  readPulseWidthS: 5e-9,
  ltpVoltageV: 2,
  ltdVoltageV: -2,
  writePulseWidthS: 1e-8,
};

const round6 = (v: number) => Number(v.toPrecision(6));

/** The preset a fit writes (validated like any preset file). */
export function fittedPreset(
  fit: FitResult,
  csvPath: string,
  source?: string,
): Record<string, unknown> {
  const params = Object.fromEntries(Object.entries(fit.params).map(([k, v]) => [k, round6(v)]));
  const preset = {
    model: fit.model,
    params,
    nonIdealities: { c2c: { sigmaOfRange: round6(Math.min(0.5, fit.c2cSigmaOfRange)) } },
    electrical: ASSUMED_ELECTRICAL,
    source: source ?? `fit of ${basename(csvPath)} (neuroxbar device fit --model ${fit.model})`,
    notes:
      `Least-squares fit of ${fit.points} points in ${fit.trains} trains: RMS error ${(100 * fit.rmseOfRange).toFixed(2)} % of the range ` +
      `(LTP ${(100 * fit.rmseLtpOfRange).toFixed(2)} %, LTD ${(100 * fit.rmseLtdOfRange).toFixed(2)} %). ` +
      `C2C σ from one-step residuals (read noise included). Electrical values are NOT from the data: NeuroSim's ideal-device operating point is assumed — replace them.`,
  };
  parseWithSchema(presetSchema, preset, "fitted preset");
  return preset;
}

function formatFit(fit: FitResult, notes: readonly string[], presetPath: string): string {
  const lines = [`fit of ${fit.model} to ${fit.points} points (${fit.trains} trains):`];
  for (const n of notes) lines.push(`  data: ${n}`);
  for (const [k, v] of Object.entries(fit.params)) {
    const se = fit.standardErrors[k];
    const pm =
      se === undefined ? "" : Number.isFinite(se) ? ` ± ${round6(se)}` : " ± n/a (not determined)";
    lines.push(`  ${k.padEnd(10)} ${round6(v)}${pm}`);
  }
  lines.push(
    "  (± = standard error from the Jacobian at the optimum, independent residuals assumed)",
  );
  if (fit.model === "neurosim") {
    const d = DEVICE_MODELS.neurosim.derived(fit.params);
    lines.push(`  A (pulses)  LTP ${round6(d.aLtpPulses!)}, LTD ${round6(d.aLtdPulses!)}`);
  }
  lines.push(
    `  fit error  RMS ${fit.rmseS.toExponential(3)} S = ${(100 * fit.rmseOfRange).toFixed(2)} % of the range (LTP ${(100 * fit.rmseLtpOfRange).toFixed(2)} %, LTD ${(100 * fit.rmseLtdOfRange).toFixed(2)} %)`,
    `  C2C σ      ${(100 * fit.c2cSigmaOfRange).toFixed(2)} % of the range per pulse (one-step residuals)`,
    `wrote ${presetPath}`,
  );
  return lines.join("\n");
}

/** Reads the CSV, fits, writes the preset; returns the printed report and the preset path. */
export function runDeviceFit(args: FitArgs): {
  report: string;
  presetPath: string;
  fit: FitResult;
} {
  let text: string;
  try {
    text = readFileSync(args.csv, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new DataError(`cannot read ${args.csv} (${e.code ?? e.message})`);
  }
  const data = parseMeasuredCsv(text, args.csv, { readVoltageV: args.readVoltageV });
  const fit = fitMeasured(data, args.model);
  const presetPath =
    args.out ??
    join(dirname(resolve(args.csv)), `${basename(args.csv, extname(args.csv))}.${args.model}.json`);
  const preset = fittedPreset(fit, args.csv, args.source);
  writeFileAtomic(presetPath, `${JSON.stringify(preset, null, 2)}\n`);
  const json = JSON.stringify({ ...fit, notes: data.notes, preset: presetPath }, null, 2);
  return { report: args.json ? json : formatFit(fit, data.notes, presetPath), presetPath, fit };
}

// ---------------------------------------------------------------- yargs

interface ListFlags {
  json: boolean;
}
interface ShowFlags {
  device: string;
  out: string;
  devices: unknown;
  seed: string;
  set?: string[];
  json?: boolean;
}
interface FitFlags {
  csv: string;
  model: string;
  out?: string;
  source?: string;
  "read-voltage"?: unknown;
  json: boolean;
}

const listCommand: CommandModule<object, ListFlags> = {
  command: "list",
  describe: "List the shipped device presets",
  builder: (y) => y.option("json", { type: "boolean", default: false, describe: "print JSON" }),
  handler: (argv) => {
    process.stdout.write(`${runDeviceList(argv.json)}\n`);
  },
};

const showCommand: CommandModule<object, ShowFlags> = {
  command: "show <device>",
  describe: "Write a device card (card.svg, curve.csv) for a preset name or file",
  builder: (y) =>
    y
      .positional("device", {
        type: "string",
        demandOption: true,
        describe: "preset name (see device list) or .json file",
      })
      .option("out", { type: "string", demandOption: true, describe: "output folder" })
      .option("devices", {
        type: "number",
        default: 200,
        describe: "devices in the D2D/C2C band",
      })
      .option("seed", { type: "string", default: "1", describe: "seed of the fabricated devices" })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "print the pulse response (the curve.csv numbers) as JSON on stdout",
      })
      .option("set", {
        type: "string",
        array: true,
        describe: "override a preset value: key=value (repeatable)",
      }),
  handler: async (argv) => {
    const { svgPath, csvPath, response } = await runDeviceShow({
      device: argv.device,
      out: argv.out,
      devices: intFlag("devices", argv.devices, 1, 100000),
      seed: argv.seed,
      set: argv.set,
    });
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ svgPath, csvPath, ...response }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`wrote ${svgPath}\nwrote ${csvPath}\n`);
  },
};

const fitCommand: CommandModule<object, FitFlags> = {
  command: "fit <csv>",
  describe: "Fit a device model to measured pulse-response data and write a preset",
  builder: (y) =>
    y
      .positional("csv", {
        type: "string",
        demandOption: true,
        describe: "measured G-versus-pulse CSV (LTP and LTD)",
      })
      .option("model", {
        type: "string",
        demandOption: true,
        choices: FIT_MODELS,
        describe: "model to fit",
      })
      .option("out", {
        type: "string",
        describe: "preset file to write (default: next to the CSV)",
      })
      .option("source", { type: "string", describe: "citation to record in the preset" })
      .option("read-voltage", {
        type: "number",
        describe: "read voltage (V) when the data is a current",
      })
      .option("json", { type: "boolean", default: false, describe: "print the fit as JSON" }),
  handler: (argv) => {
    const rv = argv["read-voltage"];
    const { report } = runDeviceFit({
      csv: argv.csv,
      model: argv.model as FitModelName,
      out: argv.out,
      source: argv.source,
      readVoltageV: rv === undefined ? undefined : numberFlag("read-voltage", rv),
      json: argv.json,
    });
    process.stdout.write(`${report}\n`);
  },
};

export const deviceCommand: CommandModule = {
  command: "device <command>",
  describe: "Device presets: list, show a device card, fit measured data, export/import",
  builder: (y: Argv) =>
    y
      .command(listCommand as unknown as CommandModule)
      .command(showCommand as unknown as CommandModule)
      .command(fitCommand as unknown as CommandModule)
      .command(deviceExportCommand as unknown as CommandModule)
      .command(deviceImportCommand as unknown as CommandModule)
      .demandCommand(1, "name a device command: list, show, fit, export or import"),
  handler: () => {},
};
