/**
 * Issue #14's reading standard for every scenario report, one describe per item: labels never
 * cut, sensible histogram bins on a log count scale, energies in engineering units with the
 * profile named, Δ versus reference with a 95 % interval, accuracy versus energy, quick sweeps
 * marked preliminary, labelled synapse maps; and findings that never call a difference inside
 * its interval a finding. The browser checks are in reading-standard-browser.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSi } from "../../src/energy/format.js";
import {
  accuracyVersusAxis,
  accuracyVersusEnergy,
  accuracyVersusSamples,
  energyBreakdown,
  logTicks,
  opsPerPoint,
  placeNumbers,
  spikeHistograms,
  weightHistograms,
} from "../../src/report/charts.js";
import { findings } from "../../src/report/findings.js";
import { summaryNote } from "../../src/report/html.js";
import { histogramBins } from "../../src/report/histogram.js";
import { loadSweepResults } from "../../src/report/load-results.js";
import { buildModel, differenceOverSeeds, type RunFigures } from "../../src/report/model.js";
import { renderSvg } from "../../src/report/render-svg.js";
import { stats, studentTQuantile } from "../../src/report/statistics.js";
import { summaryTable, toCsv } from "../../src/report/tables.js";
import { writeReport } from "../../src/report/write-report.js";
import { ROOT, tempDir } from "../e2e/helpers.js";
import { FIXTURE_ASSIGNMENT, FIXTURE_SCENARIO, writeFixtureSweep } from "./fixture.js";
import { LONG_LABELS, longLabelScenario } from "./long-labels.js";

function rowsOf(csv: string): Record<string, string>[] {
  // summary.csv here has no quoted commas except in JSON cells, which these tests do not read.
  const [head, ...rows] = csv.trim().split("\n");
  const cols = head!.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((c, i) => [cols[i], c])));
}

/** Text of every <text> element of an SVG, its tspans joined by spaces. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/<tspan[^>]*>/g, " ")
      .replace(/<\/tspan>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/\s+/g, " ")
      .trim(),
  );
}

describe("1. legends, axis labels and panel titles are never cut", () => {
  const model = buildModel(
    loadSweepResults(
      writeFixtureSweep({
        scenario: longLabelScenario(),
        withEnergy: true,
        accuracy: (v, s) => 0.5 + 0.02 * v[0]! + 0.01 * s,
      }),
    ),
  );

  it("the longest arm labels of adaptive-threshold-mitigation.json are what the test uses", () => {
    expect(LONG_LABELS).toHaveLength(12);
    expect(LONG_LABELS).toContain("hw · Gaussian σ 1.67 mV (±5 at 3σ) · no θ");
  });

  it.each([
    ["accuracy versus the arm axis", () => accuracyVersusAxis(model, model.axes[0]!)],
    ["accuracy versus training samples", () => accuracyVersusSamples(model)],
    ["spike histograms (one panel per arm)", () => spikeHistograms(model)],
    ["energy by component", () => energyBreakdown(model, "perInference")],
    ["operations per point", () => opsPerPoint(model)],
    ["accuracy versus energy", () => accuracyVersusEnergy(model, "perTrainingSample")],
  ])("%s: every arm label appears whole, nothing ends in an ellipsis", async (_, make) => {
    const spec = make();
    expect(spec).not.toBeNull();
    const texts = svgTexts(await renderSvg(spec!));
    for (const t of texts) expect(t).not.toMatch(/…$/);
    const all = texts.join("\n");
    for (const label of LONG_LABELS) expect(all).toContain(label);
  });

  it("spike histogram panel titles are wrapped to the panel width, not one overflowing line", async () => {
    const svg = await renderSvg(spikeHistograms(model)!);
    // The longest title "arm=hw · Gaussian σ 6.67 mV (±20 at 3σ) · no θ" comes in several lines.
    const header = [...svg.matchAll(/<text[^>]*>((?:<tspan[^>]*>[^<]*<\/tspan>)+)<\/text>/g)]
      .map((m) => [...m[1]!.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1]!))
      .find((lines) => lines.join(" ").includes("Gaussian σ 6.67 mV"));
    expect(header!.length).toBeGreaterThan(1);
    // Vega sizes text at 0.8 em a character: each line fits the 240-pixel panel at 11 px.
    for (const line of header!) expect(line.length * 0.8 * 11).toBeLessThanOrEqual(240);
  });

  it("more than 10 series get 20 distinct colours (no two arms share one)", () => {
    const spec = accuracyVersusSamples(model) as { layer: { encoding: { color: unknown } }[] };
    expect(spec.layer[0]!.encoding.color).toMatchObject({ scale: { scheme: "tableau20" } });
  });
});

describe("2. histograms: Freedman–Diaconis bins, log scale where tails matter, said on the axis", () => {
  // One dominant neuron per run at the worst point (0, 0, 3, 40 spikes), flat elsewhere.
  const model = buildModel(loadSweepResults(writeFixtureSweep()));

  it("log count axes tick at 0 and powers of ten (no 1 once they reach 100)", () => {
    expect(logTicks(7)).toEqual([0, 1, 10]);
    expect(logTicks(40)).toEqual([0, 1, 10, 100]);
    expect(logTicks(3000)).toEqual([0, 10, 100, 1000, 10000]);
  });

  it("each panel's bars are histogramBins of its pooled spike counts; the neuron axis is log and says so", () => {
    const spec = spikeHistograms(model) as unknown as {
      data: { values: { panel: string; from: number; to: number; neurons: number }[] };
      spec: { encoding: { y: { title: string; scale: { type: string } } } };
    };
    expect(spec.spec.encoding.y.scale.type).toBe("symlog");
    expect(spec.spec.encoding.y.title).toMatch(/log scale/);
    for (const p of model.points) {
      const pooled = p.runs.flatMap((f) => f.run.result.phases.label.spikeCounts);
      const h = histogramBins(pooled, { minBins: 5, maxBins: 30 });
      const bars = spec.data.values.filter((v) => v.panel.replace(/\n/g, " ") === p.title);
      expect(bars.map((b) => b.neurons)).toEqual(h.counts);
      expect(bars.map((b) => b.from)).toEqual(h.edges.slice(0, -1));
      expect(bars.reduce((s, b) => s + b.neurons, 0)).toBe(pooled.length);
    }
  });

  it("a dominant neuron's tail log-spaces the spike axis of every panel, and the axis says so", async () => {
    const dir = writeFixtureSweep({
      // 38 neurons with 5–15 spikes and two with thousands at the spread threshold.
      labelSpikes: (v) =>
        Array.from({ length: 40 }, (_, j) =>
          v[0] === 1 && j >= 38 ? 3000 + 2000 * (j - 38) : 5 + (j % 11),
        ),
    });
    const m = buildModel(loadSweepResults(dir));
    const spec = spikeHistograms(m) as unknown as {
      spec: { encoding: { x: { title: string; scale?: { type: string } } } };
    };
    expect(spec.spec.encoding.x.scale?.type).toBe("symlog");
    expect(spec.spec.encoding.x.title).toBe("spikes per neuron (log scale)");
    expect(svgTexts(await renderSvg(spec as never))).toContain("spikes per neuron (log scale)");
  });
});

describe("2b. weight histograms: Freedman–Diaconis bins of the mapped run's weights, log synapse counts", () => {
  it("the page has one panel per point with a log count axis; the chart's bars are histogramBins' counts", async () => {
    const out = tempDir("standard-weights");
    const dir = writeFixtureSweep();
    const html = readFileSync((await writeReport(dir, out)).html, "utf8");
    const section = html.slice(
      html.indexOf("<h2>Weight distributions</h2>"),
      html.indexOf("<h2>Spike counts per neuron</h2>"),
    );
    expect(svgTexts(section)).toContain("synapses (log scale)");
    expect(section).toContain("Freedman–Diaconis bins; synapse counts on a log scale");
    const texts = svgTexts(section);
    for (const p of buildModel(loadSweepResults(dir)).points) expect(texts).toContain(p.title);
    // The fixture's weights: (k mod 7)/7 over 784 × 4 cells.
    const weights = Float32Array.from({ length: 784 * 4 }, (_, k) => (k % 7) / 7);
    const h = histogramBins(weights, { minBins: 5, maxBins: 40, logX: "never" });
    const spec = weightHistograms(
      buildModel(loadSweepResults(dir)).points.map((point) => ({ point, hist: h })),
    ) as unknown as {
      data: { values: { synapses: number }[] };
      spec: { encoding: { y: { scale: { type: string } } } };
    };
    expect(spec.spec.encoding.y.scale.type).toBe("symlog");
    expect(spec.data.values.slice(0, h.counts.length).map((v) => v.synapses)).toEqual(h.counts);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(784 * 4);
  });
});

describe("3. energy in engineering units with the profile named", () => {
  it("tables print formatSi values (nJ here), chart axes one prefix, and the profile is named beside them", async () => {
    const out = tempDir("standard-energy");
    const files = await writeReport(writeFixtureSweep({ withEnergy: true }), out);
    const html = readFileSync(files.html, "utf8");
    // Fixture: 1.71 nJ per inference at threshold "fixed", 2.71 nJ at "spread"; 5 nJ per sample.
    expect(html).toContain(`<td>${formatSi(1.71e-9, "J")}</td>`);
    expect(formatSi(1.71e-9, "J")).toBe("1.71 nJ");
    expect(html).toContain("<td>2.71 nJ</td>");
    expect(html).toContain("<td>5 nJ</td>");
    expect(html).not.toMatch(/× 10<sup>/);
    expect(html).toContain(
      "Energies under the energy profile &#34;default&#34;, in engineering units.",
    );
    const model = buildModel(loadSweepResults(writeFixtureSweep({ withEnergy: true })));
    const texts = svgTexts(await renderSvg(energyBreakdown(model, "perInference")!));
    expect(texts).toContain('nJ per inference (test image) (energy profile "default")');
    expect(texts).toContain('energy profile "default"');
  });
});

describe("4. Δ versus reference with a 95 % confidence interval", () => {
  const dir = writeFixtureSweep({ withEnergy: true });
  const model = buildModel(loadSweepResults(dir));
  const rows = rowsOf(toCsv(summaryTable(model)));

  it("summary.csv keeps its columns in place and adds the Δ columns after them", () => {
    const head = toCsv(summaryTable(model)).split("\n")[0]!;
    expect(head).toBe(
      "point,point_index,neuron.thresholdMv,neuron.thresholdMv (label),neuron.thetaPlusMv,neuron.thetaPlusMv (label)," +
        "n,accuracy_mean,accuracy_std,accuracy_min,accuracy_max,dead_neurons_mean,energy_per_inference_j_mean,energy_per_inference_j_std," +
        "energy_per_training_sample_j_mean,energy_per_training_sample_j_std,energy_profile," +
        "reference_point,delta_vs_reference,delta_ci_low,delta_ci_high,delta_ci_method,delta_ci_df,sweep_variant",
    );
  });

  it("the reference is every axis at its reference value; Δ is the Welch interval over seeds (runs are not paired: their seeds differ)", () => {
    // Reference: threshold fixed, adaptive off (0.80, 0.82, 0.84). Spread/off: 0.60, 0.62, 0.64.
    const ref = rows[0]!;
    expect(ref.reference_point).toBe(ref.point);
    expect(ref.delta_ci_method).toBe("reference");
    expect(Number(ref.delta_vs_reference)).toBe(0);
    const r = rows[2]!;
    expect(r["neuron.thresholdMv (label)"]).toBe("spread");
    expect(Number(r.delta_vs_reference)).toBeCloseTo(-0.2, 12);
    // sd 0.02 on both sides, 3 + 3 seeds: df = 4, half-width t(0.975, 4) · √(2 · 0.02² / 3).
    const half = 2.7764451 * Math.sqrt((2 * 0.02 ** 2) / 3);
    expect(r.delta_ci_method).toBe("welch");
    expect(Number(r.delta_ci_df)).toBeCloseTo(4, 9);
    expect(Number(r.delta_ci_low)).toBeCloseTo(-0.2 - half, 6);
    expect(Number(r.delta_ci_high)).toBeCloseTo(-0.2 + half, 6);
    expect(model.points[2]!.runs[0]!.run.seed).not.toBe(model.points[0]!.runs[0]!.run.seed);
  });

  it("with one seed per point Δ is given without an interval (empty cells), and the page says why", async () => {
    const one = writeFixtureSweep({ scenario: { ...FIXTURE_SCENARIO, seeds: [1] } });
    const r = rowsOf(toCsv(summaryTable(buildModel(loadSweepResults(one)))))[2]!;
    expect(Number(r.delta_vs_reference)).toBeCloseTo(-0.2, 12);
    expect([r.delta_ci_low, r.delta_ci_high, r.delta_ci_method]).toEqual(["", "", "welch"]);
    const html = readFileSync((await writeReport(one, tempDir("one-seed"))).html, "utf8");
    expect(html).toContain("no interval: every point has fewer than two finished seeds");
    expect(html).toContain('−20.0 <span class="muted">(no CI: n &lt; 2)</span>');
  });

  it("a zipped scenario's reference is the deciding axis at its reference value, and the note says so", () => {
    const scenario = {
      ...FIXTURE_SCENARIO,
      mode: "zip",
      axes: [
        { path: "neuron.thresholdMv", label: "setting", values: [-52, -51, -50] },
        {
          path: "neuron.thetaPlusMv",
          label: "spread",
          role: "non-ideality",
          values: [0.01, 0.02, 0.03],
          reference: 0.02,
        },
      ],
    };
    const model = buildModel(
      loadSweepResults(writeFixtureSweep({ scenario, accuracy: () => 0.5 })),
    );
    expect(model.reference?.valueIndex).toEqual([1, 1]);
    expect(summaryNote(model)).toContain("the zipped axes at the reference value of spread");
  });

  it("runs that share their run seeds per replicate get the paired interval", () => {
    const fig = (replicate: number, seed: number, accuracy: number): RunFigures =>
      ({ accuracy, run: { replicate, seed } }) as unknown as RunFigures;
    const a = [fig(1, 11, 0.7), fig(2, 12, 0.74), fig(3, 13, 0.71)];
    const b = [fig(1, 11, 0.6), fig(2, 12, 0.65), fig(3, 13, 0.6)];
    const d = differenceOverSeeds(a, b);
    const diffs = [0.1, 0.09, 0.11];
    const s = stats(diffs);
    expect(d.method).toBe("paired");
    expect(d.mean).toBeCloseTo(0.1, 12);
    expect(d.high - d.mean).toBeCloseTo((studentTQuantile(0.975, 2) * s.std) / Math.sqrt(3), 12);
    // Different run seeds: not paired.
    const c = [fig(1, 21, 0.6), fig(2, 22, 0.65), fig(3, 23, 0.6)];
    expect(differenceOverSeeds(a, c).method).toBe("welch");
  });

  it("the page shows the column (bold when the interval excludes zero) and a note naming the method", async () => {
    const out = tempDir("standard-delta");
    const html = readFileSync((await writeReport(dir, out)).html, "utf8");
    expect(html).toContain("<th>Δ versus reference (points, 95 % CI)</th>");
    expect(html).toContain("<td>reference</td>");
    const half = 100 * 2.7764451 * Math.sqrt((2 * 0.02 ** 2) / 3);
    expect(html).toContain(
      `<td><b>−20.0 [−${(20 + half).toFixed(1)}, −${(20 - half).toFixed(1)}]</b></td>`,
    );
    // fixed/on − fixed/off = +1.0 point with sd 2: its interval includes zero, not bold.
    expect(html).toMatch(/<td>\+1\.0 \[−\d+\.\d, \+\d+\.\d\]<\/td>/);
    expect(html).toContain("Welch's t interval for the difference of two means over seeds");
    expect(html).toContain("The runs are not paired by seed");
  });
});

describe("5. accuracy versus energy", () => {
  it("one marker per point at the means, error bars ± one sd over seeds on both axes, energy unit and profile on the axis", async () => {
    const perInference = (v: readonly number[], s: number): number => (2 + v[0]! + 0.1 * s) * 1e-9;
    const model = buildModel(
      loadSweepResults(writeFixtureSweep({ withEnergy: true, energyPerInferenceJ: perInference })),
    );
    const spec = accuracyVersusEnergy(model, "perInference") as unknown as {
      data: { values: Record<string, number | string>[] };
      layer: { encoding: { x: { title?: string } } }[];
    };
    expect(spec.data.values).toHaveLength(model.points.length);
    const p = spec.data.values[2]!; // spread / off: 3.0, 3.1, 3.2 nJ; 60, 62, 64 %
    expect(p.energy).toBeCloseTo(3.1, 9);
    expect((p.energyHi as number) - (p.energy as number)).toBeCloseTo(0.1, 9);
    expect(p.accuracy).toBeCloseTo(62, 9);
    expect((p.accuracyHi as number) - (p.accuracy as number)).toBeCloseTo(2, 9);
    const texts = svgTexts(await renderSvg(spec as never));
    expect(texts).toContain('energy per inference (test image) (nJ; energy profile "default")');
    expect(
      accuracyVersusEnergy(buildModel(loadSweepResults(writeFixtureSweep())), "perInference"),
    ).toBeNull();
  });

  it("marker numbers never cover each other or a marker, stay in the plot, and are left out only when crowded", () => {
    // 30 markers on a 3-pixel diagonal plus one alone: the crowd cannot all be numbered.
    const markers = [
      ...Array.from({ length: 30 }, (_, i) => ({
        x: 100 + 3 * i,
        y: 100 + 3 * i,
        text: String(i + 1),
      })),
      { x: 400, y: 250, text: "31" },
    ];
    const places = placeNumbers(markers, 520, 300);
    const boxes = places.flatMap((p, i) => {
      if (!p) return [];
      const w = markers[i]!.text.length * 6.5 + 1;
      const x0 = p.side === "left" ? p.x : p.x - w;
      return [[x0, p.y - 6, x0 + w, p.y + 6] as const];
    });
    for (const [x0, y0, x1, y1] of boxes) {
      expect(x0).toBeGreaterThanOrEqual(0);
      expect(y0).toBeGreaterThanOrEqual(0);
      expect(x1).toBeLessThanOrEqual(520);
      expect(y1).toBeLessThanOrEqual(300);
      for (const m of markers) {
        // Not on any marker (radius 5).
        expect(x1 <= m.x - 5 || x0 >= m.x + 5 || y1 <= m.y - 5 || y0 >= m.y + 5).toBe(true);
      }
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        expect(a[2] <= b[0] || a[0] >= b[2] || a[3] <= b[1] || a[1] >= b[3]).toBe(true);
      }
    expect(places[30]).not.toBeNull(); // the lone marker is numbered
    expect(places.filter((p) => p === null).length).toBeGreaterThan(0); // the crowd is not all
  });

  it("is on the page in its own section", async () => {
    const out = tempDir("standard-tradeoff");
    const html = readFileSync(
      (await writeReport(writeFixtureSweep({ withEnergy: true }), out)).html,
      "utf8",
    );
    const section = html.slice(
      html.indexOf("<h2>Accuracy versus energy</h2>"),
      html.indexOf("<h2>Synapse maps</h2>"),
    );
    expect(section).toContain('aria-label="Accuracy versus energy per inference (test image)"');
    expect(section).toContain('aria-label="Accuracy versus energy per training sample"');
  });
});

describe("6. quick-size sweeps are marked preliminary", () => {
  const scenario = { ...FIXTURE_SCENARIO, quick: { base: { train: 20 }, seeds: [1, 2] } };

  it("from the manifest's variant: title and banner say PRELIMINARY; a full sweep's page does not", async () => {
    const quick = await writeReport(
      writeFixtureSweep({ scenario, variant: "quick" }),
      tempDir("q"),
    );
    const html = readFileSync(quick.html, "utf8");
    expect(html).toContain("<title>fixture — PRELIMINARY (quick size) — NeuroXbar report</title>");
    expect(html).toMatch(
      /<div class="banner" role="note"><b>Preliminary<\/b>: this sweep ran at the scenario's --quick size \(train 20\), 2 seeds\./,
    );
    const full = await writeReport(writeFixtureSweep({ scenario }), tempDir("f"));
    expect(rowsOf(readFileSync(quick.summaryCsv, "utf8"))[0]!.sweep_variant).toBe("quick");
    expect(rowsOf(readFileSync(full.summaryCsv, "utf8"))[0]!.sweep_variant).toBe("full");
    const fullHtml = readFileSync(full.html, "utf8");
    expect(fullHtml).not.toContain("PRELIMINARY");
    expect(fullHtml).not.toContain('class="banner"');
  });
});

describe("7. synapse maps: title, each neuron's assigned class, a colour scale", () => {
  it("each map has a title, one class label per tile from result.json's assignment, and a colour bar up to the white point", async () => {
    const out = tempDir("standard-maps");
    const html = readFileSync((await writeReport(writeFixtureSweep(), out)).html, "utf8");
    const titles = [...html.matchAll(/<h3 class="map-title">([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      "Synapse map: threshold=fixed · adaptive threshold=off (seed 1)",
      "Synapse map: threshold=fixed · adaptive threshold=on (seed 1)",
      "Synapse map: threshold=spread · adaptive threshold=off (seed 1)",
      "Synapse map: threshold=spread · adaptive threshold=on (seed 1)",
    ]);
    const maps = html.split('<div class="map">').slice(1);
    expect(maps).toHaveLength(4);
    for (const m of maps) {
      const labels = [...m.matchAll(/<span class="cls" data-neuron="(\d+)"[^>]*>([^<]*)<\/span>/g)];
      expect(labels.map((l) => l[2])).toEqual(
        FIXTURE_ASSIGNMENT.map((c) => (c < 0 ? "–" : String(c))),
      );
    }
    // Fixture weights are (k mod 7)/7: smallest 0, 99.5th percentile 6/7 → white.
    const bars = [...html.matchAll(/<svg class="colorbar"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(bars).toHaveLength(4);
    expect(svgTexts(bars[0]!)).toEqual([
      "synaptic weight (colour scale)",
      "0",
      String(Number((3 / 7).toPrecision(3))),
      `${Number((6 / 7).toPrecision(3))} and above`,
    ]);
    expect(html).toContain("never fired during label assignment: 1 of 4");
  });
});

describe("findings: a difference inside its 95 % interval is never a finding; chance arms are flagged", () => {
  it("a 1-point loss with a 2-point spread is named as not a finding, and no recovery is claimed", () => {
    // fixed: 80/82/84 %; spread: 79/81/83 %, θ on adds 0.5 points everywhere.
    const acc = (v: readonly number[], s: number): number =>
      0.8 - 0.01 * v[0]! + 0.005 * v[1]! + 0.02 * s;
    const f = findings(buildModel(loadSweepResults(writeFixtureSweep({ accuracy: acc }))));
    expect(f.sentences[0]).toMatch(
      /^No non-ideality in this scenario lowers accuracy beyond the spread over seeds: the largest difference, threshold at spread instead of fixed \(with adaptive threshold (off|on)\), is a loss of 1\.0 percentage point/,
    );
    expect(f.sentences[0]).toMatch(/includes zero, so it is not a finding\.$/);
    expect(f.sentences.join(" ")).not.toMatch(/The largest accuracy loss|recovers/);
    expect(f.largestLoss?.resolved).toBe(false);
  });

  it("still flags arms at chance next to a resolved loss", () => {
    const acc = (v: readonly number[], s: number): number =>
      (v[0] === 1 && v[1] === 0 ? 0.1 : 0.8) + 0.01 * s;
    const f = findings(buildModel(loadSweepResults(writeFixtureSweep({ accuracy: acc }))));
    expect(f.sentences[0]).toMatch(/^The largest accuracy loss is 70\.0 percentage points/);
    expect(f.sentences[1]).toContain(
      "threshold=spread · adaptive threshold=off (11.0 %: 2 of 4 neurons fire",
    );
  });
});

it("the long-label fixture reads its labels from the shipped scenario file", () => {
  const file = JSON.parse(
    readFileSync(join(ROOT, "scenarios", "adaptive-threshold-mitigation.json"), "utf8"),
  ) as { axes: { valueLabels: string[] }[] };
  expect(LONG_LABELS).toEqual(file.axes[0]!.valueLabels);
});
