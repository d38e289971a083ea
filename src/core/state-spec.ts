/**
 * A component's checkpoint state, declared once: each entry names a state variable and binds it
 * to the live array (its element type and length are the array's own) or to a scalar's getter
 * and setter. save() and load() are derived from the declaration, and load() refuses a state of
 * any other shape (a missing or unknown name, another element type, another length, a scalar
 * that is not a number) with a ValidationError naming the component and the variable, so no
 * component can silently load the state of another size or kind (TypedArray.set would copy a
 * shorter array's prefix and leave the rest stale).
 */
import type { ComponentState, StateValue } from "./contracts.js";
import { ValidationError } from "./errors.js";
import { Rng, type RngState } from "./rng.js";

export type StateArray =
  Float64Array | Float32Array | Int32Array | Uint8Array | Uint32Array | Int8Array | Int16Array;

interface ArrayEntry {
  readonly kind: "array";
  /** The live array (read each time: a view may be re-created, e.g. on WebAssembly growth). */
  readonly get: () => StateArray;
}

interface ScalarEntry {
  readonly kind: "scalar";
  readonly get: () => number;
  readonly set: (value: number) => void;
}

interface RngEntry {
  readonly kind: "rng";
  readonly get: () => Rng;
  readonly set: (value: Rng) => void;
}

export type StateEntry = ArrayEntry | ScalarEntry | RngEntry;

/** A typed array of the component: saved as a copy, loaded in place (same type and length). */
export function array(get: () => StateArray): StateEntry {
  return { kind: "array", get };
}

/** A number (any value but NaN: −∞ marks "never", e.g. the step of the last spike). */
export function scalar(get: () => number, set: (value: number) => void): StateEntry {
  return { kind: "scalar", get, set };
}

/**
 * A random stream: saved as its generator state, loaded as a new stream of the same seed resumed
 * at that state (so the run continues bit-identically).
 */
export function rngStream(get: () => Rng, set: (value: Rng) => void): StateEntry {
  return { kind: "rng", get, set };
}

/** A boolean, saved as 1 or 0 (the snapshot format stores numbers). */
export function flag(get: () => boolean, set: (value: boolean) => void): StateEntry {
  return scalar(
    () => (get() ? 1 : 0),
    (v) => set(v === 1),
  );
}

export interface StateSpec {
  /** Copies of every declared variable. */
  save(): ComponentState;
  /** Checks `state` against the declaration (throws naming the first mismatch), then restores it. */
  load(state: ComponentState): void;
  /** The mismatches of `state` against the declaration (empty when it fits). */
  problems(state: ComponentState): string[];
}

function typeName(value: StateValue | undefined): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") return "a number";
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${value.length}`;
  return typeof value === "object" ? "an object" : typeof value;
}

/** Declares `component`'s state (the name is used in error messages, e.g. "neurons (dc)"). */
export function declareState(
  component: string,
  entries: Readonly<Record<string, StateEntry>>,
): StateSpec {
  const names = Object.keys(entries);
  const problems = (state: ComponentState): string[] => {
    const out: string[] = [];
    if (state === null || typeof state !== "object") return ["the state is not an object"];
    for (const name of names) {
      const entry = entries[name]!;
      const value = state[name];
      if (entry.kind === "array") {
        const live = entry.get();
        const ok =
          ArrayBuffer.isView(value) &&
          value.constructor === live.constructor &&
          (value as StateArray).length === live.length;
        if (!ok)
          out.push(
            `"${name}": expected a ${live.constructor.name} of ${live.length}, got ${typeName(value)}`,
          );
      } else if (entry.kind === "rng") {
        if (typeof value !== "object" || value === null || !("alea" in value)) {
          out.push(`"${name}": expected a random-stream state, got ${typeName(value)}`);
        }
      } else if (typeof value !== "number" || Number.isNaN(value)) {
        out.push(`"${name}": expected a number, got ${typeName(value)}`);
      }
    }
    for (const name of Object.keys(state)) {
      if (!(name in entries)) out.push(`"${name}": not part of this component's state`);
    }
    return out;
  };
  return {
    save() {
      const out: ComponentState = {};
      for (const name of names) {
        const entry = entries[name]!;
        out[name] =
          entry.kind === "array"
            ? entry.get().slice()
            : entry.kind === "rng"
              ? entry.get().state()
              : entry.get();
      }
      return out;
    },
    load(state) {
      const found = problems(state);
      if (found.length > 0) {
        throw new ValidationError(
          `${component} state: ${found.join("; ")} (a snapshot of another network size or kind)`,
        );
      }
      for (const name of names) {
        const entry = entries[name]!;
        if (entry.kind === "array") entry.get().set(state[name] as StateArray);
        else if (entry.kind === "rng") {
          entry.set(new Rng(entry.get().seed, state[name] as RngState));
        } else entry.set(state[name] as number);
      }
    },
    problems,
  };
}
