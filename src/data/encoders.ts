/**
 * Spike encoders: one presentation of an image → input spike events (SpikeEvents, bucketed by
 * step). Each encoder draws only from the Rng it was built with, so changing another consumer's
 * draws never changes the input spikes. Apart from that Rng an encoder is stateless: checkpointing
 * its Rng position (rng.state()) is enough to resume bit-identically.
 */
import { z } from "zod";
import type { SpikeEncoder } from "../core/contracts.js";
import { ValidationError, describeValue } from "../core/errors.js";
import { poissonLaw, type PoissonLaw, type Rng } from "../core/rng.js";
import type { SpikeEvents } from "../core/spikes.js";
import { parseWithSchema } from "../core/validate.js";

const PIXEL_MAX = 255;
const PIXEL_VALUES = PIXEL_MAX + 1;

/**
 * Zod schema of the Poisson rate encoder: a pixel of 255 fires at `maxRateHz` (Hz) at the first
 * presentation.
 */
export const poissonEncoderSchema = z.strictObject({
  kind: z.literal("poisson"),
  maxRateHz: z
    .number()
    .positive()
    .default(63.75)
    .describe(
      "Hz: rate of a pixel of 255 at the first presentation (Diehl & Cook: 255/4 = 63.75 Hz)",
    ),
});

/**
 * Zod schema of BindsNET's PoissonEncoder (bindsnet/encoding/encodings.py, `poisson`): the gaps
 * between a pixel's spikes are Poisson-distributed whole numbers of steps with mean
 * 1000/(dt·rate), so its trains are nearly regular, unlike the Poisson process of `poisson`.
 */
export const poissonIntervalsEncoderSchema = z.strictObject({
  kind: z.literal("poisson-intervals"),
  maxRateHz: z
    .number()
    .positive()
    .default(128)
    .describe(
      "Hz: mean rate of a pixel of 255 at the first presentation (BindsNET examples' intensity 128)",
    ),
});

/**
 * Zod schema of the Bernoulli encoder: a pixel of 255 spikes with probability `maxProbability` per
 * time step at the first presentation.
 */
export const bernoulliEncoderSchema = z.strictObject({
  kind: z.literal("bernoulli"),
  maxProbability: z
    .number()
    .gt(0)
    .lte(1)
    .default(0.05)
    .describe(
      "spike probability per step of a pixel of 255 at the first presentation (0.05 per 0.5 ms step = 100 Hz)",
    ),
});

/**
 * Zod schema of the rank-order (latency) encoder: brighter pixels spike earlier, latencies span
 * `windowMs` (ms).
 */
export const rankOrderEncoderSchema = z.strictObject({
  kind: z.literal("rank-order"),
  windowMs: z
    .number()
    .positive()
    .default(100)
    .describe("ms: latencies span this window from the presentation start (cut to its length)"),
  // No default: configurations without it keep their canonical form (and run ids).
  latency: z
    .enum(["linear", "inverse"])
    .optional()
    .describe(
      "latency law: linear (absent: step floor((255 − x)/255 · (W − 1))) or inverse (BindsNET's rank_order: step ceil(W · x_min/x) − 1, x_min the image's dimmest non-zero pixel, which does not spike)",
    ),
});

/** Encoder configuration, resolved by `kind` at parse time. */
export const encoderConfigSchema = z.discriminatedUnion("kind", [
  poissonEncoderSchema,
  poissonIntervalsEncoderSchema,
  bernoulliEncoderSchema,
  rankOrderEncoderSchema,
]);

/** Encoder configuration after validation and defaults (one of the four kinds). */
export type EncoderConfig = z.output<typeof encoderConfigSchema>;
/** Encoder configuration as written by a user, before defaults. */
export type EncoderConfigInput = z.input<typeof encoderConfigSchema>;
/** Poisson encoder configuration after defaults. */
export type PoissonEncoderConfig = z.output<typeof poissonEncoderSchema>;
/** BindsNET PoissonEncoder configuration after defaults. */
export type PoissonIntervalsEncoderConfig = z.output<typeof poissonIntervalsEncoderSchema>;
/** Bernoulli encoder configuration after defaults. */
export type BernoulliEncoderConfig = z.output<typeof bernoulliEncoderSchema>;
/** Rank-order encoder configuration after defaults. */
export type RankOrderEncoderConfig = z.output<typeof rankOrderEncoderSchema>;

/** Default encoder: Poisson at 63.75 Hz for a pixel of 255 (Diehl & Cook 2015: 255/4). */
export const defaultEncoderConfig: EncoderConfig = { kind: "poisson", maxRateHz: 63.75 };

/** Diehl & Cook re-presentation factor: intensity 2 + attempt, relative to the first presentation. */
function attemptGain(attempt: number): number {
  return (2 + attempt) / 2;
}

function checkSteps(steps: number): void {
  if (!Number.isInteger(steps) || steps < 0) {
    throw new ValidationError(
      `encode: steps must be a whole number ≥ 0, got ${describeValue(steps)}`,
    );
  }
}

/**
 * The events of one presentation in draw order (step and row, buffers grown on demand) with a count
 * per step, handed to SpikeEvents.setEvents, which buckets them in one placement pass: the same
 * events in the same order as add() per event and finish().
 */
class EventBuffer {
  private stepOf: Int32Array = new Int32Array(4096);
  private rowOf: Int32Array = new Int32Array(4096);
  /** perStep[t + 1] = events drawn at step t (then SpikeEvents.setEvents' placement cursor). */
  private perStep = new Int32Array(1);
  private count = 0;
  private steps = 0;

  begin(steps: number): void {
    if (this.perStep.length < steps + 1) this.perStep = new Int32Array(steps + 1);
    this.perStep.fill(0, 0, steps + 1);
    this.count = 0;
    this.steps = steps;
  }

  add(t: number, row: number): void {
    if (this.count === this.stepOf.length) this.grow();
    this.stepOf[this.count] = t;
    this.rowOf[this.count++] = row;
    this.perStep[t + 1]!++;
  }

  finish(out: SpikeEvents): void {
    out.setEvents(this.steps, this.count, this.stepOf, this.rowOf, this.perStep);
  }

  /** Doubles the event buffers, keeping their contents. */
  private grow(): void {
    const n = this.stepOf.length * 2;
    const stepOf = new Int32Array(n);
    stepOf.set(this.stepOf);
    const rowOf = new Int32Array(n);
    rowOf.set(this.rowOf);
    this.stepOf = stepOf;
    this.rowOf = rowOf;
  }
}

function checkAttempt(attempt: number): void {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new ValidationError(
      `encode: attempt must be a whole number ≥ 0 (0 = first presentation), got ${describeValue(attempt)}`,
    );
  }
}

/**
 * Independent per-step Bernoulli trains with probability p(pixel, attempt) per step (at most one
 * spike per step). Generated by drawing the gaps between spikes, Geometric(p) on {1, 2, …}:
 * k = 1 + floor(ln U / ln(1 − p)), U ∈ (0, 1] — the same distribution as one draw per pixel per
 * step, but one log per spike instead of 784 draws per step.
 */
abstract class GeometricGapEncoder implements SpikeEncoder {
  abstract readonly kind: string;
  private readonly rng: Rng;
  /** p per pixel value, for `tableAttempt`. */
  private readonly probability = new Float64Array(PIXEL_VALUES);
  /** ln(1 − p) per pixel value, for `tableAttempt`. */
  private readonly logMissProbability = new Float64Array(PIXEL_VALUES);
  private tableAttempt = Number.NaN; // no table yet: NaN equals no attempt
  private readonly events = new EventBuffer();

  protected constructor(rng: Rng) {
    this.rng = rng;
  }

  /** Spike probability per step of a pixel of value `pixel` (0..255) at re-presentation `attempt`. */
  abstract spikeProbability(pixel: number, attempt: number): number;

  /** Draws row by row, each row's gaps in turn (the order that fixes the stream's use). */
  encode(image: Uint8Array, attempt: number, steps: number, out: SpikeEvents): void {
    checkSteps(steps);
    if (attempt !== this.tableAttempt) this.fillTables(attempt);
    const { rng, probability, logMissProbability, events } = this;
    events.begin(steps);
    for (let row = 0; row < image.length; row++) {
      const pixel = image[row]!;
      const p = probability[pixel]!;
      if (p <= 0) continue;
      if (p >= 1) {
        for (let t = 0; t < steps; t++) events.add(t, row);
        continue;
      }
      const logMiss = logMissProbability[pixel]!;
      // First spike at step k − 1 (steps count from 0); each next one a fresh gap k later.
      let t = Math.floor(Math.log(rng.nextOpen()) / logMiss);
      while (t < steps) {
        events.add(t, row);
        t += 1 + Math.floor(Math.log(rng.nextOpen()) / logMiss);
      }
    }
    events.finish(out);
  }

  /** 256 entries per attempt: the per-pixel work in encode() is one table lookup. */
  private fillTables(attempt: number): void {
    checkAttempt(attempt);
    for (let pixel = 0; pixel < PIXEL_VALUES; pixel++) {
      const p = this.spikeProbability(pixel, attempt);
      this.probability[pixel] = p;
      this.logMissProbability[pixel] = p > 0 && p < 1 ? Math.log1p(-p) : 0;
    }
    this.tableAttempt = attempt;
  }
}

/**
 * Poisson rate code (Diehl & Cook 2015 Front. Comput. Neurosci. 9:99): rate = pixel/8 × (2 + attempt)
 * Hz = maxRateHz × pixel/255 × (2 + attempt)/2; p = rate·dt per step as in Brian's PoissonGroup.
 */
export class PoissonEncoder extends GeometricGapEncoder {
  readonly kind = "poisson";
  readonly config: PoissonEncoderConfig;
  readonly dtMs: number;

  constructor(config: PoissonEncoderConfig, dtMs: number, rng: Rng) {
    super(rng);
    this.config = config;
    this.dtMs = dtMs;
  }

  /** Rate (Hz) of a pixel of value `pixel` at re-presentation `attempt`. */
  rateHz(pixel: number, attempt: number): number {
    return ((this.config.maxRateHz * pixel) / PIXEL_MAX) * attemptGain(attempt);
  }

  // p ≥ 1 (rate ≥ 1/dt) means a spike every step, as Brian does.
  spikeProbability(pixel: number, attempt: number): number {
    return (this.rateHz(pixel, attempt) * this.dtMs) / 1000;
  }
}

/**
 * BindsNET's PoissonEncoder (bindsnet/encoding/encodings.py, `poisson`): for a pixel with rate r =
 * maxRateHz × pixel/255 × (2 + attempt)/2 Hz, the gaps between spikes are drawn as
 *   k ~ Poisson(λ), λ = 1000 / (dt·r) steps, and k = 0 taken as 1,
 * and the spikes fall at the cumulative sums c = k₁, k₁ + k₂, … at step c − 1 while c ≤ steps.
 * The gaps' s.d. is √λ against λ for a Poisson process: at 128 Hz and dt 1 ms (λ ≈ 7.8) the trains
 * are nearly regular with a random phase. Draws row by row, each row's gaps in turn
 * (Rng.poissonFrom, one precomputed law per pixel value and attempt).
 */
export class PoissonIntervalsEncoder implements SpikeEncoder {
  readonly kind = "poisson-intervals";
  readonly config: PoissonIntervalsEncoderConfig;
  readonly dtMs: number;
  private readonly rng: Rng;
  /**
   * Per re-presentation `attempt`, the law of the gap (steps, mean λ) per pixel value (null for a
   * pixel of 0): built on an attempt's first use and kept, so alternating attempts rebuild nothing.
   */
  private readonly gapLawsByAttempt: (readonly (PoissonLaw | null)[])[] = [];
  private readonly events = new EventBuffer();

  constructor(config: PoissonIntervalsEncoderConfig, dtMs: number, rng: Rng) {
    this.config = config;
    this.dtMs = dtMs;
    this.rng = rng;
  }

  /** Mean rate (Hz) of a pixel of value `pixel` at re-presentation `attempt`. */
  rateHz(pixel: number, attempt: number): number {
    return ((this.config.maxRateHz * pixel) / PIXEL_MAX) * attemptGain(attempt);
  }

  encode(image: Uint8Array, attempt: number, steps: number, out: SpikeEvents): void {
    checkSteps(steps);
    const gapLaws = this.gapLawsByAttempt[attempt] ?? this.buildGapLaws(attempt);
    const { rng, events } = this;
    events.begin(steps);
    for (let row = 0; row < image.length; row++) {
      const law = gapLaws[image[row]!]!;
      if (law === null) continue;
      let c = 0;
      for (;;) {
        c += Math.max(1, rng.poissonFrom(law));
        if (c > steps) break;
        events.add(c - 1, row);
      }
    }
    events.finish(out);
  }

  /** The gap laws of re-presentation `attempt` (validated here), kept for its later uses. */
  private buildGapLaws(attempt: number): readonly (PoissonLaw | null)[] {
    checkAttempt(attempt);
    const laws = Array.from({ length: PIXEL_VALUES }, (_, pixel) => {
      const rate = this.rateHz(pixel, attempt);
      return rate > 0 ? poissonLaw(1000 / (this.dtMs * rate)) : null;
    });
    this.gapLawsByAttempt[attempt] = laws;
    return laws;
  }
}

/**
 * Bernoulli code (BindsNET BernoulliEncoder, bindsnet.encoding.bernoulli):
 * p = min(1, maxProbability × pixel/255 × (2 + attempt)/2) per step, independent of dt.
 */
export class BernoulliEncoder extends GeometricGapEncoder {
  readonly kind = "bernoulli";
  readonly config: BernoulliEncoderConfig;

  constructor(config: BernoulliEncoderConfig, rng: Rng) {
    super(rng);
    this.config = config;
  }

  spikeProbability(pixel: number, attempt: number): number {
    return Math.min(1, ((this.config.maxProbability * pixel) / PIXEL_MAX) * attemptGain(attempt));
  }
}

/**
 * Rank-order latency code (Thorpe & Gautrais 1998 rank-order coding), one spike per non-zero pixel,
 * brightest first, in a window of W = min(presentation, windowSteps) steps:
 *   linear (default):  step = floor((255 − x)/255 · (W − 1));
 *   inverse (BindsNET bindsnet.encoding.rank_order): t = ceil(W · x_min / x), spike at step t − 1
 *     when 0 < t < W, x_min the image's smallest non-zero pixel (so pixels equal to it never spike;
 *     BindsNET normalises by the image maximum first, which cancels). BindsNET computes this in
 *     float32; here it is exact, so at an exact integer W · x_min / x the two agree, and elsewhere
 *     float32 rounding could move BindsNET's ceil by one step only within 2⁻²⁴ of an integer.
 */
export class RankOrderEncoder implements SpikeEncoder {
  readonly kind = "rank-order";
  readonly config: RankOrderEncoderConfig;
  /** round(windowMs / dt), at least 1; cut to the presentation length in encode(). */
  readonly windowSteps: number;

  constructor(config: RankOrderEncoderConfig, dtMs: number) {
    this.config = config;
    this.windowSteps = Math.max(1, Math.round(config.windowMs / dtMs));
  }

  /** A latency code has no rate to raise: re-presentations (`attempt`) repeat the same spikes. */
  encode(image: Uint8Array, _attempt: number, steps: number, out: SpikeEvents): void {
    checkSteps(steps);
    out.begin(steps);
    const window = Math.min(steps, this.windowSteps);
    if (this.config.latency === "inverse") addInverseLatencies(image, window, out);
    else if (window >= 1) {
      const lastStep = window - 1;
      for (let row = 0; row < image.length; row++) {
        const pixel = image[row]!;
        // Integer product first: exact, so floor never drops a whole step to rounding.
        if (pixel > 0) out.add(Math.floor(((PIXEL_MAX - pixel) * lastStep) / PIXEL_MAX), row);
      }
    }
    out.finish();
  }
}

/**
 * BindsNET's rank_order latencies: t = ceil(window · x_min / x) for each non-zero pixel x, a spike
 * at step t − 1 when t < window. Integer numerator and denominator below 2⁵³: the quotient is a
 * correctly rounded double, never rounded across an integer (a non-integer quotient is at least
 * 1/255 from one), so ceil is exact.
 */
function addInverseLatencies(image: Uint8Array, window: number, out: SpikeEvents): void {
  let dimmest = PIXEL_MAX + 1;
  for (let row = 0; row < image.length; row++) {
    const pixel = image[row]!;
    if (pixel > 0 && pixel < dimmest) dimmest = pixel;
  }
  if (dimmest > PIXEL_MAX) return;
  const numerator = window * dimmest;
  for (let row = 0; row < image.length; row++) {
    const pixel = image[row]!;
    if (pixel === 0) continue;
    const t = Math.ceil(numerator / pixel);
    if (t < window) out.add(t - 1, row);
  }
}

/** Any of the four input encoders. */
export type AnyEncoder =
  PoissonEncoder | PoissonIntervalsEncoder | BernoulliEncoder | RankOrderEncoder;

/**
 * Builds the encoder described by `config` (validated against encoderConfigSchema, defaults
 * filled) for a simulation step of `dtMs` milliseconds; `rng` is the encoder's own stream
 * (e.g. createRng(seed).fork("encoder")).
 */
export function createEncoder(config: EncoderConfigInput, dtMs: number, rng: Rng): AnyEncoder {
  if (typeof dtMs !== "number" || !Number.isFinite(dtMs) || dtMs <= 0) {
    throw new ValidationError(
      `encoder: dtMs must be a positive number of milliseconds, got ${describeValue(dtMs)}`,
    );
  }
  const parsed = parseWithSchema(encoderConfigSchema, config, "encoder");
  switch (parsed.kind) {
    case "poisson":
      return new PoissonEncoder(parsed, dtMs, rng);
    case "poisson-intervals":
      return new PoissonIntervalsEncoder(parsed, dtMs, rng);
    case "bernoulli":
      return new BernoulliEncoder(parsed, rng);
    case "rank-order":
      return new RankOrderEncoder(parsed, dtMs);
  }
}
