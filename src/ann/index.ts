export * from "./config.js";
export * from "./energy.js";
export * from "./mlp.js";
export * from "./train-ann.js";
