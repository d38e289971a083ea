/**
 * The population inhibition's per-step loop (src/network/inhibition/population.ts) against a
 * direct transcription of its equations, bit for bit. The transcription below is the loop as it
 * was before it was reorganised for speed (one branch per neuron state: refractory, fires, goes
 * quiet, keeps relaxing); both get the same excitatory spikes and rest periods, and every state
 * array, every g_i and every op count must match exactly (Object.is, so −0 and NaN count too).
 */
import { describe, expect, it } from "vitest";
import { OP, OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import {
  PopulationInhibition,
  populationInhibitionSchema,
  type PopulationInhibitionConfig,
} from "../../src/network/inhibition/population.js";
import { DiehlCookNeurons, dcNeuronConfigSchema } from "../../src/neurons/diehl-cook.js";

const DT = 0.5;
const QUIET_MV = 1e-9;
const QUIET_G = 1e-12;

/** The transcription: every active neuron goes through the same statements in this order. */
class TranscribedPopulation {
  readonly v: Float64Array;
  readonly ge: Float64Array;
  readonly lastSpike: Float64Array;
  readonly gi: Float64Array;
  readonly isActive: Uint8Array;
  readonly counts = new OpLedger().counts.slice();
  private readonly active: Int32Array;
  private nActive = 0;
  private readonly kV: number;
  private readonly geDecay: number;
  private readonly refractorySteps: number;

  constructor(
    private readonly config: PopulationInhibitionConfig,
    n: number,
  ) {
    this.v = new Float64Array(n).fill(config.initialMv);
    this.ge = new Float64Array(n);
    this.lastSpike = new Float64Array(n).fill(-Infinity);
    this.gi = new Float64Array(n);
    this.isActive = new Uint8Array(n);
    this.active = new Int32Array(n);
    for (let k = 0; k < n; k++) this.activate(k);
    this.kV = DT / config.tauMembraneMs;
    this.geDecay = 1 - DT / config.tauGeMs;
    this.refractorySteps = Math.round(config.refractoryMs / DT);
  }

  private activate(k: number): void {
    if (this.isActive[k] === 0) {
      this.isActive[k] = 1;
      this.active[this.nActive++] = k;
    }
  }

  afterStep(t: number, fired: Int32Array, nFired: number): number {
    const { v, ge, lastSpike, config, kV, geDecay, refractorySteps } = this;
    const rest = config.restMv;
    const spikes: number[] = [];
    let w = 0;
    for (let r = 0; r < this.nActive; r++) {
      const k = this.active[r]!;
      const vk = v[k]!;
      const gek = ge[k]!;
      const since = t - lastSpike[k]!;
      if (since > refractorySteps) v[k] = vk + kV * (rest - vk + gek * (config.excReversalMv - vk));
      ge[k] = gek * geDecay;
      if (v[k]! > config.thresholdMv && since > refractorySteps) {
        spikes.push(k);
        v[k] = config.resetMv;
        lastSpike[k] = t;
      }
      const quiet =
        ge[k]! < QUIET_G &&
        Math.abs(v[k]! - rest) < QUIET_MV &&
        t - lastSpike[k]! > refractorySteps;
      if (quiet) {
        v[k] = rest;
        ge[k] = 0;
        this.isActive[k] = 0;
      } else {
        this.active[w++] = k;
      }
    }
    this.nActive = w;
    this.counts[OP.leakUpdates]! += w;
    this.counts[OP.compares]! += w;
    if (spikes.length > 0) {
      this.counts[OP.inhibitorySpikes]! += spikes.length;
      for (const k of spikes) {
        for (let j = 0; j < this.gi.length; j++) if (j !== k) this.gi[j]! += config.inhToExc;
      }
      this.counts[OP.inhibitionEvents]! += spikes.length * (this.gi.length - 1);
    }
    for (let s = 0; s < nFired; s++) {
      const j = fired[s]!;
      ge[j]! += config.excToInh;
      this.activate(j);
    }
    this.counts[OP.neuronAdds]! += nFired;
    return nFired;
  }

  rest(restSteps: number): void {
    const a = Math.pow(1 - this.kV, restSteps);
    const g = Math.pow(this.geDecay, restSteps);
    const rest = this.config.restMv;
    for (let r = 0; r < this.nActive; r++) {
      const k = this.active[r]!;
      this.v[k] = rest + (this.v[k]! - rest) * a;
      this.ge[k]! *= g;
    }
  }
}

function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect.fail(`${what}[${i}]: ${actual[i]} instead of ${expected[i]}`);
    }
  }
}

interface Drive {
  readonly neurons: number;
  readonly steps: number;
  /** Probability per step that some excitatory neurons fire. */
  readonly fireProbability: number;
  readonly config?: Partial<PopulationInhibitionConfig>;
  /** Applied to both before the first step (e.g. a NaN planted in the state). */
  readonly plant?: (s: { v: Float64Array; ge: Float64Array; lastSpike: Float64Array }) => void;
}

/** Runs both on the same seeded excitatory spikes; compares everything after every step. */
function compare(drive: Drive): { inhibitorySpikes: number; quietDrops: number } {
  const n = drive.neurons;
  const config = populationInhibitionSchema.parse({ mode: "population", ...drive.config });
  const ledger = new OpLedger();
  const exc = new DiehlCookNeurons(dcNeuronConfigSchema.parse({ model: "dc" }), n, DT, ledger);
  const fast = new PopulationInhibition(config, exc, DT, ledger);
  const ref = new TranscribedPopulation(config, n);
  drive.plant?.(fast);
  drive.plant?.(ref);
  const rng = createRng(`population-inhibition/${n}/${drive.fireProbability}`);
  const fired = new Int32Array(n);
  let quietDrops = 0;
  let t = 0;
  for (let s = 0; s < drive.steps; s++) {
    let nFired = 0;
    if (rng.next() < drive.fireProbability) {
      // 1–3 distinct neurons, ascending as the neuron arrays report them.
      const want = 1 + rng.int(3);
      for (let j = rng.int(n); j < n && nFired < want; j += 1 + rng.int(5)) fired[nFired++] = j;
    }
    const before = ref.isActive.reduce((a, b) => a + b, 0);
    expect(fast.afterStep(t, fired, nFired)).toBe(ref.afterStep(t, fired, nFired));
    const after = ref.isActive.reduce((a, b) => a + b, 0);
    if (after < before + nFired) quietDrops++;
    sameBits(fast.v, ref.v, `v at step ${t}`);
    sameBits(fast.ge, ref.ge, `g_e at step ${t}`);
    sameBits(fast.lastSpike, ref.lastSpike, `lastSpike at step ${t}`);
    sameBits(exc.gi, ref.gi, `g_i at step ${t}`);
    t++;
    if (s % 700 === 699) {
      // A rest period's closed form, as the engine applies it after a presentation.
      fast.rest(t, 300);
      ref.rest(300);
      t += 300;
      sameBits(fast.v, ref.v, `v after rest at ${t}`);
      sameBits(fast.ge, ref.ge, `g_e after rest at ${t}`);
    }
  }
  for (const op of [
    OP.leakUpdates,
    OP.compares,
    OP.inhibitorySpikes,
    OP.inhibitionEvents,
    OP.neuronAdds,
  ]) {
    expect(ledger.counts[op], `op ${op}`).toBe(ref.counts[op]);
  }
  return { inhibitorySpikes: ref.counts[OP.inhibitorySpikes]!, quietDrops };
}

describe("PopulationInhibition: the per-step loop equals the transcribed Euler step bit for bit", () => {
  it("sparse excitatory spikes (most neurons relax to quiet, some fire): 30 neurons, 5,000 steps", () => {
    const { inhibitorySpikes, quietDrops } = compare({
      neurons: 30,
      steps: 5000,
      fireProbability: 0.02,
    });
    // The drive exercises every branch: spikes (and refractory steps after them) and quiet drops.
    expect(inhibitorySpikes).toBeGreaterThan(50);
    expect(quietDrops).toBeGreaterThan(10);
  });

  it("dense spikes (several per step, neurons kept active): 12 neurons, 3,000 steps", () => {
    const { inhibitorySpikes } = compare({ neurons: 12, steps: 3000, fireProbability: 0.6 });
    expect(inhibitorySpikes).toBeGreaterThan(200);
  });

  it("other parameters: no refractory period, a threshold below rest, a slow g_e", () => {
    compare({
      neurons: 10,
      steps: 2000,
      fireProbability: 0.05,
      config: { refractoryMs: 0, thresholdMv: -70, tauGeMs: 5 },
    });
  });

  it("NaN and ±Inf in the state (a damaged snapshot) take the same branches", () => {
    compare({
      neurons: 8,
      steps: 1500,
      fireProbability: 0.05,
      plant: (s) => {
        s.v[1] = Number.NaN;
        s.ge[2] = Number.NaN;
        s.lastSpike[3] = Number.NaN;
        s.v[4] = Infinity;
        s.ge[5] = -Infinity;
        s.lastSpike[6] = Infinity;
      },
    });
  });
});
