import { describe, expect, it } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import {
  LateralInhibition,
  lateralInhibitionSchema,
} from "../../src/network/inhibition/lateral.js";
import {
  PopulationInhibition,
  populationInhibitionSchema,
} from "../../src/network/inhibition/population.js";
import { DiehlCookNeurons, dcNeuronConfigSchema } from "../../src/neurons/diehl-cook.js";

const DT = 0.5;

function excitatory(n: number, ledger: OpLedger): DiehlCookNeurons {
  return new DiehlCookNeurons(dcNeuronConfigSchema.parse({ model: "dc" }), n, DT, ledger);
}

/**
 * The inhibitory neuron of Diehl & Cook written out independently (shared/reference):
 * τ dv/dt = (E_rest − v) + g_e(E_exc − v), τ = 10 ms, E_rest −60, reset −45, threshold −40 mV,
 * refractory 2 ms (no integration, no spike while t − t_last ≤ 4 steps), dg_e/dt = −g_e/1 ms,
 * forward Euler at dt; exc j → inh j adds 10.4 to g_e after the inhibitory step of that time step.
 * Returns the inhibitory spike steps for excitatory input spikes at `excSpikes` (steps).
 */
function referenceInhibitorySpikes(excSpikes: readonly number[], steps: number): number[] {
  let v = -100;
  let ge = 0;
  let last = -Infinity;
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    const free = t - last > 4;
    if (free) v = v + (DT / 10) * (-60 - v + ge * (0 - v));
    ge = ge * (1 - DT / 1);
    if (free && v > -40) {
      out.push(t);
      v = -45;
      last = t;
    }
    for (const s of excSpikes) if (s === t) ge += 10.4;
  }
  return out;
}

describe("PopulationInhibition", () => {
  it("populationInhibitionSchema defaults: 10.4 exc→inh, 17 inh→exc, τ 10 ms, −60/−45/−40 mV, 2 ms refractory", () => {
    expect(populationInhibitionSchema.parse({ mode: "population" })).toEqual({
      mode: "population",
      excToInh: 10.4,
      inhToExc: 17,
      tauMembraneMs: 10,
      restMv: -60,
      resetMv: -45,
      thresholdMv: -40,
      excReversalMv: 0,
      tauGeMs: 1,
      refractoryMs: 2,
      initialMv: -100,
    });
  });

  it("PopulationInhibition.afterStep: an excitatory spike drives its partner (g_e += 10.4), which fires within a few steps and adds 17 to g_i of every other excitatory neuron", () => {
    const ledger = new OpLedger();
    const exc = excitatory(4, ledger);
    const inh = new PopulationInhibition(
      populationInhibitionSchema.parse({ mode: "population" }),
      exc,
      DT,
      ledger,
    );
    const expected = referenceInhibitorySpikes([0], 40);
    expect(expected.length).toBe(1);
    expect(expected[0]).toBeLessThanOrEqual(3); // "within a few steps" of the paper's dynamics
    const fired = Int32Array.of(2, 0, 0, 0);
    expect(inh.afterStep(0, fired, 1)).toBe(1); // the excitatory spike stands
    expect(inh.ge[2]).toBe(10.4);
    expect(Array.from(exc.gi)).toEqual([0, 0, 0, 0]);
    const none = new Int32Array(4);
    let inhSpikeAt = -1;
    for (let t = 1; t < 40; t++) {
      const before = Array.from(exc.gi);
      inh.afterStep(t, none, 0);
      if (inhSpikeAt < 0 && exc.gi[0] !== before[0]) inhSpikeAt = t;
    }
    expect(inhSpikeAt).toBe(expected[0]);
    // Everyone but the partner's own excitatory neuron, exactly once (exc.step is not called,
    // so g_i does not decay here).
    expect(Array.from(exc.gi)).toEqual([17, 17, 0, 17]);
    expect(ledger.toRecord()).toMatchObject({
      inhibitorySpikes: 1,
      inhibitionEvents: 3, // N − 1 per inhibitory spike
      neuronAdds: 1, // the 10.4 into the partner's g_e
    });
  });

  it("PopulationInhibition.afterStep: two excitatory spikes in one step: each other neuron gets 17 per foreign inhibitory spike (N − 1 events each)", () => {
    const ledger = new OpLedger();
    const exc = excitatory(5, ledger);
    const inh = new PopulationInhibition(
      populationInhibitionSchema.parse({ mode: "population" }),
      exc,
      DT,
      ledger,
    );
    inh.afterStep(0, Int32Array.of(1, 3), 2);
    const none = new Int32Array(5);
    for (let t = 1; t < 30; t++) inh.afterStep(t, none, 0);
    expect(Array.from(exc.gi)).toEqual([34, 17, 34, 17, 34]);
    expect(ledger.toRecord()).toMatchObject({ inhibitorySpikes: 2, inhibitionEvents: 8 });
  });

  it("PopulationInhibition: a partner driven every step fires at the reference times, never within its 2 ms refractory period", () => {
    const ledger = new OpLedger();
    const exc = excitatory(3, ledger);
    const inh = new PopulationInhibition(
      populationInhibitionSchema.parse({ mode: "population" }),
      exc,
      DT,
      ledger,
    );
    const excSpikes = Array.from({ length: 60 }, (_, t) => t);
    const expected = referenceInhibitorySpikes(excSpikes, 60);
    const spikes: number[] = [];
    for (let t = 0; t < 60; t++) {
      const before = exc.gi[1]!;
      inh.afterStep(t, Int32Array.of(0), 1);
      if (exc.gi[1] !== before) spikes.push(t);
    }
    expect(spikes).toEqual(expected);
    expect(spikes.length).toBeGreaterThan(5);
    for (let k = 1; k < spikes.length; k++) expect(spikes[k]! - spikes[k - 1]!).toBeGreaterThan(4);
    expect(exc.gi[0]).toBe(0); // never inhibited by its own partner
    expect(ledger.toRecord().inhibitorySpikes).toBe(expected.length);
  });

  it("PopulationInhibition.settled: false while a partner has conductance or is refractory; once settled, rest(t, n) equals n quiet steps (to 1e-9 mV) and no inhibitory spike can follow", () => {
    const ledger = new OpLedger();
    const exc = excitatory(3, ledger);
    const config = populationInhibitionSchema.parse({ mode: "population" });
    const inh = new PopulationInhibition(config, exc, DT, ledger);
    const none = new Int32Array(3);
    inh.afterStep(0, Int32Array.of(1), 1);
    expect(inh.settled()).toBe(false);
    const spikeAt = referenceInhibitorySpikes([0], 100)[0]!;
    // g_e = 10.4·0.5^n stays above 1e-6 for n ≤ 23 steps; the spike's refractory period ends 4
    // steps after it: settled() must stay false at least that long.
    const earliest = Math.max(23, spikeAt + 4);
    let settledAt = -1;
    for (let t = 1; t < 200 && settledAt < 0; t++) {
      inh.afterStep(t, none, 0);
      if (inh.settled()) settledAt = t;
    }
    expect(settledAt).toBeGreaterThan(earliest);
    expect(settledAt).toBeLessThan(60);
    expect(ledger.toRecord().inhibitorySpikes).toBe(1);

    // Twin B continues by stepping, A by the closed form.
    const excB = excitatory(3, new OpLedger());
    excB.gi.set(exc.gi);
    const b = new PopulationInhibition(config, excB, DT, new OpLedger());
    b.loadState(inh.saveState());
    const giBefore = Array.from(excB.gi);
    for (let t = settledAt + 1; t <= settledAt + 300; t++) b.afterStep(t, none, 0);
    inh.rest(settledAt, 300);
    expect(Array.from(excB.gi)).toEqual(giBefore); // no inhibitory spike while settled
    for (let k = 0; k < 3; k++) expect(Math.abs(inh.v[k]! - b.v[k]!)).toBeLessThan(1e-9);
    for (let k = 0; k < 3; k++) expect(Math.abs(inh.ge[k]! - b.ge[k]!)).toBeLessThan(1e-12);
  });

  it("PopulationInhibition.loadState: resumes identically (inhibitory spikes and excitatory g_i)", () => {
    const run = (inh: PopulationInhibition, exc: DiehlCookNeurons, from: number, to: number) => {
      const log: number[] = [];
      for (let t = from; t < to; t++) {
        const fired = t % 7 === 0 ? Int32Array.of(t % 3) : new Int32Array(0);
        inh.afterStep(t, fired, fired.length);
        log.push(...exc.gi, ...inh.v);
      }
      return log;
    };
    const config = populationInhibitionSchema.parse({ mode: "population" });
    const excA = excitatory(3, new OpLedger());
    const a = new PopulationInhibition(config, excA, DT, new OpLedger());
    run(a, excA, 0, 50);
    const saved = a.saveState();
    const giSaved = excA.gi.slice();
    const logA = run(a, excA, 50, 150);
    const excB = excitatory(3, new OpLedger());
    const b = new PopulationInhibition(config, excB, DT, new OpLedger());
    run(b, excB, 0, 13);
    b.loadState(saved);
    excB.gi.set(giSaved);
    expect(run(b, excB, 50, 150)).toEqual(logA);
  });

  it("PopulationInhibition with DiehlCookNeurons: the first excitatory spike reaches the other neurons' g_i via its partner; the partner's own neuron is spared", () => {
    const ledger = new OpLedger();
    const exc = excitatory(3, ledger);
    const inh = new PopulationInhibition(
      populationInhibitionSchema.parse({ mode: "population" }),
      exc,
      DT,
      ledger,
    );
    const fired = new Int32Array(3);
    let excSpike = -1;
    let inhSpike = -1;
    for (let t = 0; t < 40 && inhSpike < 0; t++) {
      exc.excInput[0] = 50; // only neuron 0 is driven
      let n = exc.step(t, true, fired);
      const gi1 = exc.gi[1]!;
      n = inh.afterStep(t, fired, n);
      if (exc.gi[1]! > gi1) inhSpike = t;
      if (n > 0) {
        exc.fire(t, fired, n);
        if (excSpike < 0) excSpike = t;
      }
    }
    expect(excSpike).toBeGreaterThanOrEqual(0);
    expect(inhSpike - excSpike).toBeGreaterThanOrEqual(1);
    expect(inhSpike - excSpike).toBeLessThanOrEqual(3);
    expect(exc.gi[0]).toBe(0);
    expect(exc.gi[1]).toBe(17);
    expect(exc.gi[2]).toBe(17);
    // Next step the inhibited neurons are pulled toward E_inh = −100 mV: v + h·(17·(−100 − v) + …).
    const v1 = exc.v[1]!;
    exc.step(inhSpike + 1, false, fired);
    expect(exc.v[1]).toBeCloseTo(v1 + 0.005 * (-65 - v1 + 17 * (-100 - v1)), 10);
  });
});

describe("LateralInhibition", () => {
  it("LateralInhibition.afterStep: each spike adds the weight (17) to g_i of all other neurons at once; N − 1 events per spike; spikes stand", () => {
    const ledger = new OpLedger();
    const exc = excitatory(4, ledger);
    const lateral = new LateralInhibition(
      lateralInhibitionSchema.parse({ mode: "lateral" }),
      exc,
      ledger,
    );
    const fired = Int32Array.of(1, 3, 0, 0);
    expect(lateral.afterStep(0, fired, 2)).toBe(2);
    expect(Array.from(fired.subarray(0, 2))).toEqual([1, 3]);
    expect(Array.from(exc.gi)).toEqual([34, 17, 34, 17]);
    expect(ledger.toRecord().inhibitionEvents).toBe(6);
    expect(lateral.afterStep(1, fired, 0)).toBe(0);
    expect(Array.from(exc.gi)).toEqual([34, 17, 34, 17]);
    expect(ledger.toRecord().inhibitionEvents).toBe(6);
  });

  it("LateralInhibition: the weight is configurable", () => {
    const ledger = new OpLedger();
    const exc = excitatory(3, ledger);
    const lateral = new LateralInhibition(
      lateralInhibitionSchema.parse({ mode: "lateral", weight: 2.5 }),
      exc,
      ledger,
    );
    lateral.afterStep(0, Int32Array.of(2), 1);
    expect(Array.from(exc.gi)).toEqual([2.5, 2.5, 0]);
    expect(() => lateralInhibitionSchema.parse({ mode: "lateral", weight: -1 })).toThrow();
  });
});
