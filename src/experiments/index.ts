/** Scenarios, sweeps (expansion, runner, shards, merge) and run files. */
export * from "../core/canonical-json.js";
export * from "./config-path.js";
export * from "./expand.js";
export * from "./json-schema.js";
export * from "./manifest.js";
export * from "./merge.js";
export * from "./pool.js";
export * from "./preflight.js";
export * from "./run-files.js";
export * from "./run-job.js";
export * from "./runner.js";
export * from "./scenario-file.js";
export * from "./scenario-schema.js";
export * from "./seeds.js";
export * from "./shard.js";
export * from "./store.js";
export * from "./sweep-progress.js";
