import type { ComponentState, NeuronArray } from "../core/contracts.js";
import { ValidationError } from "../core/errors.js";
import { OP, type OpLedger } from "../core/ops.js";
import type { Rng } from "../core/rng.js";
import {
  array,
  declareState,
  flag,
  rngStream,
  scalar,
  type StateSpec,
} from "../core/state-spec.js";
import { preFitsStep, type FusedPreLearning, type SoloStepper } from "../kernels/stepper.js";
import type { KernelArena, RowBatch } from "../kernels/wasm.js";
import {
  fixedPointParams,
  type FixedPointParams,
  type HwNeuronConfig,
} from "./adder-comparator-config.js";
import { leakEvents } from "./adder-comparator-fixed.js";
import {
  GAUSSIAN_TRUNCATION_SIGMAS,
  drawThresholdsMv,
  nominalThresholdMv,
  trimThresholdsMv,
  truncatedNormal,
} from "./threshold-variation.js";

export * from "./adder-comparator-config.js";

/**
 * Event-driven adder/comparator neuron array (the hardware neuron of `--neuron hw`).
 *
 * Per neuron j, in a signed `bits`-wide register (LSB = fullScaleMv / 2^(bits−1), rest = 0):
 *   leak events at every step t with t mod P = 0:  v ← v − sgn(v)·⌊(|v| + 2^(k−1)) / 2^k⌋
 *   input at step t:   v ← sat(v + round(I_t·g / LSB)),  I_t = summed weight of the step's input rows
 *   compare:           fire when v ≥ Θ_j = base_j + ⌊θ_j / 2^f⌋  (+ σ_c·z, z ~ N(0,1) truncated at ±6)
 *   spike (fire()):    v ← 0 or v − Θ_j; hold for the refractory period; θ_j += θ_plus (learning on)
 *   θ decay events:    θ ← θ − ⌊(θ + 2^(k_θ−1)) / 2^k_θ⌋ every P_θ steps (learning on; frozen off)
 * The leak is applied lazily: each membrane remembers the leak epoch ⌊t/P⌋ it was last brought
 * to, and the events since are replayed (they stop at the fixed point) when it is next touched —
 * at the first input event of a new epoch for the whole array (an input row reaches every
 * column), or at inhibitMv/suppress. The result equals the tick-by-tick register bit for bit while
 * the array does no work at steps without input.
 *
 * Why skipping a step without input is exact: leak events only move v toward 0 and never past it,
 * and thresholds are ≥ 1 LSB, so a neuron below threshold stays below it; comparisons happen at
 * input events, as in event-driven hardware. (The one thing that lowers a threshold without input,
 * a θ decay event, moves it by ~Θ/256 every ~39 s of simulated time at the defaults: the earliest
 * a clock-driven comparator could then differ is by firing at that step instead of the next step
 * with input; θ is frozen during label assignment and test.)
 *
 * Ops (OpLedger): neuronAdds and compares one each per neuron update with a non-zero current;
 * leakUpdates one per leak/θ-decay event that changed a register; resets one per spike reset and
 * per suppress(); inhibitionEvents one per applied inhibitMv/suppress/hold; overflows one per
 * saturation (soft inhibition stops at its floor instead). Output spikes are counted by the engine.
 */
export class AdderComparatorNeurons implements NeuronArray {
  readonly size: number;
  readonly excInput: Float64Array;
  /** Membrane (LSB): the signed register. */
  readonly vLsb: Int32Array;
  /** Device-to-device base threshold (LSB), drawn once. */
  readonly thresholdBaseLsb: Int32Array;
  /** Adaptive θ accumulator in θ units (LSB / 2^fracBits); integer-valued. */
  readonly thetaUnits: Float64Array;
  /** What the comparator sees: base + ⌊θ / 2^fracBits⌋, at most the register's top. */
  readonly thresholdLsb: Int32Array;
  /** ⌊t / P⌋ of the last leak catch-up of each membrane. */
  readonly leakEpoch: Int32Array;
  /** Last step through which the neuron is held (refractory, suppressed): no input, no firing. */
  readonly holdUntil: Float64Array;
  /** Membrane − threshold (LSB) at the last comparison, comparator noise included. */
  readonly marginLsb: Float64Array;
  readonly params: FixedPointParams;
  /** Trim code of each neuron set once after fabrication (all 0 without thresholdTrim). */
  readonly trimCodes: Int32Array;

  private comparatorRng: Rng;
  private thresholdRng: Rng;
  private currentStep = 0;
  /** Leak epoch every membrane has been brought to by catchUpAll (−1: none yet). */
  private leakEpochAll = -1;
  private learning = true;
  /** ⌊t / P_θ⌋ up to which θ decay has been applied. */
  private thetaEpoch = 0;
  /** Next step at which a θ decay event is due (Infinity: adaptation off or frozen). */
  private nextThetaDecayStep = Infinity;
  private readonly maxThetaUnits: Float64Array;
  /** WebAssembly path: the arena holding the hot arrays, and the kernel's output buffers. */
  private readonly arena: KernelArena | null;
  /** WebAssembly path on one thread (the range kernels over all columns). */
  private readonly solo: SoloStepper | null;
  /** Byte addresses of the kernel arrays, read once (byteOffset is slow on WebAssembly memory). */
  private readonly addr: {
    readonly input: number;
    readonly v: number;
    readonly thr: number;
    readonly hold: number;
    readonly margin: number;
    readonly leakEpoch: number;
  };

  /**
   * True when the steps run the kernels (an arena and no comparator noise), so a column team
   * (`--threads N`, src/kernels/team.ts) started on the arena can split them by column.
   */
  readonly columnRanges: boolean;

  /** With an `arena`, the hot arrays live in WebAssembly memory and step() runs the kernel. */
  constructor(
    readonly config: HwNeuronConfig,
    n: number,
    readonly dtMs: number,
    thresholdRng: Rng,
    comparatorRng: Rng,
    private readonly ledger: OpLedger,
    arena: KernelArena | null = null,
  ) {
    if (!Number.isInteger(n) || n < 1) {
      throw new ValidationError(`neurons: expected a whole number ≥ 1, got ${n}`);
    }
    const p = fixedPointParams(config, dtMs);
    this.params = p;
    this.size = n;
    this.arena = arena;
    this.columnRanges = arena !== null && p.comparatorNoiseLsb === 0;
    const f64 = (k: number): Float64Array => (arena ? arena.f64(k) : new Float64Array(k));
    const i32 = (k: number): Int32Array => (arena ? arena.i32(k) : new Int32Array(k));
    this.excInput = f64(n);
    this.vLsb = i32(n);
    this.thetaUnits = new Float64Array(n);
    this.thresholdLsb = i32(n);
    this.thresholdBaseLsb = new Int32Array(n);
    this.leakEpoch = i32(n);
    this.holdUntil = f64(n).fill(-1);
    this.marginLsb = f64(n);
    this.solo = arena ? arena.soloStepper(n) : null;
    this.addr = {
      input: this.excInput.byteOffset,
      v: this.vLsb.byteOffset,
      thr: this.thresholdLsb.byteOffset,
      hold: this.holdUntil.byteOffset,
      margin: this.marginLsb.byteOffset,
      leakEpoch: this.leakEpoch.byteOffset,
    };
    this.maxThetaUnits = new Float64Array(n);
    this.thresholdRng = thresholdRng;
    this.comparatorRng = comparatorRng;
    const drawnMv = drawThresholdsMv(config.thresholdMv, n, thresholdRng);
    // Trim moves each draw toward nominal, so it stays within the draw's proven bounds.
    this.trimCodes = trimThresholdsMv(
      drawnMv,
      nominalThresholdMv(config.thresholdMv),
      config.thresholdTrim,
    );
    for (let j = 0; j < n; j++) {
      // The schema guarantees 1 ≤ round(draw / LSB) ≤ register top for every possible draw.
      const base = Math.round(drawnMv[j]! / p.lsbMv);
      this.thresholdBaseLsb[j] = base;
      this.thresholdLsb[j] = base;
      this.maxThetaUnits[j] = (p.vMaxLsb - base) * p.thetaFracScale;
    }
    this.scheduleThetaDecay();
  }

  /** Advances to the end of step t: lazy leak, add the step's quantised current, compare. */
  step(t: number, hadInput: boolean, fired: Int32Array): number {
    return this.advance(t, hadInput, null, 0, fired, null);
  }

  /**
   * A step with input whose rows are gathered in `batch`: the input += the batch's first nRows
   * weight rows, then step(t, true). With the batch's weights in this array's arena (and no
   * comparator noise) both run in one kernel call (hwStepRange); the bits are those of
   * batch.addInto then step either way.
   */
  stepRows(
    t: number,
    batch: RowBatch,
    nRows: number,
    fired: Int32Array,
    pre: FusedPreLearning | null = null,
  ): number {
    if (pre !== null && !this.acceptsFusedPre(pre, batch)) {
      throw new RangeError("AdderComparatorNeurons.stepRows: cannot run this rule's learning");
    }
    if (
      this.arena === null ||
      batch.arena !== this.arena ||
      batch.cols !== this.size ||
      this.params.comparatorNoiseLsb !== 0
    ) {
      batch.addInto(nRows, this.excInput);
      return this.advance(t, nRows > 0, null, 0, fired, null);
    }
    return this.advance(t, nRows > 0, batch, nRows, fired, pre);
  }

  /**
   * True when stepRows can run `pre` (a rule's pre-synaptic learning) in its kernel call for rows
   * of `batch`: the rule's arrays, the batch's weights and this array's registers share one arena,
   * and there is no comparator noise (that path steps in JavaScript).
   */
  acceptsFusedPre(pre: FusedPreLearning, batch: RowBatch): boolean {
    return this.params.comparatorNoiseLsb === 0 && preFitsStep(this.arena, this.size, pre, batch);
  }

  private advance(
    t: number,
    hadInput: boolean,
    batch: RowBatch | null,
    nRows: number,
    fired: Int32Array,
    pre: FusedPreLearning | null,
  ): number {
    this.currentStep = t;
    if (t >= this.nextThetaDecayStep) this.decayThetaTo(t);
    if (!hadInput) return 0;
    const { vLsb, excInput, thresholdLsb, holdUntil, marginLsb, params: p } = this;
    const gain = p.gainLsbPerWeight;
    const vMax = p.vMaxLsb;
    const vMin = p.vMinLsb;
    const sigma = p.comparatorNoiseLsb;
    const noiseBand = GAUSSIAN_TRUNCATION_SIGMAS * sigma;
    const rng = this.comparatorRng;
    const n = this.size;
    // An input row reaches every column, so the first event of a new leak epoch is every neuron's
    // next update: replay the pending leak events for all of them here, once per epoch, instead of
    // testing each neuron at each step. Same events, same order, same registers.
    if (p.leakPeriodSteps > 0) {
      const epoch = Math.floor(t / p.leakPeriodSteps);
      if (epoch !== this.leakEpochAll) this.catchUpAll(epoch);
    }
    const c = this.ledger.counts;
    const arena = this.arena;
    if (arena !== null && this.solo !== null && sigma === 0) {
      // The range kernel over all columns: on this thread, or split by a column team (--threads N,
      // src/kernels/team.ts); the same bits either way.
      const stepper = arena.stepperFor(this.solo);
      const nOut = stepper.hwStep(
        batch !== null ? batch.weightsAddress : 0,
        batch !== null ? batch.cols : 0,
        batch !== null ? batch.rowsAddress : 0,
        batch !== null ? nRows : 0,
        this.addr.input,
        this.addr.v,
        this.addr.thr,
        this.addr.hold,
        this.addr.margin,
        t,
        gain,
        vMax,
        vMin,
        pre,
        fired,
      );
      c[OP.neuronAdds]! += stepper.counts[0]!;
      c[OP.compares]! += stepper.counts[0]!;
      c[OP.overflows]! += stepper.counts[1]!;
      return nOut;
    }
    // JavaScript reference of the kernel (same operations, same order, same bits), and the only
    // path with comparator noise.
    let updates = 0;
    let overflows = 0;
    let nFired = 0;
    for (let j = 0; j < n; j++) {
      const x = excInput[j]!;
      if (x === 0) continue;
      excInput[j] = 0;
      if (holdUntil[j]! >= t) continue; // refractory or suppressed: the input stage is gated
      const iLsb = Math.floor(x * gain + 0.5); // round half up to the LSB
      if (iLsb === 0) continue; // the sampled current is below one LSB: no event reaches j
      const v = vLsb[j]!;
      let s = v + iLsb;
      if (s > vMax) {
        s = vMax;
        overflows++;
      } else if (s < vMin) {
        s = vMin;
        overflows++;
      }
      vLsb[j] = s;
      updates++;
      let margin = s - thresholdLsb[j]!;
      // Noise can only change the outcome within ±6σ of threshold: draw only there.
      if (sigma > 0 && margin <= noiseBand && margin >= -noiseBand) {
        margin -= sigma * truncatedNormal(rng);
      }
      marginLsb[j] = margin;
      if (margin >= 0) fired[nFired++] = j;
    }
    c[OP.neuronAdds]! += updates;
    c[OP.compares]! += updates;
    c[OP.overflows]! += overflows;
    return nFired;
  }

  /** Applies the spikes that stand: reset, refractory hold, θ += θ_plus while learning. */
  fire(t: number, fired: Int32Array, nFired: number): void {
    const p = this.params;
    const subtract = this.config.reset === "subtract";
    const plus = this.thetaRuns() ? p.thetaPlusUnits : 0;
    const holdTo = t + p.refractorySteps;
    const c = this.ledger.counts;
    for (let k = 0; k < nFired; k++) {
      const j = fired[k]!;
      this.catchUp(j);
      // v ≥ Θ − 6σ_c here, so v − Θ ≥ −6σ_c: only a huge comparator noise could reach the bottom.
      this.vLsb[j] = subtract ? Math.max(p.vMinLsb, this.vLsb[j]! - this.thresholdLsb[j]!) : 0;
      if (holdTo > this.holdUntil[j]!) this.holdUntil[j] = holdTo;
      if (plus > 0) {
        let theta = this.thetaUnits[j]! + plus;
        if (theta > this.maxThetaUnits[j]!) {
          theta = this.maxThetaUnits[j]!;
          c[OP.overflows]!++;
        }
        this.thetaUnits[j] = theta;
        this.thresholdLsb[j] = this.thresholdBaseLsb[j]! + Math.floor(theta / p.thetaFracScale);
      }
    }
    c[OP.resets]! += nFired;
  }

  overshootMv(j: number): number {
    return this.marginLsb[j]! * this.params.lsbMv;
  }

  /**
   * Subtracts amountMv (rounded to the LSB) from j's membrane, stopping at the inhibition floor
   * (a membrane already below it is left alone). A neuron held through the next step ignores it.
   */
  inhibitMv(j: number, amountMv: number): void {
    if (this.holdUntil[j]! > this.currentStep) return;
    this.catchUp(j);
    const v = this.vLsb[j]!;
    const floor = this.params.inhibitionFloorLsb;
    const s = v - Math.round(amountMv / this.params.lsbMv);
    if (s > this.params.vMaxLsb) {
      this.vLsb[j] = this.params.vMaxLsb; // a negative amount (excitation) saturates at the top
      this.ledger.counts[OP.overflows]!++;
    } else if (s >= floor) {
      this.vLsb[j] = s;
    } else if (v > floor) {
      this.vLsb[j] = floor;
      // Reaching the register's bottom (a floor below it) is a saturation.
      if (floor === this.params.vMinLsb && s < floor) this.ledger.counts[OP.overflows]!++;
    }
    this.ledger.counts[OP.inhibitionEvents]!++;
  }

  /** Clears j's membrane to rest and holds it (no input, no firing) through step untilStep. */
  suppress(j: number, untilStep: number): void {
    this.vLsb[j] = 0;
    this.leakEpoch[j] = this.epochAt(this.currentStep);
    if (untilStep > this.holdUntil[j]!) this.holdUntil[j] = untilStep;
    const c = this.ledger.counts;
    c[OP.resets]!++;
    c[OP.inhibitionEvents]!++;
  }

  /** Holds j through step untilStep without touching its membrane (WTA without reset). */
  hold(j: number, untilStep: number): void {
    if (untilStep > this.holdUntil[j]!) this.holdUntil[j] = untilStep;
    this.ledger.counts[OP.inhibitionEvents]!++;
  }

  /** Silent inputs: the lazy leak needs nothing; only θ decay events due by the end are applied. */
  rest(t: number, restSteps: number): void {
    this.currentStep = t + restSteps;
    if (this.currentStep >= this.nextThetaDecayStep) this.decayThetaTo(this.currentStep);
  }

  /** Always: without input nothing can fire and rest() is exact (see the class comment). */
  settled(): boolean {
    return true;
  }

  setLearning(on: boolean): void {
    if (on === this.learning) return;
    if (this.config.adaptiveThreshold.offline === "adapting") {
      this.learning = on; // θ keeps its schedule: nothing is frozen
      return;
    }
    if (!on) this.decayThetaTo(this.currentStep);
    this.learning = on;
    // Frozen time is not decayed afterwards: θ restarts its schedule from now.
    this.thetaEpoch = this.thetaEpochAt(this.currentStep);
    this.scheduleThetaDecay();
  }

  /** θ moves (θ_plus per spike, decay events) while learning, or always with offline "adapting". */
  private thetaRuns(): boolean {
    return this.learning || this.config.adaptiveThreshold.offline === "adapting";
  }

  thresholdsMv(): Float64Array {
    if (this.currentStep >= this.nextThetaDecayStep) this.decayThetaTo(this.currentStep);
    const out = new Float64Array(this.size);
    for (let j = 0; j < this.size; j++) out[j] = this.thresholdLsb[j]! * this.params.lsbMv;
    return out;
  }

  /** Membrane potentials (mV) as of the last step, pending leak events included; counts no ops. */
  membraneMv(): Float64Array {
    const out = new Float64Array(this.size);
    for (let j = 0; j < this.size; j++) out[j] = this.membraneLsb(j) * this.params.lsbMv;
    return out;
  }

  /** Register value of j as of the last step (pending leak events replayed, state untouched). */
  membraneLsb(j: number): number {
    const events = this.epochAt(this.currentStep) - this.leakEpoch[j]!;
    return leakEvents(this.vLsb[j]!, this.params.leakShift, events);
  }

  /** What result.json should record beside the config: the realised fixed-point schedule. */
  describe(): Record<string, unknown> {
    const base = this.thresholdBaseLsb;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let sum2 = 0;
    for (let j = 0; j < this.size; j++) {
      const mv = base[j]! * this.params.lsbMv;
      min = Math.min(min, mv);
      max = Math.max(max, mv);
      sum += mv;
      sum2 += mv * mv;
    }
    const mean = sum / this.size;
    const p = this.params;
    return {
      kind: "adder-comparator",
      config: this.config,
      lsbMv: p.lsbMv,
      registerLsb: [p.vMinLsb, p.vMaxLsb],
      inputLsbPerWeight: p.gainLsbPerWeight,
      leakPeriodSteps: p.leakPeriodSteps,
      leakTauEffectiveMs: p.leakTauEffectiveMs,
      refractorySteps: p.refractorySteps,
      thetaUnitMv: p.thetaUnitMv,
      thetaPlusUnits: p.thetaPlusUnits,
      thetaDecayPeriodSteps: p.thetaDecayPeriodSteps,
      tauThetaEffectiveMs: p.tauThetaEffectiveMs,
      baseThresholdsMv: {
        min,
        max,
        mean,
        sd: Math.sqrt(Math.max(0, sum2 / this.size - mean * mean)),
      },
      // One-time calibration cost of the trim (a SAR search: one comparison per code bit).
      thresholdTrim: this.config.thresholdTrim.enabled
        ? {
            calibrationCompares: this.size * this.config.thresholdTrim.bits,
            trimRegisterBits: this.size * this.config.thresholdTrim.bits,
            saturatedCodes: countSaturated(this.trimCodes, this.config.thresholdTrim.bits),
          }
        : null,
    };
  }

  private stateSpec: StateSpec | null = null;

  /** Checkpoint state, declared once (src/core/state-spec.ts); built on first use. */
  private get state(): StateSpec {
    return (this.stateSpec ??= declareState("neurons (hw)", {
      excInput: array(() => this.excInput),
      vLsb: array(() => this.vLsb),
      thresholdBaseLsb: array(() => this.thresholdBaseLsb),
      thetaUnits: array(() => this.thetaUnits),
      thresholdLsb: array(() => this.thresholdLsb),
      leakEpoch: array(() => this.leakEpoch),
      holdUntil: array(() => this.holdUntil),
      marginLsb: array(() => this.marginLsb),
      currentStep: scalar(
        () => this.currentStep,
        (v) => (this.currentStep = v),
      ),
      learning: flag(
        () => this.learning,
        (v) => (this.learning = v),
      ),
      thetaEpoch: scalar(
        () => this.thetaEpoch,
        (v) => (this.thetaEpoch = v),
      ),
      comparatorRng: rngStream(
        () => this.comparatorRng,
        (r) => (this.comparatorRng = r),
      ),
      thresholdRng: rngStream(
        () => this.thresholdRng,
        (r) => (this.thresholdRng = r),
      ),
    }));
  }

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
    this.leakEpochAll = -1; // per-neuron epochs are authoritative; the next step re-syncs
    const p = this.params;
    for (let j = 0; j < this.size; j++) {
      this.maxThetaUnits[j] = (p.vMaxLsb - this.thresholdBaseLsb[j]!) * p.thetaFracScale;
    }
    this.scheduleThetaDecay();
  }

  /**
   * Floating-point state checked for NaN/±Inf by the pipeline, by neuron index: the adaptive θ
   * accumulator, the last comparison margin and the step's input current. (The membrane and
   * thresholds are integer registers.) Type written out: contracts.ts FiniteState.
   */
  finiteState(): ReadonlyArray<readonly [string, ArrayLike<number>]> {
    return [
      ["thetaUnits", this.thetaUnits],
      ["marginLsb", this.marginLsb],
      ["excInput", this.excInput],
    ];
  }

  private epochAt(t: number): number {
    const period = this.params.leakPeriodSteps;
    return period > 0 ? Math.floor(t / period) : 0;
  }

  private thetaEpochAt(t: number): number {
    const period = this.params.thetaDecayPeriodSteps;
    return period > 0 ? Math.floor(t / period) : 0;
  }

  private scheduleThetaDecay(): void {
    const period = this.params.thetaDecayPeriodSteps;
    this.nextThetaDecayStep =
      this.thetaRuns() && period > 0 ? (this.thetaEpoch + 1) * period : Infinity;
  }

  /** Replays j's pending leak events up to the current step (exact; counts changed registers). */
  private catchUp(j: number): void {
    const epoch = this.epochAt(this.currentStep);
    const events = epoch - this.leakEpoch[j]!;
    if (events === 0) return;
    this.leakEpoch[j] = epoch;
    this.vLsb[j] = this.leakMany(this.vLsb[j]!, events);
  }

  /** Brings every membrane to leak epoch `epoch` (each replays its own pending events). */
  private catchUpAll(epoch: number): void {
    const { vLsb, leakEpoch } = this;
    if (this.arena !== null && this.solo !== null) {
      const leaks = this.arena
        .stepperFor(this.solo)
        .hwLeak(this.addr.v, this.addr.leakEpoch, epoch, this.params.leakShift);
      this.ledger.counts[OP.leakUpdates]! += leaks;
    } else {
      // The JavaScript reference of the kernel: each membrane replays its own pending events.
      for (let j = 0; j < this.size; j++) {
        const events = epoch - leakEpoch[j]!;
        if (events === 0) continue;
        leakEpoch[j] = epoch;
        const v = vLsb[j]!;
        if (v !== 0) vLsb[j] = this.leakMany(v, events);
      }
    }
    this.leakEpochAll = epoch;
  }

  /** `events` leak events from v (stops at the fixed point); counts the ones that changed v. */
  private leakMany(v: number, events: number): number {
    const shift = this.params.leakShift;
    const half = (1 << shift) >> 1;
    let m = v < 0 ? -v : v;
    let leaks = 0;
    for (let k = 0; k < events; k++) {
      const d = (m + half) >>> shift;
      if (d === 0) break;
      m -= d;
      leaks++;
    }
    this.ledger.counts[OP.leakUpdates]! += leaks;
    return v < 0 ? -m : m;
  }

  /** Applies every θ decay event due at steps ≤ t (all neurons at once: one event per ~39 s). */
  private decayThetaTo(t: number): void {
    const p = this.params;
    if (!this.thetaRuns() || p.thetaDecayPeriodSteps === 0) return;
    const target = this.thetaEpochAt(t);
    const events = target - this.thetaEpoch;
    if (events <= 0) return;
    this.thetaEpoch = target;
    const scale = 2 ** p.thetaDecayShift;
    const half = scale / 2;
    let leaks = 0;
    for (let j = 0; j < this.size; j++) {
      let theta = this.thetaUnits[j]!;
      if (theta === 0) continue;
      for (let k = 0; k < events; k++) {
        const d = Math.floor((theta + half) / scale);
        if (d === 0) break;
        theta -= d;
        leaks++;
      }
      this.thetaUnits[j] = theta;
      this.thresholdLsb[j] = this.thresholdBaseLsb[j]! + Math.floor(theta / p.thetaFracScale);
    }
    this.ledger.counts[OP.leakUpdates]! += leaks;
    this.scheduleThetaDecay();
  }
}

/** Trim codes at either end of the code range (the draw was beyond the trim's reach). */
function countSaturated(codes: Int32Array, bits: number): number {
  const top = 2 ** (bits - 1) - 1;
  const bottom = -(2 ** (bits - 1));
  let k = 0;
  for (const c of codes) if (c === top || c === bottom) k++;
  return k;
}

/**
 * Builds the array; randomness comes from `rng` forked by name: "thresholds" (device-to-device,
 * drawn once) and "comparator" (offset noise per comparison), so turning noise on never changes
 * which thresholds were made.
 */
export function createHwNeurons(
  config: HwNeuronConfig,
  n: number,
  dtMs: number,
  rng: Rng,
  ledger: OpLedger,
  arena: KernelArena | null = null,
): AdderComparatorNeurons {
  return new AdderComparatorNeurons(
    config,
    n,
    dtMs,
    rng.fork("thresholds"),
    rng.fork("comparator"),
    ledger,
    arena,
  );
}
