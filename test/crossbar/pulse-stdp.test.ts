import { describe, expect, test } from "vitest";
import { OP, OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { parseWithSchema } from "../../src/core/validate.js";
import { createCrossbar } from "../../src/crossbar/index.js";
import { PulseStdp, pulseStdpSchema } from "../../src/learning/pulse-stdp.js";

describe("pulse-based STDP (Querlioz 2013)", () => {
  const make = () => {
    const ledger = new OpLedger();
    const xb = createCrossbar(
      { device: "querlioz-2013", update: "pulse" },
      6,
      3,
      createRng(1),
      ledger,
    );
    xb.programInitialWeights(new Float32Array(18).fill(0.5));
    const rule = new PulseStdp(
      parseWithSchema(pulseStdpSchema, { rule: "pulse" }, "stdp"),
      xb,
      0.5,
    );
    return { xb, ledger, rule };
  };

  test("default LTP window is 45 ms = 90 steps at dt 0.5 ms", () => {
    expect(make().rule.windowSteps).toBe(90);
  });

  test("onPost: inputs that spiked within the window (same step included) get LTP, the others LTD", () => {
    const { xb, ledger, rule } = make();
    const w0 = xb.weights.slice();
    rule.onPre(0, 111); // 89 steps before the post spike → LTP
    rule.onPre(1, 110); // exactly 90 → LTP
    rule.onPre(2, 109); // 91 → LTD
    rule.onPre(4, 200); // same step → LTP
    rule.onPre(5, 150);
    rule.onPre(5, 20); // the last spike counts: 180 steps → LTD
    rule.onPost(1, 200); // row 3 never spiked → LTD
    expect(ledger.counts[OP.ltpPulses]).toBe(3);
    expect(ledger.counts[OP.ltdPulses]).toBe(3);
    const up = [0, 1, 4];
    for (let row = 0; row < 6; row++) {
      const i = row * 3 + 1;
      if (up.includes(row)) expect(xb.weights[i]!).toBeGreaterThan(w0[i]!);
      else expect(xb.weights[i]!).toBeLessThan(w0[i]!);
      expect(xb.weights[row * 3]).toBe(w0[row * 3]); // other columns untouched
    }
  });

  test("beforeSample does nothing (no normalisation in this rule)", () => {
    const { xb, ledger, rule } = make();
    const w = xb.weights.slice();
    rule.beforeSample();
    expect(xb.weights).toEqual(w);
    expect(ledger.counts[OP.normalisationPulses]).toBe(0);
  });

  test("saveState/loadState restores the last spike steps", () => {
    const a = make();
    a.rule.onPre(2, 190);
    const s = a.rule.saveState();
    const b = make();
    b.rule.loadState(s);
    b.rule.onPost(0, 200);
    expect(b.ledger.counts[OP.ltpPulses]).toBe(1);
  });

  test("params are strict: an unknown field is rejected with its name", () => {
    expect(() =>
      parseWithSchema(pulseStdpSchema, { rule: "pulse", ltpWindow: 10 }, "stdp"),
    ).toThrow(/unknown field "ltpWindow"/);
  });
});
