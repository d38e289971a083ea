import { describe, expect, it } from "vitest";
import type { ComponentState, SynapseArray } from "../../src/core/contracts.js";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { IdealSynapses, idealSynapsesSchema } from "../../src/crossbar/ideal-synapses.js";
import { Hebbian, hebbianSchema } from "../../src/learning/hebbian.js";
import { PairStdp, pairStdpSchema } from "../../src/learning/pair-stdp.js";
import {
  WeightDependentStdp,
  weightDependentStdpSchema,
} from "../../src/learning/weight-dependent-stdp.js";

const DT = 0.5; // ms per step
const NU_PRE = 1e-4;
const NU_POST = 1e-2;
const TAU = 20; // ms, both traces

/** Weights are float32: one update rounds to the nearest float32 (≤ 2^-25 below 1). */
const TOL = 2 ** -24;

/** x(Δ steps) = e^(−Δ·dt/τ): BindsNET's trace, set to 1 on its spike. */
const trace = (steps: number): number => Math.exp(-(steps * DT) / TAU);

function ideal(rows = 2, cols = 2): IdealSynapses {
  return new IdealSynapses(
    idealSynapsesSchema.parse({ kind: "ideal" }),
    rows,
    cols,
    createRng(1),
    new OpLedger(),
  );
}

/**
 * A synapse array that applies every requested change without clipping and records whether it
 * would have left [0, wMax]: the rule itself must keep weights inside for soft bounds to hold.
 */
class UnclippedSynapses implements SynapseArray {
  readonly wMax = 1;
  readonly weights: Float32Array;
  outside = 0;
  requests = 0;
  constructor(
    readonly rows: number,
    readonly cols: number,
    init: (i: number) => number,
  ) {
    this.weights = Float32Array.from({ length: rows * cols }, (_, i) => init(i));
  }
  readRow(): void {}
  update(index: number, dw: number): number {
    this.requests++;
    const next = this.weights[index]! + dw;
    if (next < 0 || next > this.wMax) this.outside++;
    this.weights[index] = next;
    return dw;
  }
  pulse(): void {}
  normaliseColumns(): void {}
  setPhase(): void {}
  describe(): Record<string, unknown> {
    return {};
  }
  saveState(): ComponentState {
    return {};
  }
  loadState(): void {}
}

const rules = {
  pair: (s: SynapseArray) => new PairStdp(pairStdpSchema.parse({ rule: "pair" }), s, DT),
  "weight-dependent": (s: SynapseArray) =>
    new WeightDependentStdp(weightDependentStdpSchema.parse({ rule: "weight-dependent" }), s, DT),
  hebbian: (s: SynapseArray) => new Hebbian(hebbianSchema.parse({ rule: "hebbian" }), s, DT),
};

/** The expected Δw of each rule for a pre→post pair (potentiation) and a post→pre pair, at w. */
const expected = {
  pair: { ltp: (x: number) => NU_POST * x, ltd: (x: number) => -NU_PRE * x },
  "weight-dependent": {
    ltp: (x: number, w: number) => NU_POST * x * (1 - w),
    ltd: (x: number, w: number) => -NU_PRE * x * w,
  },
  hebbian: { ltp: (x: number) => NU_POST * x, ltd: (x: number) => NU_PRE * x },
};

describe.each(["pair", "weight-dependent", "hebbian"] as const)("%s rule", (name) => {
  it(`${name} schema defaults are BindsNET's network values: ν = (1e-4, 1e-2), τ 20 ms, normalisation 78`, () => {
    const schema = {
      pair: pairStdpSchema,
      "weight-dependent": weightDependentStdpSchema,
      hebbian: hebbianSchema,
    }[name];
    expect(schema.parse({ rule: name })).toEqual({
      rule: name,
      nuPre: NU_PRE,
      nuPost: NU_POST,
      tauPreMs: TAU,
      tauPostMs: TAU,
      normalisationSum: 78,
    });
  });

  it(`${name}.onPost: an input spike 10 ms before the neuron's spike changes that synapse by the rule's post term at x_pre = e^(−10/20)`, () => {
    const s = ideal();
    s.weights.fill(0.4);
    const rule = rules[name](s);
    rule.onPre(0, 100);
    rule.onPost(1, 120);
    const want = Math.fround(0.4 + expected[name].ltp(trace(20), 0.4));
    expect(Math.abs(s.weights[0 * 2 + 1]! - want)).toBeLessThanOrEqual(TOL);
    // Input 1 never spiked and neuron 0 never fired: untouched.
    expect(s.weights[1 * 2 + 1]).toBe(Math.fround(0.4));
    expect(s.weights[0 * 2 + 0]).toBe(Math.fround(0.4));
  });

  it(`${name}.onPre: an input spike 10 ms after the neuron's spike changes that synapse by the rule's pre term at x_post = e^(−10/20)`, () => {
    const s = ideal();
    s.weights.fill(0.4);
    const rule = rules[name](s);
    rule.onPost(1, 100);
    const afterPost = Array.from(s.weights);
    rule.onPre(0, 120);
    const want = Math.fround(afterPost[1]! + expected[name].ltd(trace(20), afterPost[1]!));
    expect(Math.abs(s.weights[1]! - want)).toBeLessThanOrEqual(TOL);
    expect(s.weights[0]).toBe(afterPost[0]); // neuron 0 never fired: x_post = 0
  });

  it(`${name}: an input spike in the same step as the neuron's spike counts with x_pre = 1`, () => {
    const s = ideal();
    s.weights.fill(0.4);
    const rule = rules[name](s);
    rule.onPre(0, 50);
    rule.onPost(0, 50);
    const want = Math.fround(0.4 + expected[name].ltp(1, 0.4));
    expect(Math.abs(s.weights[0]! - want)).toBeLessThanOrEqual(TOL);
  });

  it(`${name}.beforeSample rescales each neuron's input weights to sum 78`, () => {
    const s = ideal(784, 3);
    const rule = rules[name](s);
    rule.beforeSample();
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let i = 0; i < 784; i++) sum += s.weights[i * 3 + j]!;
      expect(sum).toBeCloseTo(78, 3);
    }
  });
});

describe("weight-dependent soft bounds", () => {
  it("WeightDependentStdp keeps every weight inside [0, w_max] by itself, where pair STDP with the same rates would leave it", () => {
    // Large rates (ν·x ≤ 1 still) and dense spiking: additive steps overshoot both bounds.
    const config = { nuPre: 0.9, nuPost: 0.9 };
    const run = (
      make: (s: SynapseArray) => {
        onPre(r: number, t: number): void;
        onPost(c: number, t: number): void;
      },
    ) => {
      const s = new UnclippedSynapses(8, 4, (i) => ((i * 37) % 100) / 100);
      const rule = make(s);
      const rng = createRng("soft-bounds");
      for (let t = 0; t < 3000; t++) {
        for (let r = 0; r < 8; r++) if (rng.next() < 0.2) rule.onPre(r, t);
        for (let c = 0; c < 4; c++) if (rng.next() < 0.1) rule.onPost(c, t);
      }
      return s;
    };
    const soft = run(
      (s) =>
        new WeightDependentStdp(
          weightDependentStdpSchema.parse({ rule: "weight-dependent", ...config }),
          s,
          DT,
        ),
    );
    const additive = run(
      (s) => new PairStdp(pairStdpSchema.parse({ rule: "pair", ...config }), s, DT),
    );
    expect(soft.requests).toBeGreaterThan(1000);
    expect(soft.outside).toBe(0);
    for (const w of soft.weights) {
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThanOrEqual(1);
    }
    expect(additive.outside).toBeGreaterThan(0);
  });
});

describe("PostPre rules: state", () => {
  it("saveState/loadState continues with the same weight changes", () => {
    const a = ideal(3, 2);
    const b = ideal(3, 2);
    const ra = rules.pair(a);
    ra.onPre(0, 0);
    ra.onPost(1, 10);
    ra.onPre(2, 15);
    const rb = rules.pair(b);
    rb.loadState(ra.saveState());
    b.weights.set(a.weights);
    for (const r of [ra, rb]) {
      r.onPre(1, 30);
      r.onPost(0, 40);
      r.onPre(2, 45);
    }
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
  });
});
