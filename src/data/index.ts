export * from "./idx.js";
export * from "./datasets.js";
export * from "./encoders.js";
