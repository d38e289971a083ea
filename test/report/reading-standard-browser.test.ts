/**
 * The reading standard in a real browser (headless Chromium, as test/e2e/browser.test.ts): with
 * the 12 longest shipped arm labels, every chart text lies inside its chart, no two texts overlap,
 * no chart needs a scroll bar at 1280 px, and every synapse-map class label sits in its own tile.
 */
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadSweepResults } from "../../src/report/load-results.js";
import { writeReport } from "../../src/report/write-report.js";
import { ROOT, tempDir } from "../e2e/helpers.js";
import { FIXTURE_ASSIGNMENT, writeFixtureSweep } from "./fixture.js";
import { LONG_LABELS, longLabelScenario } from "./long-labels.js";

const CHROMIUM = process.env.NEUROXBAR_CHROMIUM ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const skipped = hasChromium ? "" : ` — skipped: ${CHROMIUM} is absent`;
/** A committed sweep folder (the ag-a-si design example's runs): 45 arms, 3 seeds. */
const DESIGN_RUNS = join(ROOT, "reports", "examples", "design-ag-a-si", "runs");

interface Box {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}
interface ChartBoxes {
  readonly title: string;
  readonly svg: { x: number; y: number; w: number; h: number };
  readonly texts: Box[];
  readonly scrolls: boolean;
}

/** Every chart of the open page: texts inside the chart, none cut, none overlapping, no scroll bar. */
async function checkCharts(page: import("playwright-core").Page): Promise<{
  charts: number;
  texts: string[];
}> {
  const charts = (await page.locator(".chart").evaluateAll((divs) =>
    divs.map((div) => {
      const svg = div.querySelector("svg")!;
      const r = svg.getBoundingClientRect();
      const texts = [...svg.querySelectorAll("text")]
        .filter((t) => (t.textContent ?? "").trim() !== "" && t.getAttribute("opacity") !== "0")
        .map((t) => {
          const b = t.getBoundingClientRect();
          const lines = t.querySelectorAll("tspan");
          const text =
            lines.length > 0
              ? [...lines].map((l) => l.textContent).join(" ")
              : (t.textContent ?? "");
          return { text, x: b.x, y: b.y, w: b.width, h: b.height };
        });
      return {
        title: div.getAttribute("aria-label") ?? "",
        svg: { x: r.x, y: r.y, w: r.width, h: r.height },
        texts,
        scrolls: div.scrollWidth > div.clientWidth + 1,
      };
    }),
  )) as ChartBoxes[];
  const everything: string[] = [];
  for (const c of charts) {
    expect(c.scrolls, `${c.title} needs a scroll bar`).toBe(false);
    for (const t of c.texts) {
      everything.push(t.text);
      expect(t.text, c.title).not.toMatch(/…$/);
      const where = `${c.title}: "${t.text}"`;
      expect(t.x, where).toBeGreaterThanOrEqual(c.svg.x - 1);
      expect(t.y, where).toBeGreaterThanOrEqual(c.svg.y - 1);
      expect(t.x + t.w, where).toBeLessThanOrEqual(c.svg.x + c.svg.w + 1);
      expect(t.y + t.h, where).toBeLessThanOrEqual(c.svg.y + c.svg.h + 1);
    }
    // No two texts overlap by more than 1.5 px either way (ascenders of stacked lines may touch).
    for (let i = 0; i < c.texts.length; i++) {
      for (let j = i + 1; j < c.texts.length; j++) {
        const a = c.texts[i]!;
        const b = c.texts[j]!;
        const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        expect(
          dx > 1.5 && dy > 1.5,
          `${c.title}: "${a.text}" overlaps "${b.text}" (${dx.toFixed(1)} × ${dy.toFixed(1)} px)`,
        ).toBe(false);
      }
    }
  }
  return { charts: charts.length, texts: everything };
}

describe("the reading standard in headless Chromium", () => {
  it.skipIf(!hasChromium)(
    `long arm labels: every chart text inside its chart, none overlapping, none cut, no chart scrolling${skipped}`,
    async () => {
      const { chromium } = await import("playwright-core");
      const dir = writeFixtureSweep({
        scenario: longLabelScenario(),
        withEnergy: true,
        accuracy: (v, s) => 0.5 + 0.02 * v[0]! + 0.01 * s,
        labelSpikes: (v, s) => Array.from({ length: 30 }, (_, j) => (j * (v[0]! + 1) + s) % 23),
      });
      const files = await writeReport(dir, tempDir("standard-browser"));
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(pathToFileURL(files.html).href, { waitUntil: "load" });
        const everything = await checkCharts(page);
        expect(everything.charts).toBeGreaterThanOrEqual(8);
        const all = everything.texts.join("\n");
        for (const label of LONG_LABELS) expect(all).toContain(label);
      } finally {
        await browser.close();
      }
    },
  );

  it.skipIf(!hasChromium || !existsSync(DESIGN_RUNS))(
    `a real 45-point sweep (reports/examples/design-ag-a-si/runs): the same checks, 8 charts${skipped}`,
    async () => {
      const { chromium } = await import("playwright-core");
      const files = await writeReport(DESIGN_RUNS, tempDir("standard-real"));
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(pathToFileURL(files.html).href, { waitUntil: "load" });
        const { charts, texts } = await checkCharts(page);
        expect(charts).toBeGreaterThanOrEqual(8);
        // Every arm's name is somewhere in the charts, whole.
        const all = texts.join("\n");
        for (const p of loadSweepResults(DESIGN_RUNS).manifest.points)
          expect(all).toContain(p.title);
      } finally {
        await browser.close();
      }
    },
  );

  it.skipIf(!hasChromium)(
    `synapse maps: each class label inside its own tile, the colour bar and title beside the map${skipped}`,
    async () => {
      const { chromium } = await import("playwright-core");
      const files = await writeReport(writeFixtureSweep(), tempDir("standard-maps-browser"));
      expect(readFileSync(files.html, "utf8")).toContain('class="map"');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(pathToFileURL(files.html).href, { waitUntil: "load" });
        const maps = await page.locator(".map").evaluateAll((divs) =>
          divs.map((div) => {
            const img = div.querySelector("img")!;
            const r = img.getBoundingClientRect();
            return {
              img: { x: r.x, y: r.y, w: r.width, h: r.height, natural: img.naturalWidth },
              labels: [...div.querySelectorAll(".cls")].map((s) => {
                const b = s.getBoundingClientRect();
                return {
                  neuron: Number(s.getAttribute("data-neuron")),
                  text: s.textContent,
                  x: b.x,
                  y: b.y,
                  w: b.width,
                  h: b.height,
                };
              }),
            };
          }),
        );
        expect(maps).toHaveLength(4);
        // Fixture: 4 neurons of 28 × 28 inputs at 1 px per weight → 2 × 2 tiles of 28 px, 1 px lines.
        const width = 2 * 29 + 1;
        for (const m of maps) {
          expect(m.img.natural).toBe(width);
          const px = m.img.w / width;
          expect(m.labels.map((l) => l.text)).toEqual(
            FIXTURE_ASSIGNMENT.map((c) => (c < 0 ? "–" : String(c))),
          );
          for (const l of m.labels) {
            const tx = m.img.x + ((l.neuron % 2) * 29 + 1) * px;
            const ty = m.img.y + (Math.floor(l.neuron / 2) * 29 + 1) * px;
            expect(l.x).toBeGreaterThanOrEqual(tx - 0.5);
            expect(l.y).toBeGreaterThanOrEqual(ty - 0.5);
            expect(l.x + l.w).toBeLessThanOrEqual(tx + 28 * px + 0.5);
            expect(l.y + l.h).toBeLessThanOrEqual(ty + 28 * px + 0.5);
            // Readable: at least 8 px tall.
            expect(l.h).toBeGreaterThanOrEqual(8);
          }
        }
        const bars = await page.locator("svg.colorbar").count();
        expect(bars).toBe(4);
        const titles = await page.locator("h3.map-title").allInnerTexts();
        expect(titles[0]).toBe("Synapse map: threshold=fixed · adaptive threshold=off (seed 1)");
      } finally {
        await browser.close();
      }
    },
  );
});
