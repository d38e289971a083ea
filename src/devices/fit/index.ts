export * from "./fit.js";
export * from "./measured-csv.js";
export * from "./nelder-mead.js";
