import { createHash } from "node:crypto";
import type { RunConfigInput } from "../../src/network/config.js";
import type { RunOutput } from "../../src/network/pipeline.js";

/**
 * Shared by the kernel tests that compare whole runs (fused-step: kernels against the JavaScript
 * reference; threads: N threads against one): a small MNIST run and what must be identical.
 */

/** A small MNIST run: 24 neurons (23 in some cases, for the SIMD tails), 30 training images. */
export const SMALL_RUN: RunConfigInput = {
  neurons: 24,
  train: 30,
  label: 15,
  test: 15,
  seed: 5,
  timing: { presentationMs: 150, restMs: 60 },
};

/** SHA-256 of a typed array's bytes. */
export function sha(bytes: ArrayBufferView): string {
  return createHash("sha256")
    .update(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    .digest("hex");
}

/** Everything of a run but timings and provenance: weights (hashed), accuracy, spikes, ops, … */
export function fingerprint(out: RunOutput) {
  const r = out.result;
  return {
    weights: sha(out.weights),
    accuracy: r.accuracy,
    correct: r.correct,
    phases: r.phases,
    ops: r.ops,
    thresholdsMv: r.thresholdsMv,
    assignment: r.assignment,
    confusion: r.confusion,
    curve: r.curve,
  };
}
