/**
 * Energy profiles: the per-operation energies (joules) the energy model multiplies the op counts
 * by. A profile is data (`energy/*.json`), validated here once at the boundary; users copy a file,
 * edit it and pass its path. Every figure of the shipped profiles cites its source in the
 * `sources` block of its section (docs/energy.md lists them).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { UsageError, ValidationError } from "../core/errors.js";
import { parseWithSchema } from "../core/validate.js";

/** A non-negative energy in joules; negative or non-finite figures are rejected, never clipped. */
const joules = (meaning: string) =>
  z
    .number({ error: "expected an energy in joules (a non-negative number)" })
    .nonnegative({ error: "expected a non-negative energy in joules" })
    .describe(meaning);

/** Per-figure citations of one section: keys must name the section's energy fields. */
const sourcesOf = <const K extends readonly [string, ...string[]]>(keys: K) =>
  z
    .partialRecord(z.enum(keys), z.string().min(1, { error: "expected a non-empty citation" }))
    .optional()
    .describe("citation per figure of this section (field name → source)");

const synapseSchema = z.strictObject({
  read: z
    .enum(["device", "perEvent"])
    .describe(
      "device: V_read²·G·t_read per cell read from the run's device electrical values (runs without a device fall back to synapticEventJ); perEvent: synapticEventJ per synaptic event",
    ),
  synapticEventJ: joules(
    "energy per synaptic event on digital synapses (weight fetch, plus the accumulate if the figure includes it)",
  ),
  write: z
    .enum(["device", "perPulse"])
    .describe(
      "device: V_write²·Ḡ·t_pulse per programming pulse from the device electrical values (runs without a device fall back to writePulseJ); perPulse: writePulseJ per LTP/LTD/normalisation pulse",
    ),
  writePulseJ: joules(
    "energy per weight update (one LTP, LTD or normalisation pulse) when digital",
  ),
  sources: sourcesOf(["synapticEventJ", "writePulseJ"]),
});

/**
 * Horowitz anchors: the neuron's ops are priced at its own width (model.ts `interpolateByBits`).
 * The adder neuron needs adds only (its leak is a shift-and-subtract); the float conductance
 * neuron needs fp32 adds and multiplies.
 */
const neuronBitWidthSchema = z.strictObject({
  pricing: z.literal("bitWidth"),
  int8AddJ: joules("8-bit integer add"),
  int32AddJ: joules("32-bit integer add"),
  fp32AddJ: joules("32-bit float add (conductance neuron)"),
  fp32MultJ: joules("32-bit float multiply (conductance neuron)"),
  resetJ: joules("membrane reset (a register load)"),
  sources: sourcesOf(["int8AddJ", "int32AddJ", "fp32AddJ", "fp32MultJ", "resetJ"]),
});

/** Fixed per-op figures, whatever the neuron model (chip profiles). */
const neuronPerOpSchema = z.strictObject({
  pricing: z.literal("perOp"),
  addJ: joules("one addition into a membrane/conductance"),
  leakUpdateJ: joules("one leak application (a neuron state update)"),
  compareJ: joules("one threshold comparison"),
  resetJ: joules("one membrane reset"),
  inhibitionEventJ: joules("one inhibitory action applied to a neuron"),
  sources: sourcesOf(["addJ", "leakUpdateJ", "compareJ", "resetJ", "inhibitionEventJ"]),
});

const spikesSchema = z.strictObject({
  inputSpikeJ: joules("delivering one input spike event to the synapse array"),
  outputSpikeJ: joules("emitting/routing one excitatory output spike"),
  inhibitorySpikeJ: joules("emitting/routing one spike of an inhibitory population"),
  sources: sourcesOf(["inputSpikeJ", "outputSpikeJ", "inhibitorySpikeJ"]),
});

const peripheralSchema = z.strictObject({
  rowActivationJ: joules("driving one crossbar row (driver, wire charging) per row activation"),
  columnReadJ: joules(
    "sensing one analog column once per step with input (sense amplifier/integrator; an analog column sums its cells' currents, so there is no per-cell cost), and each single-device controller read",
  ),
  cellReadJ: z
    .undefined({
      error:
        "cellReadJ was renamed columnReadJ: an analog column is sensed once per step, not once per cell read",
    })
    .optional(),
  sources: sourcesOf(["rowActivationJ", "columnReadJ"]),
});

/** Column ADC pricing: E_conv = FOM·2^bits (Walden figure of merit). */
const adcSchema = z.strictObject({
  waldenFomJ: joules("J per conversion step: one b-bit conversion costs waldenFomJ·2^b"),
  sources: sourcesOf(["waldenFomJ"]),
});

const annSchema = z.strictObject({
  fp32MacJ: joules("one 32-bit float multiply-accumulate"),
  int8MultJ: joules("one 8-bit integer multiply"),
  int8AddJ: joules("one 8-bit integer add"),
  int8WeightFetchJ: joules("fetching one int8 weight per MAC; 0 prices the ANN's arithmetic only"),
  fp32WeightFetchJ: joules("fetching one fp32 weight per MAC; 0 prices the ANN's arithmetic only"),
  sources: sourcesOf(["fp32MacJ", "int8MultJ", "int8AddJ", "int8WeightFetchJ", "fp32WeightFetchJ"]),
});

/** Schema of an energy profile file (energy/*.json): per-op energies in joules, each with its source. */
export const energyProfileSchema = z.strictObject({
  name: z.string().min(1, { error: "expected a non-empty profile name" }),
  description: z.string(),
  source: z.string().min(1, { error: "expected a citation for the profile as a whole" }),
  synapse: synapseSchema,
  neuron: z.discriminatedUnion("pricing", [neuronBitWidthSchema, neuronPerOpSchema]),
  spikes: spikesSchema,
  /** Optional: absent means peripheral circuits are not priced. */
  peripheral: peripheralSchema.optional(),
  /** Optional: absent means ADC conversions (runs with synapses.adc) are not priced. */
  adc: adcSchema.optional(),
  ann: annSchema,
});

/** A validated energy profile. */
export type EnergyProfile = z.output<typeof energyProfileSchema>;
/** How a profile prices neuron arithmetic: by bit width (Horowitz anchors) or per op. */
export type NeuronPricing = EnergyProfile["neuron"];

/** Folder of the shipped profiles: `<package>/energy/` (two levels up from src/energy or dist/energy). */
export const ENERGY_PROFILE_DIR = fileURLToPath(new URL("../../energy/", import.meta.url));

/** Names of the shipped profiles (file names in energy/ without `.json`), sorted. */
export function listEnergyProfiles(dir: string = ENERGY_PROFILE_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => basename(f, ".json"))
    .sort();
}

/** A bare word is a profile name; anything with a path separator or a .json ending is a file. */
function looksLikePath(nameOrPath: string): boolean {
  return /[\\/]/.test(nameOrPath) || nameOrPath.endsWith(".json");
}

/** Parses a profile object (already read from JSON); `source` names it in error messages. */
export function parseEnergyProfile(value: unknown, source: string): EnergyProfile {
  return parseWithSchema(energyProfileSchema, value, source);
}

/**
 * Loads a shipped profile by name (`default`, `loihi`, …) or a profile file by path.
 * Unknown names list the known ones; schema errors name the field, the value and the expectation.
 */
export function loadEnergyProfile(
  nameOrPath: string,
  dir: string = ENERGY_PROFILE_DIR,
): EnergyProfile {
  let file: string;
  if (looksLikePath(nameOrPath)) {
    file = resolve(nameOrPath);
    if (!existsSync(file)) {
      throw new UsageError(`energy profile file ${nameOrPath} does not exist`);
    }
  } else {
    const known = listEnergyProfiles(dir);
    if (!known.includes(nameOrPath)) {
      throw new UsageError(
        `unknown energy profile "${nameOrPath}"; known profiles: ${known.join(", ") || "(none found in " + dir + ")"}; or give the path of a profile file`,
      );
    }
    file = resolve(dir, `${nameOrPath}.json`);
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ValidationError(`${file}: not readable as JSON (${(err as Error).message})`);
  }
  return parseEnergyProfile(value, file);
}
