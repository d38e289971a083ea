import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * Shared look of every chart (system fonts: the page must render with no network access). No
 * label is ever cut (label and symbol limits 0 = none): long arm names widen the legend or axis instead, and
 * facet titles are wrapped by the chart (charts.ts wrapText).
 */
const CONFIG = {
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    gridColor: "#e5e5e5",
    labelLimit: 0,
    titleLimit: 0,
  },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, titleLimit: 0, symbolLimit: 0 },
  header: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, titleLimit: 0 },
  title: {
    fontSize: 14,
    subtitleFontSize: 11,
    subtitleColor: "#555",
    anchor: "start" as const,
    limit: 0,
  },
  view: { stroke: "#ddd" },
};

/**
 * Renders a Vega-Lite spec to an SVG string, headless (Vega's SVG renderer needs no browser or
 * canvas; text widths are estimated).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // A chart's own config is merged group by group (its legend settings keep the shared limits).
  const own = (spec.config ?? {}) as Record<string, unknown>;
  const config: Record<string, unknown> = { ...CONFIG };
  for (const [k, v] of Object.entries(own)) {
    const base = config[k];
    config[k] =
      base && typeof base === "object" && v && typeof v === "object" ? { ...base, ...v } : v;
  }
  const withConfig = { ...spec, config } as TopLevelSpec;
  const compiled = compile(withConfig).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
