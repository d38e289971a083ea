import { describe, expect, it } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { IdealSynapses, idealSynapsesSchema } from "../../src/crossbar/ideal-synapses.js";
import { TripletStdp, tripletStdpSchema } from "../../src/learning/triplet-stdp.js";

/** Reference parameters (shared/reference/diehl-cook-2015.md, "STDP (as shipped)"). */
const DT = 0.5; // ms per step
const NU_PRE = 1e-4;
const NU_POST = 1e-2;
const TAU_PRE = 20;
const TAU_POST1 = 20;
const TAU_POST2 = 40;

/**
 * Weights are stored as float32: each update rounds to the nearest float32, ≤ 2^-25 absolute for
 * weights below 1. The expected values below are rounded the same way (Math.fround after every
 * update), so the only possible difference is the last float64 bit of a trace (exp argument
 * computed in another order) flipping one rounding: at most one float32 ulp below 1, 2^-24.
 * The weight changes tested are ≥ 8e-6, more than 100 times this tolerance.
 */
const TOL = 2 ** -24;

/** x(Δ steps) = e^(−Δ·dt/τ): the exact exponential traces of Brian's event-driven synapses. */
const trace = (steps: number, tau: number): number => Math.exp(-(steps * DT) / tau);

function setup(rows = 2, cols = 2, wMax = 1) {
  const ledger = new OpLedger();
  const synapses = new IdealSynapses(
    idealSynapsesSchema.parse({ kind: "ideal", wMax }),
    rows,
    cols,
    createRng(1),
    ledger,
  );
  const rule = new TripletStdp(tripletStdpSchema.parse({ rule: "triplet" }), synapses, DT);
  const w = synapses.weights;
  const at = (i: number, j: number): number => w[i * cols + j]!;
  const set = (i: number, j: number, value: number): void => {
    w[i * cols + j] = value;
  };
  return { ledger, synapses, rule, w, at, set };
}

describe("TripletStdp", () => {
  it("tripletStdpSchema defaults are the shipped values: ν_pre 1e-4, ν_post 1e-2, τ 20/20/40 ms, normalisation 78", () => {
    expect(tripletStdpSchema.parse({ rule: "triplet" })).toEqual({
      rule: "triplet",
      nuPre: NU_PRE,
      nuPost: NU_POST,
      tauPreMs: TAU_PRE,
      tauPost1Ms: TAU_POST1,
      tauPost2Ms: TAU_POST2,
      normalisationSum: 78,
    });
  });

  it("TripletStdp.onPost: the first post spike potentiates nothing (x_post2 before it is 0)", () => {
    const { rule, w, ledger } = setup();
    w.set([0.5, 0.5, 0.5, 0.5]);
    rule.onPre(0, 0);
    rule.onPost(1, 20);
    expect(Array.from(w)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(ledger.toRecord()).toMatchObject({ ltpPulses: 0, ltdPulses: 0 });
  });

  it("TripletStdp.onPost: pre 10 ms before a later post spike: Δw = ν_post · e^(−10/20) · e^(−Δ_post/40), only on that synapse", () => {
    const { rule, w, at, ledger } = setup();
    w.fill(0.5);
    rule.onPost(1, 0); // earlier post spike: sets x_post1 = x_post2 = 1 at step 0
    expect(at(0, 1)).toBe(0.5);
    rule.onPre(0, 100); // 50 ms later: depression by the post1 trace
    const afterPre = Math.fround(0.5 - NU_PRE * trace(100, TAU_POST1));
    expect(Math.abs(at(0, 1) - afterPre)).toBeLessThanOrEqual(TOL);
    rule.onPost(1, 120); // pre 20 steps (10 ms) before, previous post 120 steps (60 ms) before
    const dw = NU_POST * Math.exp(-10 / TAU_PRE) * Math.exp(-60 / TAU_POST2);
    expect(Math.abs(at(0, 1) - Math.fround(afterPre + dw))).toBeLessThanOrEqual(TOL);
    // Euler-decayed traces would give (1 − dt/τ)^n instead: 0.5 % off in x_pre here, ≈ 100 TOL.
    const euler = NU_POST * (1 - DT / TAU_PRE) ** 20 * (1 - DT / TAU_POST2) ** 120;
    expect(Math.abs(at(0, 1) - Math.fround(afterPre + euler))).toBeGreaterThan(10 * TOL);
    // Row 1 never spiked, column 0 never fired: untouched.
    expect([at(0, 0), at(1, 0), at(1, 1)]).toEqual([0.5, 0.5, 0.5]);
    expect(ledger.toRecord()).toMatchObject({ ltpPulses: 1, ltdPulses: 1 });
  });

  it("TripletStdp.onPre: post then pre: Δw = −ν_pre · e^(−Δt/20), on the columns that fired", () => {
    const { rule, w, at } = setup();
    w.fill(0.5);
    rule.onPost(0, 0);
    rule.onPre(1, 10); // 5 ms after the post spike
    expect(
      Math.abs(at(1, 0) - Math.fround(0.5 - NU_PRE * Math.exp(-5 / TAU_POST1))),
    ).toBeLessThanOrEqual(TOL);
    expect([at(0, 0), at(0, 1), at(1, 1)]).toEqual([0.5, 0.5, 0.5]);
  });

  it("TripletStdp.onPre: the post1 trace is reset to 1 by each post spike (nearest spike, not a sum) and is per column", () => {
    const { rule, w, at } = setup();
    w.fill(0.5);
    rule.onPost(0, 0);
    rule.onPost(0, 10);
    rule.onPost(1, 16);
    rule.onPre(0, 20);
    // Column 0: 10 steps (5 ms) since its last post; column 1: 4 steps (2 ms).
    expect(Math.abs(at(0, 0) - Math.fround(0.5 - NU_PRE * Math.exp(-5 / 20)))).toBeLessThanOrEqual(
      TOL,
    );
    expect(Math.abs(at(0, 1) - Math.fround(0.5 - NU_PRE * Math.exp(-2 / 20)))).toBeLessThanOrEqual(
      TOL,
    );
  });

  it("TripletStdp.onPost: the second post spike uses x_post2 from before it (e^(−Δ/40)), the third the time since the second", () => {
    const { rule, w, at } = setup();
    w.fill(0.25);
    rule.onPre(0, 0);
    rule.onPost(1, 0); // first: no change
    expect(at(0, 1)).toBe(0.25);
    rule.onPost(1, 10); // x_pre = e^(−5/20), x_post2 before = e^(−5/40)
    const w2 = Math.fround(0.25 + NU_POST * Math.exp(-5 / 20) * Math.exp(-5 / 40));
    expect(Math.abs(at(0, 1) - w2)).toBeLessThanOrEqual(TOL);
    // Had x_post2 been read after being set to 1, the change would be 12 % larger (≈ 5000 TOL).
    expect(Math.abs(at(0, 1) - Math.fround(0.25 + NU_POST * Math.exp(-5 / 20)))).toBeGreaterThan(
      100 * TOL,
    );
    rule.onPost(1, 30); // x_pre = e^(−15/20), x_post2 before = e^(−10/40) (since step 10, not 0)
    const w3 = Math.fround(w2 + NU_POST * Math.exp(-15 / 20) * Math.exp(-10 / 40));
    expect(Math.abs(at(0, 1) - w3)).toBeLessThanOrEqual(TOL);
  });

  it("TripletStdp: depression clips at 0 and potentiation at w_max, exactly; a clipped-away change is not counted", () => {
    const { rule, at, set, ledger } = setup(2, 2, 1);
    set(1, 0, 3e-5);
    rule.onPost(0, 0);
    rule.onPre(1, 0); // Δw = −1e-4 · e^0
    expect(at(1, 0)).toBe(0);
    rule.onPre(1, 1); // already 0: nothing to depress
    expect(at(1, 0)).toBe(0);
    expect(ledger.toRecord().ltdPulses).toBe(1);
    set(0, 1, 0.995);
    rule.onPre(0, 2);
    const ltdBefore = ledger.toRecord().ltdPulses;
    rule.onPost(1, 3); // first post of column 1: nothing
    rule.onPost(1, 5); // Δw = 0.01 · e^(−1.5/20) · e^(−1/40) ≈ 0.0090 > 1 − 0.995
    expect(at(0, 1)).toBe(1);
    // Rows 0 and 1 both spiked before: two potentiations.
    expect(ledger.toRecord().ltpPulses).toBe(2);
    rule.onPost(1, 6);
    expect(at(0, 1)).toBe(1);
    // Row 0 is at w_max (no change, not counted); row 1 grows again.
    expect(ledger.toRecord()).toMatchObject({ ltpPulses: 3, ltdPulses: ltdBefore });
  });

  it("TripletStdp: w_max other than 1 bounds potentiation", () => {
    const { rule, at, set } = setup(1, 1, 0.3);
    set(0, 0, 0.295);
    rule.onPre(0, 0);
    rule.onPost(0, 1);
    rule.onPost(0, 2);
    expect(at(0, 0)).toBe(Math.fround(0.3));
  });

  it("TripletStdp.beforeSample: rescales every column to sum 78 (normalisationSum); 0 turns it off", () => {
    const { rule, synapses } = setup(100, 3);
    rule.beforeSample();
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let i = 0; i < 100; i++) sum += synapses.weights[i * 3 + j]!;
      expect(Math.abs(sum - 78)).toBeLessThanOrEqual(78 * (2 ** -24 + 102 * 2 ** -53));
    }
    const ledger = new OpLedger();
    const plain = new IdealSynapses(
      idealSynapsesSchema.parse({ kind: "ideal" }),
      100,
      3,
      createRng(1),
      ledger,
    );
    const before = plain.weights.slice();
    new TripletStdp(
      tripletStdpSchema.parse({ rule: "triplet", normalisationSum: 0 }),
      plain,
      DT,
    ).beforeSample();
    expect(Buffer.from(plain.weights.buffer).equals(Buffer.from(before.buffer))).toBe(true);
  });

  it("TripletStdp.loadState: a restored rule applies the same updates as the original", () => {
    const spikes: [kind: "pre" | "post", index: number, t: number][] = [];
    const rng = createRng("stdp-events");
    for (let t = 0; t < 400; t++) {
      if (rng.next() < 0.3) spikes.push(["pre", rng.int(6), t]);
      if (rng.next() < 0.05) spikes.push(["post", rng.int(4), t]);
    }
    const play = (rule: TripletStdp, from: number, to: number) => {
      for (const [kind, index, t] of spikes) {
        if (t < from || t >= to) continue;
        if (kind === "pre") rule.onPre(index, t);
        else rule.onPost(index, t);
      }
    };
    const a = setup(6, 4);
    play(a.rule, 0, 200);
    const savedRule = a.rule.saveState();
    const savedWeights = a.synapses.saveState();
    play(a.rule, 200, 400);
    const b = setup(6, 4);
    play(b.rule, 0, 57); // another history first
    b.rule.loadState(savedRule);
    b.synapses.loadState(savedWeights);
    play(b.rule, 200, 400);
    expect(Buffer.from(b.w.buffer).equals(Buffer.from(a.w.buffer))).toBe(true);
    expect(b.ledger.toRecord().ltpPulses).toBeGreaterThan(0);
  });
});
