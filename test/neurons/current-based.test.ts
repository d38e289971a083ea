import { describe, expect, it } from "vitest";
import { OP, OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { KernelArena, kernelsAvailable } from "../../src/kernels/wasm.js";
import { createIfNeurons, ifNeuronConfigSchema } from "../../src/neurons/if.js";
import { createLifNeurons, lifNeuronConfigSchema } from "../../src/neurons/lif.js";
import { createSrm0Neurons, srm0NeuronConfigSchema } from "../../src/neurons/srm0.js";
import type { CurrentBasedNeurons } from "../../src/neurons/current-based.js";
import { escapeExp } from "../../src/neurons/escape-exp.js";

const DT = 0.5; // ms per step

function lif(n = 1, over: Record<string, unknown> = {}) {
  const ledger = new OpLedger();
  const config = lifNeuronConfigSchema.parse({ model: "lif", ...over });
  return { neurons: createLifNeurons(config, n, DT, ledger), ledger, config };
}

function ifArray(n = 1, over: Record<string, unknown> = {}) {
  const ledger = new OpLedger();
  const config = ifNeuronConfigSchema.parse({ model: "if", ...over });
  return { neurons: createIfNeurons(config, n, DT, ledger), ledger, config };
}

function srm0(n = 1, over: Record<string, unknown> = {}, seed = "srm0-test") {
  const ledger = new OpLedger();
  const config = srm0NeuronConfigSchema.parse({ model: "srm0", ...over });
  return { neurons: createSrm0Neurons(config, n, DT, ledger, createRng(seed)), ledger, config };
}

/** One engine step with `input` (summed weight) into every neuron: the crossing indices. */
function step(neurons: CurrentBasedNeurons, t: number, input: number): number[] {
  const fired = new Int32Array(neurons.size);
  neurons.excInput.fill(input);
  const n = neurons.step(t, input !== 0, fired);
  return Array.from(fired.subarray(0, n));
}

/** Steps with a constant input until the first crossing; returns its step (1-based count). */
function stepsToFirstSpike(neurons: CurrentBasedNeurons, input: number, max = 10_000): number {
  for (let t = 0; t < max; t++) {
    if (step(neurons, t, input).length > 0) return t + 1;
  }
  return Infinity;
}

describe("lif neuron (BindsNET LIFNodes)", () => {
  it("lifNeuronConfigSchema defaults are BindsNET's LIFNodes values: τ 100 ms, rest/reset −65, threshold −52 mV, refractory 5 ms, no adaptation", () => {
    expect(lifNeuronConfigSchema.parse({ model: "lif" })).toMatchObject({
      tauMembraneMs: 100,
      restMv: -65,
      resetMv: -65,
      thresholdMv: -52,
      refractoryMs: 5,
      inputGainMv: 1,
      thetaPlusMv: 0,
      lowerBoundMv: null,
    });
  });

  it("LIF membrane under a constant input follows the closed form v_n = E_rest + I·(1 − aⁿ)/(1 − a), a = e^(−dt/τ_m)", () => {
    const { neurons } = lif(1, { thresholdMv: 1000 }); // never fires: pure membrane response
    const I = 0.2;
    const a = Math.exp(-DT / 100);
    const vInf = I / (1 - a); // steady state above rest, ≈ I·τ_m/dt
    for (let n = 1; n <= 10_000; n++) {
      step(neurons, n - 1, I);
      // aⁿ = e^(−t/τ_m) at t = n·dt: the continuous closed form sampled at the steps.
      const expected = -65 + vInf * (1 - Math.exp((-n * DT) / 100));
      expect(Math.abs(neurons.v[0]! - expected)).toBeLessThan(1e-9);
    }
    // 50 time constants later it sits at the steady state E_rest + I/(1 − a).
    expect(Math.abs(neurons.v[0]! - (-65 + vInf))).toBeLessThan(1e-9);
  });

  it("LIF fires at the first step where the closed form reaches the threshold, resets to −65 and is refractory for 5 ms (10 steps)", () => {
    const { neurons } = lif();
    const I = 0.2;
    const a = Math.exp(-DT / 100);
    let expectedStep = 1;
    while (-65 + (I * (1 - a ** expectedStep)) / (1 - a) < -52) expectedStep++;
    const first = stepsToFirstSpike(neurons, I);
    expect(first).toBe(expectedStep);
    const t = first - 1;
    neurons.fire(t, Int32Array.of(0), 1);
    expect(neurons.v[0]).toBe(-65);
    // Refractory: the input of the next 10 steps is ignored (v only decays, and stays at rest).
    for (let k = 1; k <= 10; k++) {
      step(neurons, t + k, 5);
      expect(neurons.v[0]).toBe(-65);
    }
    step(neurons, t + 11, 5);
    expect(neurons.v[0]).toBe(-60);
  });

  it("LIF rest(n) equals n input-free steps (closed-form relaxation)", () => {
    const a = lif(3);
    const b = lif(3);
    for (const x of [a, b]) {
      x.neurons.v.set([-55, -70, -64]);
    }
    a.neurons.rest(0, 300);
    for (let t = 0; t < 300; t++) step(b.neurons, t, 0);
    for (let j = 0; j < 3; j++) expect(a.neurons.v[j]!).toBeCloseTo(b.neurons.v[j]!, 10);
    expect(a.neurons.settled()).toBe(true);
  });

  it("LIF with thetaPlusMv: each spike raises the threshold by θ_plus while learning, not in test mode", () => {
    const { neurons } = lif(1, { thetaPlusMv: 0.05 });
    neurons.fire(0, Int32Array.of(0), 1);
    expect(neurons.thresholdsMv()[0]).toBeCloseTo(-52 + 0.05, 9);
    neurons.setLearning(false);
    neurons.fire(100, Int32Array.of(0), 1);
    expect(neurons.thresholdsMv()[0]).toBeCloseTo(-52 + 0.05, 9);
  });

  it("LIF inhibition hooks: inhibitMv lowers v (floored at lowerBoundMv), suppress resets and holds, overshootMv is v − threshold", () => {
    const { neurons, ledger } = lif(2, { lowerBoundMv: -80 });
    neurons.v.set([-60, -60]);
    neurons.inhibitMv(0, 10);
    expect(neurons.v[0]).toBe(-70);
    neurons.inhibitMv(0, 50);
    expect(neurons.v[0]).toBe(-80);
    expect(neurons.overshootMv(1)).toBe(-8);
    neurons.suppress(1, 5);
    expect(neurons.v[1]).toBe(-65);
    // Held through step 5: a huge input neither integrates nor fires.
    expect(step(neurons, 3, 100)).toEqual([0]);
    expect(neurons.v[1]).toBe(-65);
    expect(ledger.toRecord().inhibitionEvents).toBe(3);
  });

  it("LIF saveState/loadState continues bit-identically", () => {
    const a = lif(4, { thetaPlusMv: 0.05 });
    for (let t = 0; t < 50; t++) {
      const f = step(a.neurons, t, 0.3 + 0.1 * (t % 3));
      a.neurons.fire(t, Int32Array.from(f), f.length);
    }
    const saved = a.neurons.saveState();
    const b = lif(4, { thetaPlusMv: 0.05 });
    b.neurons.loadState(saved);
    for (let t = 50; t < 200; t++) {
      const fa = step(a.neurons, t, 0.4);
      const fb = step(b.neurons, t, 0.4);
      expect(fb).toEqual(fa);
      a.neurons.fire(t, Int32Array.from(fa), fa.length);
      b.neurons.fire(t, Int32Array.from(fb), fb.length);
    }
    expect(Array.from(b.neurons.v)).toEqual(Array.from(a.neurons.v));
  });
});

describe("if neuron (BindsNET IFNodes)", () => {
  it.each([
    [1, 13],
    [3, 5],
    [3.25, 4],
    [0.7, 19],
    [13, 1],
  ])(
    "IF from reset −65 with input %f mV per step reaches threshold −52 after ⌈13/I⌉ = %i steps",
    (I, n) => {
      const { neurons } = ifArray();
      expect(Math.ceil(13 / I)).toBe(n);
      expect(stepsToFirstSpike(neurons, I)).toBe(n);
    },
  );

  it("IF keeps its membrane without input (no leak) and counts no leak updates", () => {
    const { neurons, ledger } = ifArray();
    step(neurons, 0, 6);
    for (let t = 1; t < 500; t++) step(neurons, t, 0);
    expect(neurons.v[0]).toBe(-59);
    neurons.rest(500, 300);
    expect(neurons.v[0]).toBe(-59);
    expect(ledger.toRecord().leakUpdates).toBe(0);
    expect(ledger.toRecord().compares).toBe(500);
  });
});

describe("srm0 neuron (BindsNET SRM0Nodes)", () => {
  it("srm0NeuronConfigSchema defaults: the reference study's −65/−65/−52 mV and τ 100 ms with SRM0Nodes' ε0 1, ρ0 1/ms, Δ 5 mV", () => {
    expect(srm0NeuronConfigSchema.parse({ model: "srm0" })).toMatchObject({
      tauMembraneMs: 100,
      restMv: -65,
      resetMv: -65,
      thresholdMv: -52,
      inputGainMv: 1,
      rho0PerMs: 1,
      escapeWidthMv: 5,
      refractoryMs: 5,
    });
  });

  it("SRM0 kernel response: one input of weight w gives v − E_rest = ε0·w·e^(−k·dt/τ_m) k steps later", () => {
    // ρ0 tiny: no escape spike disturbs the membrane.
    const { neurons } = srm0(1, { rho0PerMs: 1e-300, inputGainMv: 2, tauMembraneMs: 10 });
    const w = 3;
    step(neurons, 0, w);
    expect(neurons.v[0]! + 65).toBeCloseTo(2 * w, 12);
    for (let k = 1; k <= 60; k++) {
      step(neurons, k, 0);
      expect(Math.abs(neurons.v[0]! + 65 - 2 * w * Math.exp((-k * DT) / 10))).toBeLessThan(1e-12);
    }
  });

  it.each([0, -5, -10])(
    "SRM0 escape noise at v − θ = %i mV fires with probability 1 − exp(−ρ0·dt·e^((v − θ)/Δ)) per step",
    (offsetMv) => {
      // Rest at θ + offset, reset = rest, no refractory period: v never moves, every step is a trial.
      const n = 100;
      const steps = 2000;
      const restMv = -52 + offsetMv;
      const { neurons } = srm0(
        n,
        { restMv, resetMv: restMv, refractoryMs: 0 },
        `escape${offsetMv}`,
      );
      let spikes = 0;
      for (let t = 0; t < steps; t++) {
        const f = step(neurons, t, 0);
        spikes += f.length;
        neurons.fire(t, Int32Array.from(f), f.length);
      }
      const p = 1 - Math.exp(-1 * DT * Math.exp(offsetMv / 5));
      const trials = n * steps;
      const sigma = Math.sqrt((p * (1 - p)) / trials);
      expect(Math.abs(spikes / trials - p)).toBeLessThan(5 * sigma);
    },
  );

  it("SRM0 never reports settled (escape noise can fire at rest), and the same seed gives the same spikes", () => {
    const a = srm0(20);
    const b = srm0(20);
    const c = srm0(20, {}, "other-seed");
    expect(a.neurons.settled()).toBe(false);
    const run = (x: ReturnType<typeof srm0>) => {
      const out: number[] = [];
      for (let t = 0; t < 400; t++) {
        const f = step(x.neurons, t, t % 7 === 0 ? 1 : 0);
        x.neurons.fire(t, Int32Array.from(f), f.length);
        out.push(...f.map((j) => t * 100 + j));
      }
      return out;
    };
    const ra = run(a);
    expect(ra.length).toBeGreaterThan(0);
    expect(run(b)).toEqual(ra);
    expect(run(c)).not.toEqual(ra);
  });

  it("SRM0 saveState/loadState restores the escape RNG position: the continuation is identical", () => {
    const a = srm0(10);
    for (let t = 0; t < 100; t++) {
      const f = step(a.neurons, t, 0.5);
      a.neurons.fire(t, Int32Array.from(f), f.length);
    }
    const b = srm0(10);
    b.neurons.loadState(a.neurons.saveState());
    for (let t = 100; t < 300; t++) {
      const fa = step(a.neurons, t, 0.5);
      const fb = step(b.neurons, t, 0.5);
      expect(fb).toEqual(fa);
      a.neurons.fire(t, Int32Array.from(fa), fa.length);
      b.neurons.fire(t, Int32Array.from(fb), fb.length);
    }
  });
});

describe("current-based step kernel", () => {
  it.each(["lif", "if"] as const)(
    "%s step with a KernelArena gives the same bits as the JavaScript loop (33 neurons: odd count for the SIMD tail; inhibition, holds, floor, adaptation)",
    (model) => {
      expect(kernelsAvailable()).toBe(true);
      const n = 33;
      const over = { thetaPlusMv: 0.05, lowerBoundMv: -75, refractoryMs: 2 };
      const make = (arena: KernelArena | null) => {
        const ledger = new OpLedger();
        return model === "lif"
          ? createLifNeurons(lifNeuronConfigSchema.parse({ model, ...over }), n, DT, ledger, arena)
          : createIfNeurons(ifNeuronConfigSchema.parse({ model, ...over }), n, DT, ledger, arena);
      };
      const js = make(null);
      const wasm = make(KernelArena.create(n * 64 + 65_536));
      const rng = createRng("kernel-bits");
      const fj = new Int32Array(n);
      const fw = new Int32Array(n);
      let spikes = 0;
      for (let t = 0; t < 3000; t++) {
        for (let j = 0; j < n; j++) {
          const x = rng.next() < 0.3 ? rng.next() * 2 : 0;
          js.excInput[j] = x;
          wasm.excInput[j] = x;
        }
        const a = js.step(t, true, fj);
        const b = wasm.step(t, true, fw);
        expect(Array.from(fw.subarray(0, b))).toEqual(Array.from(fj.subarray(0, a)));
        js.fire(t, fj, a);
        wasm.fire(t, fw, b);
        spikes += a;
        if (t % 97 === 0) {
          const j = t % n;
          js.inhibitMv(j, 20);
          wasm.inhibitMv(j, 20);
          js.suppress((j + 5) % n, t + 7);
          wasm.suppress((j + 5) % n, t + 7);
        }
      }
      expect(spikes).toBeGreaterThan(100);
      expect(Buffer.from(wasm.v.buffer, wasm.v.byteOffset, n * 8)).toEqual(
        Buffer.from(js.v.buffer, js.v.byteOffset, n * 8),
      );
      expect(Array.from(wasm.thresholdsMv())).toEqual(Array.from(js.thresholdsMv()));
    },
  );
});

describe("SRM0 escape exponential and kernel", () => {
  it("escapeExp(z) is e^z to 4e-16 relative on [−40, 40], and clamps at ±700", () => {
    let worst = 0;
    for (let z = -40; z <= 40; z += 0.01237) {
      worst = Math.max(worst, Math.abs(escapeExp(z) / Math.exp(z) - 1));
    }
    expect(worst).toBeLessThan(4e-16);
    expect(escapeExp(-1e6)).toBe(escapeExp(-700));
    expect(escapeExp(1e6)).toBe(escapeExp(700));
    expect(Math.abs(escapeExp(-700) / Math.exp(-700) - 1)).toBeLessThan(1e-15);
  });

  it("srm0 step with a KernelArena gives the same spikes, membranes, hazards and budgets as the JavaScript loop (33 neurons)", () => {
    expect(kernelsAvailable()).toBe(true);
    const n = 33;
    const over = { refractoryMs: 2, lowerBoundMv: -80, thetaPlusMv: 0.05 };
    const config = srm0NeuronConfigSchema.parse({ model: "srm0", ...over });
    const js = createSrm0Neurons(config, n, DT, new OpLedger(), createRng("k"));
    const wasm = createSrm0Neurons(
      config,
      n,
      DT,
      new OpLedger(),
      createRng("k"),
      KernelArena.create(n * 96 + 65_536),
    );
    const rng = createRng("srm0-kernel-bits");
    const fj = new Int32Array(n);
    const fw = new Int32Array(n);
    let spikes = 0;
    for (let t = 0; t < 4000; t++) {
      for (let j = 0; j < n; j++) {
        const x = rng.next() < 0.2 ? rng.next() * 3 : 0;
        js.excInput[j] = x;
        wasm.excInput[j] = x;
      }
      const a = js.step(t, true, fj);
      const b = wasm.step(t, true, fw);
      expect(Array.from(fw.subarray(0, b))).toEqual(Array.from(fj.subarray(0, a)));
      js.fire(t, fj, a);
      wasm.fire(t, fw, b);
      spikes += a;
      if (t % 53 === 0) {
        js.inhibitMv(t % n, 30);
        wasm.inhibitMv(t % n, 30);
      }
    }
    expect(spikes).toBeGreaterThan(500);
    const bits = (x: Float64Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    expect(bits(wasm.v)).toEqual(bits(js.v));
    expect(bits(wasm.hazard)).toEqual(bits(js.hazard));
    expect(bits(wasm.budget)).toEqual(bits(js.budget));
  });
});

describe("one spike per step (BindsNET DiehlAndCookNodes one_spike)", () => {
  const ON = { oneSpikePerStep: true, thetaPlusMv: 0.05 };
  const ledgers = new WeakMap<CurrentBasedNeurons, OpLedger>();
  function oneSpike(n: number, over: Record<string, unknown> = ON, seed = "one-spike-test") {
    const ledger = new OpLedger();
    const config = lifNeuronConfigSchema.parse({ model: "lif", ...over });
    const neurons = createLifNeurons(config, n, DT, ledger, null, createRng(seed));
    ledgers.set(neurons, ledger);
    return neurons;
  }
  /** One engine step with `input` into every neuron, then fire() on what stands (no inhibition). */
  function stepAndFire(neurons: CurrentBasedNeurons, t: number, input: number): number[] {
    const fired = new Int32Array(neurons.size);
    neurons.excInput.fill(input);
    const n = neurons.step(t, true, fired);
    neurons.fire(t, fired, n);
    return Array.from(fired.subarray(0, n));
  }

  it("the option is absent unless set, so configurations written before it keep their canonical form", () => {
    expect("oneSpikePerStep" in lifNeuronConfigSchema.parse({ model: "lif" })).toBe(false);
    expect(lifNeuronConfigSchema.parse({ model: "lif", ...ON }).oneSpikePerStep).toBe(true);
  });

  it("of three neurons crossing in one step one spikes; all three are reset to −65 mV, raise θ by θ+ and stay refractory for 5 ms (10 steps)", () => {
    // Input 20 mV from rest −65 reaches −45 ≥ −52: every neuron crosses at t = 0.
    const neurons = oneSpike(3);
    const spiked = stepAndFire(neurons, 0, 20);
    expect(spiked).toHaveLength(1);
    expect([0, 1, 2]).toContain(spiked[0]);
    expect(Array.from(neurons.v)).toEqual([-65, -65, -65]);
    for (let j = 0; j < 3; j++) expect(neurons.thetaMv(j)).toBeCloseTo(0.05, 12);
    // Each crosser reset once: two inside the step, the chosen one by the engine's fire().
    expect(ledgers.get(neurons)!.counts[OP.resets]).toBe(3);
    // Refractory: no integration and no firing through t = 10, whatever the input.
    for (let t = 1; t <= 10; t++) expect(stepAndFire(neurons, t, 100)).toEqual([]);
    expect(stepAndFire(neurons, 11, 100)).toHaveLength(1);
    // Without the option all three spike.
    expect(stepAndFire(lif(3, { thetaPlusMv: 0.05 }).neurons, 0, 20)).toEqual([0, 1, 2]);
  });

  it("the spiking neuron is drawn uniformly: over 3,000 steps where 3 neurons cross, each is chosen 1,000 ± 130 times (5 binomial s.d., √(3000·⅓·⅔) = 25.8)", () => {
    const neurons = oneSpike(3, { oneSpikePerStep: true });
    const counts = [0, 0, 0];
    // Every 11th step: the 10-step refractory period is over and v is back at reset = rest.
    for (let i = 0; i < 3000; i++) counts[stepAndFire(neurons, 11 * i, 20)[0]!]!++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(130);
  });

  it("the choice stream is part of the saved state: a reloaded array draws the same spikes", () => {
    const a = oneSpike(5, { oneSpikePerStep: true });
    for (let i = 0; i < 20; i++) stepAndFire(a, 11 * i, 20);
    const saved = a.saveState();
    const b = oneSpike(5, { oneSpikePerStep: true }, "another-seed");
    b.loadState(saved);
    const fromA = Array.from({ length: 50 }, (_, i) => stepAndFire(a, 11 * (20 + i), 20)[0]);
    const fromB = Array.from({ length: 50 }, (_, i) => stepAndFire(b, 11 * (20 + i), 20)[0]);
    expect(fromB).toEqual(fromA);
    expect(new Set(fromA).size).toBeGreaterThan(1);
  });

  it("without an RNG stream for the choice the array is refused", () => {
    const config = lifNeuronConfigSchema.parse({ model: "lif", ...ON });
    expect(() => createLifNeurons(config, 3, DT, new OpLedger())).toThrow(
      "lif neurons: one spike per step needs an RNG stream for the choice",
    );
  });
});
