export * from "./config.js";
export * from "./create.js";
export * from "./crossbar.js";
export * from "./mapping.js";
