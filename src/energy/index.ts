export * from "./profile.js";
export * from "./model.js";
export * from "./report-schema.js";
export * from "./result-input.js";
export * from "./format.js";
