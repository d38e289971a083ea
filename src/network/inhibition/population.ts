import { z } from "zod";
import type { ComponentState, FiniteState, Inhibition } from "../../core/contracts.js";
import { OP, type OpLedger } from "../../core/ops.js";
import { array, declareState, scalar } from "../../core/state-spec.js";
import type { DiehlCookNeurons } from "../../neurons/diehl-cook.js";
import { EulerLimitWatch } from "./euler-limit.js";

/**
 * Diehl & Cook 2015 inhibitory population (shipped code): N conductance LIF neurons,
 *   τ dv/dt = (E_rest − v) + g_e(E_exc − v),  τ = 10 ms, E_rest −60, reset −45, threshold −40 mV,
 *   refractory 2 ms; excitatory j → inhibitory j with weight 10.4 (g_e += 10.4);
 *   inhibitory k → every excitatory j ≠ k with weight 17 (g_i += 17). Forward Euler at dt.
 */
export const populationInhibitionSchema = z.strictObject({
  mode: z.literal("population"),
  excToInh: z.number().nonnegative().default(10.4),
  inhToExc: z.number().nonnegative().default(17.0),
  tauMembraneMs: z.number().positive().default(10),
  restMv: z.number().default(-60),
  resetMv: z.number().default(-45),
  thresholdMv: z.number().default(-40),
  excReversalMv: z.number().default(0),
  tauGeMs: z.number().positive().default(1),
  refractoryMs: z.number().nonnegative().default(2),
  initialMv: z.number().default(-100),
});
/**
 * Inhibitory population settings after defaults (weights, membrane time constant and potentials in
 * mV, times in ms).
 */
export type PopulationInhibitionConfig = z.output<typeof populationInhibitionSchema>;

/**
 * An inhibitory neuron is skipped while quiescent: g_e < 1e-12 and |v − E_rest| < 1e-9 mV, at which
 * point it is set exactly to rest (the dropped relaxation is below 1e-9 mV; such a neuron cannot
 * fire since E_rest is 20 mV below threshold).
 */
const QUIET_MV = 1e-9;
const QUIET_G = 1e-12;

/**
 * Diehl & Cook 2015 inhibitory population: one conductance LIF inhibitory neuron per excitatory
 * neuron, each inhibiting every other excitatory neuron when it fires.
 */
export class PopulationInhibition implements Inhibition {
  readonly v: Float64Array;
  readonly ge: Float64Array;
  readonly lastSpike: Float64Array;
  /** Indices of non-quiescent inhibitory neurons; `isActive` marks membership. */
  private readonly active: Int32Array;
  private readonly isActive: Uint8Array;
  private nActive: number;
  private readonly kV: number;
  private readonly geDecay: number;
  private readonly refractorySteps: number;
  private readonly spikes: Int32Array;
  /** Last step integrated. */
  private now = -Infinity;
  /** Counts the steps whose g_i could break the excitatory forward-Euler update. */
  private readonly eulerWatch = new EulerLimitWatch();

  constructor(
    readonly config: PopulationInhibitionConfig,
    private readonly exc: DiehlCookNeurons,
    dtMs: number,
    private readonly ledger: OpLedger,
  ) {
    const n = exc.size;
    this.v = new Float64Array(n).fill(config.initialMv);
    this.ge = new Float64Array(n);
    this.lastSpike = new Float64Array(n).fill(-Infinity);
    this.active = new Int32Array(n);
    this.isActive = new Uint8Array(n);
    this.spikes = new Int32Array(n);
    this.nActive = 0;
    for (let k = 0; k < n; k++) this.activate(k);
    this.kV = dtMs / config.tauMembraneMs;
    this.geDecay = 1 - dtMs / config.tauGeMs;
    this.refractorySteps = Math.round(config.refractoryMs / dtMs);
  }

  stepsBeyondStableConductance(): { readonly steps: number; readonly peakRatio: number } {
    return this.eulerWatch.summary();
  }

  private activate(k: number): void {
    if (this.isActive[k] === 0) {
      this.isActive[k] = 1;
      this.active[this.nActive++] = k;
    }
  }

  afterStep(t: number, fired: Int32Array, nFired: number): number {
    this.integrate(t);
    const { ge, config } = this;
    for (let k = 0; k < nFired; k++) {
      const j = fired[k]!;
      ge[j]! += config.excToInh;
      this.activate(j);
    }
    this.ledger.counts[OP.neuronAdds]! += nFired;
    return nFired;
  }

  /**
   * One Euler step of the active inhibitory neurons; their spikes inhibit the excitatory layer.
   * Per neuron, in this order: g_e decays; outside the refractory period v takes its Euler step,
   * then fires (v > threshold: reset, refractory) or goes quiet (set to rest, dropped from the
   * active list). A refractory neuron keeps v and can neither fire nor go quiet, so its branch only
   * decays g_e. Same operations on the same values as the direct transcription of the schema's
   * equations (test/network/population-inhibition.test.ts compares them bit for bit).
   */
  private integrate(t: number): void {
    this.now = t;
    const { v, ge, lastSpike, active, isActive, spikes, kV, geDecay, refractorySteps } = this;
    const { restMv: rest, excReversalMv: eExc, thresholdMv, resetMv } = this.config;
    const nActive = this.nActive;
    let nSpikes = 0;
    let w = 0;
    for (let r = 0; r < nActive; r++) {
      const k = active[r]!;
      const gek = ge[k]!;
      const geNext = gek * geDecay;
      ge[k] = geNext;
      // Written as !(… > …) so a NaN time stamp counts as refractory, as in the transcription.
      if (!(t - lastSpike[k]! > refractorySteps)) {
        active[w++] = k;
        continue;
      }
      const vk = v[k]!;
      const vNext = vk + kV * (rest - vk + gek * (eExc - vk));
      if (vNext > thresholdMv) {
        spikes[nSpikes++] = k;
        v[k] = resetMv;
        lastSpike[k] = t;
        active[w++] = k;
      } else if (geNext < QUIET_G && Math.abs(vNext - rest) < QUIET_MV) {
        v[k] = rest;
        ge[k] = 0;
        isActive[k] = 0;
      } else {
        v[k] = vNext;
        active[w++] = k;
      }
    }
    this.nActive = w;
    const c = this.ledger.counts;
    c[OP.leakUpdates]! += w;
    c[OP.compares]! += w;
    this.eulerWatch.step(this.exc, nSpikes, this.config.inhToExc);
    if (nSpikes === 0) return;
    c[OP.inhibitorySpikes]! += nSpikes;
    // Spike by spike (the additions to one g_i keep their order); every j except k itself.
    this.exc.inhibitOthers(spikes, nSpikes, this.config.inhToExc);
    c[OP.inhibitionEvents]! += nSpikes * (this.exc.size - 1);
  }

  /**
   * Settled when no active inhibitory neuron has conductance left (> 1e-6), is refractory, or sits
   * above threshold: it then relaxes monotonically toward E_rest (20 mV below threshold).
   */
  settled(): boolean {
    const { v, ge, lastSpike, active, config } = this;
    for (let r = 0; r < this.nActive; r++) {
      const k = active[r]!;
      if (ge[k]! > 1e-6 || this.now - lastSpike[k]! <= this.refractorySteps) return false;
      if (v[k]! >= config.thresholdMv) return false;
    }
    return true;
  }

  /** Closed form of the Euler recursion: v ← E_rest + (v − E_rest)(1 − dt/τ)^n, g_e ← g_e(1 − dt/τ_ge)^n. */
  rest(_t: number, restSteps: number): void {
    if (restSteps <= 0) return;
    const a = Math.pow(1 - this.kV, restSteps);
    const g = Math.pow(this.geDecay, restSteps);
    const rest = this.config.restMv;
    for (let r = 0; r < this.nActive; r++) {
      const k = this.active[r]!;
      this.v[k] = rest + (this.v[k]! - rest) * a;
      this.ge[k]! *= g;
    }
    this.eulerWatch.rest(this.exc, restSteps);
  }

  /** Inhibitory membranes v (mV) and conductances g_e, by inhibitory neuron index. */
  finiteState(): FiniteState {
    return [
      ["v", this.v],
      ["g_e", this.ge],
    ];
  }

  /** The checkpoint state, declared once; save and load (with shape checks) derive from it. */
  private readonly state = declareState("inhibition (population)", {
    v: array(() => this.v),
    ge: array(() => this.ge),
    lastSpike: array(() => this.lastSpike),
    active: array(() => this.active),
    isActive: array(() => this.isActive),
    nActive: scalar(
      () => this.nActive,
      (n) => (this.nActive = n),
    ),
    now: scalar(
      () => this.now,
      (t) => (this.now = t),
    ),
    ...this.eulerWatch.stateFields(),
  });

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
