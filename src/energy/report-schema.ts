/**
 * Schema of the EnergyReport (result.json `energy`), so readers of result files (report/, the
 * energy command) can check the shape they rely on. Kept in step with the TypeScript types of
 * model.ts by the compile-time checks at the bottom.
 */
import { z } from "zod";
import type { EnergyReport } from "./model.js";

const j = z.number().nonnegative();
const jOrNull = j.nullable();
const ratioOrNull = z.number().nonnegative().nullable();

const breakdownSchema = z.strictObject({
  synapseReadJ: j,
  synapseWriteJ: j,
  normalisationWriteJ: j,
  neuronJ: j,
  spikeJ: j,
  inhibitionJ: j,
  peripheralJ: j,
  programmingReadJ: j,
});

const detailSchema = z.strictObject({
  synapseReadJ: j,
  ltpWriteJ: j,
  ltdWriteJ: j,
  normalisationWriteJ: j,
  neuronAddJ: j,
  leakUpdateJ: j,
  compareJ: j,
  resetJ: j,
  inputSpikeJ: j,
  outputSpikeJ: j,
  inhibitorySpikeJ: j,
  inhibitionEventJ: j,
  rowActivationJ: j,
  columnReadJ: j,
  adcJ: j,
  verifyReadJ: j,
  normalisationReadJ: j,
});

const phaseSchema = z.strictObject({
  samples: z.number().nonnegative(),
  totalJ: j,
  perSampleJ: jOrNull,
  breakdown: breakdownSchema,
  detail: detailSchema,
  programming: z.strictObject({
    pulses: z.number().nonnegative(),
    reads: z.number().nonnegative(),
    serialTimeS: z.number().nonnegative().nullable(),
  }),
});

/** Schema of result.json `energy` (EnergyReport), for readers of result files. */
export const energyReportSchema = z.strictObject({
  version: z.literal(2),
  profile: z.strictObject({ name: z.string(), source: z.string() }),
  pricing: z.strictObject({
    synapseRead: z.enum(["device", "perEvent", "digitalFallback"]),
    synapseWrite: z.enum(["device", "perPulse", "digitalFallback"]),
    neuron: z.enum(["bitWidth", "perOp"]),
    neuronBits: z.number().int().positive().nullable(),
  }),
  unitEnergies: z.strictObject({
    readJPerSiemens: jOrNull,
    ltpWriteJPerSiemens: jOrNull,
    ltdWriteJPerSiemens: jOrNull,
    normWriteJPerSiemens: jOrNull,
    synapticEventJ: jOrNull,
    writePulseJ: jOrNull,
    neuronAddJ: j,
    leakUpdateJ: j,
    compareJ: j,
    resetJ: j,
    inhibitionEventJ: j,
    inputSpikeJ: j,
    outputSpikeJ: j,
    inhibitorySpikeJ: j,
    rowActivationJ: j,
    columnReadJ: j,
    adcConversionJ: jOrNull,
  }),
  phases: z.strictObject({ train: phaseSchema, label: phaseSchema, test: phaseSchema }),
  totalJ: j,
  perInferenceJ: jOrNull,
  perInference: breakdownSchema.nullable(),
  perTrainingSampleJ: jOrNull,
  perTrainingSample: breakdownSchema.nullable(),
  synapses: z.number().int().positive(),
  synapticEventsPerInference: ratioOrNull,
  activity: z.strictObject({
    spikesPerSynapsePerInference: ratioOrNull,
    inputSpikesPerInference: ratioOrNull,
    presentationsPerInference: ratioOrNull,
    stepsPerPresentation: ratioOrNull,
    inputRatePerStep: ratioOrNull,
  }),
  ann: z.strictObject({
    macsPerImage: z.number().int().positive(),
    annFp32J: j,
    annInt8J: j,
    annFlops: z.number().int().positive(),
    snnFlops: ratioOrNull,
    annInt8OverSnn: ratioOrNull,
    annFp32OverSnn: ratioOrNull,
    annIncludesMemory: z.boolean(),
    verdict: z.string(),
  }),
});

// Compile-time: the schema and the TypeScript type describe the same shape, both ways.
type Parsed = z.output<typeof energyReportSchema>;
const _reportFitsSchema = (r: EnergyReport): Parsed => r;
const _schemaFitsReport = (r: Parsed): EnergyReport => r;
void _reportFitsSchema;
void _schemaFitsReport;
