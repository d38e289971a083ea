/**
 * The conductance neuron's inhibition is an fp32 add (g_i += w) per inhibition event, never free
 * (issue #19 item 7: pricing it at 0 J left every test green).
 */
import { describe, expect, it } from "vitest";
import { computeEnergy } from "../../src/energy/model.js";
import { loadEnergyProfile } from "../../src/energy/profile.js";
import { inputWith } from "./helpers.js";

describe("energy of the conductance (dc) neuron's inhibition", () => {
  it.each(["default"])(
    "%s: 500 inhibition events cost 500 fp32 adds of the profile, in detail and breakdown",
    (name) => {
      const profile = loadEnergyProfile(name);
      const neuron = profile.neuron;
      if (neuron.pricing !== "bitWidth") throw new Error(`${name}: expected bit-width pricing`);
      const addJ = neuron.fp32AddJ;
      expect(addJ).toBeGreaterThan(0);
      const r = computeEnergy(
        inputWith({ test: { inhibitionEvents: 500 } }, { neuronModel: "dc" }),
        profile,
      );
      expect(r.phases.test.detail.inhibitionEventJ).toBeCloseTo(500 * addJ, 30);
      expect(r.phases.test.detail.inhibitionEventJ / (500 * addJ)).toBeCloseTo(1, 12);
      expect(r.phases.test.breakdown.inhibitionJ / (500 * addJ)).toBeCloseTo(1, 12);
    },
  );
});
