import { describe, expect, it } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { IdealSynapses, idealSynapsesSchema } from "../../src/crossbar/ideal-synapses.js";
import { PowerLawStdp, powerLawStdpSchema } from "../../src/learning/power-law-stdp.js";

const DT = 0.5;
const TOL = 2 ** -24;

function setup(over: Record<string, unknown> = {}, rows = 3, cols = 2) {
  const synapses = new IdealSynapses(
    idealSynapsesSchema.parse({ kind: "ideal" }),
    rows,
    cols,
    createRng(1),
    new OpLedger(),
  );
  const config = powerLawStdpSchema.parse({ rule: "power-law", ...over });
  return { synapses, rule: new PowerLawStdp(config, synapses, DT), config, w: synapses.weights };
}

describe("PowerLawStdp (Diehl & Cook 2015 power-law weight dependence)", () => {
  it("powerLawStdpSchema defaults: η 0.01, x_tar 0.17, μ 0.4, τ_pre 20 ms, additive trace, normalisation 78", () => {
    expect(powerLawStdpSchema.parse({ rule: "power-law" })).toEqual({
      rule: "power-law",
      eta: 0.01,
      xTar: 0.17,
      mu: 0.4,
      tauPreMs: 20,
      preTrace: "add",
      normalisationSum: 78,
    });
  });

  it("PowerLawStdp.onPost: Δw = η(x_pre − x_tar)(w_max − w)^μ with the additive trace x_pre = (e^(−5/20) + 1)·e^(−10/20)", () => {
    const { rule, w, config } = setup();
    w.set([0.3, 0.3, 0.6, 0.6, 0.0, 0.0]);
    rule.onPre(0, 0);
    rule.onPre(0, 10); // 5 ms later: trace e^(−5/20) + 1
    rule.onPre(1, 10);
    rule.onPost(1, 30); // 10 ms after the last input spikes
    const x0 = (Math.exp(-5 / 20) + 1) * Math.exp(-10 / 20);
    const x1 = Math.exp(-10 / 20);
    const dw = (x: number, wi: number) => config.eta * (x - config.xTar) * (1 - wi) ** config.mu;
    expect(Math.abs(w[0 * 2 + 1]! - Math.fround(0.3 + dw(x0, 0.3)))).toBeLessThanOrEqual(TOL);
    expect(Math.abs(w[1 * 2 + 1]! - Math.fround(0.6 + dw(x1, 0.6)))).toBeLessThanOrEqual(TOL);
    // Input 2 never spiked (x_pre = 0): depression −η·x_tar·(w_max − w)^μ, but w = 0 stays at 0.
    expect(w[2 * 2 + 1]).toBe(0);
    // Neuron 0 did not fire: its column is untouched.
    expect(w[0]).toBe(Math.fround(0.3));
    expect(w[2]).toBe(Math.fround(0.6));
  });

  it("PowerLawStdp: a silent input is depressed by η·x_tar·(w_max − w)^μ at each post spike", () => {
    const { rule, w, config } = setup();
    w.fill(0.5);
    rule.onPost(0, 100);
    const want = Math.fround(0.5 - config.eta * config.xTar * 0.5 ** config.mu);
    for (const i of [0, 2, 4]) expect(Math.abs(w[i]! - want)).toBeLessThanOrEqual(TOL);
  });

  it('PowerLawStdp with preTrace "set": a spike sets the trace to 1 instead of adding 1', () => {
    const { rule, w, config } = setup({ preTrace: "set" });
    w.fill(0.2);
    rule.onPre(0, 0);
    rule.onPre(0, 10);
    rule.onPost(0, 30);
    const x = Math.exp(-10 / 20);
    const want = Math.fround(0.2 + config.eta * (x - config.xTar) * 0.8 ** config.mu);
    expect(Math.abs(w[0]! - want)).toBeLessThanOrEqual(TOL);
  });

  it("PowerLawStdp: at w = w_max the factor (w_max − w)^μ is 0, so the weight stays", () => {
    const { rule, w } = setup();
    w.fill(1);
    rule.onPre(0, 0);
    rule.onPost(0, 0);
    expect(Array.from(w)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("PowerLawStdp: weights stay in [0, w_max] under dense random spiking with a large η", () => {
    const { rule, w } = setup({ eta: 0.5 }, 10, 3);
    const rng = createRng("pl-bounds");
    for (let t = 0; t < 2000; t++) {
      for (let r = 0; r < 10; r++) if (rng.next() < 0.3) rule.onPre(r, t);
      for (let c = 0; c < 3; c++) if (rng.next() < 0.05) rule.onPost(c, t);
    }
    for (const x of w) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });

  it("PowerLawStdp saveState/loadState continues identically", () => {
    const a = setup();
    a.rule.onPre(0, 0);
    a.rule.onPre(1, 4);
    const b = setup();
    b.rule.loadState(a.rule.saveState());
    b.w.set(a.w);
    for (const x of [a, b]) {
      x.rule.onPre(0, 8);
      x.rule.onPost(1, 12);
    }
    expect(Array.from(b.w)).toEqual(Array.from(a.w));
  });

  it("PowerLawStdp: neurons firing in the same step (the traces computed once per step and reused) get each column's Δw from that step's traces, and a later input spike is seen", () => {
    const { rule, w, config } = setup({}, 3, 3);
    w.set([0.3, 0.5, 0.7, 0.2, 0.4, 0.6, 0.1, 0.8, 0.9]);
    const before = Array.from(w);
    rule.onPre(0, 0);
    rule.onPre(1, 6);
    const x = [Math.exp(-10 / 20), Math.exp(-7 / 20), 0]; // at step 20 (10 ms), dt 0.5 ms
    const dw = (xi: number, wi: number) => config.eta * (xi - config.xTar) * (1 - wi) ** config.mu;
    for (const col of [0, 2]) rule.onPost(col, 20);
    for (const col of [0, 2]) {
      for (let r = 0; r < 3; r++) {
        const wi = Math.fround(before[r * 3 + col]!);
        const want = Math.fround(Math.max(0, wi + dw(x[r]!, wi)));
        expect(Math.abs(w[r * 3 + col]! - want)).toBeLessThanOrEqual(TOL);
      }
    }
    // Column 1 did not fire.
    for (let r = 0; r < 3; r++) expect(w[r * 3 + 1]).toBe(Math.fround(before[r * 3 + 1]!));
    // An input spike at a later step, then a post spike in that step: the new trace counts.
    rule.onPre(2, 30);
    const w21 = w[2 * 3 + 1]!;
    rule.onPost(1, 30);
    expect(Math.abs(w[2 * 3 + 1]! - Math.fround(w21 + dw(1, w21)))).toBeLessThanOrEqual(TOL);
  });
});
