/**
 * Error types with stable codes. The CLI maps `code` to an exit status (docs/reliability.md);
 * messages name the source, the path inside it, the received value and what was expected.
 */
export const ERROR_CODES = {
  E_USAGE: 2,
  E_VALIDATION: 3,
  E_DATA: 4,
  E_IO: 5,
  E_NUMERIC: 6,
  /** A sweep finished but some of its runs failed (each has an error.json); not a bug. */
  E_RUN_FAILED: 7,
  E_INTERNAL: 70,
} as const;

/**
 * Stable error code; each maps to a process exit status through ERROR_CODES (docs/reliability.md).
 */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Error thrown by NeuroXbar with a stable `code` (see ERROR_CODES); the message names the source,
 * the field, the value received and what was expected.
 */
export class NeuroXbarError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
  get exitStatus(): number {
    return ERROR_CODES[this.code];
  }
}

/** A flag or argument that cannot be parsed. */
export class UsageError extends NeuroXbarError {
  constructor(message: string) {
    super("E_USAGE", message);
  }
}

/** A file or configuration value that breaks its schema or the physics. */
export class ValidationError extends NeuroXbarError {
  constructor(message: string) {
    super("E_VALIDATION", message);
  }
}

/** A data file (IDX, CSV) that is missing, truncated, corrupted or inconsistent. */
export class DataError extends NeuroXbarError {
  constructor(message: string) {
    super("E_DATA", message);
  }
}

/** Output cannot be written (unwritable folder, full disk). */
export class IoError extends NeuroXbarError {
  constructor(message: string) {
    super("E_IO", message);
  }
}

/** NaN/Inf in simulator state, with the location. */
export class NumericalError extends NeuroXbarError {
  constructor(message: string) {
    super("E_NUMERIC", message);
  }
}

/** Longest text an error message echoes from its input (a huge value is shortened, not printed). */
export const ECHO_MAX_CHARS = 80;

/**
 * A piece of user input, quoted for a message: control and other non-printable characters
 * escaped (\n, \u0000, …) so binary bytes never reach the terminal raw, and at most
 * ECHO_MAX_CHARS characters, with the full length said when shortened.
 */
export function quoteText(text: string): string {
  const escaped = JSON.stringify(text)
    .slice(1, -1)
    .replace(
      /[\u007f-\u009f\u00ad\u2028\u2029\ufeff\ufffd]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  if (escaped.length <= ECHO_MAX_CHARS) return `"${escaped}"`;
  return `"${escaped.slice(0, ECHO_MAX_CHARS - 1)}…" (${text.length} characters)`;
}

/** Describes a received value for an error message: `"1e-6" (a string)`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return `${quoteText(value)} (a string)`;
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  return typeof value;
}
