export * from "./core/errors.js";
export * from "./core/rng.js";
export * from "./core/ops.js";
export * from "./core/spikes.js";
export type * from "./core/contracts.js";
