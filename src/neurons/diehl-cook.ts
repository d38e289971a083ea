import { z } from "zod";
import type { ComponentState, FiniteState, NeuronArray } from "../core/contracts.js";
import { OP, type OpLedger } from "../core/ops.js";
import { array, declareState, flag, scalar } from "../core/state-spec.js";
import { preFitsStep, type FusedPreLearning, type SoloStepper } from "../kernels/stepper.js";
import type { KernelArena, RowBatch } from "../kernels/wasm.js";

/**
 * Diehl & Cook 2015 excitatory neuron (Front. Comput. Neurosci. 9:99; values from the authors'
 * shipped Brian code): conductance-based LIF with adaptive threshold.
 *   τ_m dv/dt = (E_rest − v) + g_e(E_exc − v) + g_i(E_inh − v);  dg_e/dt = −g_e/τ_ge;  dg_i/dt = −g_i/τ_gi
 *   fire when v > v_thresh + θ − offset (and not refractory);  reset v ← v_reset, θ ← θ + θ_plus
 *   dθ/dt = −θ/τ_θ while learning, frozen in test mode.
 * Integrated with forward Euler at dt (Brian's `method='euler'`, as in the shipped code and ports).
 * Forward Euler is stable only while dt/τ_m·(1 + g_e + g_i) < 2, i.e. g_i < 2τ_m/dt − 1 = 399 at the
 * defaults: about 24 inhibitory spikes (17 each) landing in one step, which happens at 1,600 neurons.
 * `integration: "implicit-euler"` (a departure from the shipped code, stable for any conductance)
 * solves v_{n+1} = v_n + dt/τ_m·((E_rest − v_{n+1}) + g_e(E_exc − v_{n+1}) + g_i(E_inh − v_{n+1}))
 * with the conductances of the step's start (linearly implicit Euler; Hairer & Wanner 1996, IV.9).
 */
export const dcNeuronConfigSchema = z.strictObject({
  model: z.literal("dc"),
  tauMembraneMs: z
    .number()
    .positive()
    .default(100)
    .describe("ms — membrane time constant τ (Diehl & Cook 2015 shipped code)"),
  restMv: z
    .number()
    .default(-65)
    .describe("mV — resting potential E_rest (Diehl & Cook 2015 shipped code)"),
  resetMv: z
    .number()
    .default(-65)
    .describe("mV — potential after a spike (Diehl & Cook 2015 shipped code)"),
  thresholdMv: z
    .number()
    .default(-52)
    .describe("mV — base threshold before θ and its offset (Diehl & Cook 2015 shipped code)"),
  excReversalMv: z
    .number()
    .default(0)
    .describe("mV — excitatory reversal potential E_exc (Diehl & Cook 2015 shipped code)"),
  inhReversalMv: z
    .number()
    .default(-100)
    .describe("mV — inhibitory reversal potential E_inh (Diehl & Cook 2015 shipped code)"),
  tauGeMs: z
    .number()
    .positive()
    .default(1)
    .describe("ms — excitatory conductance decay τ_ge (Diehl & Cook 2015 shipped code)"),
  tauGiMs: z
    .number()
    .positive()
    .default(2)
    .describe("ms — inhibitory conductance decay τ_gi (Diehl & Cook 2015 shipped code)"),
  integration: z
    .enum(["euler", "implicit-euler"])
    .default("euler")
    .describe(
      "— v update: 'euler' as shipped (unstable once g_i > 2τ_m/dt − 1), or 'implicit-euler' (linearly implicit, stable; docs/models/diehl-cook.md)",
    ),
  refractoryMs: z
    .number()
    .nonnegative()
    .default(5)
    .describe("ms — refractory clamp after a spike (Diehl & Cook 2015 shipped code)"),
  /**
   * Minimum time between two spikes (beyond the refractory clamp): the shipped code gates firing on
   * `timer > 5 ms` with a timer running at 0.1 s per s (`dtimer/dt = 100.0 : ms`, read as
   * 100 ms per s by the official Brian 2 example and the ports), so 50 ms. With 0 (a literal SI
   * reading of the Brian 1 line) 400-neuron training runs away: see docs/models/diehl-cook.md.
   */
  minInterSpikeMs: z
    .number()
    .nonnegative()
    .default(50)
    .describe(
      "ms — minimum time between two spikes (the shipped timer gate; docs/models/diehl-cook.md)",
    ),
  initialMv: z
    .number()
    .default(-105)
    .describe(
      "mV — membrane potential at the start (Diehl & Cook 2015 shipped code: rest − 40 mV)",
    ),
  thetaInitMv: z
    .number()
    .nonnegative()
    .default(20)
    .describe("mV — initial adaptive threshold θ (Diehl & Cook 2015 shipped code)"),
  thetaPlusMv: z
    .number()
    .nonnegative()
    .default(0.05)
    .describe("mV — θ increase per spike while learning (Diehl & Cook 2015 shipped code)"),
  tauThetaMs: z
    .number()
    .positive()
    .default(1e7)
    .describe("ms — θ decay time constant (Diehl & Cook 2015 shipped code: 10⁷ ms)"),
  thetaOffsetMv: z
    .number()
    .default(20)
    .describe(
      "mV — constant added to threshold + θ (Diehl & Cook 2015 shipped code: offset 20 mV)",
    ),
  /** Added to both restMv and thresholdMv (the sensitivity study of experiment A). */
  voltageOffsetMv: z
    .number()
    .default(0)
    .describe(
      "mV — added to rest and threshold alike (Tai's voltage-offset sensitivity study); 0 = off",
    ),
});
/**
 * Validated Diehl & Cook neuron parameters: the output of {@link dcNeuronConfigSchema}, defaults
 * filled. Voltages in mV, times in ms.
 */
export type DcNeuronConfig = z.output<typeof dcNeuronConfigSchema>;

/** The per-step constants of the dc neuron's update (what its kernels take besides the state). */
export interface DcStepConstants {
  /** dt/τ_m. */
  readonly kV: number;
  /** 1 − dt/τ_ge, 1 − dt/τ_gi, 1 − dt/τ_θ: forward Euler decays (Brian 'euler'). */
  readonly geDecay: number;
  readonly giDecay: number;
  readonly thetaDecay: number;
  /** Rest and reset potentials with the voltage offset (mV). */
  readonly restMv: number;
  readonly resetMv: number;
  /** Threshold without θ: v_thresh + offset − θ_offset (mV). */
  readonly thresholdBaseMv: number;
  /** 1 for the linearly implicit v update, 0 for forward Euler (the kernels' flag). */
  readonly implicit: number;
}

/**
 * The dc neuron's step constants at time step dtMs (ms), derived once from its configuration: used
 * by DiehlCookNeurons and by bench/thread-ceiling.mjs, so the bench runs the shipped neuron's
 * numbers. Forward Euler factors (Brian 'euler'): x ← x + dt·f(x).
 */
export function dcStepConstants(config: DcNeuronConfig, dtMs: number): DcStepConstants {
  return {
    kV: dtMs / config.tauMembraneMs,
    geDecay: 1 - dtMs / config.tauGeMs,
    giDecay: 1 - dtMs / config.tauGiMs,
    thetaDecay: 1 - dtMs / config.tauThetaMs,
    restMv: config.restMv + config.voltageOffsetMv,
    resetMv: config.resetMv + config.voltageOffsetMv,
    thresholdBaseMv: config.thresholdMv + config.voltageOffsetMv - config.thetaOffsetMv,
    implicit: config.integration === "implicit-euler" ? 1 : 0,
  };
}

/** Conductance below which the rest period may be relaxed in closed form (see settled()). */
const SETTLED_CONDUCTANCE = 1e-6;

/**
 * An array of `n` Diehl & Cook 2015 excitatory neurons (equations in {@link dcNeuronConfigSchema}),
 * integrated with forward Euler every `dtMs` (ms). State lives in typed arrays indexed by neuron:
 * `v` in mV, `excInput` is g_e (the synapse reads add the weights of spiking inputs into it),
 * `gi` is g_i. The adaptive threshold θ grows by θ_plus per spike and decays only while learning
 * (frozen, neither growing nor decaying, in test mode).
 */
export class DiehlCookNeurons implements NeuronArray {
  readonly size: number;
  readonly v: Float64Array;
  /** g_e: the engine's synapse reads add straight into it (a pre spike does g_e += w). */
  readonly excInput: Float64Array;
  readonly gi: Float64Array;
  /**
   * Adaptive threshold kept as θ_j(t) = thetaScaled_j · thetaDecayNow, with one shared factor
   * thetaDecayNow = (1 − dt/τ_θ)^(learning steps): the Euler decay of every θ without touching each
   * neuron per step (a spike adds θ_plus / thetaDecayNow).
   */
  readonly thetaScaled: Float64Array;
  private thetaDecayNow = 1;
  /** Step of the last spike (−∞ before the first). */
  readonly lastSpike: Float64Array;
  /** v is clamped (refractory or held by suppress()) through this step. */
  readonly clampUntil: Float64Array;
  /** The neuron may fire only after this step (refractory, shipped 50 ms timer, suppress()). */
  readonly fireAfter: Float64Array;
  private learning = true;
  /** Last step integrated (settled() judges refractoriness against it). */
  private now = -Infinity;
  private readonly kV: number;
  private readonly geDecay: number;
  /** Per-step decay factor of g_i (1 − dt/τ_gi); inhibition modes decay their g_i envelope by it. */
  readonly giDecay: number;
  private readonly thetaDecay: number;
  private readonly refractorySteps: number;
  private readonly fireGapSteps: number;
  private readonly restMv: number;
  private readonly resetMv: number;
  private readonly thresholdBaseMv: number;
  /** 1 for the linearly implicit v update, 0 for forward Euler (the kernels' flag). */
  private readonly implicit: number;
  /**
   * Largest g_i the v update stays stable with: 2τ_m/dt − 1 under forward Euler (399 at the
   * defaults; g_e only lowers it further), ∞ under implicit-euler. Inhibition modes that add g_i
   * compare their envelope with it and count the steps beyond (RunResult.warnings).
   */
  readonly stableInhibitoryConductance: number;
  /** WebAssembly path: the arena holding the state arrays and the kernel's output buffer. */
  private readonly arena: KernelArena | null;
  /** WebAssembly path on one thread (the range kernels over all columns). */
  private readonly solo: SoloStepper | null;
  /**
   * The inhibiting columns of a step, copied where the kernels can read them (inhibitOthers);
   * null without kernels.
   */
  private readonly inhibitors: Int32Array | null;
  /** Byte addresses of the kernel arrays, read once (a typed array's byteOffset getter is slow on WebAssembly memory). */
  private readonly addr: {
    readonly v: number;
    readonly ge: number;
    readonly gi: number;
    readonly theta: number;
    readonly clamp: number;
    readonly fireAfter: number;
  };

  /**
   * True when the steps run the kernels, so a column team (`--threads N`, src/kernels/team.ts)
   * started on the arena can split them by column.
   */
  readonly columnRanges: boolean;

  /** With an `arena`, state lives in WebAssembly memory and step() runs the SIMD kernel. */
  constructor(
    readonly config: DcNeuronConfig,
    n: number,
    readonly dtMs: number,
    private readonly ledger: OpLedger,
    arena: KernelArena | null = null,
  ) {
    this.size = n;
    this.arena = arena;
    this.columnRanges = arena !== null;
    const f64 = (k: number): Float64Array => (arena ? arena.f64(k) : new Float64Array(k));
    this.v = f64(n).fill(config.initialMv + config.voltageOffsetMv);
    this.excInput = f64(n);
    this.gi = f64(n);
    this.thetaScaled = f64(n).fill(config.thetaInitMv);
    this.lastSpike = new Float64Array(n).fill(-Infinity);
    this.clampUntil = f64(n).fill(-Infinity);
    this.fireAfter = f64(n).fill(-Infinity);
    this.solo = arena ? arena.soloStepper(n) : null;
    this.inhibitors = arena ? arena.i32(n) : null;
    this.addr = {
      v: this.v.byteOffset,
      ge: this.excInput.byteOffset,
      gi: this.gi.byteOffset,
      theta: this.thetaScaled.byteOffset,
      clamp: this.clampUntil.byteOffset,
      fireAfter: this.fireAfter.byteOffset,
    };
    const k = dcStepConstants(config, dtMs);
    this.kV = k.kV;
    this.geDecay = k.geDecay;
    this.giDecay = k.giDecay;
    this.thetaDecay = k.thetaDecay;
    // Brian's not_refractory = (t − lastspike) > refractory.
    this.refractorySteps = Math.round(config.refractoryMs / dtMs);
    this.fireGapSteps = Math.max(this.refractorySteps, Math.round(config.minInterSpikeMs / dtMs));
    this.restMv = k.restMv;
    this.resetMv = k.resetMv;
    this.thresholdBaseMv = k.thresholdBaseMv;
    this.implicit = k.implicit;
    this.stableInhibitoryConductance = this.implicit === 1 ? Infinity : 2 / this.kV - 1;
  }

  /**
   * Inhibition by the nSpikes columns k in `spikes` (population or lateral inhibition): g_i[j] +=
   * `weight` for every neuron j ≠ k, spike by spike. With kernels it runs as inhibitRange over all
   * columns, split by the column team when there is one; the same additions in the same order
   * per neuron either way.
   */
  inhibitOthers(spikes: Int32Array, nSpikes: number, weight: number): void {
    if (nSpikes === 0) return;
    const list = this.inhibitors;
    if (list !== null) {
      for (let s = 0; s < nSpikes; s++) list[s] = spikes[s]!;
      this.arena!.stepperFor(this.solo!).inhibit(this.addr.gi, list.byteOffset, nSpikes, weight);
      return;
    }
    const gi = this.gi;
    const n = gi.length;
    for (let s = 0; s < nSpikes; s++) {
      const k = spikes[s]!;
      for (let j = 0; j < k; j++) gi[j]! += weight;
      for (let j = k + 1; j < n; j++) gi[j]! += weight;
    }
  }

  step(t: number, _hadInput: boolean, fired: Int32Array): number {
    return this.advance(t, null, 0, fired, null);
  }

  /**
   * A step with input whose rows are gathered in `batch`: g_e += the batch's first nRows weight
   * rows, then step(t). With the batch's weights in this array's arena both run in one kernel call
   * (dcStepRange); the bits are those of batch.addInto then step either way.
   */
  stepRows(
    t: number,
    batch: RowBatch,
    nRows: number,
    fired: Int32Array,
    pre: FusedPreLearning | null = null,
  ): number {
    if (pre !== null && !this.acceptsFusedPre(pre, batch)) {
      throw new RangeError("DiehlCookNeurons.stepRows: cannot run this rule's learning");
    }
    if (this.arena === null || batch.arena !== this.arena || batch.cols !== this.size) {
      batch.addInto(nRows, this.excInput);
      return this.advance(t, null, 0, fired, null);
    }
    return this.advance(t, batch, nRows, fired, pre);
  }

  /**
   * True when stepRows can run `pre` (a rule's pre-synaptic learning) in its kernel call for rows
   * of `batch`: the rule's arrays, the batch's weights and this array's state share one arena.
   */
  acceptsFusedPre(pre: FusedPreLearning, batch: RowBatch): boolean {
    return preFitsStep(this.arena, this.size, pre, batch);
  }

  private advance(
    t: number,
    batch: RowBatch | null,
    nRows: number,
    fired: Int32Array,
    pre: FusedPreLearning | null,
  ): number {
    const { v, excInput: ge, gi, thetaScaled, clampUntil, fireAfter } = this;
    const { kV, geDecay, giDecay, restMv, thresholdBaseMv } = this;
    const eExc = this.config.excReversalMv;
    const eInh = this.config.inhReversalMv;
    if (this.learning) this.advanceTheta(1);
    const d = this.thetaDecayNow;
    this.now = t;
    const c = this.ledger.counts;
    c[OP.leakUpdates]! += this.size;
    c[OP.compares]! += this.size;
    const arena = this.arena;
    const addr = this.addr;
    if (arena !== null && this.solo !== null) {
      // The range kernel over all columns: on this thread, or split by a column team (--threads N,
      // src/kernels/team.ts); the same bits either way.
      return arena
        .stepperFor(this.solo)
        .dcStep(
          batch !== null ? batch.weightsAddress : 0,
          batch !== null ? batch.cols : 0,
          batch !== null ? batch.rowsAddress : 0,
          batch !== null ? nRows : 0,
          addr.v,
          addr.ge,
          addr.gi,
          addr.theta,
          addr.clamp,
          addr.fireAfter,
          t,
          kV,
          geDecay,
          giDecay,
          restMv,
          eExc,
          eInh,
          thresholdBaseMv,
          d,
          this.implicit,
          pre,
          fired,
        );
    }
    // JavaScript reference of the kernel (same operations, same order, same bits).
    const implicit = this.implicit === 1;
    let nFired = 0;
    for (let j = 0; j < this.size; j++) {
      let vj = v[j]!;
      const gej = ge[j]!;
      const gij = gi[j]!;
      if (t > clampUntil[j]!) {
        vj = implicit
          ? (vj + kV * (restMv + gej * eExc + gij * eInh)) / (1 + kV * (1 + gej + gij))
          : vj + kV * (restMv - vj + gej * (eExc - vj) + gij * (eInh - vj));
        v[j] = vj;
      }
      ge[j] = gej * geDecay;
      gi[j] = gij * giDecay;
      if (vj > thresholdBaseMv + thetaScaled[j]! * d && t > fireAfter[j]!) fired[nFired++] = j;
    }
    return nFired;
  }

  /** θ decays by (1 − dt/τ_θ)^steps; folded into thetaScaled before it underflows. */
  private advanceTheta(steps: number): void {
    this.thetaDecayNow *= steps === 1 ? this.thetaDecay : Math.pow(this.thetaDecay, steps);
    if (this.thetaDecayNow < 1e-100) {
      for (let j = 0; j < this.size; j++) this.thetaScaled[j]! *= this.thetaDecayNow;
      this.thetaDecayNow = 1;
    }
  }

  fire(t: number, fired: Int32Array, nFired: number): void {
    const plusScaled = this.learning ? this.config.thetaPlusMv / this.thetaDecayNow : 0;
    for (let k = 0; k < nFired; k++) {
      const j = fired[k]!;
      this.v[j] = this.resetMv;
      this.thetaScaled[j]! += plusScaled;
      this.lastSpike[j] = t;
      this.clampUntil[j] = Math.max(this.clampUntil[j]!, t + this.refractorySteps);
      this.fireAfter[j] = Math.max(this.fireAfter[j]!, t + this.fireGapSteps);
    }
    this.ledger.counts[OP.resets]! += nFired;
  }

  overshootMv(j: number): number {
    return this.v[j]! - (this.thresholdBaseMv + this.thetaScaled[j]! * this.thetaDecayNow);
  }

  inhibitMv(j: number, amountMv: number): void {
    this.v[j]! -= amountMv;
    this.ledger.counts[OP.inhibitionEvents]!++;
  }

  suppress(j: number, untilStep: number): void {
    this.v[j] = this.resetMv;
    if (untilStep > this.clampUntil[j]!) this.clampUntil[j] = untilStep;
    if (untilStep > this.fireAfter[j]!) this.fireAfter[j] = untilStep;
    this.ledger.counts[OP.inhibitionEvents]!++;
  }

  /**
   * Closed form of the Euler recursion once conductances are negligible:
   * v ← E_rest + (v − E_rest)(1 − dt/τ_m)^n (implicit Euler: (1 + dt/τ_m)^−n),
   * g ← g·(1 − dt/τ_g)^n, θ ← θ·(1 − dt/τ_θ)^n.
   * The neglected g_e, g_i (< 1e-6) move v by < 1e-6 mV.
   */
  rest(_t: number, restSteps: number): void {
    if (restSteps <= 0) return;
    const a = Math.pow(this.implicit === 1 ? 1 / (1 + this.kV) : 1 - this.kV, restSteps);
    const ge = Math.pow(this.geDecay, restSteps);
    const gi = Math.pow(this.giDecay, restSteps);
    if (this.learning) this.advanceTheta(restSteps);
    for (let j = 0; j < this.size; j++) {
      this.v[j] = this.restMv + (this.v[j]! - this.restMv) * a;
      this.excInput[j]! *= ge;
      this.gi[j]! *= gi;
    }
    this.ledger.counts[OP.leakUpdates]! += this.size;
  }

  /**
   * Settled: conductances negligible, nobody clamped, and v relaxes monotonically toward E_rest
   * below every threshold, so no spike can occur during the rest of the rest period.
   */
  settled(): boolean {
    const now = this.now;
    const d = this.thetaDecayNow;
    for (let j = 0; j < this.size; j++) {
      if (this.excInput[j]! > SETTLED_CONDUCTANCE || this.gi[j]! > SETTLED_CONDUCTANCE)
        return false;
      if (this.clampUntil[j]! >= now) return false;
      const threshold = this.thresholdBaseMv + this.thetaScaled[j]! * d;
      if (Math.max(this.v[j]!, this.restMv) >= threshold) return false;
    }
    return true;
  }

  setLearning(on: boolean): void {
    this.learning = on;
  }

  thresholdsMv(): Float64Array {
    const out = new Float64Array(this.size);
    for (let j = 0; j < this.size; j++)
      out[j] = this.thresholdBaseMv + this.thetaScaled[j]! * this.thetaDecayNow;
    return out;
  }

  /** Adaptive threshold θ_j in mV. */
  thetaMv(j: number): number {
    return this.thetaScaled[j]! * this.thetaDecayNow;
  }

  /** Membrane v (mV), conductances g_e and g_i, and θ (scaled: NaN or ±Inf in one is in both). */
  finiteState(): FiniteState {
    return [
      ["v", this.v],
      ["g_e", this.excInput],
      ["g_i", this.gi],
      ["theta", this.thetaScaled],
    ];
  }

  /** The checkpoint state, declared once; save and load (with shape checks) derive from it. */
  private readonly state = declareState("neurons (dc)", {
    v: array(() => this.v),
    ge: array(() => this.excInput),
    gi: array(() => this.gi),
    thetaScaled: array(() => this.thetaScaled),
    thetaDecayNow: scalar(
      () => this.thetaDecayNow,
      (x) => (this.thetaDecayNow = x),
    ),
    lastSpike: array(() => this.lastSpike),
    clampUntil: array(() => this.clampUntil),
    fireAfter: array(() => this.fireAfter),
    learning: flag(
      () => this.learning,
      (b) => (this.learning = b),
    ),
    now: scalar(
      () => this.now,
      (x) => (this.now = x),
    ),
  });

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
