import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** Shared look of every chart (system fonts: the page must render with no network access). */
const CONFIG = {
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#e5e5e5" },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 360 },
  header: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, anchor: "start" as const },
  view: { stroke: "#ddd" },
};

/**
 * Renders a Vega-Lite spec to an SVG string, headless (Vega's SVG renderer needs no browser or
 * canvas; text widths are estimated).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const compiled = compile(withConfig).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
