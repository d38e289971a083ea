import { expect } from "vitest";
import { NeuroXbarError } from "../../src/core/errors.js";

/** Runs `fn`, expects it to throw an error of class `type`, and returns the message. */
export function thrownMessage(fn: () => unknown, type: typeof NeuroXbarError): string {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(type);
  const message = (caught as Error).message;
  expect(message, "error messages are one line").not.toContain("\n");
  return message;
}
