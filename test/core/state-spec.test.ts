import { describe, expect, it } from "vitest";
import type { ComponentState } from "../../src/core/contracts.js";
import { ValidationError } from "../../src/core/errors.js";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { array, declareState, flag, scalar } from "../../src/core/state-spec.js";
import { buildNetwork } from "../../src/network/build.js";
import { runConfigSchema } from "../../src/network/config.js";
import { caught } from "../caught.js";

describe("declareState (src/core/state-spec.ts)", () => {
  const make = () => {
    const live = { a: new Float64Array(3), b: new Int32Array(2), n: 0, on: false };
    const spec = declareState("thing", {
      a: array(() => live.a),
      b: array(() => live.b),
      n: scalar(
        () => live.n,
        (x) => (live.n = x),
      ),
      on: flag(
        () => live.on,
        (x) => (live.on = x),
      ),
    });
    return { live, spec };
  };

  it("save() copies every declared variable; load() restores them in place", () => {
    const { live, spec } = make();
    live.a.set([1, 2, 3]);
    live.n = -Infinity;
    live.on = true;
    const saved = spec.save();
    expect(saved.a).not.toBe(live.a);
    live.a.fill(0);
    live.n = 5;
    live.on = false;
    spec.load(saved);
    expect([...live.a]).toEqual([1, 2, 3]);
    expect(live.n).toBe(-Infinity);
    expect(live.on).toBe(true);
  });

  it.each<[string, (s: ComponentState) => ComponentState, RegExp]>([
    [
      "a shorter array",
      (s) => ({ ...s, a: new Float64Array(2) }),
      /"a": expected a Float64Array of 3, got a Float64Array of 2/,
    ],
    [
      "a longer array",
      (s) => ({ ...s, a: new Float64Array(4) }),
      /"a": expected a Float64Array of 3/,
    ],
    [
      "another element type",
      (s) => ({ ...s, b: new Float64Array(2) }),
      /"b": expected a Int32Array of 2, got a Float64Array of 2/,
    ],
    ["a missing variable", ({ n: _n, ...s }) => s, /"n": expected a number, got nothing/],
    ["a NaN scalar", (s) => ({ ...s, n: NaN }), /"n": expected a number/],
    [
      "an unknown variable",
      (s) => ({ ...s, extra: 1 }),
      /"extra": not part of this component's state/,
    ],
  ])(
    "load() refuses %s with a ValidationError naming the component and variable, changing nothing",
    (_n, mutate, pattern) => {
      const { live, spec } = make();
      live.a.set([1, 2, 3]);
      const bad = mutate(spec.save());
      live.a.fill(7);
      const e = caught(() => spec.load(bad)) as Error;
      expect(e).toBeInstanceOf(ValidationError);
      expect(e.message).toMatch(/^thing state: /);
      expect(e.message).toMatch(pattern);
      expect([...live.a]).toEqual([7, 7, 7]);
    },
  );
});

describe("components refuse the state of a network of another size", () => {
  const net = (neurons: number, learning: Record<string, unknown> = { rule: "triplet" }) =>
    buildNetwork(
      runConfigSchema.parse({ neurons, train: 1, learning }),
      784,
      createRng(1),
      new OpLedger(),
    );

  it("the conductance neuron (dc), population inhibition and the triplet rule: 5-neuron state into a 4-neuron network", () => {
    const small = net(4);
    const big = net(5);
    const cases: [string, () => void][] = [
      ["neurons (dc)", () => small.neurons.loadState(big.neurons.saveState())],
      ["inhibition (population)", () => small.inhibition.loadState(big.inhibition.saveState())],
      ["triplet STDP", () => small.rule.loadState(big.rule.saveState())],
    ];
    for (const [component, load] of cases) {
      const e = caught(load) as Error;
      expect(e, component).toBeInstanceOf(ValidationError);
      expect(e.message).toMatch(
        new RegExp(`^${component.replace(/[()]/g, "\\$&")} state: .*of 4, got a .* of 5`),
      );
    }
    // Same size: accepted.
    expect(() => small.neurons.loadState(net(4).neurons.saveState())).not.toThrow();
    expect(() => small.rule.loadState(net(4).rule.saveState())).not.toThrow();
  });

  it("the pulse rule refuses lastPreStep of another type or length; stateless inhibitions refuse any state", () => {
    const pulse = net(4, { rule: "pulse" });
    const e = caught(() => pulse.rule.loadState({ lastPreStep: new Float64Array(784) })) as Error;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/^pulse STDP state: "lastPreStep": expected a Int32Array of 784/);
    const wta = buildNetwork(
      runConfigSchema.parse({
        neurons: 4,
        train: 1,
        neuron: { model: "hw" },
        inhibition: { mode: "wta" },
      }),
      784,
      createRng(1),
      new OpLedger(),
    );
    expect(wta.inhibition.saveState()).toEqual({});
    expect(() => wta.inhibition.loadState({ v: new Float64Array(4) })).toThrow(
      /inhibition \(wta\) state: "v": not part/,
    );
  });
});
