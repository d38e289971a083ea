import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import yargs from "yargs";
import { UsageError, ValidationError } from "../../src/core/errors.js";
import {
  energyCommand,
  formatEnergyLine,
  repriceResult,
  runEnergyCommand,
} from "../../src/cli/commands/energy.js";
import { computeEnergy, type EnergyInput } from "../../src/energy/model.js";
import { loadEnergyProfile } from "../../src/energy/profile.js";
import { energyReportSchema } from "../../src/energy/report-schema.js";
import { AG_A_SI, AG_GMAX_S, counts } from "./helpers.js";

const pJ = 1e-12;

/** A small finished run on Ag:a-Si with a 16-bit adder neuron (hand-made counts). */
function fakeResult(): Record<string, unknown> {
  return {
    version: 1,
    inputs: 784,
    samples: { train: 2, label: 1, test: 1 },
    config: {
      neurons: 10,
      neuron: { model: "hw", bits: 16 },
      timing: { dtMs: 0.5, presentationMs: 350, restMs: 150, minSpikes: 5, maxPresentations: 10 },
      seed: 1,
    },
    device: { preset: "ag-a-si", electrical: { ...AG_A_SI } },
    accuracy: { test: 0.5 },
    ops: {
      train: counts({
        inputSpikes: 40,
        rowActivations: 40,
        synapticEvents: 400,
        readConductanceS: 400 * 20e-9,
        neuronAdds: 400,
        compares: 1400,
        leakUpdates: 60,
        outputSpikes: 6,
        ltpPulses: 12,
        ltpWriteConductanceS: 12 * 25e-9,
        ltdPulses: 30,
        ltdWriteConductanceS: 30 * 15e-9,
        presentations: 2,
        samples: 2,
      }),
      label: counts({ inputSpikes: 20, synapticEvents: 200, readConductanceS: 200 * 20e-9 }),
      test: counts({
        inputSpikes: 25,
        rowActivations: 25,
        synapticEvents: 250,
        readConductanceS: 250 * AG_GMAX_S,
        neuronAdds: 250,
        compares: 700,
        leakUpdates: 30,
        outputSpikes: 3,
        presentations: 1,
        samples: 1,
      }),
    },
  };
}

function writeResult(value: unknown, name = "result.json"): string {
  const dir = mkdtempSync(join(tmpdir(), "nx-energy-"));
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return file;
}

/** The EnergyInput the fake result describes, written out by hand (not read by the code under test). */
function handInput(): EnergyInput {
  const r = fakeResult() as { ops: EnergyInput["ops"] };
  return {
    ops: r.ops,
    samples: { train: 2, label: 1, test: 1 },
    inputs: 784,
    neurons: 10,
    neuronModel: "hw",
    bits: 16,
    electrical: AG_A_SI,
    stepsPerPresentation: 700,
  };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

describe("re-pricing a saved result", () => {
  it("under the profile it was priced with gives back the saved energy exactly", () => {
    const result = fakeResult();
    result["energy"] = computeEnergy(handInput(), loadEnergyProfile("default"));
    const file = writeResult(result);
    const saved = JSON.parse(JSON.stringify(result["energy"])) as unknown;
    expect(repriceResult(file, "default")).toEqual(saved);
  });

  it.each(["loihi", "truenorth", "cmos45-int8", "crossbar-adc"])(
    "under %s equals computing directly with that profile",
    (name) => {
      const file = writeResult(fakeResult());
      const direct = computeEnergy(handInput(), loadEnergyProfile(name));
      const repriced = repriceResult(file, name);
      expect(repriced).toEqual(direct);
      expect(repriced.totalJ).not.toBe(
        computeEnergy(handInput(), loadEnergyProfile("default")).totalJ,
      );
    },
  );

  it("prices the device terms from the result's electrical values", () => {
    const r = repriceResult(writeResult(fakeResult()), "default");
    expectClose(r.phases.test.breakdown.synapseReadJ, 0.25 * 5e-9 * 250 * AG_GMAX_S);
    expectClose(
      r.phases.train.breakdown.synapseWriteJ,
      300e-6 * (10.24 * 12 * 25e-9 + 7.84 * 30 * 15e-9),
    );
    // 700 steps from timing.presentationMs / timing.dtMs; SNN FLOPs per image = 2·N·S + N·T = 2·10·25 + 10·700.
    expect(r.ann.snnFlops).toBe(500 + 7000);
  });

  it("reads the electrical values the crossbar records under synapses (its describe())", () => {
    const result = fakeResult();
    delete result["device"];
    result["synapses"] = { kind: "crossbar", preset: "ag-a-si", electrical: AG_A_SI };
    const r = repriceResult(writeResult(result), "default");
    expect(r.pricing.synapseRead).toBe("device");
    expectClose(r.phases.test.breakdown.synapseReadJ, 0.25 * 5e-9 * 250 * AG_GMAX_S);
  });

  it("a malformed electrical block names the field", () => {
    const result = fakeResult();
    (result["device"] as { electrical: Record<string, unknown> }).electrical["writePulseWidthS"] =
      -1;
    const err = errorOf(() => repriceResult(writeResult(result), "default"));
    expect(err.message).toContain("device.electrical.writePulseWidthS");
    expect(err.message).toContain("positive write pulse width");
  });

  it("an ideal run (no device electrical values) falls back to the digital synapse", () => {
    const result = fakeResult();
    result["device"] = null;
    const r = repriceResult(writeResult(result), "default");
    expect(r.pricing.synapseRead).toBe("digitalFallback");
    expectClose(r.phases.test.breakdown.synapseReadJ, 250 * 1.25 * pJ);
  });
});

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
}

describe("broken result files", () => {
  it("a missing counter names the file and the field", () => {
    const result = fakeResult();
    delete (result["ops"] as { test: Record<string, number> }).test["synapticEvents"];
    const file = writeResult(result);
    const err = errorOf(() => repriceResult(file, "default"));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain(`${file} › ops.test.synapticEvents`);
  });

  it("a wrong neuron model names the field and the value", () => {
    const result = fakeResult();
    (result["config"] as { neuron: { model: string } }).neuron.model = "izhikevich";
    const err = errorOf(() => repriceResult(writeResult(result), "default"));
    expect(err.message).toContain("config.neuron.model");
    expect(err.message).toContain('"izhikevich" (a string)');
  });

  it("a missing inputs count is named", () => {
    const result = fakeResult();
    delete result["inputs"];
    const err = errorOf(() => repriceResult(writeResult(result), "default"));
    expect(err.message).toMatch(/› inputs: .*got nothing/);
  });

  it("a file that is not JSON names the file", () => {
    const file = writeResult('{"ops": {', "torn.json");
    const err = errorOf(() => repriceResult(file, "default"));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain(file);
    expect(err.message).toContain("not valid JSON");
  });

  it("a missing file is a usage error naming it", () => {
    const err = errorOf(() => repriceResult("/nonexistent/result.json", "default"));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain("/nonexistent/result.json");
  });
});

describe("neuroxbar energy (command)", () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(args: string[]): Promise<string> {
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await yargs(args)
      .command(energyCommand)
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parseAsync();
    return out;
  }

  it("--json prints the EnergyReport of the chosen profile", async () => {
    const file = writeResult(fakeResult());
    const out = await run(["energy", file, "--profile", "truenorth", "--json"]);
    const report = energyReportSchema.parse(JSON.parse(out));
    expect(report.profile.name).toBe("truenorth");
    // Test phase: 250 synaptic events × 26 pJ, nothing else priced by TrueNorth here.
    expectClose(report.phases.test.totalJ, 250 * 26 * pJ);
  });

  it("prints a table with the phases, per-inference energy, activity and the ANN verdict", async () => {
    const file = writeResult(fakeResult());
    const out = await run(["energy", file, "--profile", "loihi"]);
    expect(out).toContain(`energy of ${file} under profile "loihi"`);
    for (const phase of ["train", "label", "test"])
      expect(out).toMatch(new RegExp(`^${phase} `, "m"));
    // Test: 250 × 23.6 pJ + 30 × 52 pJ + (25 + 3) × 1.7 pJ = 5.9 + 1.56 + 0.0476 = 7.5076 nJ.
    expect(out).toContain("energy per inference:        7.51 nJ");
    // 250 events over 784 × 10 synapses.
    expect(out).toContain(`${(250 / 7840).toPrecision(3)} spikes per synapse per inference`);
    expect(out).toContain("7,840 MACs/image");
    expect(out).toContain("verdict: at");
    expect(out).toContain("Lemaire");
  });

  it("defaults to the default profile", async () => {
    const out = await run(["energy", writeResult(fakeResult()), "--json"]);
    expect(JSON.parse(out).profile.name).toBe("default");
  });

  it("an unknown profile fails with the list of known ones", async () => {
    await expect(
      run(["energy", writeResult(fakeResult()), "--profile", "spinnaker"]),
    ).rejects.toThrow(/known profiles: .*loihi/);
  });

  it("runEnergyCommand returns the same report as the handler prints", () => {
    const file = writeResult(fakeResult());
    const text = runEnergyCommand({ result: file, profile: "cmos45-int8", json: true });
    expect(JSON.parse(text)).toEqual(
      JSON.parse(JSON.stringify(computeEnergy(handInput(), loadEnergyProfile("cmos45-int8")))),
    );
  });
});

describe("formatEnergyLine", () => {
  it("gives energy per inference with shares, per training sample, and the int8 ANN ratio", () => {
    const r = computeEnergy(handInput(), loadEnergyProfile("loihi"));
    const line = formatEnergyLine(r);
    // Test: reads 5.9 nJ (78.6 %), neuron 1.56 nJ (20.8 %), spikes 47.6 pJ (0.63 %) of 7.5076 nJ.
    expect(line).toMatch(
      /^energy \[loihi\]: 7\.51 nJ\/inference \(synapse reads 79 %, neuron 21 %, spikes 0\.6 %\)/,
    );
    // Train per sample: (400×23.6 + 42×120 + 60×52 + 46×1.7) pJ / 2 = 17,678.2 pJ / 2 = 8.84 nJ,
    // reads 9440 / 17678 = 53 %, writes 5040 / 17678 = 29 %, then neuron and spikes (elided).
    expect(line).toContain("8.84 nJ/training sample (synapse reads 53 %, synapse writes 29 %, …)");
    // int8 ANN: 7840 × 0.23 pJ = 1.8032 nJ < 7.5076 nJ → the SNN spends 4.2× more.
    expect(line).toContain(`SNN vs int8 ANN: ${(7.5076 / 1.8032).toPrecision(2)}× more`);
  });
});
