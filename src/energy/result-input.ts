/**
 * Reads the fields of a finished run's result.json that the energy model needs, so a run can be
 * re-priced under another profile without re-running it. Only these fields are checked; the rest
 * of the result file is left to its own schema.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { UsageError, ValidationError } from "../core/errors.js";
import { OP_NAMES, type OpName } from "../core/ops.js";
import { parseWithSchema } from "../core/validate.js";
import type { EnergyInput } from "./model.js";

const count = z
  .number({ error: "expected a count (a non-negative number)" })
  .nonnegative({ error: "expected a non-negative count" });
const positiveInt = z
  .number({ error: "expected a positive integer" })
  .int({ error: "expected a positive integer" })
  .positive({ error: "expected a positive integer" });

/** Every ledger counter must be present: a missing one would silently price as 0 J. */
export const opCountsSchema = z.object(
  Object.fromEntries(OP_NAMES.map((name) => [name, count])) as Record<OpName, typeof count>,
);

/** Device electrical values (NeuroSim convention): volts and seconds; LTD voltage may be negative. */
export const deviceElectricalSchema = z.object({
  readVoltageV: z.number({ error: "expected a read voltage in volts (a number)" }),
  readPulseWidthS: z
    .number({ error: "expected a read pulse width in seconds (a number)" })
    .positive({ error: "expected a positive read pulse width in seconds" }),
  ltpVoltageV: z.number({ error: "expected the LTP pulse voltage in volts (a number)" }),
  ltdVoltageV: z.number({ error: "expected the LTD pulse voltage in volts (a number)" }),
  writePulseWidthS: z
    .number({ error: "expected a write pulse width in seconds (a number)" })
    .positive({ error: "expected a positive write pulse width in seconds" }),
});

const phases = <T extends z.ZodType>(schema: T) =>
  z.object({ train: schema, label: schema, test: schema });

/** The part of result.json the energy model reads (other fields pass through unchecked). */
export const resultEnergyFieldsSchema = z.object({
  inputs: positiveInt.describe("input lines M"),
  samples: phases(count),
  ops: phases(opCountsSchema),
  config: z.object({
    neurons: positiveInt,
    neuron: z.object({
      model: z.enum(["dc", "hw", "if", "lif", "srm0"]),
      bits: positiveInt.optional(),
    }),
    synapses: z.object({ adc: z.object({ bits: positiveInt }).nullable().optional() }).optional(),
    timing: z
      .object({
        presentationMs: z.number({ error: "expected a duration in ms" }).positive(),
        dtMs: z.number({ error: "expected a step in ms" }).positive(),
      })
      .optional(),
  }),
  device: z.object({ electrical: deviceElectricalSchema.optional() }).nullable().optional(),
  /** The synapse array's describe(): the memristive crossbar records its electrical values here. */
  synapses: z.object({ electrical: deviceElectricalSchema.optional() }).nullable().optional(),
});

/** Maps a parsed result object to an EnergyInput; `source` names the file in error messages. */
export function energyInputFromResult(value: unknown, source: string): EnergyInput {
  const r = parseWithSchema(resultEnergyFieldsSchema, value, source);
  const c = r.config;
  // T = presentation / dt (350 ms / 0.5 ms = 700 for Diehl & Cook), for the SNN FLOP count.
  const steps = c.timing ? Math.round(c.timing.presentationMs / c.timing.dtMs) : undefined;
  const input: EnergyInput = {
    ops: r.ops,
    samples: r.samples,
    inputs: r.inputs,
    neurons: c.neurons,
    neuronModel: c.neuron.model,
  };
  if (c.neuron.bits !== undefined) input.bits = c.neuron.bits;
  if (c.synapses?.adc) input.adcBits = c.synapses.adc.bits;
  const electrical = r.device?.electrical ?? r.synapses?.electrical;
  if (electrical) input.electrical = electrical;
  if (steps !== undefined) input.stepsPerPresentation = steps;
  return input;
}

/** Reads and checks a result.json file; errors name the file and the field. */
export function readEnergyInput(path: string): EnergyInput {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`cannot read result file ${path}: ${e.code ?? e.message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return energyInputFromResult(value, path);
}
