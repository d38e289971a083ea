import { z } from "zod";
import { UsageError, ValidationError } from "../core/errors.js";
import { parseWithSchema } from "../core/validate.js";
import {
  effectiveTauMs,
  leakEventRate,
  leakPeriodSteps,
  registerMax,
  registerMin,
} from "./adder-comparator-fixed.js";
import {
  parseThresholdMvFlag,
  thresholdBoundsMv,
  thresholdSpecSchema,
  thresholdTrimSchema,
} from "./threshold-variation.js";

/**
 * Configuration of the adder/comparator neuron array (`--neuron hw`). Defaults are derived from
 * Diehl & Cook 2015 in docs/models/adder-comparator-neuron.md; every voltage is in mV above rest.
 */

/** A realised time constant may differ from the requested one by this much (period rounding). */
export const MAX_TAU_ERROR = 0.05;

/**
 * Shift leak of the hw neuron (`kind: "shift"`): one leak event v ← v − round(v·2^−shift) every P
 * steps, P derived from `tauMs` (ms) and dt so the decay approximates the time constant; a τ that
 * cannot be realised within {@link MAX_TAU_ERROR} is rejected when the schedule is derived.
 */
export const shiftLeakSchema = z.strictObject({
  kind: z.literal("shift"),
  /** Membrane time constant (ms): D&C τ_m = 100 ms. */
  tauMs: z.number().positive({ error: "expected a time constant > 0 ms" }).default(100),
  /** k of one leak event v ← v − round(v·2^−k); the period P is derived from tauMs and dt. */
  shift: z.int().min(1).max(16).default(4),
});
/** No leak (`kind: "none"`): the membrane keeps its value between inputs. */
export const noLeakSchema = z.strictObject({ kind: z.literal("none") });
/**
 * Membrane leak of the hw neuron, chosen by `kind`: `shift` ({@link shiftLeakSchema}) or `none`.
 */
export const leakSchema = z.discriminatedUnion("kind", [shiftLeakSchema, noLeakSchema]);

/**
 * Adaptive threshold (homeostasis) of the hw neuron: θ rises by `thetaPlusMv` (mV) per spike and
 * decays with `tauThetaMs` (ms) by shift events θ ← θ − round(θ·2^−decayShift), held in a
 * fixed-point accumulator with `fracBits` bits below the membrane LSB; `offline` says whether θ
 * keeps adapting or is frozen while learning is off.
 */
export const adaptiveThresholdSchema = z.strictObject({
  /** Homeostasis on/off (`--adaptive-threshold on|off`). */
  enabled: z.boolean().default(true),
  /** θ increase per spike (mV): D&C's 0.05 mV rescaled to this neuron (see the doc). */
  thetaPlusMv: z.number().nonnegative({ error: "expected θ_plus ≥ 0 mV" }).default(0.22),
  /** θ decay time constant (ms): D&C τ_θ = 10⁷ ms. */
  tauThetaMs: z.number().positive({ error: "expected a time constant > 0 ms" }).default(1e7),
  /** k of one θ decay event θ ← θ − round(θ·2^−k). */
  decayShift: z.int().min(1).max(16).default(8),
  /** Fraction bits of the θ accumulator below the membrane LSB (the comparator sees ⌊θ⌋). */
  fracBits: z.int().min(0).max(20).default(8),
  /**
   * What θ does while learning is off (label assignment, test, checkpoints): "adapting" (the θ
   * circuit keeps running: θ_plus per spike and its decay, as during training) or "frozen"
   * (Diehl & Cook's test mode). Frozen θ locks in the transient monopoly of a neuron recruited
   * just before the evaluation: whole checkpoints at chance (docs/models/adder-comparator-neuron.md,
   * "Collapse episodes"); adapting is the measured mitigation and the default.
   */
  offline: z.enum(["adapting", "frozen"]).default("adapting"),
});

/**
 * Parameters of the adder/comparator neuron array (`--neuron hw`, `model: "hw"`): membrane register
 * width and full scale (LSB = fullScaleMv / 2^(bits−1)), input gain, leak, per-neuron thresholds
 * and their trim, comparator noise, adaptive threshold, inhibition floor, reset and refractory
 * period. Voltages in mV above rest, times in ms. Parsing also rejects, naming the field,
 * thresholds above the register's top, a lowest threshold under half an LSB, and (with
 * adaptation on) a θ_plus under half the θ register's LSB.
 */
export const hwNeuronConfigSchema = z
  .strictObject({
    model: z.literal("hw"),
    /** Membrane register width (signed two's complement), `--bits N`. */
    bits: z
      .int({ error: "expected a whole number of bits" })
      .min(2, { error: "expected at least 2 bits (sign + 1)" })
      .max(32, { error: "expected at most 32 bits" })
      .default(16),
    /** Membrane value at the top of the register (mV): LSB = fullScaleMv / 2^(bits−1). */
    fullScaleMv: z.number().positive({ error: "expected a full scale > 0 mV" }).default(512),
    /**
     * Membrane increment per unit of summed weight arriving in one step (mV): the column current
     * of the step, sampled and quantised to the LSB by the neuron's input stage.
     */
    inputGainMv: z
      .number()
      .positive({ error: "expected a gain > 0 mV per unit weight" })
      .default(2.2),
    leak: leakSchema.prefault({ kind: "shift" }),
    /** Per-neuron thresholds (mV above rest), drawn once: `--threshold-mv 40:60` or `50~3`. */
    thresholdMv: thresholdSpecSchema.prefault({ kind: "fixed" }),
    /** One-time per-neuron trim of the drawn thresholds toward nominal (calibration mitigation). */
    thresholdTrim: thresholdTrimSchema.prefault({}),
    /** σ of the comparator's offset noise (mV), a fresh draw per comparison; 0 = ideal. */
    comparatorNoiseMv: z.number().nonnegative({ error: "expected σ ≥ 0 mV" }).default(0),
    adaptiveThreshold: adaptiveThresholdSchema.prefault({}),
    /**
     * Lowest membrane soft inhibition can push to (mV); null = the register's bottom (a plain
     * saturating subtract). D&C's inhibitory reversal rescaled to our gap would be
     * (E_inh − E_rest)·50/13 = −135 mV; it measured no better (docs/models/adder-comparator-neuron.md).
     */
    inhibitionFloorMv: z
      .number()
      .nonpositive({ error: "expected a floor at or below rest (≤ 0 mV)" })
      .nullable()
      .default(null),
    /** After a spike: membrane ← 0 ("zero", D&C v_reset = E_rest) or ← v − threshold ("subtract"). */
    reset: z.enum(["zero", "subtract"]).default("zero"),
    /**
     * No integration and no firing for this long after a spike (ms). D&C use 5 ms, but under hard
     * WTA a refractory winner loses its head start over the held losers: 0 measured best (doc).
     */
    refractoryMs: z
      .number()
      .nonnegative({ error: "expected a refractory period ≥ 0 ms" })
      .default(0),
  })
  .superRefine((c, ctx) => {
    const lsbMv = c.fullScaleMv / 2 ** (c.bits - 1);
    const maxMv = registerMax(c.bits) * lsbMv;
    const { minMv, maxMv: thrMaxMv } = thresholdBoundsMv(c.thresholdMv);
    const where = `bits=${c.bits}, fullScaleMv=${c.fullScaleMv}: LSB ${lsbMv} mV`;
    if (thrMaxMv > maxMv) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholdMv"],
        message: `expected thresholds up to the register's top, ${maxMv} mV (${where}); the spec reaches ${thrMaxMv} mV`,
      });
    }
    if (Math.round(minMv / lsbMv) < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["bits"],
        message: `expected an LSB fine enough to represent the lowest threshold ${minMv} mV (${where}); use more bits`,
      });
    }
    const at = c.adaptiveThreshold;
    const thetaLsbMv = lsbMv / 2 ** at.fracBits;
    if (at.enabled && at.thetaPlusMv > 0 && Math.round(at.thetaPlusMv / thetaLsbMv) < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["adaptiveThreshold", "thetaPlusMv"],
        message: `expected θ_plus of at least half the θ register's LSB ${thetaLsbMv} mV (${where}, fracBits ${at.fracBits}); raise fracBits or bits`,
      });
    }
  });

/** Validated hw neuron parameters: the output of {@link hwNeuronConfigSchema}, defaults filled. */
export type HwNeuronConfig = z.output<typeof hwNeuronConfigSchema>;
/**
 * hw neuron parameters as accepted before parsing (input of {@link hwNeuronConfigSchema}): fields
 * with defaults may be omitted.
 */
export type HwNeuronConfigInput = z.input<typeof hwNeuronConfigSchema>;

/** Integer parameters the array runs on, derived once from the config and dt. */
export interface FixedPointParams {
  readonly lsbMv: number;
  readonly vMaxLsb: number;
  readonly vMinLsb: number;
  /** Soft inhibition stops here (LSB, ≤ 0). */
  readonly inhibitionFloorLsb: number;
  /** LSB per unit of summed weight in one step: inputGainMv / lsbMv (applied before rounding). */
  readonly gainLsbPerWeight: number;
  /** 0 = no leak. */
  readonly leakPeriodSteps: number;
  readonly leakShift: number;
  readonly leakTauEffectiveMs: number | null;
  readonly refractorySteps: number;
  readonly comparatorNoiseLsb: number;
  /** θ register unit (mV) = lsbMv / 2^fracBits. */
  readonly thetaUnitMv: number;
  readonly thetaFracScale: number;
  readonly thetaPlusUnits: number;
  /** 0 = adaptation off (θ never moves). */
  readonly thetaDecayPeriodSteps: number;
  readonly thetaDecayShift: number;
  readonly tauThetaEffectiveMs: number | null;
}

function leakSchedule(tauMs: number, shift: number, dtMs: number, field: string): number {
  const period = leakPeriodSteps(tauMs, shift, dtMs);
  const exact = (tauMs * leakEventRate(shift)) / dtMs;
  if (period < 1 || Math.abs(effectiveTauMs(period, shift, dtMs) / tauMs - 1) > MAX_TAU_ERROR) {
    const realised =
      period < 1 ? "none" : `${effectiveTauMs(period, shift, dtMs).toPrecision(4)} ms`;
    throw new ValidationError(
      `${field}: ${tauMs} ms cannot be realised with shift=${shift} at dt=${dtMs} ms ` +
        `(one event every ${exact.toPrecision(3)} steps rounds to ${period}; realised τ ${realised}, ` +
        `more than ${MAX_TAU_ERROR * 100} % off); use a smaller shift`,
    );
  }
  return period;
}

/**
 * Derives the integer schedule for step dt. Throws a ValidationError naming the field when a time
 * constant cannot be realised within 5 % on the dt grid (e.g. τ too short for the shift).
 */
export function fixedPointParams(config: HwNeuronConfig, dtMs: number): FixedPointParams {
  if (!(dtMs > 0) || !Number.isFinite(dtMs)) {
    throw new ValidationError(`timing.dtMs: expected a step > 0 ms, got ${dtMs}`);
  }
  const lsbMv = config.fullScaleMv / 2 ** (config.bits - 1);
  const leak = config.leak;
  const leakPeriod =
    leak.kind === "shift" ? leakSchedule(leak.tauMs, leak.shift, dtMs, "leak.tauMs") : 0;
  const at = config.adaptiveThreshold;
  const thetaUnitMv = lsbMv / 2 ** at.fracBits;
  const thetaPeriod = at.enabled
    ? leakSchedule(at.tauThetaMs, at.decayShift, dtMs, "adaptiveThreshold.tauThetaMs")
    : 0;
  return {
    lsbMv,
    vMaxLsb: registerMax(config.bits),
    vMinLsb: registerMin(config.bits),
    inhibitionFloorLsb:
      config.inhibitionFloorMv === null
        ? registerMin(config.bits)
        : Math.max(registerMin(config.bits), Math.round(config.inhibitionFloorMv / lsbMv)),
    gainLsbPerWeight: config.inputGainMv / lsbMv,
    leakPeriodSteps: leakPeriod,
    leakShift: leak.kind === "shift" ? leak.shift : 0,
    leakTauEffectiveMs: leak.kind === "shift" ? effectiveTauMs(leakPeriod, leak.shift, dtMs) : null,
    // Counters count whole steps: D&C's 5 ms at 0.5 ms is exactly 10.
    refractorySteps: Math.round(config.refractoryMs / dtMs),
    comparatorNoiseLsb: config.comparatorNoiseMv / lsbMv,
    thetaUnitMv,
    thetaFracScale: 2 ** at.fracBits,
    thetaPlusUnits: at.enabled ? Math.round(at.thetaPlusMv / thetaUnitMv) : 0,
    thetaDecayPeriodSteps: thetaPeriod,
    thetaDecayShift: at.decayShift,
    tauThetaEffectiveMs: at.enabled ? effectiveTauMs(thetaPeriod, at.decayShift, dtMs) : null,
  };
}

/** Parses a hw neuron config (file or flags), naming `source` in errors. */
export function parseHwNeuronConfig(value: unknown, source = "neuron"): HwNeuronConfig {
  return parseWithSchema(hwNeuronConfigSchema, value, source);
}

/** The CLI flags that shape the hw neuron (strings as typed; undefined = keep the default). */
export interface HwNeuronFlags {
  readonly thresholdMv?: string;
  readonly adaptiveThreshold?: string;
  readonly bits?: number | string;
}

/** `on|off` → boolean, with a usage error naming the flag. */
export function parseOnOff(flag: string, text: string): boolean {
  if (text === "on") return true;
  if (text === "off") return false;
  throw new UsageError(`${flag}: expected on or off, got ${JSON.stringify(text)}`);
}

/**
 * Applies `--threshold-mv`, `--adaptive-threshold`, `--bits` on top of a base config (file values
 * or {}), then validates the whole. The result is what result.json should record.
 */
export function hwNeuronConfigFromFlags(
  flags: HwNeuronFlags,
  base: Partial<HwNeuronConfigInput> = {},
): HwNeuronConfig {
  const merged: Record<string, unknown> = { ...base, model: "hw" };
  if (flags.thresholdMv !== undefined) merged.thresholdMv = parseThresholdMvFlag(flags.thresholdMv);
  if (flags.adaptiveThreshold !== undefined) {
    const enabled = parseOnOff("--adaptive-threshold", flags.adaptiveThreshold);
    const prior = (base.adaptiveThreshold ?? {}) as Record<string, unknown>;
    merged.adaptiveThreshold = { ...prior, enabled };
  }
  if (flags.bits !== undefined) {
    const text = String(flags.bits).trim();
    if (!/^\d+$/.test(text)) {
      throw new UsageError(
        `--bits: expected a whole number of bits (2…32), got ${JSON.stringify(String(flags.bits))}`,
      );
    }
    merged.bits = Number(text);
  }
  return parseHwNeuronConfig(merged, "flags");
}
