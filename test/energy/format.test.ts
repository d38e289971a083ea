import { describe, expect, it } from "vitest";
import { formatSi } from "../../src/energy/format.js";
import { compareWords, formatFactor } from "../../src/energy/model.js";

describe("formatSi", () => {
  it.each([
    [1.234e-6, "J", "1.23 µJ"],
    [8.9e-6, "J", "8.9 µJ"],
    [118.272e-12, "J", "118 pJ"],
    [4.8125e-17, "J", "48.1 aJ"],
    [1.5e-15, "J", "1.5 fJ"],
    [120, "J", "120 J"],
    [1000, "J", "1 kJ"],
    [999.96e-12, "J", "1 nJ"],
    [999.4e-12, "J", "999 pJ"],
    [0, "J", "0 J"],
    [2.5e-3, "W", "2.5 mW"],
  ])("formatSi(%d, %s) = %s", (value, unit, text) => {
    expect(formatSi(value, unit)).toBe(text);
  });
});

describe("factors in prose", () => {
  it.each([
    [3.14, "3.1"],
    [1, "1.0"],
    [9.96, "10"],
    [301.07, "301"],
    [12_345.6, "12,346"],
  ])("formatFactor(%d) = %s", (x, text) => {
    expect(formatFactor(x)).toBe(text);
  });

  it("compareWords reads the ratio ANN/SNN in both directions", () => {
    expect(compareWords(3.1)).toBe("3.1× less");
    expect(compareWords(1 / 4)).toBe("4.0× more");
    expect(compareWords(1.001)).toBe("about as much");
  });
});
