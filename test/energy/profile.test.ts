import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError, ValidationError } from "../../src/core/errors.js";
import {
  ENERGY_PROFILE_DIR,
  energyProfileSchema,
  listEnergyProfiles,
  loadEnergyProfile,
  parseEnergyProfile,
} from "../../src/energy/profile.js";

const files = readdirSync(ENERGY_PROFILE_DIR).filter((f) => f.endsWith(".json"));
const raw = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ENERGY_PROFILE_DIR, `${name}.json`), "utf8")) as Record<
    string,
    unknown
  >;

/** Deep copy of the default profile with one edit applied. */
function edited(edit: (p: Record<string, Record<string, unknown>>) => void): unknown {
  const p = structuredClone(raw("default")) as Record<string, Record<string, unknown>>;
  edit(p);
  return p;
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

/** A citation: a publication year 1950–2099 as a word (not part of a longer number). */
const CITES_YEAR = /(?<![\d.])(19[5-9]\d|20\d\d)(?![\d.])/;

describe("shipped profiles (energy/*.json)", () => {
  it("ships the four required profiles", () => {
    expect(listEnergyProfiles()).toEqual(
      expect.arrayContaining(["default", "loihi", "truenorth", "cmos45-int8"]),
    );
  });

  it.each(files)("%s parses, is named after its file and cites a source for every figure", (f) => {
    const name = f.replace(/\.json$/, "");
    const profile = loadEnergyProfile(name);
    expect(profile.name).toBe(name);
    // A citation names a publication year (e.g. "Horowitz, ISSCC 2014").
    expect(profile.source).toMatch(CITES_YEAR);
    const sections = ["synapse", "neuron", "spikes", "peripheral", "ann"] as const;
    for (const s of sections) {
      const section = profile[s] as Record<string, unknown> | undefined;
      if (!section) continue;
      const sources = (section["sources"] ?? {}) as Record<string, string>;
      for (const [key, value] of Object.entries(section)) {
        if (typeof value !== "number") continue;
        // A priced figure cites where it comes from (author/venue and year); a figure priced 0
        // says why (e.g. "not priced in the neutral profile"), which needs no year.
        const source = sources[key] ?? "";
        if (value > 0) expect(source, `${f} › ${s}.${key} = ${value}`).toMatch(CITES_YEAR);
        else expect(source.length, `${f} › ${s}.${key} = 0 says why`).toBeGreaterThan(10);
      }
    }
  });

  it("default prices the device from electrical values and the neuron by bit width (Horowitz)", () => {
    const p = loadEnergyProfile("default");
    expect(p.synapse.read).toBe("device");
    expect(p.synapse.write).toBe("device");
    expect(p.neuron).toMatchObject({
      pricing: "bitWidth",
      int8AddJ: 0.03e-12,
      int32AddJ: 0.1e-12,
      fp32AddJ: 0.9e-12,
      fp32MultJ: 3.7e-12,
    });
  });

  it("loihi uses Davies 2018 per-event figures", () => {
    const p = loadEnergyProfile("loihi");
    expect(p.synapse.synapticEventJ).toBe(23.6e-12);
    expect(p.synapse.writePulseJ).toBe(120e-12);
    expect(p.neuron.pricing === "perOp" && p.neuron.leakUpdateJ).toBe(52e-12);
    expect(p.spikes.outputSpikeJ).toBe(1.7e-12);
  });

  it("truenorth uses Merolla 2014's ≈ 26 pJ per synaptic event", () => {
    expect(loadEnergyProfile("truenorth").synapse.synapticEventJ).toBe(26e-12);
  });

  it("cmos45-int8 prices a synaptic event as an int8 add plus an SRAM weight fetch (10 pJ / 8)", () => {
    const p = loadEnergyProfile("cmos45-int8");
    expect(p.synapse.synapticEventJ).toBeCloseTo(0.03e-12 + 10e-12 / 8, 25);
    expect(p.neuron.pricing === "perOp" && p.neuron.addJ).toBe(0);
  });
});

describe("loadEnergyProfile errors", () => {
  it("an unknown name lists the known profiles", () => {
    const err = errorOf(() => loadEnergyProfile("loihi2"));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain('"loihi2"');
    for (const known of ["default", "loihi", "truenorth", "cmos45-int8"]) {
      expect(err.message).toContain(known);
    }
  });

  it("a missing file path is a usage error naming the path", () => {
    const err = errorOf(() => loadEnergyProfile("./nowhere/mine.json"));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain("./nowhere/mine.json");
  });

  it("a file that is not JSON names the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "nx-profile-"));
    const file = join(dir, "broken.json");
    writeFileSync(file, "{ not json");
    const err = errorOf(() => loadEnergyProfile(file));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain(file);
  });

  it("a copied and edited profile file loads from its path", () => {
    const dir = mkdtempSync(join(tmpdir(), "nx-profile-"));
    const file = join(dir, "mine.json");
    writeFileSync(
      file,
      JSON.stringify(
        edited((p) => {
          p["name"] = "mine" as unknown as Record<string, unknown>;
          p["synapse"]!["synapticEventJ"] = 2e-12;
        }),
      ),
    );
    const p = loadEnergyProfile(file);
    expect(p.name).toBe("mine");
    expect(p.synapse.synapticEventJ).toBe(2e-12);
  });
});

describe("energyProfileSchema validation", () => {
  it("the unedited default passes (so the rejections below are caused by the edits)", () => {
    expect(energyProfileSchema.safeParse(raw("default")).success).toBe(true);
  });

  it("rejects a negative energy, naming the field and the value", () => {
    const bad = edited((p) => {
      p["neuron"]!["int8AddJ"] = -1e-12;
    });
    const err = errorOf(() => parseEnergyProfile(bad, "mine.json"));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain("mine.json › neuron.int8AddJ");
    expect(err.message).toContain("non-negative");
    expect(err.message).toContain("-1e-12");
  });

  it("rejects an unknown field, naming it", () => {
    const bad = edited((p) => {
      p["synapse"]!["synapticEvntJ"] = 1e-12;
    });
    const err = errorOf(() => parseEnergyProfile(bad, "mine.json"));
    expect(err.message).toContain("mine.json › synapse");
    expect(err.message).toContain('"synapticEvntJ"');
  });

  it("rejects a wrong type, naming the field and what it got", () => {
    const bad = edited((p) => {
      p["ann"]!["fp32MacJ"] = "4.6 pJ";
    });
    const err = errorOf(() => parseEnergyProfile(bad, "mine.json"));
    expect(err.message).toContain("mine.json › ann.fp32MacJ");
    expect(err.message).toContain('"4.6 pJ" (a string)');
    expect(err.message).toContain("joules");
  });

  it("rejects a source for a figure that does not exist", () => {
    const bad = edited((p) => {
      (p["spikes"]!["sources"] as Record<string, string>)["spikeJ"] = "somewhere";
    });
    const err = errorOf(() => parseEnergyProfile(bad, "mine.json"));
    expect(err.message).toContain("spikes.sources");
    expect(err.message).toContain('"spikeJ"');
  });

  it("rejects an unknown neuron pricing mode", () => {
    const bad = edited((p) => {
      p["neuron"]!["pricing"] = "perBit";
    });
    const err = errorOf(() => parseEnergyProfile(bad, "mine.json"));
    expect(err.message).toContain("neuron.pricing");
    expect(err.message).toContain('"perBit"');
  });

  it("rejects a missing figure", () => {
    const bad = edited((p) => {
      delete p["synapse"]!["writePulseJ"];
    });
    const err = errorOf(() => parseEnergyProfile(bad, "mine.json"));
    expect(err.message).toContain("synapse.writePulseJ");
  });

  it("accepts a profile without the optional peripheral section", () => {
    const ok = edited((p) => {
      delete p["peripheral"];
    });
    expect(parseEnergyProfile(ok, "mine.json").peripheral).toBeUndefined();
  });
});
