import { beforeEach, describe, expect, it } from "vitest";
import type { ComponentState } from "../../src/core/contracts.js";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { KernelArena, kernelsAvailable } from "../../src/kernels/wasm.js";
import {
  DiehlCookNeurons,
  dcNeuronConfigSchema,
  type DcNeuronConfig,
} from "../../src/neurons/diehl-cook.js";

/** Reference parameters (shared/reference/diehl-cook-2015.md). */
const DT = 0.5; // ms
const TAU_M = 100; // ms
const E_REST = -65;
const E_EXC = 0;
const E_INH = -100;
const V_RESET = -65;
const V_THRESH = -52;
const THETA_OFFSET = 20;
const THETA_INIT = 20;
const THETA_PLUS = 0.05;
const TAU_THETA = 1e7;
const H = DT / TAU_M; // Euler factor dt/τ_m = 0.005

/**
 * Rounding bound of the Euler recursion against its closed form: one step v + h·(Σ g(E − v))
 * rounds about three times at magnitudes ≤ 128 mV, each ≤ 2^-53·128 ≈ 1.4e-14 mV; earlier errors
 * are damped by the factor (1 − h·(1 + g)) < 1, so after n ≤ 3000 steps the error is below
 * 3000 · 3 · 1.4e-14 ≈ 1.3e-10 mV. Math.pow in the closed form adds a few ulps (< 1e-13 mV).
 */
const EULER_ROUNDING_MV = 2e-10;

/**
 * Every behaviour is checked on the JavaScript loop and, when the WebAssembly kernels are built
 * (dist/kernels/kernels.wasm, `npm run build`), on the kernel path too: both must give these results.
 */
const BACKENDS: readonly ("js" | "wasm")[] = kernelsAvailable() ? ["js", "wasm"] : ["js"];
let backend: "js" | "wasm" = "js";

function make(
  n: number,
  overrides: Partial<DcNeuronConfig> = {},
): { neurons: DiehlCookNeurons; ledger: OpLedger; config: DcNeuronConfig } {
  const ledger = new OpLedger();
  const config = dcNeuronConfigSchema.parse({ model: "dc", ...overrides });
  const arena = backend === "wasm" ? KernelArena.create(n * 64 + 65_536) : null;
  if (backend === "wasm" && arena === null) throw new Error("WebAssembly kernels vanished");
  return { neurons: new DiehlCookNeurons(config, n, DT, ledger, arena), ledger, config };
}

function bytesOf(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe.each(BACKENDS)("DiehlCookNeurons (%s loop)", (which) => {
  beforeEach(() => {
    backend = which;
  });

  describe("DiehlCookNeurons: configuration", () => {
    it("dcNeuronConfigSchema defaults are the shipped Diehl & Cook values", () => {
      const c = dcNeuronConfigSchema.parse({ model: "dc" });
      expect(c).toMatchObject({
        tauMembraneMs: TAU_M,
        restMv: E_REST,
        resetMv: V_RESET,
        thresholdMv: V_THRESH,
        excReversalMv: E_EXC,
        inhReversalMv: E_INH,
        tauGeMs: 1,
        tauGiMs: 2,
        refractoryMs: 5,
        minInterSpikeMs: 50,
        initialMv: E_REST - 40,
        thetaInitMv: THETA_INIT,
        thetaPlusMv: THETA_PLUS,
        tauThetaMs: TAU_THETA,
        thetaOffsetMv: THETA_OFFSET,
        voltageOffsetMv: 0,
      });
    });

    it("DiehlCookNeurons constructor: v = E_rest − 40 mV, θ = 20 mV, threshold v_thresh + θ − offset = −52 mV", () => {
      const { neurons } = make(3);
      expect(Array.from(neurons.v)).toEqual([-105, -105, -105]);
      expect(Array.from(neurons.excInput)).toEqual([0, 0, 0]);
      expect(Array.from(neurons.gi)).toEqual([0, 0, 0]);
      expect(neurons.thetaMv(1)).toBe(THETA_INIT);
      expect(Array.from(neurons.thresholdsMv())).toEqual([-52, -52, -52]);
      expect(neurons.overshootMv(0)).toBe(-105 - -52);
    });

    it("DiehlCookNeurons constructor: voltageOffsetMv shifts E_rest, reset, initial v and threshold alike", () => {
      const { neurons } = make(1, { voltageOffsetMv: 3 });
      expect(neurons.v[0]).toBe(-102);
      expect(neurons.thresholdsMv()[0]).toBe(-49);
      neurons.rest(0, 1_000_000);
      expect(neurons.v[0]).toBeCloseTo(-62, 9);
    });
  });

  describe("DiehlCookNeurons.step: membrane against the closed form", () => {
    it("DiehlCookNeurons.step: free relaxation follows (1 − dt/τ)^n toward E_rest", () => {
      const v0 = [-105, -80, -60, -65];
      const { neurons, ledger } = make(v0.length);
      neurons.v.set(v0);
      const fired = new Int32Array(v0.length);
      let maxErr = 0;
      const steps = 3000;
      for (let n = 1; n <= steps; n++) {
        expect(neurons.step(n - 1, false, fired)).toBe(0);
        for (let j = 0; j < v0.length; j++) {
          const closed = E_REST + (v0[j]! - E_REST) * Math.pow(1 - H, n);
          maxErr = Math.max(maxErr, Math.abs(neurons.v[j]! - closed));
        }
      }
      expect(maxErr).toBeLessThanOrEqual(EULER_ROUNDING_MV);
      // A neuron exactly at rest stays there bitwise.
      expect(neurons.v[3]).toBe(E_REST);
      // Clock-driven: every neuron leaks and is compared every step.
      expect(ledger.toRecord()).toMatchObject({ leakUpdates: 4 * steps, compares: 4 * steps });
    });

    it("DiehlCookNeurons.step: the Euler solution deviates from e^(−t/τ) by at most n·h²/2·e^(−(n−1)h) (and at least n(h²/2 − h³/6)(1 − h)^(n−1))", () => {
      // With a = e^(−h) and b = 1 − h: h²/2 − h³/6 ≤ a − b ≤ h²/2 (Taylor, 0 < h < 1), and
      // aⁿ − bⁿ = (a − b)·Σ a^k b^(n−1−k), each term between b^(n−1) and a^(n−1).
      // So the test also fails if the model integrated exactly (exponential Euler) instead.
      const { neurons } = make(1);
      const v0 = neurons.v[0]!;
      const fired = new Int32Array(1);
      // Measured relative deviation carries the rounding of v: ≤ EULER_ROUNDING_MV / 40 mV.
      const slack = EULER_ROUNDING_MV / Math.abs(v0 - E_REST);
      for (let n = 1; n <= 2000; n++) {
        neurons.step(n - 1, false, fired);
        const x = (neurons.v[0]! - E_REST) / (v0 - E_REST); // Euler: (1 − h)^n
        const deviation = Math.exp(-n * H) - x;
        const upper = ((n * H * H) / 2) * Math.exp(-(n - 1) * H);
        const lower = n * ((H * H) / 2 - (H * H * H) / 6) * Math.pow(1 - H, n - 1);
        expect(deviation).toBeLessThanOrEqual(upper + slack);
        expect(deviation).toBeGreaterThanOrEqual(lower - slack);
      }
    });

    /** Per-step factor on v − v∞ with held conductances of total g: Euler and implicit Euler. */
    const RATES = {
      euler: (g: number) => 1 - (1 + g) * H,
      "implicit-euler": (g: number) => 1 / (1 + (1 + g) * H),
    } as const;

    it.each(["euler", "implicit-euler"] as const)(
      "DiehlCookNeurons.step (%s): g_e, g_i held constant converge to v∞ = (E_rest + g_e·E_exc + g_i·E_inh)/(1 + g_e + g_i) at the scheme's rate (Euler 1 − (1 + g)dt/τ, implicit (1 + (1 + g)dt/τ)^−1)",
      (integration) => {
        // Every v∞ is below the −52 mV threshold: no spike interferes.
        const g: [number, number][] = [
          [0.1, 0],
          [0.2, 0],
          [0, 0.5],
          [0.15, 0.3],
        ];
        const { neurons } = make(g.length, { integration });
        const v0 = neurons.v.slice();
        const fired = new Int32Array(g.length);
        let maxErr = 0;
        for (let n = 1; n <= 3000; n++) {
          for (let j = 0; j < g.length; j++) {
            neurons.excInput[j] = g[j]![0];
            neurons.gi[j] = g[j]![1];
          }
          expect(neurons.step(n - 1, true, fired)).toBe(0);
          for (let j = 0; j < g.length; j++) {
            const [ge, gi] = g[j]!;
            const vInf = (E_REST + ge * E_EXC + gi * E_INH) / (1 + ge + gi);
            const closed = vInf + (v0[j]! - vInf) * Math.pow(RATES[integration](ge + gi), n);
            maxErr = Math.max(maxErr, Math.abs(neurons.v[j]! - closed));
            // The conductances decay by their own Euler factors 1 − dt/τ_ge = 0.5, 1 − dt/τ_gi = 0.75.
            expect(neurons.excInput[j]).toBe(ge * 0.5);
            expect(neurons.gi[j]).toBe(gi * 0.75);
          }
        }
        // Implicit: ≤ 6 roundings per step (numerator, denominator, division) at ≤ 128 mV, damped
        // by 1/(1 + h) per step, so below 6 · 1.4e-14 / (1 − 1/(1 + h)) ≈ 1.7e-11 mV; Euler: above.
        expect(maxErr).toBeLessThanOrEqual(EULER_ROUNDING_MV);
        // After 3000 steps every neuron sits at its own v∞ (the slowest rate 0.9945^3000 ≈ 6e-8).
        expect(neurons.v[1]).toBeCloseTo(-65 / 1.2, 4);
        expect(neurons.v[2]).toBeCloseTo((-65 - 50) / 1.5, 4);
      },
    );

    it("DiehlCookNeurons.step: forward Euler is stable only below g_i = 2τ_m/dt − 1 = 399; implicit-euler stays between E_inh and E_exc for any g_i", () => {
      // Held conductances: Euler multiplies v − v∞ by r = 1 − h(1 + g) each step, |r| < 1 iff
      // g < 2/h − 1 = 399. At g_i = 390, |r| = 0.955: the deviation shrinks; at g_i = 450,
      // |r| = 1.255: after 20 steps it has grown by 1.255^20 ≈ 94×, far outside [E_inh, E_exc].
      const gis = [390, 450];
      const euler = make(gis.length);
      const implicit = make(gis.length, { integration: "implicit-euler" });
      const v0 = euler.neurons.v[0]!; // −105 mV
      const fired = new Int32Array(gis.length);
      for (let n = 1; n <= 20; n++) {
        for (const { neurons } of [euler, implicit]) {
          for (let j = 0; j < gis.length; j++) neurons.gi[j] = gis[j]!;
          neurons.step(n - 1, true, fired);
        }
        for (let j = 0; j < gis.length; j++) {
          const g = gis[j]!;
          const vInf = (E_REST + g * E_INH) / (1 + g);
          const r = 1 - H * (1 + g);
          // Rounding: each step rounds ≤ 4 times at ≤ 2^-53·|v| relative; the closed form's
          // Math.pow adds a few ulps. 1e-12 relative to the larger of |v| and 1 covers 20 steps.
          const closed = vInf + (v0 - vInf) * Math.pow(r, n);
          expect(Math.abs(euler.neurons.v[j]! - closed)).toBeLessThan(
            1e-12 * Math.max(1, Math.abs(closed)) * n,
          );
          // Implicit: v − v∞ shrinks by 1/(1 + h(1 + g)) each step, never overshooting.
          const vi = implicit.neurons.v[j]!;
          const closedImplicit = vInf + (v0 - vInf) * Math.pow(1 + H * (1 + g), -n);
          expect(Math.abs(vi - closedImplicit)).toBeLessThan(1e-12 * 128 * n);
          expect(vi).toBeGreaterThanOrEqual(Math.min(E_INH, v0));
          expect(vi).toBeLessThanOrEqual(E_EXC);
        }
      }
      expect(Math.abs(euler.neurons.v[0]! - -100)).toBeLessThan(5); // stable: near v∞ ≈ −99.9 mV
      expect(Math.abs(euler.neurons.v[1]!)).toBeGreaterThan(200); // unstable: |v| beyond E_inh, E_exc
    });

    it("DiehlCookNeurons.step: g_e and g_i decay freely as g·(1 − dt/τ_g)^n when not re-set", () => {
      const { neurons } = make(1);
      neurons.excInput[0] = 3;
      neurons.gi[0] = 5;
      const fired = new Int32Array(1);
      for (let n = 1; n <= 20; n++) {
        neurons.step(n - 1, true, fired);
        expect(neurons.excInput[0]).toBe(3 * 0.5 ** n); // powers of two: exact
        expect(neurons.gi[0]).toBeCloseTo(5 * 0.75 ** n, 13);
      }
    });
  });

  /**
   * Steps neuron 0 with g_e re-set to `ge` before every step and fires what crosses; `onStep`
   * sees the state after step() and before fire(). Returns the spike steps.
   */
  function drive(
    neurons: DiehlCookNeurons,
    from: number,
    to: number,
    ge: number,
    onStep?: (t: number) => void,
  ): number[] {
    const fired = new Int32Array(neurons.size);
    const spikes: number[] = [];
    for (let t = from; t < to; t++) {
      neurons.excInput[0] = ge;
      const n = neurons.step(t, true, fired);
      onStep?.(t);
      if (n > 0) {
        neurons.fire(t, fired, n);
        spikes.push(t);
      }
    }
    return spikes;
  }

  describe("DiehlCookNeurons: spikes, reset, adaptive threshold", () => {
    it("DiehlCookNeurons.step: fires at the first step where the closed-form v exceeds −72 mV + θ; fire() resets to −65 mV and adds θ_plus = 0.05 mV", () => {
      const ge = 0.5; // v∞ = −65/1.5 = −43.3 mV, above threshold
      const { neurons, ledger } = make(1);
      const v0 = neurons.v[0]!;
      const vInf = E_REST / (1 + ge);
      const r = 1 - (1 + ge) * H;
      const decayTheta = 1 - DT / TAU_THETA;
      // Predicted: step t integrates to v_(t+1); θ has decayed (t+1) times by then.
      let predicted = -1;
      for (let t = 0; t < 10_000 && predicted < 0; t++) {
        const v = vInf + (v0 - vInf) * Math.pow(r, t + 1);
        const threshold = V_THRESH - THETA_OFFSET + THETA_INIT * Math.pow(decayTheta, t + 1);
        if (v > threshold) {
          predicted = t;
          // The prediction is unambiguous: v passes the threshold by far more than rounding.
          expect(v - threshold).toBeGreaterThan(1e-6);
        }
      }
      expect(predicted).toBeGreaterThan(0);
      const fired = new Int32Array(1);
      for (let t = 0; t < predicted; t++) {
        neurons.excInput[0] = ge;
        expect(neurons.step(t, true, fired)).toBe(0);
      }
      neurons.excInput[0] = ge;
      expect(neurons.step(predicted, true, fired)).toBe(1);
      expect(fired[0]).toBe(0);
      // step() only reports the crossing; the membrane is still above threshold until fire().
      expect(neurons.overshootMv(0)).toBeGreaterThan(0);
      const thetaBefore = neurons.thetaMv(0);
      expect(thetaBefore).toBeCloseTo(THETA_INIT * Math.pow(decayTheta, predicted + 1), 12);
      neurons.fire(predicted, fired, 1);
      expect(neurons.v[0]).toBe(V_RESET);
      expect(Math.abs(neurons.thetaMv(0) - (thetaBefore + THETA_PLUS))).toBeLessThan(1e-12);
      expect(neurons.thresholdsMv()[0]).toBeCloseTo(-72 + thetaBefore + THETA_PLUS, 12);
      expect(ledger.toRecord().resets).toBe(1);
    });

    it("DiehlCookNeurons.fire: v is clamped at −65 mV for the 5 ms refractory period (10 steps), then integrates again", () => {
      const { neurons } = make(1);
      const vAt = new Map<number, number>();
      const spikes = drive(neurons, 0, 40, 50, (t) => vAt.set(t, neurons.v[0]!));
      const t1 = spikes[0]!;
      expect(t1).toBeLessThan(5);
      for (let t = t1 + 1; t <= t1 + 10; t++) expect(vAt.get(t)).toBe(V_RESET);
      // Step t1 + 11: one Euler step from −65 mV with g_e = 50: −65 + 0.005·(50·65) = −48.75 mV.
      expect(vAt.get(t1 + 11)).toBeCloseTo(
        V_RESET + H * (E_REST - V_RESET + 50 * (E_EXC - V_RESET)),
        12,
      );
    });

    it("DiehlCookNeurons: minInterSpikeMs 0 leaves only the 5 ms refractory period: under huge input spikes come exactly 11 steps apart", () => {
      // Brian's not_refractory = (t − t_last) > 5 ms: the first possible spike is at t_last + 11,
      // and with g_e = 50 the membrane is above threshold right after the clamp (−48.75 mV).
      const { neurons, config } = make(1, { minInterSpikeMs: 0 });
      expect(config.minInterSpikeMs).toBe(0);
      const spikes = drive(neurons, 0, 200, 50);
      const gaps = spikes.slice(1).map((t, k) => t - spikes[k]!);
      expect(gaps.length).toBeGreaterThan(10);
      expect(new Set(gaps)).toEqual(new Set([11]));
    });

    it("DiehlCookNeurons: the default minInterSpikeMs 50 (the shipped timer gate): under huge input spikes come exactly 101 steps apart", () => {
      // Fire only when t > t_last + 100 steps; v is above threshold at every step from t_last + 11
      // to t_last + 100 (90 steps per gap), so it is the gap, not the membrane, that holds the
      // spike back. The last gap is cut by the end of the run at step 999.
      const { neurons, config } = make(1);
      expect(config.minInterSpikeMs).toBe(50);
      let aboveDuringGap = 0;
      let last = -Infinity;
      const spikes = drive(neurons, 0, 1000, 50, (t) => {
        if (t > last + 10 && t <= last + 100 && neurons.overshootMv(0) > 0) aboveDuringGap++;
        if (neurons.overshootMv(0) > 0 && t > last + 100) last = t; // it fires now
      });
      const first = spikes[0]!;
      expect(spikes).toEqual(Array.from({ length: spikes.length }, (_, k) => first + 101 * k));
      expect(spikes.length).toBe(Math.floor((999 - first) / 101) + 1);
      expect(aboveDuringGap).toBe(
        90 * (spikes.length - 1) + Math.min(90, 999 - spikes.at(-1)! - 10),
      );
    });

    it("DiehlCookNeurons: θ decays as θ_0·(1 − dt/τ_θ)^n while learning (τ_θ = 1e7 ms)", () => {
      const { neurons } = make(2);
      neurons.v.fill(-200); // far below threshold: no spike
      const fired = new Int32Array(2);
      for (let t = 0; t < 2000; t++) neurons.step(t, false, fired);
      const expected = THETA_INIT * Math.pow(1 - DT / TAU_THETA, 2000);
      // Relative rounding of 2000 multiplications ≤ 2000·2^-53 ≈ 2e-13; one step fewer or more
      // would move θ by 5e-8 relative.
      expect(Math.abs(neurons.thetaMv(0) / expected - 1)).toBeLessThan(1e-12);
      expect(neurons.thetaMv(1)).toBe(neurons.thetaMv(0));
    });

    it("DiehlCookNeurons: with a short τ_θ (50 ms), θ follows 0.99^n through steps and rest(), past 1e-100 (rescaling), and θ_plus still adds 0.05 mV", () => {
      const { neurons } = make(1, { tauThetaMs: 50 });
      neurons.v[0] = -200;
      const fired = new Int32Array(1);
      for (let t = 0; t < 500; t++) neurons.step(t, false, fired);
      expect(Math.abs(neurons.thetaMv(0) / (THETA_INIT * 0.99 ** 500) - 1)).toBeLessThan(1e-12);
      neurons.rest(499, 30_000); // 0.99^30000 ≈ 1e-131: the shared decay factor is folded in
      const expected = THETA_INIT * Math.pow(0.99, 30_500);
      expect(expected).toBeGreaterThan(0);
      expect(Math.abs(neurons.thetaMv(0) / expected - 1)).toBeLessThan(1e-11);
      // A spike after the fold adds exactly θ_plus on top of a negligible θ.
      neurons.v[0] = 100;
      neurons.excInput[0] = 0;
      expect(neurons.step(30_500, false, fired)).toBe(1);
      neurons.fire(30_500, fired, 1);
      expect(neurons.thetaMv(0)).toBeCloseTo(THETA_PLUS, 14);
      for (let t = 30_501; t < 30_601; t++) neurons.step(t, false, fired);
      expect(neurons.thetaMv(0) / (0.99 ** 100 * THETA_PLUS)).toBeCloseTo(1, 11);
    });

    it("DiehlCookNeurons.setLearning(false): θ frozen — no decay over steps or rest, no increment on a spike; decay resumes from the frozen value", () => {
      const { neurons } = make(1, { tauThetaMs: 100 });
      neurons.v[0] = -200;
      const fired = new Int32Array(1);
      for (let t = 0; t < 100; t++) neurons.step(t, false, fired);
      neurons.setLearning(false);
      const frozen = neurons.thetaMv(0);
      const threshold = neurons.thresholdsMv()[0];
      expect(frozen).toBeCloseTo(THETA_INIT * 0.995 ** 100, 12);
      for (let t = 100; t < 400; t++) neurons.step(t, false, fired);
      neurons.rest(399, 1000);
      expect(neurons.thetaMv(0)).toBe(frozen);
      const spikes = drive(neurons, 1400, 1700, 50);
      expect(spikes.length).toBeGreaterThanOrEqual(2);
      expect(neurons.thetaMv(0)).toBe(frozen);
      expect(neurons.thresholdsMv()[0]).toBe(threshold);
      neurons.setLearning(true);
      neurons.v[0] = -200;
      neurons.excInput[0] = 0;
      for (let t = 1700; t < 1750; t++) neurons.step(t, false, fired);
      expect(neurons.thetaMv(0) / (frozen * 0.995 ** 50)).toBeCloseTo(1, 12);
    });
  });

  describe("DiehlCookNeurons.rest and settled", () => {
    it("DiehlCookNeurons.rest: the closed form equals stepping with zero conductances (v to 1e-9 mV, θ to 1e-12 relative)", () => {
      const v0 = [-105, -90, -70, -65, -60, -53];
      const a = make(v0.length, { tauThetaMs: 1000 });
      const b = make(v0.length, { tauThetaMs: 1000 });
      a.neurons.v.set(v0);
      b.neurons.v.set(v0);
      const fired = new Int32Array(v0.length);
      // Same history: 20 steps each, then a 300-step rest.
      for (let t = 0; t < 20; t++) {
        a.neurons.step(t, false, fired);
        b.neurons.step(t, false, fired);
      }
      a.neurons.rest(19, 300);
      for (let t = 20; t < 320; t++) expect(b.neurons.step(t, false, fired)).toBe(0);
      for (let j = 0; j < v0.length; j++) {
        expect(Math.abs(a.neurons.v[j]! - b.neurons.v[j]!)).toBeLessThan(1e-9);
        expect(Math.abs(a.neurons.thetaMv(j) / b.neurons.thetaMv(j) - 1)).toBeLessThan(1e-12);
        // And both match E_rest + (v − E_rest)(1 − h)^320.
        expect(a.neurons.v[j]).toBeCloseTo(E_REST + (v0[j]! - E_REST) * (1 - H) ** 320, 9);
      }
      // rest() counts one (analytic) leak update per neuron.
      expect(a.ledger.toRecord().leakUpdates).toBe(v0.length * 21);
    });

    it("DiehlCookNeurons.rest (implicit-euler): the closed form (1 + dt/τ)^−n equals stepping with zero conductances", () => {
      const v0 = [-105, -70, -65, -53];
      const a = make(v0.length, { integration: "implicit-euler" });
      const b = make(v0.length, { integration: "implicit-euler" });
      a.neurons.v.set(v0);
      b.neurons.v.set(v0);
      const fired = new Int32Array(v0.length);
      a.neurons.rest(-1, 300);
      for (let t = 0; t < 300; t++) expect(b.neurons.step(t, false, fired)).toBe(0);
      for (let j = 0; j < v0.length; j++) {
        expect(Math.abs(a.neurons.v[j]! - b.neurons.v[j]!)).toBeLessThan(1e-9);
        expect(a.neurons.v[j]).toBeCloseTo(E_REST + (v0[j]! - E_REST) * (1 + H) ** -300, 9);
      }
    });

    it("DiehlCookNeurons.rest: decays small conductances by (1 − dt/τ_g)^n; θ untouched when not learning", () => {
      const { neurons } = make(1);
      neurons.excInput[0] = 1e-7;
      neurons.gi[0] = 1e-7;
      neurons.setLearning(false);
      const theta = neurons.thetaMv(0);
      neurons.rest(0, 10);
      expect(neurons.excInput[0]).toBeCloseTo(1e-7 * 0.5 ** 10, 20);
      expect(neurons.gi[0]).toBeCloseTo(1e-7 * 0.75 ** 10, 20);
      expect(neurons.thetaMv(0)).toBe(theta);
      const v = neurons.v[0];
      neurons.rest(10, 0);
      expect(neurons.v[0]).toBe(v);
    });

    it("DiehlCookNeurons.settled: false while g_e or g_i > 1e-6, true once they decay below", () => {
      const { neurons } = make(2);
      const fired = new Int32Array(2);
      neurons.step(0, false, fired);
      expect(neurons.settled()).toBe(true);
      neurons.excInput[0] = 0.5;
      expect(neurons.settled()).toBe(false);
      // g_e after n steps = 0.5^(n+1): 1.9e-6 after 18 steps, 9.5e-7 after 19.
      for (let t = 1; t <= 18; t++) neurons.step(t, false, fired);
      expect(neurons.settled()).toBe(false);
      neurons.step(19, false, fired);
      expect(neurons.settled()).toBe(true);
      neurons.gi[1] = 2e-6;
      expect(neurons.settled()).toBe(false);
      neurons.step(20, false, fired);
      neurons.step(21, false, fired);
      neurons.step(22, false, fired); // 2e-6 · 0.75³ = 8.4e-7
      expect(neurons.settled()).toBe(true);
    });

    it("DiehlCookNeurons.settled: false during the refractory clamp, true after it", () => {
      const { neurons } = make(1);
      const spikes = drive(neurons, 0, 10, 50);
      const t1 = spikes[0]!;
      neurons.excInput[0] = 0;
      const fired = new Int32Array(1);
      for (let t = t1 + 1; t <= t1 + 10; t++) {
        neurons.excInput[0] = 0;
        neurons.step(t, false, fired);
        expect(neurons.settled()).toBe(false);
      }
      neurons.step(t1 + 11, false, fired);
      expect(neurons.settled()).toBe(true);
    });

    it("DiehlCookNeurons.settled: false when E_rest is above the threshold (θ = 0 → −72 mV): such a neuron fires without input", () => {
      const { neurons } = make(1, { thetaInitMv: 0 });
      const fired = new Int32Array(1);
      neurons.step(0, false, fired);
      expect(neurons.settled()).toBe(false);
      let spikeAt = -1;
      for (let t = 1; t < 1000 && spikeAt < 0; t++) {
        const n = neurons.step(t, false, fired);
        if (n > 0) spikeAt = t;
      }
      // −105 → −72 mV: (1 − h)^n = 7/40 → n = ln(7/40)/ln(0.995) ≈ 348 steps.
      expect(spikeAt).toBe(Math.ceil(Math.log(7 / 40) / Math.log(1 - H)) - 1);
    });
  });

  describe("DiehlCookNeurons: inhibition hooks", () => {
    it("DiehlCookNeurons.inhibitMv lowers v by the amount and counts an inhibition event", () => {
      const { neurons, ledger } = make(2);
      neurons.inhibitMv(1, 7.5);
      expect(Array.from(neurons.v)).toEqual([-105, -112.5]);
      expect(ledger.toRecord().inhibitionEvents).toBe(1);
    });

    it("DiehlCookNeurons.suppress: resets to −65 mV and holds (no integration, no firing) through untilStep", () => {
      const { neurons, ledger } = make(1);
      neurons.suppress(0, 30);
      expect(neurons.v[0]).toBe(V_RESET);
      const vAt: number[] = [];
      const spikes = drive(neurons, 0, 60, 50, () => vAt.push(neurons.v[0]!));
      expect(vAt.slice(0, 31)).toEqual(new Array(31).fill(V_RESET));
      expect(spikes[0]).toBe(31); // −65 → −48.75 mV in one step: fires at the first free step
      expect(ledger.toRecord().inhibitionEvents).toBe(1);
    });
  });

  describe("DiehlCookNeurons.saveState / loadState", () => {
    /** Random input: each neuron gets g_e += U(0,1) with probability 0.5 per step. */
    function run(
      neurons: DiehlCookNeurons,
      seed: string,
      from: number,
      to: number,
      log: { v: number[]; theta: number[]; spikes: string[] },
    ): void {
      const rng = createRng(seed);
      const fired = new Int32Array(neurons.size);
      for (let t = from; t < to; t++) {
        for (let j = 0; j < neurons.size; j++)
          if (rng.next() < 0.5) neurons.excInput[j]! += rng.next();
        const n = neurons.step(t, true, fired);
        if (n > 0) neurons.fire(t, fired, n);
        for (let k = 0; k < n; k++) log.spikes.push(`${t}:${fired[k]}`);
        log.v.push(...neurons.v);
        for (let j = 0; j < neurons.size; j++) log.theta.push(neurons.thetaMv(j));
      }
    }

    it("DiehlCookNeurons.loadState: a restored array continues bit-identically (v, θ, spikes), whatever state it had", () => {
      const a = make(6, { tauThetaMs: 2000 }).neurons;
      const ignore = { v: [], theta: [], spikes: [] };
      run(a, "before", 0, 400, ignore);
      const saved: ComponentState = a.saveState();
      const logA = { v: [] as number[], theta: [] as number[], spikes: [] as string[] };
      run(a, "after", 400, 1400, logA);
      expect(logA.spikes.length).toBeGreaterThan(20); // the window exercises spikes, clamps, θ

      // B has a different history (other input, learning off) before loading A's state.
      const b = make(6, { tauThetaMs: 2000 }).neurons;
      run(b, "other", 0, 137, { v: [], theta: [], spikes: [] });
      b.setLearning(false);
      b.loadState(saved);
      const logB = { v: [] as number[], theta: [] as number[], spikes: [] as string[] };
      run(b, "after", 400, 1400, logB);
      expect(logB.spikes).toEqual(logA.spikes);
      expect(bytesOf(Float64Array.from(logB.v)).equals(bytesOf(Float64Array.from(logA.v)))).toBe(
        true,
      );
      expect(
        bytesOf(Float64Array.from(logB.theta)).equals(bytesOf(Float64Array.from(logA.theta))),
      ).toBe(true);
      expect(bytesOf(b.excInput).equals(bytesOf(a.excInput))).toBe(true);
      expect(bytesOf(b.gi).equals(bytesOf(a.gi))).toBe(true);
      expect(b.settled()).toBe(a.settled());
    });

    it("DiehlCookNeurons.saveState: returns copies (later steps do not change a saved state)", () => {
      const { neurons } = make(2);
      const saved = neurons.saveState();
      const v = (saved.v as Float64Array).slice();
      const fired = new Int32Array(2);
      for (let t = 0; t < 10; t++) neurons.step(t, false, fired);
      expect(Array.from(saved.v as Float64Array)).toEqual(Array.from(v));
      expect(Array.from(neurons.v)).not.toEqual(Array.from(v));
    });
  });
});

describe.runIf(kernelsAvailable())("DiehlCookNeurons: WebAssembly kernel", () => {
  it.each(["euler", "implicit-euler"] as const)(
    "DiehlCookNeurons.step (%s) with a KernelArena gives the same bits as the JavaScript loop (33 neurons, odd count for the SIMD tail)",
    (integration) => {
      const n = 33;
      const config = dcNeuronConfigSchema.parse({ model: "dc", tauThetaMs: 5000, integration });
      const js = new DiehlCookNeurons(config, n, DT, new OpLedger(), null);
      const wasm = new DiehlCookNeurons(
        config,
        n,
        DT,
        new OpLedger(),
        KernelArena.create(n * 64 + 65_536),
      );
      const rng = createRng("kernel-vs-js");
      const firedA = new Int32Array(n);
      const firedB = new Int32Array(n);
      let spikes = 0;
      for (let t = 0; t < 3000; t++) {
        for (let j = 0; j < n; j++) {
          if (rng.next() < 0.4) {
            const w = rng.next();
            js.excInput[j]! += w;
            wasm.excInput[j]! += w;
          }
          if (rng.next() < 0.05) {
            js.gi[j]! += 2;
            wasm.gi[j]! += 2;
          }
        }
        const a = js.step(t, true, firedA);
        const b = wasm.step(t, true, firedB);
        expect(b).toBe(a);
        expect(Array.from(firedB.subarray(0, b))).toEqual(Array.from(firedA.subarray(0, a)));
        js.fire(t, firedA, a);
        wasm.fire(t, firedB, b);
        spikes += a;
      }
      expect(spikes).toBeGreaterThan(100);
      expect(bytesOf(wasm.v).equals(bytesOf(js.v))).toBe(true);
      expect(bytesOf(wasm.excInput).equals(bytesOf(js.excInput))).toBe(true);
      expect(bytesOf(wasm.gi).equals(bytesOf(js.gi))).toBe(true);
      expect(bytesOf(wasm.thresholdsMv()).equals(bytesOf(js.thresholdsMv()))).toBe(true);
    },
  );
});
