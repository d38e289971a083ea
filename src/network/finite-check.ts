/**
 * Fast NaN/±Inf scan for the pipeline's periodic state checks (docs/reliability.md, numerical
 * safety). `allFinite` answers only "is every value finite?", branch-free and specialised by array
 * type; when it says no, `checkFinite` hands the array to core's `assertFinite`, which finds the
 * first bad index and throws the documented message. The message and the check that reports it are
 * therefore those of `assertFinite` alone.
 */
import { assertFinite } from "../core/finite.js";
import type { FiniteState } from "../core/contracts.js";

/** Exponent field of a float32 bit pattern; all ones means ±Inf or NaN. */
const F32_EXPONENT = 0x7f800000;
/** Lowest exponent bit: added to an all-ones exponent it carries into the sign bit. */
const F32_EXPONENT_LSB = 0x00800000;

/**
 * True when no float32 in `values` is NaN or ±Inf. Reads the bit patterns through an Int32Array
 * view: (bits & exponent) + exponent LSB reaches 0x80000000 (negative once wrapped to int32)
 * exactly when the exponent is all ones, and is at most 0x7f800000 otherwise, so OR-ing them keeps the sign bit
 * clear iff every value is finite.
 */
function allFiniteF32(values: Float32Array): boolean {
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  const n = bits.length;
  const even = n & ~1;
  let a = 0;
  let b = 0;
  for (let i = 0; i < even; i += 2) {
    a |= ((bits[i]! & F32_EXPONENT) + F32_EXPONENT_LSB) | 0;
    b |= ((bits[i + 1]! & F32_EXPONENT) + F32_EXPONENT_LSB) | 0;
  }
  if (even < n) a |= ((bits[even]! & F32_EXPONENT) + F32_EXPONENT_LSB) | 0;
  return (a | b) >= 0;
}

/** True when no double in `values` is NaN or ±Inf: x·0 is ±0 for finite x and NaN otherwise. */
function allFiniteF64(values: Float64Array): boolean {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * 0;
  return sum === 0;
}

/** True when every value is finite (integer typed arrays always are). */
export function allFinite(values: ArrayLike<number>): boolean {
  if (values instanceof Float32Array) return allFiniteF32(values);
  if (values instanceof Float64Array) return allFiniteF64(values);
  if (
    values instanceof Int32Array ||
    values instanceof Uint32Array ||
    values instanceof Int16Array ||
    values instanceof Uint16Array ||
    values instanceof Int8Array ||
    values instanceof Uint8Array ||
    values instanceof Uint8ClampedArray
  ) {
    return true;
  }
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** assertFinite's check and message, with the fast scan first (the slow one runs only on failure). */
export function checkFinite(values: ArrayLike<number>, what: string, where: string): void {
  if (!allFinite(values)) assertFinite(values, what, where);
}

/** assertFiniteState's check and message ("<component> <array>[i] became NaN <where>"), fast. */
export function checkFiniteState(component: string, state: FiniteState, where: string): void {
  for (const [name, values] of state) checkFinite(values, `${component} ${name}`, where);
}
