/**
 * `neuroxbar design --adc-bits`: the chip's column ADC goes with the device under test (its
 * reference, preset ranking, attribution and mitigation arms) and never with the ideal reference
 * or the all-off twin; its attribution row switches it off and its requirement row compares bits.
 */
import { describe, expect, it } from "vitest";
import { buildPlan, type DesignPlan } from "../../src/design/plan.js";
import { loadPreset } from "../../src/devices/preset-files.js";

function plan(adc?: { bits: number; fullScaleWeights: number }): DesignPlan {
  return buildPlan({
    argument: "ag-a-si",
    name: "ag-a-si",
    kind: "preset",
    configDevice: "ag-a-si",
    linearPath: "devices/linearised.json",
    nlBasePath: "devices/nl-twin.json",
    preset: loadPreset("ag-a-si").preset,
    presets: ["ideal", "pcmo"],
    quick: true,
    lossBudgetPoints: 1,
    adc,
  });
}

const arm = (p: DesignPlan, id: string) => {
  const a = p.arms.find((x) => x.id === id);
  if (!a) throw new Error(`no arm ${id}`);
  return a.synapses as Record<string, unknown>;
};

describe("design plan with a column ADC", () => {
  const adc = { bits: 5, fullScaleWeights: 3 };
  const withAdc = plan(adc);
  const without = plan();

  it("puts the ADC on the device, the ranked presets, the attribution and the mitigation arms", () => {
    expect(arm(withAdc, "device").adc).toEqual(adc);
    expect(arm(withAdc, "preset:pcmo").adc).toEqual(adc);
    expect(arm(withAdc, "off:c2c").adc).toEqual(adc);
    expect(arm(withAdc, "off:nonlinearity").adc).toEqual(adc);
    expect(arm(withAdc, "mit:write-verify").adc).toEqual(adc);
  });

  it("keeps the ideal reference and the all-off twin exact", () => {
    expect(arm(withAdc, "ideal").adc).toBeUndefined();
    expect(arm(withAdc, "all-off").adc).toBeUndefined();
  });

  it("switches only the ADC off in its attribution arm", () => {
    const off = arm(withAdc, "off:adc");
    expect(off.adc).toBeUndefined();
    expect(off.device).toBe("ag-a-si");
    expect(off.set).toBeUndefined();
    expect(withAdc.nonIdealities.find((s) => s.key === "adc")?.present).toBe(true);
  });

  it("compares the ADC requirement with the device's bits", () => {
    const req = withAdc.requirements.find((r) => r.key === "adc");
    expect(req?.deviceValue).toBe(5);
    expect(withAdc.adc).toEqual(adc);
  });

  it("without --adc-bits runs exact column sums as before (no ADC arm, no device value)", () => {
    expect(arm(without, "device").adc).toBeUndefined();
    expect(without.arms.some((a) => a.id === "off:adc")).toBe(false);
    expect(without.requirements.find((r) => r.key === "adc")?.deviceValue).toBeNull();
    expect(without.adc).toBeNull();
  });
});
