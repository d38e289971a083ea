import type { FiniteState } from "./contracts.js";
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

/**
 * Throws with the component, the array, the index and `where` when any array of a component's
 * finiteState() holds NaN or ±Inf: "neurons (dc) v[3] became NaN after training sample 32".
 */
export function assertFiniteState(component: string, state: FiniteState, where: string): void {
  for (const [name, values] of state) assertFinite(values, `${component} ${name}`, where);
}
