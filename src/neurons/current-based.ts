import { z } from "zod";
import type { ComponentState, FiniteState, NeuronArray } from "../core/contracts.js";
import { ValidationError } from "../core/errors.js";
import { OP, type OpLedger } from "../core/ops.js";
import type { Rng } from "../core/rng.js";
import {
  array,
  declareState,
  flag,
  rngStream,
  scalar,
  type StateEntry,
  type StateSpec,
} from "../core/state-spec.js";
import type { KernelArena } from "../kernels/wasm.js";
import { escapeExp } from "./escape-exp.js";

/**
 * The shared engine of the current-based neurons `if`, `lif` and `srm0` (src/neurons/if.ts,
 * lif.ts, srm0.ts), with BindsNET's step semantics (bindsnet/network/nodes.py: IFNodes, LIFNodes,
 * SRM0Nodes, AdaptiveLIFNodes). One step t of neuron j, in this order:
 *   v ← E_rest + a·(v − E_rest)                       a = e^(−dt/τ_m) (exact decay); IF: a = 1
 *   v ← v + g·x_j   unless refractory or held          x_j = Σ w of the inputs that spiked at t
 *   spike when v ≥ v_thresh + θ_j (deterministic), or with probability
 *     p = 1 − exp(−ρ0·dt·exp((v − v_thresh − θ_j)/Δ))  (SRM0 escape noise)
 *   on a spike (fire()): v ← v_reset; refractory for t_ref; θ_j ← θ_j + θ_plus (learning only)
 *   one spike per step (optional, BindsNET DiehlAndCookNodes one_spike): of the step's crossers
 *     all are reset as above, one drawn uniformly spikes (inhibition, learning, counts)
 *   dθ/dt = −θ/τ_θ while learning (frozen for label assignment and test).
 * The synaptic input is a current: a pre spike adds its weight (× g, in mV) to v in its step and
 * nothing afterwards (BindsNET's `Connection` into these nodes), unlike the conductance neuron
 * `dc`, whose g_e decays over τ_ge and is weighted by (E_exc − v).
 *
 * Escape noise is drawn by time rescaling, exactly equivalent in distribution to BindsNET's
 * independent per-step draw with p = 1 − e^(−ρ·dt): each neuron holds a budget E ~ Exp(1) and
 * accumulates its hazard Λ += ρ·dt each step it may fire; it crosses when Λ ≥ E (the chance of
 * crossing in a step, given none before, is 1 − e^(−ρ·dt)), and then Λ ← 0 and a fresh E is drawn,
 * whether inhibition lets the spike stand or not. One exponential per neuron and step and one
 * random draw per crossing, instead of a draw per neuron and step.
 *
 * Refractoriness: integration is blocked for t_ref/dt steps after a spike (BindsNET's refrac_count)
 * and the neuron cannot fire during them. BindsNET's SRM0Nodes draws spikes even while refractory;
 * its own docstring calls the period "non-firing", which is what is implemented here.
 *
 * State lives in typed arrays (index = neuron); the step loop allocates nothing. With a kernel
 * arena the state lives in WebAssembly memory: the synapse reads add into the input with the SIMD
 * row kernel, and the deterministic step (if, lif) runs the SIMD kernel `currentStep`
 * (src/kernels/asm/kernels.ts), SRM0 the kernel `srm0Step` (its exponential written out in
 * ./escape-exp.ts so both compute the same bits); both are bit-identical to the JavaScript loop
 * below. The crossers' new budgets are drawn in JavaScript, in index order, on both paths.
 */

/** Fields shared by the three schemas (each model sets its own defaults and sources). */
export const adaptiveThresholdFields = {
  thetaPlusMv: z
    .number()
    .nonnegative({ error: "expected θ_plus ≥ 0 mV" })
    .default(0)
    .describe(
      "mV — adaptive-threshold increase per spike; 0 = off (BindsNET IF/LIF/SRM0 have none; 0.05 gives BindsNET's AdaptiveLIFNodes / DiehlAndCookNodes)",
    ),
  tauThetaMs: z
    .number()
    .positive({ error: "expected a time constant > 0 ms" })
    .default(1e7)
    .describe("ms — adaptive-threshold decay time constant (Diehl & Cook 2015; BindsNET 1e7)"),
} as const;

/** The refractory period of the current-based neurons (ms; BindsNET refrac 5). */
export const refractoryField = z
  .number()
  .nonnegative({ error: "expected a refractory period ≥ 0 ms" })
  .default(5)
  .describe("ms — no integration and no firing after a spike (BindsNET refrac 5)");

/** The membrane jump per unit of summed weight (mV; BindsNET adds the weight sum to v: 1). */
export const inputGainField = z
  .number()
  .positive({ error: "expected a gain > 0 mV per unit weight" })
  .default(1)
  .describe(
    "mV per unit weight — membrane jump per unit of summed weight arriving in a step (BindsNET adds the weight sum to v: 1)",
  );

/**
 * Schema field `lowerBoundMv` shared by the if, lif and srm0 configs: the lowest value the membrane
 * may take (mV, BindsNET `lbound`), or null (the default) for unbounded.
 */
export const lowerBoundField = z
  .number()
  .nullable()
  .default(null)
  .describe("mV — lowest membrane value (BindsNET lbound); null = unbounded (BindsNET default)");

/**
 * Schema field `oneSpikePerStep` shared by the if, lif and srm0 configs: BindsNET's `one_spike`
 * (DiehlAndCookNodes, default True there; bindsnet/network/nodes.py). Absent or false: every
 * neuron that crosses threshold in a step spikes.
 */
export const oneSpikeField = z
  .boolean()
  .optional()
  .describe(
    "— one spike per step (BindsNET DiehlAndCookNodes one_spike): when several neurons cross threshold in one step, all are reset, made refractory and raise θ, but only one of them, drawn uniformly, emits its spike (inhibition, learning, spike counts); absent or false = every crossing neuron spikes (BindsNET IF/LIF/SRM0 nodes)",
  );

/** Escape-noise parameters (SRM0 only). */
export interface EscapeNoise {
  /** ρ0: firing intensity at threshold, per ms. */
  readonly rho0PerMs: number;
  /** Δ: width of the threshold region, mV. */
  readonly widthMv: number;
}

/** What the engine needs, whatever the model. Voltages in mV, times in ms. */
export interface CurrentNeuronParams {
  /** Model name for error messages and state checks. */
  readonly model: "if" | "lif" | "srm0";
  readonly restMv: number;
  readonly resetMv: number;
  readonly thresholdMv: number;
  readonly initialMv: number;
  /** Membrane time constant; Infinity = no leak (IF). */
  readonly tauMembraneMs: number;
  readonly refractoryMs: number;
  readonly inputGainMv: number;
  readonly thetaPlusMv: number;
  readonly tauThetaMs: number;
  readonly lowerBoundMv: number | null;
  readonly escape: EscapeNoise | null;
  /** BindsNET one_spike: of a step's crossing neurons only one, drawn uniformly, spikes. */
  readonly oneSpikePerStep: boolean;
}

/**
 * An array of `n` current-based neurons (if, lif or srm0; step in this module's header), stepped
 * every `dtMs` (ms) with BindsNET's semantics: an input spike adds g·w (mV) to v in its own step
 * only. Built by {@link createIfNeurons}, {@link createLifNeurons} and {@link createSrm0Neurons}.
 * The constructor throws a ValidationError when dtMs ≤ 0, when escape noise is set without an
 * RNG stream, or when one spike per step is set without its choice stream.
 */
export class CurrentBasedNeurons implements NeuronArray {
  readonly size: number;
  /** Membrane potential (mV). */
  readonly v: Float64Array;
  /** Summed weight of this step's input spikes; cleared every step (current-based input). */
  readonly excInput: Float64Array;
  /**
   * Adaptive threshold kept as θ_j = thetaScaled_j · thetaDecayNow with one shared decay factor
   * (as the dc neuron): the exact decay of every θ without touching each neuron per step.
   */
  readonly thetaScaled: Float64Array;
  private thetaDecayNow = 1;
  /** Integration is blocked (refractory, suppress, hold) through this step. */
  readonly clampUntil: Float64Array;
  /** The neuron may fire only after this step. */
  readonly fireAfter: Float64Array;
  private learning = true;
  /** Last step integrated. */
  private now = -Infinity;
  /** Per-step membrane decay factor a = e^(−dt/τ_m) (1 for IF). */
  readonly decay: number;
  /** false for IF (τ_m = ∞): v is not touched by a leak at all. */
  private readonly leak: boolean;
  private readonly thetaDecay: number;
  private readonly refractorySteps: number;
  /** ρ0·dt: the escape intensity at threshold times the step (0 without escape noise). */
  private readonly escapeRate: number;
  private readonly escapeWidthMv: number;
  private rng: Rng | null;
  /** Draws the one spike of a step with several crossers (oneSpikePerStep), else null. */
  private spikeChoiceRng: Rng | null;
  /** Escape noise: accumulated hazard Λ_j since the last crossing, and the budget E_j ~ Exp(1). */
  readonly hazard: Float64Array;
  readonly budget: Float64Array;
  /** WebAssembly path: the arena holding the state arrays and the kernel's output buffer. */
  private readonly arena: KernelArena | null;
  private readonly firedOut: Int32Array;
  /** Byte addresses of the kernel arrays, read once (byteOffset is slow on WebAssembly memory). */
  private readonly addr: {
    readonly v: number;
    readonly x: number;
    readonly theta: number;
    readonly clamp: number;
    readonly fireAfter: number;
    readonly hazard: number;
    readonly budget: number;
    readonly fired: number;
  };

  constructor(
    readonly params: CurrentNeuronParams,
    n: number,
    readonly dtMs: number,
    private readonly ledger: OpLedger,
    rng: Rng | null,
    arena: KernelArena | null = null,
    spikeChoiceRng: Rng | null = null,
  ) {
    if (!(dtMs > 0))
      throw new ValidationError(`${params.model} neurons: dtMs must be > 0, got ${dtMs}`);
    if (params.escape && !rng) {
      throw new ValidationError(`${params.model} neurons: escape noise needs an RNG stream`);
    }
    if (params.oneSpikePerStep && !spikeChoiceRng) {
      throw new ValidationError(
        `${params.model} neurons: one spike per step needs an RNG stream for the choice`,
      );
    }
    this.spikeChoiceRng = params.oneSpikePerStep ? spikeChoiceRng : null;
    this.size = n;
    this.arena = arena;
    const f64 = (k: number): Float64Array => (arena ? arena.f64(k) : new Float64Array(k));
    this.v = f64(n).fill(params.initialMv);
    this.excInput = f64(n);
    this.thetaScaled = f64(n);
    this.clampUntil = f64(n).fill(-Infinity);
    this.fireAfter = f64(n).fill(-Infinity);
    this.firedOut = arena ? arena.i32(n) : new Int32Array(0);
    this.leak = Number.isFinite(params.tauMembraneMs);
    this.decay = this.leak ? Math.exp(-dtMs / params.tauMembraneMs) : 1;
    this.thetaDecay = Math.exp(-dtMs / params.tauThetaMs);
    this.refractorySteps = Math.round(params.refractoryMs / dtMs);
    this.escapeRate = params.escape ? params.escape.rho0PerMs * dtMs : 0;
    this.escapeWidthMv = params.escape ? params.escape.widthMv : 1;
    this.rng = params.escape ? rng : null;
    this.hazard = params.escape ? f64(n) : new Float64Array(0);
    this.budget = params.escape ? f64(n) : new Float64Array(0);
    this.addr = {
      v: this.v.byteOffset,
      x: this.excInput.byteOffset,
      theta: this.thetaScaled.byteOffset,
      clamp: this.clampUntil.byteOffset,
      fireAfter: this.fireAfter.byteOffset,
      hazard: this.hazard.byteOffset,
      budget: this.budget.byteOffset,
      fired: this.firedOut.byteOffset,
    };
    const r = this.rng;
    if (r) for (let j = 0; j < n; j++) this.budget[j] = -Math.log(r.nextOpen());
  }

  step(t: number, _hadInput: boolean, fired: Int32Array): number {
    const n = this.crossers(t, fired);
    return n > 1 && this.spikeChoiceRng !== null ? this.keepOne(t, fired, n) : n;
  }

  /**
   * BindsNET's one_spike (DiehlAndCookNodes.forward): every crosser is reset, made refractory and
   * raises θ (fire() now, as the engine would after inhibition), but only one, drawn uniformly
   * with one draw of the choice stream, stays in `fired` to spike. Returns 1. The engine calls
   * fire() for that one after inhibition, so each crosser is reset once per step, and an
   * inhibition mode (soft or wta) sees one spike: the others are inhibited as non-spiking neurons.
   */
  private keepOne(t: number, fired: Int32Array, n: number): number {
    const k = this.spikeChoiceRng!.int(n);
    const chosen = fired[k]!;
    fired[k] = fired[n - 1]!;
    this.fire(t, fired, n - 1);
    fired[0] = chosen;
    return 1;
  }

  /** Steps every neuron; the crossing neurons' indices go to `fired` (ascending). Returns their count. */
  private crossers(t: number, fired: Int32Array): number {
    const { v, excInput: x, thetaScaled, clampUntil, fireAfter, decay } = this;
    const p = this.params;
    const rest = p.restMv;
    const gain = p.inputGainMv;
    const base = p.thresholdMv;
    const floor = p.lowerBoundMv ?? -Infinity;
    if (this.learning && p.thetaPlusMv > 0) this.advanceTheta(1);
    const d = this.thetaDecayNow;
    this.now = t;
    const c = this.ledger.counts;
    if (this.leak) c[OP.leakUpdates]! += this.size;
    c[OP.compares]! += this.size;
    const rng = this.rng;
    const arena = this.arena;
    if (arena && rng === null) {
      const nOut = arena.kernels.currentStep(
        this.size,
        this.addr.v,
        this.addr.x,
        this.addr.theta,
        this.addr.clamp,
        this.addr.fireAfter,
        this.addr.fired,
        t,
        this.leak ? 1 : 0,
        decay,
        rest,
        gain,
        floor,
        base,
        d,
      );
      for (let k = 0; k < nOut; k++) fired[k] = this.firedOut[k]!;
      return nOut;
    }
    if (arena && rng !== null) {
      const nOut = arena.kernels.srm0Step(
        this.size,
        this.addr.v,
        this.addr.x,
        this.addr.theta,
        this.addr.clamp,
        this.addr.fireAfter,
        this.addr.hazard,
        this.addr.budget,
        this.addr.fired,
        t,
        decay,
        rest,
        gain,
        floor,
        base,
        d,
        this.escapeRate,
        this.escapeWidthMv,
      );
      for (let k = 0; k < nOut; k++) {
        const j = this.firedOut[k]!;
        fired[k] = j;
        this.budget[j] = -Math.log(rng.nextOpen());
      }
      return nOut;
    }
    // JavaScript reference of the kernel (same operations, same order, same bits).
    const leak = this.leak;
    const rate = this.escapeRate;
    const width = this.escapeWidthMv;
    const { hazard, budget } = this;
    const n = this.size;
    let nFired = 0;
    for (let j = 0; j < n; j++) {
      let vj = leak ? rest + decay * (v[j]! - rest) : v[j]!;
      if (t > clampUntil[j]!) vj += gain * x[j]!;
      if (vj < floor) vj = floor;
      x[j] = 0;
      v[j] = vj;
      if (t <= fireAfter[j]!) continue;
      const threshold = base + thetaScaled[j]! * d;
      if (rng === null) {
        if (vj >= threshold) fired[nFired++] = j;
      } else {
        // Λ += ρ·dt; cross when Λ reaches the budget, then a fresh budget (draws in index order).
        const h = hazard[j]! + rate * escapeExp((vj - threshold) / width);
        if (h >= budget[j]!) {
          fired[nFired++] = j;
          hazard[j] = 0;
          budget[j] = -Math.log(rng.nextOpen());
        } else {
          hazard[j] = h;
        }
      }
    }
    return nFired;
  }

  /** θ decays by e^(−dt/τ_θ) per learning step; folded into thetaScaled before it underflows. */
  private advanceTheta(steps: number): void {
    this.thetaDecayNow *= steps === 1 ? this.thetaDecay : Math.pow(this.thetaDecay, steps);
    if (this.thetaDecayNow < 1e-100) {
      for (let j = 0; j < this.size; j++) this.thetaScaled[j]! *= this.thetaDecayNow;
      this.thetaDecayNow = 1;
    }
  }

  fire(t: number, fired: Int32Array, nFired: number): void {
    const plusScaled = this.learning ? this.params.thetaPlusMv / this.thetaDecayNow : 0;
    const until = t + this.refractorySteps;
    for (let k = 0; k < nFired; k++) {
      const j = fired[k]!;
      this.v[j] = this.params.resetMv;
      this.thetaScaled[j]! += plusScaled;
      if (until > this.clampUntil[j]!) this.clampUntil[j] = until;
      if (until > this.fireAfter[j]!) this.fireAfter[j] = until;
    }
    this.ledger.counts[OP.resets]! += nFired;
  }

  overshootMv(j: number): number {
    return this.v[j]! - this.thresholdOf(j);
  }

  private thresholdOf(j: number): number {
    return this.params.thresholdMv + this.thetaScaled[j]! * this.thetaDecayNow;
  }

  inhibitMv(j: number, amountMv: number): void {
    const floor = this.params.lowerBoundMv ?? -Infinity;
    const next = this.v[j]! - amountMv;
    this.v[j] = next < floor ? floor : next;
    this.ledger.counts[OP.inhibitionEvents]!++;
  }

  /** Integration at step t is blocked through clampUntil (refractory period or hold). */
  integratesAt(j: number, t: number): boolean {
    return t > this.clampUntil[j]!;
  }

  suppress(j: number, untilStep: number): void {
    this.v[j] = this.params.resetMv;
    this.hold(j, untilStep);
  }

  /** Holds neuron j (no integration, no firing) through `untilStep` without touching v. */
  hold(j: number, untilStep: number): void {
    if (untilStep > this.clampUntil[j]!) this.clampUntil[j] = untilStep;
    if (untilStep > this.fireAfter[j]!) this.fireAfter[j] = untilStep;
    this.ledger.counts[OP.inhibitionEvents]!++;
  }

  /**
   * Closed form of `restSteps` input-free steps: v ← E_rest + (v − E_rest)·a^n (a = 1: unchanged),
   * θ ← θ·e^(−n·dt/τ_θ) while learning. Exact up to rounding: the step applies the same decay
   * whether or not the neuron is held, and no input arrives.
   */
  rest(_t: number, restSteps: number): void {
    if (restSteps <= 0) return;
    const rest = this.params.restMv;
    if (this.leak) {
      const a = Math.pow(this.decay, restSteps);
      for (let j = 0; j < this.size; j++) this.v[j] = rest + (this.v[j]! - rest) * a;
      this.ledger.counts[OP.leakUpdates]! += this.size;
    }
    this.excInput.fill(0);
    if (this.learning && this.params.thetaPlusMv > 0) this.advanceTheta(restSteps);
  }

  /**
   * Settled when no neuron can fire without input: no escape noise (SRM0 may fire at any
   * membrane value, so its rest is always stepped), and every membrane and its resting value lie
   * below the threshold (v relaxes monotonically toward E_rest, or stays put for IF).
   */
  settled(): boolean {
    if (this.rng !== null) return false;
    const rest = this.params.restMv;
    for (let j = 0; j < this.size; j++) {
      if (Math.max(this.v[j]!, rest) >= this.thresholdOf(j)) return false;
    }
    return true;
  }

  setLearning(on: boolean): void {
    this.learning = on;
  }

  thresholdsMv(): Float64Array {
    const out = new Float64Array(this.size);
    for (let j = 0; j < this.size; j++) out[j] = this.thresholdOf(j);
    return out;
  }

  /** Adaptive threshold θ_j in mV. */
  thetaMv(j: number): number {
    return this.thetaScaled[j]! * this.thetaDecayNow;
  }

  /** Membrane v (mV), this step's input and θ (scaled). */
  finiteState(): FiniteState {
    return [
      ["v", this.v],
      ["input", this.excInput],
      ["theta", this.thetaScaled],
    ];
  }

  private stateSpec: StateSpec | null = null;

  /** Checkpoint state, declared once (src/core/state-spec.ts); built on first use. */
  private get state(): StateSpec {
    if (this.stateSpec) return this.stateSpec;
    const entries: Record<string, StateEntry> = {
      v: array(() => this.v),
      input: array(() => this.excInput),
      thetaScaled: array(() => this.thetaScaled),
      thetaDecayNow: scalar(
        () => this.thetaDecayNow,
        (x) => (this.thetaDecayNow = x),
      ),
      clampUntil: array(() => this.clampUntil),
      fireAfter: array(() => this.fireAfter),
      learning: flag(
        () => this.learning,
        (x) => (this.learning = x),
      ),
      now: scalar(
        () => this.now,
        (x) => (this.now = x),
      ),
    };
    const choice = this.spikeChoiceRng;
    if (choice) {
      entries.spikeChoiceRng = rngStream(
        () => this.spikeChoiceRng ?? choice,
        (r) => (this.spikeChoiceRng = r),
      );
    }
    const rng = this.rng;
    if (rng) {
      entries.rng = rngStream(
        () => this.rng ?? rng,
        (r) => (this.rng = r),
      );
      entries.hazard = array(() => this.hazard);
      entries.budget = array(() => this.budget);
    }
    return (this.stateSpec = declareState(`neurons (${this.params.model})`, entries));
  }

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
