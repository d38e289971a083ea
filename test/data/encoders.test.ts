import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/core/errors.js";
import { createRng } from "../../src/core/rng.js";
import { SpikeEvents } from "../../src/core/spikes.js";
import type { SpikeEncoder } from "../../src/core/contracts.js";
import {
  RankOrderEncoder,
  createEncoder,
  encoderConfigSchema,
  type EncoderConfigInput,
} from "../../src/data/encoders.js";
import { thrownMessage } from "./errors.js";

const DT_MS = 0.5;
const INPUTS = 784;
const PRESENTATION_STEPS = 700; // 350 ms at dt = 0.5 ms (Diehl & Cook)

function encoder(config: EncoderConfigInput, seed: number | string = 1): SpikeEncoder {
  return createEncoder(config, DT_MS, createRng(seed).fork("encoder"));
}

function constantImage(pixel: number, inputs = INPUTS): Uint8Array {
  return new Uint8Array(inputs).fill(pixel);
}

/** Spike counts per input per presentation, pooled over inputs and presentations. */
interface CountStats {
  samples: number;
  mean: number;
  variance: number;
  /** Fraction of samples that spiked at step 0 and at the last step. */
  firstStepRate: number;
  lastStepRate: number;
}

function countStats(
  enc: SpikeEncoder,
  image: Uint8Array,
  attempt: number,
  steps: number,
  presentations: number,
): CountStats {
  const out = new SpikeEvents();
  const counts = new Float64Array(image.length);
  let sum = 0;
  let sumSquares = 0;
  let firstStep = 0;
  let lastStep = 0;
  for (let k = 0; k < presentations; k++) {
    enc.encode(image, attempt, steps, out);
    counts.fill(0);
    for (let e = 0; e < out.count; e++) counts[out.rows[e]!]!++;
    for (const c of counts) {
      sum += c;
      sumSquares += c * c;
    }
    firstStep += out.stepStart[1]! - out.stepStart[0]!;
    lastStep += out.stepStart[steps]! - out.stepStart[steps - 1]!;
  }
  const samples = presentations * image.length;
  const mean = sum / samples;
  return {
    samples,
    mean,
    variance: (sumSquares - samples * mean * mean) / (samples - 1),
    firstStepRate: firstStep / samples,
    lastStepRate: lastStep / samples,
  };
}

/**
 * Checks a Binomial(n, p) spike count: one independent trial per step.
 * mean: standard error sqrt(n·p·q / N) over N samples;
 * variance: the sample variance s² has Var(s²) ≈ (μ4 − σ⁴)/N with μ4 = n·p·q·(1 + 3(n − 2)·p·q);
 * per-step rate at the first and last step: standard error sqrt(p·q / N).
 * Each within 5 standard errors (a false failure about once in 1.7 million runs).
 */
function expectBinomial(stats: CountStats, n: number, p: number): void {
  const q = 1 - p;
  const N = stats.samples;
  const sigma2 = n * p * q;
  expect(Math.abs(stats.mean - n * p)).toBeLessThan(5 * Math.sqrt(sigma2 / N));
  const mu4 = sigma2 * (1 + 3 * (n - 2) * p * q);
  expect(Math.abs(stats.variance - sigma2)).toBeLessThan(5 * Math.sqrt((mu4 - sigma2 ** 2) / N));
  const stepSe = Math.sqrt((p * q) / N);
  expect(Math.abs(stats.firstStepRate - p)).toBeLessThan(5 * stepSe);
  expect(Math.abs(stats.lastStepRate - p)).toBeLessThan(5 * stepSe);
}

describe("poisson encoder (Diehl & Cook rates, Brian PoissonGroup semantics)", () => {
  // rate = pixel/8 × (2 + attempt) Hz; p = rate · dt.
  const pOf = (pixel: number, attempt: number): number =>
    ((pixel / 8) * (2 + attempt) * DT_MS) / 1000;

  it("encode(poisson, pixel 255, 700 steps) spikes 22.3 times on average (63.75 Hz × 350 ms), binomial spread", () => {
    const p = pOf(255, 0);
    expect(PRESENTATION_STEPS * p).toBeCloseTo(22.3125, 10);
    const stats = countStats(
      encoder({ kind: "poisson" }),
      constantImage(255),
      0,
      PRESENTATION_STEPS,
      100,
    );
    expectBinomial(stats, PRESENTATION_STEPS, p);
  });

  it("encode(poisson, pixel 100, 700 steps) spikes 8.75 times on average (25 Hz × 350 ms)", () => {
    const p = pOf(100, 0);
    expect(PRESENTATION_STEPS * p).toBeCloseTo(8.75, 10);
    const stats = countStats(
      encoder({ kind: "poisson" }),
      constantImage(100),
      0,
      PRESENTATION_STEPS,
      100,
    );
    expectBinomial(stats, PRESENTATION_STEPS, p);
  });

  it("encode(poisson, pixel 255, attempt 3) spikes 55.8 times on average (159.4 Hz: +31.875 Hz per attempt)", () => {
    const p = pOf(255, 3);
    expect((p * 1000) / DT_MS).toBeCloseTo(63.75 + 3 * 31.875, 10);
    const stats = countStats(
      encoder({ kind: "poisson" }),
      constantImage(255),
      3,
      PRESENTATION_STEPS,
      60,
    );
    expectBinomial(stats, PRESENTATION_STEPS, p);
  });

  it("encode(poisson maxRateHz 127.5, pixel 255) doubles every rate (spikes 44.6 times on average)", () => {
    const stats = countStats(
      encoder({ kind: "poisson", maxRateHz: 127.5 }),
      constantImage(255),
      0,
      PRESENTATION_STEPS,
      60,
    );
    expectBinomial(stats, PRESENTATION_STEPS, 2 * pOf(255, 0));
  });

  it("encode(poisson maxRateHz 2000, pixel 255: p = rate·dt = 1) spikes at every step", () => {
    const out = new SpikeEvents();
    encoder({ kind: "poisson", maxRateHz: 2000 }).encode(constantImage(255, 10), 0, 50, out);
    expect(out.count).toBe(10 * 50);
    for (let t = 0; t < 50; t++) expect(out.stepStart[t + 1]! - out.stepStart[t]!).toBe(10);
  });
});

describe("poisson-intervals encoder (BindsNET PoissonEncoder: Poisson-distributed gaps)", () => {
  /** Gaps (steps) between successive spikes of one row and its first-spike steps, over many images. */
  function gapsOf(config: EncoderConfigInput, dtMs: number, pixel: number, attempt: number) {
    const enc = createEncoder(config, dtMs, createRng("poisson-intervals").fork("encoder"));
    const out = new SpikeEvents();
    const image = new Uint8Array(784).fill(0);
    image[300] = pixel;
    const gaps: number[] = [];
    const firsts: number[] = [];
    for (let i = 0; i < 400; i++) {
      enc.encode(image, attempt, 1000, out);
      let last = -1;
      for (let t = 0; t < 1000; t++) {
        for (let k = out.stepStart[t]!; k < out.stepStart[t + 1]!; k++) {
          expect(out.rows[k]).toBe(300); // only the lit pixel spikes
          if (last < 0) firsts.push(t);
          else gaps.push(t - last);
          last = t;
        }
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = (xs: number[]) => {
      const m = mean(xs);
      return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    };
    return { gaps, firsts, mean, variance };
  }

  it("pixel 255 at 128 Hz, dt 1 ms: gaps have mean λ + e^(−λ) and variance ≈ λ, λ = 1000/128 = 7.8125 steps (5 s.d.), far more regular than a Poisson process", () => {
    const lambda = 1000 / 128;
    const { gaps, firsts, mean, variance } = gapsOf({ kind: "poisson-intervals" }, 1, 255, 0);
    // A gap is max(1, K), K ~ Poisson(λ): mean λ + P(K = 0); variance λ up to O(λe^(−λ)) = 0.003.
    const n = gaps.length;
    expect(n).toBeGreaterThan(40_000);
    expect(Math.abs(mean(gaps) - (lambda + Math.exp(-lambda)))).toBeLessThan(
      5 * Math.sqrt(lambda / n),
    );
    // s.d. of a sample variance of a Poisson variable: √((λ + 2λ²)/n).
    expect(Math.abs(variance(gaps) - lambda)).toBeLessThan(
      5 * Math.sqrt((lambda + 2 * lambda ** 2) / n) + 0.01,
    );
    // A Poisson process at the same rate has geometric gaps, variance (1 − p)/p² = 53.2 steps².
    const p = 128 / 1000;
    expect(variance(gaps)).toBeLessThan(0.2 * ((1 - p) / (p * p)));
    // The first spike falls at step K₁ − 1: mean λ − 1 + e^(−λ) over 400 images.
    expect(Math.abs(mean(firsts) - (lambda - 1 + Math.exp(-lambda)))).toBeLessThan(
      5 * Math.sqrt(lambda / 400),
    );
  });

  it("the rate scales with the pixel and the re-presentation (2 + attempt)/2, and dt sets λ in steps", () => {
    // Pixel 51 at attempt 2: 128 × 51/255 × 2 = 51.2 Hz; at dt 0.5 ms λ = 1000/(0.5 × 51.2) = 39.06 steps.
    const lambda = 1000 / (0.5 * 51.2);
    const { gaps, mean } = gapsOf({ kind: "poisson-intervals" }, 0.5, 51, 2);
    expect(Math.abs(mean(gaps) - lambda)).toBeLessThan(5 * Math.sqrt(lambda / gaps.length));
    // A pixel of 0 never spikes.
    expect(gapsOf({ kind: "poisson-intervals" }, 1, 0, 0).firsts).toEqual([]);
  });

  it("createEncoder fills maxRateHz 128 (BindsNET examples' intensity) and the same seed gives the same trains", () => {
    expect(encoderConfigSchema.parse({ kind: "poisson-intervals" })).toEqual({
      kind: "poisson-intervals",
      maxRateHz: 128,
    });
    const a = gapsOf({ kind: "poisson-intervals" }, 1, 200, 0);
    const b = gapsOf({ kind: "poisson-intervals" }, 1, 200, 0);
    expect(b.gaps).toEqual(a.gaps);
  });
});

describe("bernoulli encoder (BindsNET BernoulliEncoder, p per step)", () => {
  it("encode(bernoulli, pixel 128, 700 steps) spikes 17.6 times on average (p = 0.05 × 128/255)", () => {
    const p = (0.05 * 128) / 255;
    expect(PRESENTATION_STEPS * p).toBeCloseTo(17.569, 3);
    const stats = countStats(
      encoder({ kind: "bernoulli" }),
      constantImage(128),
      0,
      PRESENTATION_STEPS,
      100,
    );
    expectBinomial(stats, PRESENTATION_STEPS, p);
  });

  it("encode(bernoulli, pixel 128, attempt 2) doubles p (factor (2 + attempt)/2)", () => {
    const p = ((0.05 * 128) / 255) * 2;
    const stats = countStats(
      encoder({ kind: "bernoulli" }),
      constantImage(128),
      2,
      PRESENTATION_STEPS,
      60,
    );
    expectBinomial(stats, PRESENTATION_STEPS, p);
  });

  it("encode(bernoulli maxProbability = 63.75 Hz × dt) is the Poisson code: the same spike trains from the same seed", () => {
    // Both draw per-step Bernoulli trials (geometric gaps); only the per-step probability differs,
    // so the encoders scenario's Bernoulli/Poisson gap at defaults (0.05 vs 0.031875) is input rate.
    const maxProbability = (63.75 * DT_MS) / 1000;
    const bernoulli = encoder({ kind: "bernoulli", maxProbability }, 7);
    const poisson = encoder({ kind: "poisson" }, 7);
    const imageRng = createRng(3);
    const image = Uint8Array.from({ length: INPUTS }, () => Math.floor(imageRng.next() * 256));
    const a = new SpikeEvents();
    const b = new SpikeEvents();
    let spikes = 0;
    for (const attempt of [0, 0, 1, 2, 5]) {
      bernoulli.encode(image, attempt, PRESENTATION_STEPS, a);
      poisson.encode(image, attempt, PRESENTATION_STEPS, b);
      expect(a.count).toBe(b.count);
      expect(Array.from(a.rows.subarray(0, a.count))).toEqual(
        Array.from(b.rows.subarray(0, b.count)),
      );
      expect(Array.from(a.stepStart.subarray(0, PRESENTATION_STEPS + 1))).toEqual(
        Array.from(b.stepStart.subarray(0, PRESENTATION_STEPS + 1)),
      );
      spikes += a.count;
    }
    // Not vacuous: about 784 × 127.5/255 × 22.3 ≈ 8,700 spikes per first presentation.
    expect(spikes).toBeGreaterThan(40_000);
  });

  it("encode(bernoulli maxProbability 0.8, pixel 255, attempt 1: p = min(1, 1.2)) spikes at every step", () => {
    const out = new SpikeEvents();
    encoder({ kind: "bernoulli", maxProbability: 0.8 }).encode(constantImage(255, 10), 1, 50, out);
    expect(out.count).toBe(10 * 50);
  });
});

describe("rate encoders (poisson, bernoulli)", () => {
  const kinds: EncoderConfigInput[] = [{ kind: "poisson" }, { kind: "bernoulli" }];
  const mixedImage = Uint8Array.from({ length: INPUTS }, (_, i) =>
    i % 3 === 0 ? 0 : (i * 37) % 256,
  );

  it.each(kinds)(
    "encode($kind) never spikes pixels of value 0 and draws nothing for them",
    (config) => {
      const rng = createRng(7).fork("encoder");
      const enc = createEncoder(config, DT_MS, rng);
      const out = new SpikeEvents();
      let darkSpikes = 0;
      for (let k = 0; k < 20; k++) {
        enc.encode(mixedImage, k % 3, PRESENTATION_STEPS, out);
        for (let e = 0; e < out.count; e++) if (mixedImage[out.rows[e]!] === 0) darkSpikes++;
      }
      expect(darkSpikes).toBe(0);
      const before = JSON.stringify(rng.state());
      enc.encode(new Uint8Array(INPUTS), 0, PRESENTATION_STEPS, out);
      expect(out.count).toBe(0);
      expect(JSON.stringify(rng.state())).toBe(before);
    },
  );

  it.each(kinds)(
    "encode($kind) with the same seed gives identical events; another seed differs",
    (config) => {
      const events = (seed: number): number[][] => {
        const enc = encoder(config, seed);
        const out = new SpikeEvents();
        const all: number[][] = [];
        for (let k = 0; k < 3; k++) {
          enc.encode(mixedImage, k, PRESENTATION_STEPS, out);
          all.push(Array.from(out.rows.subarray(0, out.count)));
          all.push(Array.from(out.stepStart.subarray(0, PRESENTATION_STEPS + 1)));
        }
        return all;
      };
      expect(events(3)).toEqual(events(3));
      expect(events(3)).not.toEqual(events(4));
    },
  );

  it.each(kinds)(
    "encode($kind) events are grouped by ascending step, rows ascending within a step",
    (config) => {
      const out = new SpikeEvents();
      encoder(config).encode(mixedImage, 1, PRESENTATION_STEPS, out);
      expect(out.count).toBeGreaterThan(0);
      expect(out.stepStart[0]).toBe(0);
      expect(out.stepStart[PRESENTATION_STEPS]).toBe(out.count);
      for (let t = 0; t < PRESENTATION_STEPS; t++) {
        const from = out.stepStart[t]!;
        const to = out.stepStart[t + 1]!;
        expect(to).toBeGreaterThanOrEqual(from);
        for (let e = from + 1; e < to; e++) expect(out.rows[e]!).toBeGreaterThan(out.rows[e - 1]!);
      }
    },
  );

  it.each(kinds)("encode($kind) reuses the SpikeEvents buffers once warm", (config) => {
    const enc = encoder(config);
    const out = new SpikeEvents();
    const bright = constantImage(255);
    enc.encode(bright, 4, PRESENTATION_STEPS, out); // the largest presentation first
    const { rows, stepStart } = out;
    for (let k = 0; k < 20; k++) enc.encode(mixedImage, k % 5, PRESENTATION_STEPS, out);
    expect(out.rows).toBe(rows);
    expect(out.stepStart).toBe(stepStart);
  });

  it.each(kinds)("encode($kind, attempt -1 or 1.5) is a ValidationError", (config) => {
    const out = new SpikeEvents();
    const enc = encoder(config);
    expect(thrownMessage(() => enc.encode(mixedImage, -1, 10, out), ValidationError)).toMatch(
      /attempt must be a whole number ≥ 0/,
    );
    expect(() => enc.encode(mixedImage, 1.5, 10, out)).toThrow(ValidationError);
  });
});

describe("rank-order encoder (Thorpe rank-order / latency code)", () => {
  // windowSteps = round(100 ms / 0.5 ms) = 200; step = floor((255 − pixel)/255 × 199).
  const image = Uint8Array.from([0, 255, 128, 1, 64, 0, 200]);
  const expectedStep: Record<number, number> = { 1: 0, 2: 99, 3: 198, 4: 149, 6: 42 };

  function stepsByRow(
    enc: SpikeEncoder,
    img: Uint8Array,
    steps: number,
    attempt = 0,
  ): Map<number, number[]> {
    const out = new SpikeEvents();
    enc.encode(img, attempt, steps, out);
    const byRow = new Map<number, number[]>();
    for (let t = 0; t < steps; t++) {
      for (let e = out.stepStart[t]!; e < out.stepStart[t + 1]!; e++) {
        const row = out.rows[e]!;
        byRow.set(row, [...(byRow.get(row) ?? []), t]);
      }
    }
    return byRow;
  }

  it("encode(rank-order, 700 steps) spikes each non-zero pixel once at floor((255 − pixel)/255 × 199)", () => {
    const enc = encoder({ kind: "rank-order" });
    const byRow = stepsByRow(enc, image, PRESENTATION_STEPS);
    expect(Object.fromEntries([...byRow].map(([row, steps]) => [row, steps]))).toEqual(
      Object.fromEntries(Object.entries(expectedStep).map(([row, step]) => [row, [step]])),
    );
  });

  it("encode(rank-order) ignores the attempt: re-presentations repeat the same spikes", () => {
    const enc = encoder({ kind: "rank-order" });
    expect(stepsByRow(enc, image, PRESENTATION_STEPS, 3)).toEqual(
      stepsByRow(enc, image, PRESENTATION_STEPS, 0),
    );
  });

  it("encode(rank-order, 50 steps < 200-step window) compresses the window to the presentation", () => {
    const enc = new RankOrderEncoder({ kind: "rank-order", windowMs: 100 }, DT_MS);
    expect(enc.windowSteps).toBe(200);
    const byRow = stepsByRow(enc, image, 50);
    expect(byRow.get(1)).toEqual([0]);
    expect(byRow.get(3)).toEqual([Math.floor((254 * 49) / 255)]);
  });

  it("encode(rank-order, random image) fires every non-zero pixel exactly once, brighter never later", () => {
    const rng = createRng(11);
    const random = Uint8Array.from({ length: INPUTS }, () => (rng.next() < 0.3 ? 0 : rng.int(256)));
    const byRow = stepsByRow(encoder({ kind: "rank-order" }), random, PRESENTATION_STEPS);
    const lit = [...random.keys()].filter((row) => random[row]! > 0);
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual(lit);
    for (const steps of byRow.values()) expect(steps).toHaveLength(1);
    const byBrightness = [...lit].sort((a, b) => random[b]! - random[a]!);
    for (let k = 1; k < byBrightness.length; k++) {
      expect(byRow.get(byBrightness[k]!)![0]!).toBeGreaterThanOrEqual(
        byRow.get(byBrightness[k - 1]!)![0]!,
      );
    }
  });
});

describe("rank-order encoder, inverse latency (BindsNET rank_order)", () => {
  /** Each row's spike steps for one presentation. */
  function spikesOf(enc: SpikeEncoder, img: Uint8Array, steps: number): Map<number, number[]> {
    const out = new SpikeEvents();
    enc.encode(img, 0, steps, out);
    const byRow = new Map<number, number[]>();
    for (let t = 0; t < steps; t++)
      for (let e = out.stepStart[t]!; e < out.stepStart[t + 1]!; e++)
        byRow.set(out.rows[e]!, [...(byRow.get(out.rows[e]!) ?? []), t]);
    return byRow;
  }
  // dt 1 ms, window 100 ms: W = 100; the dimmest non-zero pixel is 10, so t = ceil(1000 / x).
  const inverse = new RankOrderEncoder(
    { kind: "rank-order", windowMs: 100, latency: "inverse" },
    1,
  );
  const image = Uint8Array.from([0, 255, 128, 10, 50, 11, 0, 100]);

  // Window 100 (the presentation): t = ceil(1000 / x): 255 → 4 (step 3); 128 → 8 (7); 50 → 20
  // exactly (19); 11 → 91 (90); 100 → 10 (9); 10 → 100 = W, no spike. Window cut to a 40-step
  // presentation, as BindsNET's time is the presentation: t = ceil(400 / x): 255 → 2 (1);
  // 128 → 4 (3); 50 → 8 (7); 11 → 37 (36); 100 → 4 (3); 10 → 40 = W, no spike.
  it.each([
    { steps: 100, expected: { 1: [3], 2: [7], 4: [19], 5: [90], 7: [9] } },
    { steps: 40, expected: { 1: [1], 2: [3], 4: [7], 5: [36], 7: [3] } },
  ])(
    "spikes pixel x at step ceil(W · x_min / x) − 1, W = min(window, $steps steps); the dimmest pixel (t = W) does not spike",
    ({ steps, expected }) => {
      expect(Object.fromEntries(spikesOf(inverse, image, steps))).toEqual(expected);
    },
  );

  it("an image whose non-zero pixels are all equal, or all zero, gives no spike (every t = W)", () => {
    expect(spikesOf(inverse, Uint8Array.from([0, 7, 7, 0]), 100).size).toBe(0);
    expect(spikesOf(inverse, new Uint8Array(5), 100).size).toBe(0);
  });

  it("compresses the brightest pixels into the first steps, where the linear law spreads them", () => {
    // MNIST-like: half the ink at 255, dimmest pixel 1: inverse puts 255 at step 0 (ceil(100/255)
    // = 1), linear at step 0 as well; 128: inverse step 0 (ceil(0.78) = 1), linear step 49.
    const img = Uint8Array.from([1, 255, 128]);
    const linear = new RankOrderEncoder({ kind: "rank-order", windowMs: 100 }, 1);
    expect(spikesOf(inverse, img, 100).get(2)).toEqual([0]);
    expect(spikesOf(linear, img, 100).get(2)).toEqual([Math.floor((127 * 99) / 255)]);
  });

  it("absent latency is linear and stays absent after parsing (configurations keep their canonical form)", () => {
    expect("latency" in encoderConfigSchema.parse({ kind: "rank-order" })).toBe(false);
    expect(() => encoderConfigSchema.parse({ kind: "rank-order", latency: "log" })).toThrow();
  });
});

describe("createEncoder / encoderConfigSchema", () => {
  it("createEncoder({kind}) fills the defaults: maxRateHz 63.75, maxProbability 0.05, windowMs 100", () => {
    const rng = createRng(1);
    expect(encoderConfigSchema.parse({ kind: "poisson" })).toEqual({
      kind: "poisson",
      maxRateHz: 63.75,
    });
    expect(createEncoder({ kind: "bernoulli" }, DT_MS, rng).config).toEqual({
      kind: "bernoulli",
      maxProbability: 0.05,
    });
    expect(createEncoder({ kind: "rank-order" }, DT_MS, rng).config).toEqual({
      kind: "rank-order",
      windowMs: 100,
    });
  });

  it("createEncoder(unknown field, unknown kind, maxProbability 1.5) is a ValidationError", () => {
    const rng = createRng(1);
    const unknownField = { kind: "poisson", maxRate: 40 } as unknown as EncoderConfigInput;
    expect(thrownMessage(() => createEncoder(unknownField, DT_MS, rng), ValidationError)).toMatch(
      /^encoder › \(top level\): unknown field "maxRate"/,
    );
    const unknownKind = { kind: "gaussian" } as unknown as EncoderConfigInput;
    expect(() => createEncoder(unknownKind, DT_MS, rng)).toThrow(ValidationError);
    expect(() => createEncoder({ kind: "bernoulli", maxProbability: 1.5 }, DT_MS, rng)).toThrow(
      /encoder › maxProbability/,
    );
  });

  it("createEncoder(dtMs 0) is a ValidationError", () => {
    expect(
      thrownMessage(() => createEncoder({ kind: "poisson" }, 0, createRng(1)), ValidationError),
    ).toBe("encoder: dtMs must be a positive number of milliseconds, got 0");
  });
});
