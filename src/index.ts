// Public library API: build a network from a configuration, run the pipeline, listen to events.
export * from "./core/errors.js";
export * from "./core/rng.js";
export * from "./core/ops.js";
export * from "./core/spikes.js";
export type * from "./core/contracts.js";
export * from "./data/index.js";
export { runConfigSchema, labelCount } from "./network/config.js";
export type { RunConfig, RunConfigInput } from "./network/config.js";
export { runPipeline } from "./network/pipeline.js";
export type {
  RunEvent,
  RunResult,
  RunOutput,
  RunOptions,
  CurvePoint,
  PhaseTiming,
} from "./network/pipeline.js";
export { buildNetwork } from "./network/build.js";
export type { Network } from "./network/build.js";
export { PresentationEngine } from "./network/engine.js";
export { assignLabels, predict, SpikeTable } from "./network/readout.js";
export { DiehlCookNeurons, dcNeuronConfigSchema } from "./neurons/diehl-cook.js";
export { IdealSynapses, idealSynapsesSchema } from "./crossbar/ideal-synapses.js";
export { TripletStdp, tripletStdpSchema } from "./learning/triplet-stdp.js";
export { encodeWeights, readWeights, writeRunFiles } from "./experiments/run-files.js";
export { synapseMapPng } from "./report/synapse-map.js";
