import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  DataError,
  ERROR_CODES,
  IoError,
  NeuroXbarError,
  NumericalError,
  UsageError,
  ValidationError,
  describeValue,
} from "../../src/core/errors.js";
import { assertFinite } from "../../src/core/finite.js";
import { formatPath, parseWithSchema } from "../../src/core/validate.js";
import { caught } from "../caught.js";

describe("errors", () => {
  it("NeuroXbarError subclasses: stable code, exit status from ERROR_CODES, class name", () => {
    const cases: [NeuroXbarError, keyof typeof ERROR_CODES, number][] = [
      [new UsageError("u"), "E_USAGE", 2],
      [new ValidationError("v"), "E_VALIDATION", 3],
      [new DataError("d"), "E_DATA", 4],
      [new IoError("i"), "E_IO", 5],
      [new NumericalError("n"), "E_NUMERIC", 6],
    ];
    for (const [err, code, status] of cases) {
      expect(err.code).toBe(code);
      expect(err.exitStatus).toBe(status);
      expect(ERROR_CODES[code]).toBe(status);
      expect(err).toBeInstanceOf(NeuroXbarError);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe(err.constructor.name);
    }
    // Exit statuses are distinct and none is 0 or 1 (1 is what an uncaught exception gives).
    const statuses = Object.values(ERROR_CODES);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(statuses.every((s) => s > 1)).toBe(true);
  });

  it("describeValue: names the received value and its kind", () => {
    expect(describeValue(undefined)).toBe("nothing");
    expect(describeValue(null)).toBe("null");
    expect(describeValue("1e-6")).toBe('"1e-6" (a string)');
    expect(describeValue(NaN)).toBe("NaN");
    expect(describeValue(-2.5)).toBe("-2.5");
    expect(describeValue(false)).toBe("false");
    expect(describeValue([1, 2, 3])).toBe("an array of 3");
    expect(describeValue({ a: 1 })).toBe("an object");
  });
});

describe("parseWithSchema", () => {
  const schema = z.strictObject({
    rate: z.number().positive(),
    sweep: z.strictObject({ values: z.array(z.int()) }),
  });

  it("parseWithSchema: returns the parsed value when valid", () => {
    const value = { rate: 2, sweep: { values: [1, 2] } };
    expect(parseWithSchema(schema, value, "cfg.json")).toEqual(value);
  });

  it("parseWithSchema: one ValidationError listing every issue as `source › path: …, got …`", () => {
    const err = caught(() =>
      parseWithSchema(schema, { rate: "3", sweep: { values: [1, 2.5] }, extra: 1 }, "cfg.json"),
    );
    expect(err).toBeInstanceOf(ValidationError);
    const lines = (err as Error).message.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith("cfg.json › rate: "))).toMatch(
      /expected number.*, got "3" \(a string\)$/,
    );
    expect(lines.find((l) => l.startsWith("cfg.json › sweep.values[1]: "))).toMatch(/, got 2\.5$/);
    expect(lines).toContain(
      'cfg.json › (top level): unknown field "extra" (check the spelling; unknown fields are rejected)',
    );
  });

  it("parseWithSchema: never repairs a value (a string number is not coerced)", () => {
    expect(caught(() => parseWithSchema(z.number(), "1", "x"))).toBeInstanceOf(ValidationError);
  });

  it("formatPath: keys joined by dots, indices in brackets; empty path is (top level)", () => {
    expect(formatPath(["sweep", "axes", 1, "values", 2])).toBe("sweep.axes[1].values[2]");
    expect(formatPath([0, "a"])).toBe("[0].a");
    expect(formatPath([])).toBe("(top level)");
  });
});

describe("assertFinite", () => {
  it("assertFinite: passes finite arrays, throws NumericalError naming the first bad index", () => {
    expect(() => assertFinite(new Float64Array([0, -1e300, 5]), "v", "at step 3")).not.toThrow();
    const err = caught(() => assertFinite([1, 2, NaN, Infinity], "weight", "after sample 16"));
    expect(err).toBeInstanceOf(NumericalError);
    expect((err as Error).message).toBe("weight[2] became NaN after sample 16");
    const inf = caught(() => assertFinite(new Float32Array([1, -Infinity]), "g", "here"));
    expect((inf as Error).message).toBe("g[1] became -Infinity here");
  });
});
