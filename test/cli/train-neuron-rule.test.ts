import { describe, expect, it } from "vitest";
import { configFromArgs } from "../../src/cli/commands/train.js";

describe("train --neuron / --rule", () => {
  it.each(["if", "lif", "srm0"] as const)(
    "configFromArgs: --neuron %s selects that model with its defaults",
    (model) => {
      const config = configFromArgs({ neuron: model });
      expect(config.neuron.model).toBe(model);
      expect(config.inhibition.mode).toBe("soft");
    },
  );

  it.each(["triplet", "pulse", "pair", "weight-dependent", "power-law", "hebbian"] as const)(
    "configFromArgs: --rule %s selects that learning rule",
    (rule) => {
      expect(configFromArgs({ rule }).learning.rule).toBe(rule);
    },
  );

  it("configFromArgs: --rule with an unknown name is refused, listing the choices", () => {
    expect(() => configFromArgs({ rule: "oja" })).toThrow(/rule.*power-law/s);
  });

  it("configFromArgs: --neuron lif with --device trains the crossbar with the lif neuron", () => {
    const config = configFromArgs({ neuron: "lif", rule: "pair", device: "ag-a-si" });
    expect(config.neuron.model).toBe("lif");
    expect(config.learning.rule).toBe("pair");
    expect(config.synapses.kind).toBe("crossbar");
  });

  it("configFromArgs: --integration sets the dc neuron's v update (default euler); other neurons and unknown methods are refused", () => {
    const implicit = configFromArgs({ integration: "implicit-euler" }).neuron;
    expect(implicit).toMatchObject({ model: "dc", integration: "implicit-euler" });
    expect(configFromArgs({}).neuron).toMatchObject({ model: "dc", integration: "euler" });
    expect(() => configFromArgs({ neuron: "hw", integration: "implicit-euler" })).toThrow(
      /--integration.*--neuron dc, not hw/,
    );
    expect(() => configFromArgs({ integration: "rk4" })).toThrow(/integration.*implicit-euler/);
  });
});
