import { describe, expect, it } from "vitest";
import { MAX_TABLE_LENGTH, decayAt, decayTable } from "../../src/learning/decay-table.js";

/** Per-step trace rates: dt = 0.5 ms with τ = 20, 40 ms (D&C), 3 ms, 80 ms; dt = 0.1, τ = 7 ms. */
const RATES = [0.5 / 20, 0.5 / 40, 0.5 / 3, 0.5 / 80, 0.1 / 7];

describe("decayTable", () => {
  it.each(RATES)(
    "decayTable(r, ∞)[s] is the very double Math.exp(−s·r) gives, for every entry (r = %d)",
    (rate) => {
      const table = decayTable(rate, Infinity)!;
      expect(table).not.toBeNull();
      let mismatches = 0;
      for (let s = 0; s < table.length; s++) {
        if (!Object.is(table[s], Math.exp(-s * rate))) mismatches++;
      }
      expect(mismatches).toBe(0);
      // It ends on an exact zero…
      expect(Object.is(table[table.length - 1], 0)).toBe(true);
      // …and so does Math.exp at every later step decayAt clamps to.
      for (let s = table.length; s < table.length + 50_000; s++) {
        if (!Object.is(decayAt(table, s), Math.exp(-s * rate))) mismatches++;
      }
      expect(mismatches).toBe(0);
      // Entries before the end are not all zero (the table covers the subnormal tail too).
      expect(table[table.length - 2]! > 0 || Math.exp(-(table.length - 2) * rate) === 0).toBe(true);
    },
  );

  it("decayTable(r, maxSteps) holds Math.exp(−s·r) for s = 0 … maxSteps", () => {
    const rate = 0.025;
    const table = decayTable(rate, 645)!;
    expect(table.length).toBe(646);
    for (let s = 0; s <= 645; s++) expect(Object.is(table[s], Math.exp(-s * rate))).toBe(true);
  });

  it("decayTable returns null when the table would be longer than MAX_TABLE_LENGTH or the rate is not positive", () => {
    // τ = 1 s at dt = 0.5 ms underflows after 1.49 million steps: not tabled.
    expect(decayTable(0.5 / 1000, Infinity)).toBeNull();
    expect(decayTable(750 / MAX_TABLE_LENGTH, Infinity)).not.toBeNull();
    expect(decayTable(0, Infinity)).toBeNull();
    expect(decayTable(-1, 10)).toBeNull();
    expect(decayTable(Number.NaN, 10)).toBeNull();
  });
});
