/**
 * One tiny design (8 neurons, a few dozen images, 2 seeds, two requirement searches of two
 * values, one preset to rank against) run in the calling thread, then checked: the summary only
 * quotes numbers the CSVs hold (in the page rendered by headless Chromium), every non-ideality
 * switched off returns to the ideal result within spread, and the required files and rows exist.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  readDesignDevice,
  runDesignCommand,
  type DesignOutcome,
} from "../../src/cli/commands/design.js";
import { NON_IDEALITY_KEYS } from "../../src/design/plan.js";

const CHROMIUM = process.env.NEUROXBAR_CHROMIUM ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);

let out: string;
let outcome: DesignOutcome;

beforeAll(async () => {
  out = join(mkdtempSync(join(tmpdir(), "nx-design-")), "ag-a-si");
  outcome = await runDesignCommand({
    device: readDesignDevice("ag-a-si"),
    out,
    quick: true,
    seeds: 2,
    workers: 0,
    lossBudgetPoints: 1,
    pdf: false,
    presets: ["ideal", "pcmo"],
    sizes: { neurons: 8, train: 30, label: 20, test: 30 },
    gridPoints: 2,
    requirementKeys: ["c2c", "levels"],
  });
}, 120_000);
afterAll(() => rmSync(join(out, ".."), { recursive: true, force: true }));

/** RFC 4180 CSV (quoted cells, doubled quotes), as csv-stringify writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (c !== "\r") cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Unsigned decimal numbers in a text, as written ("33.88", "1", "0.035"). */
function numbers(text: string): string[] {
  return text.match(/\d+(?:\.\d+)?/g) ?? [];
}

/** Every number that appears in any cell of the folder's CSV tables. */
function csvNumbers(dir: string): Set<string> {
  const set = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".csv"))) {
    const rows = parseCsv(readFileSync(join(dir, f), "utf8"));
    for (const row of rows) for (const cell of row) for (const n of numbers(cell)) set.add(n);
  }
  return set;
}

function csvRows(name: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(readFileSync(join(out, name), "utf8"));
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ""])));
}

describe("neuroxbar design (tiny run)", () => {
  it("writes the page and a CSV and JSON for every table, attribution.csv and requirements.csv among them", () => {
    expect(outcome.complete).toBe(true);
    expect(existsSync(join(out, "index.html"))).toBe(true);
    for (const t of [
      "attribution",
      "requirements",
      "ranking",
      "mitigations",
      "energy",
      "settings",
      "attribution-check",
    ]) {
      expect(existsSync(join(out, `${t}.csv`)), t).toBe(true);
      expect(existsSync(join(out, `${t}.json`)), t).toBe(true);
    }
    const html = readFileSync(join(out, "index.html"), "utf8");
    const order = [
      "1. Summary",
      "2. Device card",
      "3. Accuracy",
      "4. Loss attribution",
      "5. Requirements",
      "6. Mitigations",
      "7. Energy",
    ].map((h) => html.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain("PRELIMINARY");
  });

  it("attribution.csv has one row per non-ideality with points lost and a CI for the present ones", () => {
    const rows = csvRows("attribution.csv");
    expect(rows.map((r) => r.non_ideality)).toEqual([...NON_IDEALITY_KEYS]);
    const present = rows.filter((r) => r.present === "true");
    // Ag:a-Si: asymmetric, nonlinear, C2C noise, 97/100 levels, on/off 12.5.
    expect(present.map((r) => r.non_ideality).sort()).toEqual(
      ["asymmetry", "c2c", "levels", "nonlinearity", "onOffRatio"].sort(),
    );
    for (const r of present) {
      expect(Number.isFinite(Number(r.points_lost)), r.non_ideality).toBe(true);
      expect(Number(r.points_lost_ci95)).toBeGreaterThanOrEqual(0);
    }
  });

  it("requirements.csv has the tolerance found, the device's value and a verdict per searched non-ideality", () => {
    const rows = csvRows("requirements.csv");
    expect(rows.map((r) => r.non_ideality)).toEqual(["c2c", "levels"]);
    const c2c = rows[0]!;
    expect(Number(c2c.device_value)).toBeCloseTo(0.035, 6);
    expect(Number.isFinite(Number(c2c.tolerance))).toBe(true);
    expect(["pass", "fail", "undetermined"]).toContain(c2c.verdict);
    expect(Number(rows[1]!.device_value)).toBe(97);
  });

  it("with every non-ideality off, the accuracy returns to the ideal result within spread", () => {
    const [check] = csvRows("attribution-check.csv");
    const diff = Math.abs(Number(check!.difference_points));
    const spread = Math.max(
      Number(check!.difference_ci95) || 0,
      Number(check!.ideal_sd_points) || 0,
    );
    expect(diff).toBeLessThanOrEqual(spread);
    expect(check!.within_spread).toBe("true");
    // The all-off arm ran its own runs (a linear twin with every switch off), not the ideal preset's.
    const plan = JSON.parse(readFileSync(join(out, "design-plan.json"), "utf8")) as {
      arms: { id: string; axisIndex: number; synapses: { device: string } }[];
    };
    const allOff = plan.arms.find((a) => a.id === "all-off")!;
    const ideal = plan.arms.find((a) => a.id === "ideal")!;
    expect(allOff.axisIndex).not.toBe(ideal.axisIndex);
    expect(allOff.synapses.device).toMatch(/linearised\.json$/);
  });

  it("runs every arm of a replicate with the same seed, so arms are compared seed by seed", () => {
    const points = join(out, "runs", "points");
    for (const replicate of [1, 2]) {
      const seeds = new Set(
        readdirSync(points).map(
          (p) =>
            (
              JSON.parse(
                readFileSync(join(points, p, `seed-${replicate}`, "result.json"), "utf8"),
              ) as { config: { seed: number } }
            ).config.seed,
        ),
      );
      expect(seeds.size).toBe(1);
    }
  });

  it("every number in the summary appears in the CSV tables", () => {
    // At this size the network is near chance; test/design/summary.test.ts covers every sentence.
    expect(outcome.summary.length).toBeGreaterThanOrEqual(1);
    expect(outcome.summary.some((s) => numbers(s).length > 0)).toBe(true);
    const have = csvNumbers(out);
    for (const sentence of outcome.summary) {
      for (const n of numbers(sentence)) expect(have.has(n), `${n} in "${sentence}"`).toBe(true);
    }
  });

  it.skipIf(!hasChromium)(
    `renders in headless Chromium, and every number of the rendered summary appears in the CSVs${hasChromium ? "" : ` — skipped: ${CHROMIUM} is absent`}`,
    async () => {
      const { chromium } = await import("playwright-core");
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        await page.goto(pathToFileURL(join(out, "index.html")).href, { waitUntil: "load" });
        const items = await page.locator("#summary li").allInnerTexts();
        expect(items.length).toBe(outcome.summary.length);
        const have = csvNumbers(out);
        for (const text of items) {
          for (const n of numbers(text)) expect(have.has(n), `${n} in "${text}"`).toBe(true);
        }
        expect(await page.locator(".chart svg").count()).toBeGreaterThanOrEqual(6);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
