/**
 * Electrical operating point of a device, for the energy model: reads are priced as
 * V_read²·G·t_read and writes as V_write²·Ḡ·t_pulse (NeuroSim; docs/reference energy.md).
 * The field names are a contract with src/energy — keep them.
 */
import { z } from "zod";

/**
 * Zod schema of a device's electrical operating point: read voltage (V) and pulse width (s),
 * LTP/LTD pulse amplitudes (V) and programming pulse width (s); used to price reads and writes.
 */
export const electricalSchema = z
  .object({
    readVoltageV: z.number().finite().positive().describe("V — read voltage"),
    readPulseWidthS: z.number().finite().positive().describe("s — read pulse width"),
    ltpVoltageV: z
      .number()
      .finite()
      .refine((v) => v !== 0, "must not be 0")
      .describe("V — potentiating (LTP/SET) pulse amplitude"),
    ltdVoltageV: z
      .number()
      .finite()
      .refine((v) => v !== 0, "must not be 0")
      .describe("V — depressing (LTD/RESET) pulse amplitude (sign as published)"),
    writePulseWidthS: z.number().finite().positive().describe("s — programming pulse width"),
  })
  .strict();

/** Electrical operating point of a device (output of electricalSchema): volts and seconds. */
export type Electrical = z.infer<typeof electricalSchema>;
