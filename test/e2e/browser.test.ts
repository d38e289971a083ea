import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { writeReport } from "../../src/report/write-report.js";
import { writeFixtureSweep } from "../report/fixture.js";
import { ROOT, tempDir } from "./helpers.js";

/** Debian's chromium (.ci/install-browser.sh installs it); playwright-core never downloads one. */
const CHROMIUM = process.env.NEUROXBAR_CHROMIUM ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const SCREENSHOT = join(ROOT, "runs", "e2e", "report-screenshot.png");

describe("the report in a browser", () => {
  it.skipIf(!hasChromium)(
    `renders every chart in headless Chromium with no console errors (screenshot: runs/e2e/report-screenshot.png)${hasChromium ? "" : ` — skipped: ${CHROMIUM} is absent (apt-get install chromium, or .ci/install-browser.sh)`}`,
    async () => {
      const { chromium } = await import("playwright-core");
      const out = tempDir("browser");
      const files = await writeReport(writeFixtureSweep({ withEnergy: true }), out);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
        await page.goto(pathToFileURL(files.html).href, { waitUntil: "load" });

        const charts = page.locator(".chart svg");
        expect(await charts.count()).toBeGreaterThanOrEqual(6);
        // Every chart drew marks (Vega's SVG marks are paths inside g.mark-* groups).
        const marksPerChart = await charts.evaluateAll((svgs) =>
          svgs.map(
            (svg) => svg.querySelectorAll("g[class*='mark-'] path, g[class*='mark-'] line").length,
          ),
        );
        for (const n of marksPerChart) expect(n).toBeGreaterThan(0);
        const box = await charts.first().boundingBox();
        expect(box!.width).toBeGreaterThan(200);
        // Synapse maps decoded (naturalWidth > 0 only for a valid PNG).
        const images = await page
          .locator(".maps img")
          .evaluateAll((imgs) =>
            imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
          );
        expect(images).toHaveLength(4);
        for (const w of images) expect(w).toBeGreaterThan(0);
        expect(errors).toEqual([]);

        mkdirSync(join(ROOT, "runs", "e2e"), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
        expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
      } finally {
        await browser.close();
      }
    },
  );
});
