/**
 * Issue #19 items 5 and 7: each fault of a measured-data CSV gets its own message (not the
 * generic "found 0 LTP … add a direction column"), and every error path has a test.
 */
import { describe, expect, test } from "vitest";
import { DataError, ECHO_MAX_CHARS } from "../../src/core/errors.js";
import { fitMeasured, parseMeasuredCsv } from "../../src/devices/fit/index.js";
import { caught } from "../caught.js";
import { devices, preset } from "./helpers.js";

/** Noise-free NeuroSim curve (NL 2 / −3, 30 pulses each way, 1–10 µS). */
function curve(): { ltp: number[]; ltd: number[] } {
  const d = devices(
    preset("neurosim", {
      gMinS: 1e-6,
      gMaxS: 1e-5,
      pMaxLtp: 30,
      pMaxLtd: 30,
      nlLtp: 2,
      nlLtd: -3,
    }),
    1,
  );
  const ltp = [d.g[0]!];
  for (let k = 0; k < 30; k++) {
    d.applyPulses(0, 1, 1);
    ltp.push(d.g[0]!);
  }
  const ltd = [d.g[0]!];
  for (let k = 0; k < 30; k++) {
    d.applyPulses(0, 1, -1);
    ltd.push(d.g[0]!);
  }
  return { ltp, ltd };
}

const csv = (rows: string[]) => ["pulse,direction,G (S)", ...rows].join("\n");
const trainRows = (dir: string, g: readonly number[], pulse = (k: number) => k) =>
  g.map((v, k) => `${pulse(k)},${dir},${v}`);

/** The DataError message `fn` throws (fails the test when it throws anything else). */
function dataError(fn: () => unknown): string {
  const e = caught(fn);
  expect(e).toBeInstanceOf(DataError);
  return (e as Error).message;
}

describe("measured CSV: each fault named", () => {
  test("no data rows at all (only comments and blank lines)", () => {
    expect(dataError(() => parseMeasuredCsv("# nothing\n\n// still nothing\n", "e.csv"))).toBe(
      "e.csv: no data rows (only comments or blank lines)",
    );
  });

  test("a header and no numeric rows: says so, with the first unusable cell", () => {
    const m = dataError(() => parseMeasuredCsv(csv(["1,LTP,NaN", "2,LTP,n/a"]), "h.csv"));
    expect(m).toMatch(/^h\.csv: no numeric data rows below the header \(line 1\): 2 row\(s\)/);
    expect(m).toContain('line 2: "NaN"');
  });

  test("one data row: a fit needs three per train", () => {
    expect(dataError(() => parseMeasuredCsv(csv(["0,LTP,1e-6"]), "one.csv"))).toMatch(
      /only 1 data row\(s\); a fit needs at least 3 rows/,
    );
  });

  test("a negative conductance names its line and value", () => {
    const { ltp, ltd } = curve();
    const rows = [...trainRows("LTP", ltp), ...trainRows("LTD", ltd)];
    rows[4] = "4,LTP,-2e-6";
    expect(dataError(() => parseMeasuredCsv(csv(rows), "neg.csv"))).toMatch(
      /^neg\.csv:6: negative conductance -0\.000002 \("-2e-6"\)/,
    );
  });

  test("pulse numbers going backwards inside a train (not a restart from its first number)", () => {
    const { ltp, ltd } = curve();
    const rows = [...trainRows("LTP", ltp), ...trainRows("LTD", ltd)];
    rows[10] = "7,LTP," + ltp[10];
    expect(dataError(() => parseMeasuredCsv(csv(rows), "back.csv"))).toMatch(
      /^back\.csv:12: pulse numbers go backwards \(9 then 7\) within a train that started at 0/,
    );
  });

  test("a zero or negative read voltage is refused as such (not 'give the read voltage')", () => {
    const text = "V_pulse (V),I_read (uA)\n1,1\n1,2\n1,3\n-1,2\n-1,1\n-1,0.5\n";
    for (const v of [0, -0.2]) {
      expect(dataError(() => parseMeasuredCsv(text, "iv.csv", { readVoltageV: v }))).toBe(
        `iv.csv: the read voltage must be a positive number of volts, got ${v} V`,
      );
    }
  });

  test("no header and three columns: asks to name the columns", () => {
    expect(dataError(() => parseMeasuredCsv("1,2,3\n4,5,6\n7,8,9\n", "nohdr.csv"))).toMatch(
      /nohdr\.csv: 3 columns and no header line: name the columns/,
    );
  });

  test("no header and two columns (pulse, G in S) is read, and said to be assumed", () => {
    const { ltp, ltd } = curve();
    const text = [
      "# LTP",
      ...ltp.map((g, k) => `${k} ${g}`),
      "# LTD",
      ...ltd.map((g, k) => `${k} ${g}`),
    ];
    const data = parseMeasuredCsv(text.join("\n"), "two.txt");
    expect(data.notes[0]).toBe("no header: columns read as pulse, conductance (S)");
    expect(data.trains.map((t) => t.pulses.length)).toEqual([31, 31]);
  });

  test("a unit that changes between two header blocks is converted and said (not fitted at the wrong scale)", () => {
    const { ltp, ltd } = curve();
    const text = [
      "pulse,direction,G (uS)",
      ...ltp.map((g, k) => `${k},LTP,${g * 1e6}`),
      "pulse,direction,G (mS)",
      ...ltd.map((g, k) => `${k},LTD,${g * 1e3}`),
    ].join("\n");
    const data = parseMeasuredCsv(text, "units.csv");
    expect(data.notes.join("\n")).toMatch(/unit changes at line 33: "G \(mS\)" after "G \(uS\)"/);
    expect(data.trains[1]!.conductanceS[0]).toBeCloseTo(ltd[0]!, 15);
    expect(data.trains[0]!.conductanceS[0]).toBeCloseTo(ltp[0]!, 15);
  });

  test("a header block that switches quantity (conductance → resistance) is refused", () => {
    const text =
      "pulse,direction,G (S)\n0,LTP,1\n1,LTP,2\n2,LTP,3\npulse,direction,R (Ohm)\n0,LTD,1\n";
    expect(dataError(() => parseMeasuredCsv(text, "q.csv"))).toMatch(
      /^q\.csv:5: the header repeats with "R \(Ohm\)" where line 1 has "G \(S\)" \(a resistance column instead of conductance\)/,
    );
  });

  test("a huge or binary header cell is echoed escaped and at most ~80 characters", () => {
    const junk = `\u0000\u001b[31m${"x".repeat(5000)}`;
    const m = dataError(() => parseMeasuredCsv(`pulse,${junk}\n1,2\n`, "bin.csv"));
    expect(m).not.toContain("\u0000");
    expect(m).not.toContain("\u001b");
    expect(m).toContain("\\u0000\\u001b[31m");
    expect(m).toContain(`(${junk.length} characters)`);
    const quoted = /"(\\u0000[^"]*)"/.exec(m)![1]!;
    expect(quoted.length).toBeLessThanOrEqual(ECHO_MAX_CHARS);
  });
});

describe("measured CSV: the fit's own error paths", () => {
  test("all-zero conductances", () => {
    const zeros = Array.from({ length: 5 }, () => 0);
    const data = parseMeasuredCsv(
      csv([...trainRows("LTP", zeros), ...trainRows("LTD", zeros)]),
      "z.csv",
    );
    expect(dataError(() => fitMeasured(data, "neurosim"))).toBe("z.csv: all conductances are 0");
  });

  test("skipped pulse numbers are positions, not rows: every other reading still fits the same curve", () => {
    const { ltp, ltd } = curve();
    const every2 = (g: number[]) => g.filter((_, k) => k % 2 === 0);
    const data = parseMeasuredCsv(
      csv([
        ...trainRows("LTP", every2(ltp), (k) => 2 * k),
        ...trainRows("LTD", every2(ltd), (k) => 2 * k),
      ]),
      "sparse.csv",
    );
    expect(data.trains[0]!.pulses.slice(0, 3)).toEqual([0, 2, 4]);
    const r = fitMeasured(data, "neurosim");
    expect(Math.abs(r.params.nlLtp! - 2)).toBeLessThan(0.05);
    expect(Math.abs(r.params.nlLtd! + 3)).toBeLessThan(0.05);
    expect(r.params.pMaxLtp).toBe(30);
  });

  test("a fit that finds no curve (flat trains: no rising LTP, no falling LTD) is refused, not returned", () => {
    const flat = Array.from({ length: 10 }, () => 1e-6);
    const data = parseMeasuredCsv(
      csv([...trainRows("LTP", flat), ...trainRows("LTD", flat)]),
      "flat.csv",
    );
    expect(dataError(() => fitMeasured(data, "neurosim"))).toMatch(
      /^flat\.csv: the neurosim model does not fit this data/,
    );
  });

  test.each(["neurosim", "querlioz", "soft-bounds"] as const)(
    "%s: data whose best unconstrained bounds put Gmin below 0 is fitted with Gmin exactly 0, never negative",
    (model) => {
      // Steep LTP from 0 with a long flat tail, LTD back to 0 linearly: a free straight-line
      // projection extrapolates below zero.
      const up = Array.from({ length: 30 }, (_, k) => 1e-6 * (1 - Math.exp(-k / 2)));
      const down = Array.from({ length: 30 }, (_, k) => 1e-6 * (1 - k / 29));
      const data = parseMeasuredCsv(
        csv([...trainRows("LTP", up), ...trainRows("LTD", down)]),
        "gmin.csv",
      );
      expect(fitMeasured(data, model).params.gMinS).toBe(0);
    },
  );
});
