/**
 * The contract between a device model and the arrays that program it.
 *
 * A kernel holds the per-device parameters of n fabricated devices (inverses and exponentials
 * precomputed at fabrication) and answers two questions about device d: where does one pulse take
 * it, and how many pulses lie between two conductances. Kernels are pure: they never draw random
 * numbers, never mutate their parameters after fabrication and never clip — noise, bounds and
 * stuck devices are applied by DeviceArray.
 *
 * Layout: one Float64Array `params` with a record of PARAM_STRIDE = 8 doubles (64 bytes, one cache
 * line) per device: [Gmin, Gmax, six model-specific values]. A write touches one device's whole
 * parameter set, and the learning rule walks columns (stride = cols), so one record per device
 * costs one cache miss where eight separate arrays cost eight (measured 1.7–3.7× faster for a
 * column walk). The conductance state itself stays one array per variable (DeviceArray.g).
 */
export const PARAM_STRIDE = 8;
/** Slot of Gmin and Gmax in every record. */
export const P_GMIN = 0;
/** Slot of Gmax (S) in every per-device parameter record. */
export const P_GMAX = 1;

/**
 * Per-device kernel of a device model: fabricated parameters of `size` devices and the pure
 * pulse-response functions (one pulse, pulses between two conductances) that DeviceArray programs
 * with.
 */
export interface DeviceKernel {
  /** Number of devices. */
  readonly size: number;
  /**
   * True when ltp/ltd with strength s equal s successive unit pulses exactly (curve models that
   * move a pulse position); false for step models, where strength scales one Euler step.
   */
  readonly exactStrength: boolean;
  /** Per-device records (PARAM_STRIDE doubles each): slot 0 Gmin (S), slot 1 Gmax (S), then model values. */
  readonly params: Float64Array;
  /** Per-device lower conductance bound (S): a copy of slot 0 for readers outside the hot path. */
  readonly gMinS: Float64Array;
  /** Per-device upper conductance bound (S): a copy of slot 1. */
  readonly gMaxS: Float64Array;
  /**
   * Conductance (S) after one potentiating pulse from gS. `strength` scales the pulse
   * (1 = nominal; cycle-to-cycle step noise makes it 1 + σξ; a fractional pulse in continuous mode).
   */
  ltp(d: number, gS: number, strength: number): number;
  /** Conductance (S) after one depressing pulse from gS. */
  ltd(d: number, gS: number, strength: number): number;
  /** Real number (≥ 0) of LTP pulses that take device d from gS up to targetS (≥ gS). */
  ltpPulsesTo(d: number, gS: number, targetS: number): number;
  /** Real number (≥ 0) of LTD pulses that take device d from gS down to targetS (≤ gS). */
  ltdPulsesTo(d: number, gS: number, targetS: number): number;
  /** Names of the six model-specific slots (2…7), for checkpoints and tests. */
  readonly slotNames: readonly string[];
  /** Re-copies gMinS/gMaxS from `params` (after a checkpoint restored `params`). */
  syncBounds(): void;
  /** Values of record slot `index` for every device (a copy; tests and docs). */
  slot(index: number): Float64Array;
}

/** Values of a named model slot (see DeviceKernel.slotNames) for every device. */
export function slotValues(k: DeviceKernel, name: string): Float64Array {
  const i = k.slotNames.indexOf(name);
  if (i < 0) throw new Error(`kernel has no slot "${name}" (slots: ${k.slotNames.join(", ")})`);
  return k.slot(i + 2);
}

/**
 * Device-to-device variation drawn once per device at fabrication, as multiplicative factors
 * (1 + σξ, redrawn while ≤ 0.05 so no parameter changes sign). `null` = no spread (factor 1).
 */
export interface DeviceFactors {
  readonly gMin: Float64Array | null;
  readonly gMax: Float64Array | null;
  readonly step: Float64Array | null;
  readonly nl: Float64Array | null;
}

/** No device-to-device spread: every factor 1. */
export const NO_SPREAD: DeviceFactors = { gMin: null, gMax: null, step: null, nl: null };

/** Nominal bounds a kernel is fabricated around (Gmin may be forced to 0: on/off ratio off). */
export interface NominalBounds {
  readonly gMinS: number;
  readonly gMaxS: number;
}

/**
 * Base of every kernel: allocates the records, fills the bounds from the nominal bounds and the
 * device-to-device factors, and keeps the bound copies in sync.
 */
export abstract class KernelBase {
  readonly size: number;
  readonly params: Float64Array;
  readonly gMinS: Float64Array;
  readonly gMaxS: Float64Array;

  constructor(n: number, bounds: NominalBounds, f: DeviceFactors) {
    this.size = n;
    this.params = new Float64Array(n * PARAM_STRIDE);
    this.gMinS = new Float64Array(n);
    this.gMaxS = new Float64Array(n);
    for (let d = 0; d < n; d++) {
      this.params[d * PARAM_STRIDE + P_GMIN] = bounds.gMinS * (f.gMin ? f.gMin[d]! : 1);
      this.params[d * PARAM_STRIDE + P_GMAX] = bounds.gMaxS * (f.gMax ? f.gMax[d]! : 1);
    }
    this.syncBounds();
  }

  syncBounds(): void {
    for (let d = 0; d < this.size; d++) {
      this.gMinS[d] = this.params[d * PARAM_STRIDE + P_GMIN]!;
      this.gMaxS[d] = this.params[d * PARAM_STRIDE + P_GMAX]!;
    }
  }

  /** Values of one model slot for all devices (tests, docs). */
  slot(index: number): Float64Array {
    const out = new Float64Array(this.size);
    for (let d = 0; d < this.size; d++) out[d] = this.params[d * PARAM_STRIDE + index]!;
    return out;
  }
}

/** Factor of device `d` from a spread array, or 1 when there is no spread (`a` is null). */
export function factorAt(a: Float64Array | null, d: number): number {
  return a ? a[d]! : 1;
}
