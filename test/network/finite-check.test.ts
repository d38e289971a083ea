/**
 * The pipeline's fast NaN/±Inf scan (src/network/finite-check.ts) against the reference check
 * (every value through Number.isFinite; core's assertFinite for the message): the same verdict on
 * every array, the same error when it fails.
 */
import { describe, expect, it } from "vitest";
import { caught } from "../caught.js";
import { NumericalError } from "../../src/core/errors.js";
import { assertFinite } from "../../src/core/finite.js";
import { createRng } from "../../src/core/rng.js";
import { allFinite, checkFinite, checkFiniteState } from "../../src/network/finite-check.js";

/** Float32 bit patterns at the edges: every NaN/Inf form, the largest finite, subnormals, ±0. */
const F32_SPECIAL_BITS = [
  0x7f800000, // +Inf
  0xff800000, // −Inf
  0x7fc00000, // quiet NaN
  0x7f800001, // signalling NaN, smallest payload
  0xffffffff, // negative NaN, largest payload
  0x7f7fffff, // largest finite
  0xff7fffff, // most negative finite
  0x00000001, // smallest subnormal
  0x807fffff, // largest negative subnormal
  0x80000000, // −0
  0x7f000000, // exponent one below all ones
];
const F64_SPECIALS = [
  Infinity,
  -Infinity,
  Number.NaN,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  -0,
];

function reference(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

describe("allFinite: the same verdict as Number.isFinite on every value", () => {
  it("float32 arrays of 0–40 values (and views at an offset) with special bit patterns at random places", () => {
    const rng = createRng("finite-check/f32");
    let nonFinite = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const n = rng.int(41);
      const offset = rng.int(3);
      const backing = new Float32Array(n + offset + 1);
      for (let i = 0; i < backing.length; i++) backing[i] = (rng.next() - 0.5) * 1e6;
      const bits = new Uint32Array(backing.buffer);
      for (let s = rng.int(3); s > 0; s--) {
        bits[rng.int(backing.length)] = F32_SPECIAL_BITS[rng.int(F32_SPECIAL_BITS.length)]!;
      }
      const values = backing.subarray(offset, offset + n);
      const expected = reference(values);
      if (!expected) nonFinite++;
      expect(allFinite(values), `trial ${trial}: ${Array.from(values).join(", ")}`).toBe(expected);
    }
    // Both verdicts occur often, so a scan that always answered one way would fail.
    expect(nonFinite).toBeGreaterThan(800);
    expect(nonFinite).toBeLessThan(3200);
  });

  it("each special float32 alone at the first, a middle and the last place of a 313,600-weight array", () => {
    const weights = new Float32Array(313_600).fill(0.5);
    const bits = new Uint32Array(weights.buffer);
    expect(allFinite(weights)).toBe(true);
    for (const pattern of F32_SPECIAL_BITS) {
      for (const at of [0, 156_801, 313_599]) {
        bits[at] = pattern;
        expect(allFinite(weights), `bits 0x${pattern.toString(16)} at ${at}`).toBe(
          reference(weights),
        );
        weights[at] = 0.5;
      }
    }
  });

  it("float64 arrays with ±Inf, NaN, the extremes and −0 at random places", () => {
    const rng = createRng("finite-check/f64");
    let nonFinite = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const values = new Float64Array(rng.int(40));
      for (let i = 0; i < values.length; i++) values[i] = (rng.next() - 0.5) * 1e300;
      for (let s = rng.int(3); s > 0 && values.length > 0; s--) {
        values[rng.int(values.length)] = F64_SPECIALS[rng.int(F64_SPECIALS.length)]!;
      }
      if (!reference(values)) nonFinite++;
      expect(allFinite(values), `trial ${trial}`).toBe(reference(values));
    }
    expect(nonFinite).toBeGreaterThan(300);
  });

  it("plain arrays and integer arrays", () => {
    expect(allFinite([1, 2, 3])).toBe(true);
    expect(allFinite([1, Number.NaN])).toBe(false);
    expect(allFinite([-Infinity])).toBe(false);
    expect(allFinite(Int32Array.of(-1, 2 ** 31 - 1))).toBe(true);
    expect(allFinite(new Uint8Array(5))).toBe(true);
  });
});

describe("checkFinite / checkFiniteState: assertFinite's error, first bad index", () => {
  it("checkFinite throws exactly assertFinite's error for the first bad value, and nothing when finite", () => {
    const values = new Float32Array(1000).fill(0.25);
    expect(() => checkFinite(values, "weight", "after training sample 32")).not.toThrow();
    values[700] = Infinity;
    values[300] = Number.NaN;
    const fast = caught(() => checkFinite(values, "weight", "after training sample 32"));
    const slow = caught(() => assertFinite(values, "weight", "after training sample 32"));
    expect(fast).toBeInstanceOf(NumericalError);
    expect(slow).toBeInstanceOf(NumericalError);
    if (!(fast instanceof Error) || !(slow instanceof Error)) return;
    expect(fast.message).toBe("weight[300] became NaN after training sample 32");
    expect(fast.message).toBe(slow.message);
  });

  it("checkFiniteState names the component and the first array holding a bad value", () => {
    const v = Float64Array.of(-60, -61);
    const ge = Float64Array.of(0, -Infinity, Number.NaN);
    const err = caught(() =>
      checkFiniteState(
        "inhibition (population)",
        [
          ["v", v],
          ["g_e", ge],
        ],
        "after label sample 16",
      ),
    );
    expect(err).toBeInstanceOf(NumericalError);
    expect((err as Error).message).toBe(
      "inhibition (population) g_e[1] became -Infinity after label sample 16",
    );
  });
});
