import { NumericalError } from "./errors.js";

/** Throws with the location when a state array holds NaN or ±Inf. */
export function assertFinite(values: ArrayLike<number>, what: string, where: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new NumericalError(`${what}[${i}] became ${v} ${where}`);
    }
  }
}
