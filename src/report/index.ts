/** Reports of sweep folders: CSV tables, charts, sentences from the data, the HTML page. */
export * from "./charts.js";
export * from "./findings.js";
export * from "./html.js";
export * from "./load-results.js";
export * from "./model.js";
export * from "./render-svg.js";
export * from "./statistics.js";
export * from "./synapse-map.js";
export * from "./tables.js";
export * from "./write-report.js";
