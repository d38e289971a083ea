/**
 * NeuroXbar's library API. The package root exports the parts every run needs: core utilities
 * (seeded RNG, errors, op ledger, spike events, component contracts), data (IDX reader, datasets,
 * spike encoders), neuron models, learning rules, the network (configuration, inhibition, engine,
 * readout, pipeline), ideal synapses, run files and synapse maps.
 *
 * The other parts are subpath exports, each its own entry point:
 * - `neuroxbar/devices`: device models, presets, non-idealities, pulse responses;
 * - `neuroxbar/devices/fit`: fitting a device model to measured pulse data;
 * - `neuroxbar/devices/interop`: aihwkit and NeuroSim device parameter import/export;
 * - `neuroxbar/crossbar`: the memristive crossbar and its weight mapping;
 * - `neuroxbar/energy`: energy profiles and pricing of operation counts;
 * - `neuroxbar/experiments`: scenario files, sweep expansion, the sweep runner, shards, merging;
 * - `neuroxbar/report`: report generation (tables, charts, findings, HTML);
 * - `neuroxbar/neurons`, `neuroxbar/learning`, `neuroxbar/network`, `neuroxbar/data`: the same
 *   parts as the root, one layer at a time.
 */
export * from "./core/errors.js";
export * from "./core/rng.js";
export * from "./core/ops.js";
export * from "./core/spikes.js";
export * from "./core/validate.js";
export type * from "./core/contracts.js";
export * from "./data/index.js";
export * from "./neurons/index.js";
export * from "./learning/index.js";
export * from "./network/index.js";
export { IdealSynapses, idealSynapsesSchema } from "./crossbar/ideal-synapses.js";
export type { IdealSynapsesConfig } from "./crossbar/ideal-synapses.js";
export { encodeWeights, readWeights, writeRunFiles } from "./experiments/run-files.js";
export type { WeightsFile, RunFiles, WriteRunFilesOptions } from "./experiments/run-files.js";
export { synapseMapPng } from "./report/synapse-map.js";
