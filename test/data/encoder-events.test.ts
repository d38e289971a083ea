/**
 * The rate encoders count events per step while drawing and hand them to SpikeEvents.setEvents in
 * one call. This test compares them with the reference way, transcribed below: the same draws
 * (row by row, geometric gaps, from an Rng forked with the same name) passed to add() per event
 * and finish(). Events, their order, the step index and the Rng position after each presentation
 * must be identical, on MNIST digits and on images built to reach every branch.
 */
import { describe, expect, it } from "vitest";
import { createRng, type Rng } from "../../src/core/rng.js";
import { SpikeEvents } from "../../src/core/spikes.js";
import { loadDataset } from "../../src/data/datasets.js";
import {
  BernoulliEncoder,
  PoissonEncoder,
  type AnyEncoder,
  createEncoder,
  type EncoderConfigInput,
} from "../../src/data/encoders.js";

const DT = 0.5;

/** The reference: the encoder's p table, its draws, add() per event, then finish(). */
function referenceEncode(
  encoder: PoissonEncoder | BernoulliEncoder,
  rng: Rng,
  image: Uint8Array,
  attempt: number,
  steps: number,
  out: SpikeEvents,
): void {
  out.begin(steps);
  for (let row = 0; row < image.length; row++) {
    const p = encoder.spikeProbability(image[row]!, attempt);
    if (p <= 0) continue;
    if (p >= 1) {
      for (let t = 0; t < steps; t++) out.add(t, row);
      continue;
    }
    const logMiss = Math.log1p(-p);
    let t = Math.floor(Math.log(rng.nextOpen()) / logMiss);
    while (t < steps) {
      out.add(t, row);
      t += 1 + Math.floor(Math.log(rng.nextOpen()) / logMiss);
    }
  }
  out.finish();
}

function expectSameEvents(fast: SpikeEvents, ref: SpikeEvents, what: string): void {
  expect(fast.steps, `${what}: steps`).toBe(ref.steps);
  expect(fast.count, `${what}: count`).toBe(ref.count);
  expect(Array.from(fast.stepStart.subarray(0, ref.steps + 1)), `${what}: stepStart`).toEqual(
    Array.from(ref.stepStart.subarray(0, ref.steps + 1)),
  );
  expect(Array.from(fast.rows.subarray(0, ref.count)), `${what}: rows`).toEqual(
    Array.from(ref.rows.subarray(0, ref.count)),
  );
}

interface Case {
  readonly config: EncoderConfigInput;
  readonly images: readonly Uint8Array[];
  readonly attempts: readonly number[];
  readonly steps: readonly number[];
}

/** Encodes every image × attempt × steps with both, one shared output buffer each (as the engine). */
function compare({ config, images, attempts, steps }: Case): number {
  const seed = `encoder-events/${JSON.stringify(config)}`;
  const fast = createEncoder(config, DT, createRng(seed).fork("encoder")) as AnyEncoder;
  if (fast.kind === "rank-order" || fast.kind === "poisson-intervals")
    throw new Error("geometric-gap encoders only");
  const refRng = createRng(seed).fork("encoder");
  const fastRng = (fast as unknown as { rng: Rng }).rng;
  const fastOut = new SpikeEvents();
  const refOut = new SpikeEvents();
  let events = 0;
  for (const [i, image] of images.entries()) {
    for (const attempt of attempts) {
      for (const n of steps) {
        fast.encode(image, attempt, n, fastOut);
        referenceEncode(fast, refRng, image, attempt, n, refOut);
        const what = `image ${i}, attempt ${attempt}, ${n} steps`;
        expectSameEvents(fastOut, refOut, what);
        expect(fastRng.state(), `${what}: Rng position`).toEqual(refRng.state());
        events += refOut.count;
      }
    }
  }
  return events;
}

const mnist = loadDataset({ name: "mnist" }, { verifyChecksums: false });
const digits = Array.from({ length: 40 }, (_, k) =>
  mnist.train.images.subarray(k * 784, (k + 1) * 784),
);

/** Every pixel value once (p from 0 to the top of the table), then all-bright and all-dark. */
const ramp = Uint8Array.from({ length: 256 }, (_, k) => k);
const bright = new Uint8Array(784).fill(255);
const dark = new Uint8Array(784);

describe("rate encoders: counted-while-drawing events equal add() … finish(), bit for bit", () => {
  it("poisson (Diehl & Cook) on 40 MNIST digits, attempts 0–3, 700 steps: same events, same Rng position", () => {
    const events = compare({
      config: { kind: "poisson" },
      images: digits,
      attempts: [0, 1, 2, 3],
      steps: [700],
    });
    expect(events).toBeGreaterThan(40 * 4 * 1000);
  });

  it("bernoulli with p ≥ 1 pixels (every step) and buffer growth past 4,096 events, 0, 1 and 33 steps", () => {
    // maxProbability 1: pixel 255 spikes at every step; 784 × 700 events grow the buffers.
    const events = compare({
      config: { kind: "bernoulli", maxProbability: 1 },
      images: [ramp, bright, dark, digits[0]!],
      attempts: [0, 2],
      steps: [700, 0, 1, 33],
    });
    expect(events).toBeGreaterThan(784 * 700);
  });

  it("poisson at a rate that reaches p = 1 for bright pixels, on a ramp and digits", () => {
    compare({
      config: { kind: "poisson", maxRateHz: 2000 },
      images: [ramp, digits[1]!, digits[2]!],
      attempts: [0, 1],
      steps: [700, 5],
    });
  });
});
