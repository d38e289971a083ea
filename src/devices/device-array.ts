/**
 * n fabricated devices: their conductances, their kernel (per-device parameters), stuck faults,
 * cycle-to-cycle write noise and drift. The only code that changes a device's conductance.
 *
 * Programming semantics (device-models.md §1–2):
 * - one pulse: G ← kernel step (strength 1 + σ_step·ξ when multiplicative C2C is on),
 *   then G += σ_range·(Gmax_d − Gmin_d)·ξ (additive C2C, NeuroSim: σ√pulses over a write),
 *   then clip to the device's [Gmin_d, Gmax_d]. Stuck devices ignore pulses.
 * - continuous programming (finite levels off): G is written to the target directly; C2C noise
 *   is that of the equivalent real-valued number of pulses n: σ_range·range·√n additive and
 *   σ_step·|ΔG|/√n multiplicative.
 * Allocation-free; one RNG draw per random event.
 */
import { NumericalError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { array, rngStream, type StateEntry } from "../core/state-spec.js";
import { drawDeviceFactors, drawDriftFactors, drawFaults, STUCK_NONE } from "./fabrication.js";
import { PARAM_STRIDE, type DeviceKernel } from "./kernel.js";
import type { ResolvedDevice } from "./resolve.js";

/** The named random streams a device array draws from (forked by name, so each is independent). */
export interface DeviceStreams {
  /** Device-to-device spread and drift exponents (sub-forked per parameter). */
  readonly fabrication: Rng;
  /** Stuck-device selection and values. */
  readonly faults: Rng;
  /** Cycle-to-cycle write noise. */
  readonly c2c: Rng;
}

/**
 * n fabricated devices of one model (see the module header): conductances, per-device kernel
 * records, stuck faults, cycle-to-cycle noise and drift. Only its apply / write / program methods
 * change a conductance.
 */
export class DeviceArray {
  readonly size: number;
  readonly kernel: DeviceKernel;
  /** Conductance of each device (S). */
  readonly g: Float64Array;
  /** 0 healthy, 1 stuck at Gmin, 2 at Gmax, 3 at a random value (fabrication.ts). */
  readonly stuck: Uint8Array;
  /** True when finite levels are off: programming writes targets directly. */
  readonly continuous: boolean;
  /** A write never uses more pulses than this (2× a nominal full sweep): asymptotic models need a cap. */
  readonly maxPulsesPerWrite: number;
  /** Additive C2C σ per pulse as a fraction of each device's range (0 = off). */
  private readonly c2cSigma: number;
  /** Multiplicative C2C σ of the step (0 = off). */
  private readonly stepSigma: number;
  /** Drift exponent factor per device (null = no drift). */
  private readonly driftFactor: Float64Array | null;
  private readonly driftNuAtGmax: number;
  private readonly driftNuAtGmin: number;
  private readonly driftTimeRatio: number;
  private c2cRng: Rng;

  constructor(device: ResolvedDevice, n: number, streams: DeviceStreams) {
    const { model, params, bounds, nonIdealities: ni } = device;
    this.size = n;
    const factors = drawDeviceFactors(n, ni.d2d, bounds, streams.fabrication);
    this.kernel = model.fabricate(params, n, bounds, factors);
    this.g = Float64Array.from(this.kernel.gMinS);
    this.stuck = new Uint8Array(n);
    drawFaults(ni.faults, this.kernel.gMinS, this.kernel.gMaxS, this.g, this.stuck, streams.faults);
    this.continuous = !ni.finiteLevels;
    const sweep = model.sweepPulses(params);
    this.maxPulsesPerWrite = Math.max(1, Math.ceil(2 * Math.max(sweep.ltp, sweep.ltd)));
    const c2cOn = ni.c2c.enabled;
    this.c2cSigma = c2cOn ? ni.c2c.sigmaOfRange : 0;
    this.stepSigma = c2cOn ? ni.c2c.sigmaOfStep : 0;
    this.driftFactor = drawDriftFactors(n, ni.drift, streams.fabrication);
    this.driftNuAtGmax = ni.drift.nu;
    this.driftNuAtGmin = ni.drift.nuAtGmin ?? ni.drift.nu;
    this.driftTimeRatio = ni.drift.tInferenceS / ni.drift.t0S;
    this.c2cRng = streams.c2c;
  }

  /** Whether conductance drift will act at setPhase. */
  get hasDrift(): boolean {
    return this.driftFactor !== null;
  }

  /** Whether any write noise is on. */
  get noisy(): boolean {
    return this.c2cSigma !== 0 || this.stepSigma !== 0;
  }

  /** Conductance clipped into the device's bounds (drift may have left it below Gmin). */
  private clipped(d: number): number {
    const g = this.g[d]!;
    const o = d * PARAM_STRIDE;
    const lo = this.kernel.params[o]!;
    const hi = this.kernel.params[o + 1]!;
    return g < lo ? lo : g > hi ? hi : g;
  }

  /** Real-valued pulse count (≥ 0) from the present conductance to targetS, in targetS's direction. */
  pulsesTo(d: number, targetS: number): number {
    const g = this.clipped(d);
    return targetS > g
      ? this.kernel.ltpPulsesTo(d, g, targetS)
      : this.kernel.ltdPulsesTo(d, g, targetS);
  }

  /**
   * Applies n pulses of one polarity to device d with C2C noise; mutates g[d].
   * Returns Σ over the pulses of mean(G before, G after) in S, for write-energy accounting.
   */
  applyPulses(d: number, n: number, polarity: 1 | -1): number {
    return this.pulseLoop(d, n, polarity, this.c2cRng);
  }

  private pulseLoop(d: number, n: number, polarity: 1 | -1, rng: Rng): number {
    if (this.stuck[d] !== STUCK_NONE) return n * this.g[d]!;
    const k = this.kernel;
    const o = d * PARAM_STRIDE;
    const lo = k.params[o]!;
    const hi = k.params[o + 1]!;
    // σ in siemens from the bounds already loaded: one array fewer to touch per write.
    const sigmaS = this.c2cSigma * (hi - lo);
    const stepSigma = this.stepSigma;
    let g = this.clipped(d);
    let sumMid = 0;
    for (let i = 0; i < n; i++) {
      const before = g;
      const strength = stepSigma === 0 ? 1 : 1 + stepSigma * rng.normal();
      g = polarity > 0 ? k.ltp(d, g, strength) : k.ltd(d, g, strength);
      if (sigmaS !== 0) g += sigmaS * rng.normal();
      g = g < lo ? lo : g > hi ? hi : g;
      sumMid += 0.5 * (before + g);
    }
    if (g !== g) throw new NumericalError(`device ${d}: conductance became NaN after ${n} pulses`);
    this.g[d] = g;
    return sumMid;
  }

  /**
   * Continuous (analog) write of device d to targetS with the C2C noise of the equivalent
   * real-valued pulse count; mutates g[d]. Returns mean(G before, G after) in S.
   */
  writeContinuous(d: number, targetS: number): number {
    const g0 = this.clipped(d);
    if (this.stuck[d] !== STUCK_NONE) return this.g[d]!;
    let g = targetS;
    const lo = this.kernel.params[d * PARAM_STRIDE]!;
    const hi = this.kernel.params[d * PARAM_STRIDE + 1]!;
    if (this.c2cSigma !== 0 || this.stepSigma !== 0) {
      const n = this.pulsesTo(d, targetS);
      if (n > 1e-12) {
        if (this.stepSigma !== 0)
          g += ((targetS - g0) * this.stepSigma * this.c2cRng.normal()) / Math.sqrt(n);
        if (this.c2cSigma !== 0)
          g += this.c2cSigma * (hi - lo) * Math.sqrt(n) * this.c2cRng.normal();
      }
    }
    g = g < lo ? lo : g > hi ? hi : g;
    this.g[d] = g;
    return 0.5 * (g0 + g);
  }

  /**
   * Analog (finite levels off) open-loop write: `pulses` real-valued nominal pulses of one polarity
   * given as ONE write along the device's own curve (a curve model moves exactly that many pulse
   * positions; a step model takes whole Euler steps and a fractional last one), with the C2C noise
   * of that many pulses (σ_range·range·√n additive, σ_step·|ΔG|/√n multiplicative, as
   * writeContinuous). Clipped to the device's bounds; stuck devices ignore it. Mutates g[d].
   * Returns mean(G before, G after) in S, for write-energy accounting.
   */
  applyAnalog(d: number, pulses: number, polarity: 1 | -1): number {
    const g0 = this.clipped(d);
    if (this.stuck[d] !== STUCK_NONE || !(pulses > 0)) return this.g[d]!;
    const k = this.kernel;
    const lo = k.params[d * PARAM_STRIDE]!;
    const hi = k.params[d * PARAM_STRIDE + 1]!;
    let g = g0;
    if (k.exactStrength) g = polarity > 0 ? k.ltp(d, g, pulses) : k.ltd(d, g, pulses);
    else {
      const whole = Math.floor(pulses);
      for (let i = 0; i < whole; i++) {
        g = polarity > 0 ? k.ltp(d, g, 1) : k.ltd(d, g, 1);
        g = g < lo ? lo : g > hi ? hi : g;
      }
      const frac = pulses - whole;
      if (frac > 0) g = polarity > 0 ? k.ltp(d, g, frac) : k.ltd(d, g, frac);
    }
    if (this.stepSigma !== 0) {
      g += ((g - g0) * this.stepSigma * this.c2cRng.normal()) / Math.sqrt(pulses);
    }
    if (this.c2cSigma !== 0) {
      g += this.c2cSigma * (hi - lo) * Math.sqrt(pulses) * this.c2cRng.normal();
    }
    g = g < lo ? lo : g > hi ? hi : g;
    if (g !== g) throw new NumericalError(`device ${d}: conductance became NaN in an analog write`);
    this.g[d] = g;
    return 0.5 * (g0 + g);
  }

  /**
   * Initial programming (not counted as training pulses): resets device d to its Gmin and gives it
   * `pulses` (real-valued allowed) LTP pulses as ONE write, with NeuroSim's aggregate write noise
   * (σ_range·range·√pulses additive, σ_step·ΔG/√pulses multiplicative) drawn from `rng`.
   */
  programFromReset(d: number, pulses: number, rng: Rng): void {
    if (this.stuck[d] !== STUCK_NONE) return;
    const k = this.kernel;
    const lo = k.params[d * PARAM_STRIDE]!;
    const hi = k.params[d * PARAM_STRIDE + 1]!;
    let g = lo;
    if (pulses > 0) {
      if (k.exactStrength) g = k.ltp(d, g, pulses);
      else {
        const whole = Math.floor(pulses);
        for (let i = 0; i < whole; i++) g = Math.min(hi, k.ltp(d, g, 1));
        if (pulses > whole) g = k.ltp(d, g, pulses - whole);
      }
      if (this.stepSigma !== 0) g += ((g - lo) * this.stepSigma * rng.normal()) / Math.sqrt(pulses);
      if (this.c2cSigma !== 0) g += this.c2cSigma * (hi - lo) * Math.sqrt(pulses) * rng.normal();
    }
    this.g[d] = g < lo ? lo : g > hi ? hi : g;
  }

  /** Write-verified programming: sets device d to targetS exactly (clipped to its bounds). */
  setExactly(d: number, targetS: number): void {
    if (this.stuck[d] !== STUCK_NONE) return;
    const lo = this.kernel.params[d * PARAM_STRIDE]!;
    const hi = this.kernel.params[d * PARAM_STRIDE + 1]!;
    this.g[d] = targetS < lo ? lo : targetS > hi ? hi : targetS;
  }

  /**
   * Conductance drift G ← G·(t/t0)^(−ν) on every healthy device (aihwkit PCM model, Nandakumar
   * 2019). ν is interpolated linearly in G between nuAtGmin and nu (at Gmax), times the device's
   * factor. Mutates g; call once.
   */
  applyDrift(): void {
    const f = this.driftFactor;
    if (f === null) return;
    const k = this.kernel;
    const lnRatio = Math.log(this.driftTimeRatio);
    for (let d = 0; d < this.size; d++) {
      if (this.stuck[d] !== STUCK_NONE) continue;
      const lo = k.gMinS[d]!;
      const x = Math.min(1, Math.max(0, (this.g[d]! - lo) / (k.gMaxS[d]! - lo)));
      const nu = (this.driftNuAtGmin + (this.driftNuAtGmax - this.driftNuAtGmin) * x) * f[d]!;
      this.g[d] = this.g[d]! * Math.exp(-nu * lnRatio);
    }
  }

  /** Number of stuck devices of each kind. */
  stuckCounts(): { atGmin: number; atGmax: number; atRandom: number } {
    const c = [0, 0, 0, 0];
    for (let d = 0; d < this.size; d++) c[this.stuck[d]!]!++;
    return { atGmin: c[1]!, atGmax: c[2]!, atRandom: c[3]! };
  }

  /**
   * The device state, declared once (src/core/state-spec.ts), names prefixed by `prefix`:
   * conductances, stuck flags, the per-device kernel records, drift factors (when drift is on) and
   * the C2C stream. The owner folds these entries into its own declaration and calls afterLoad().
   */
  stateEntries(prefix: string): Record<string, StateEntry> {
    const entries: Record<string, StateEntry> = {
      [`${prefix}g`]: array(() => this.g),
      [`${prefix}stuck`]: array(() => this.stuck),
      [`${prefix}rng.c2c`]: rngStream(
        () => this.c2cRng,
        (r) => (this.c2cRng = r),
      ),
      [`${prefix}kernel.params`]: array(() => this.kernel.params),
    };
    const drift = this.driftFactor;
    if (drift) entries[`${prefix}driftFactor`] = array(() => drift);
    return entries;
  }

  /** Re-derives what the loaded state implies (the kernel's bound copies). */
  afterLoad(): void {
    this.kernel.syncBounds();
  }
}
