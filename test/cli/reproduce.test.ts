import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, ensureBuilt } from "../global-setup.js";
import { differingFields, fieldsAddedSince } from "../../src/cli/commands/reproduce.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), "neuroxbar-repro-"));
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: readonly string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], { cwd: tmp, encoding: "utf8" });
}

describe("neuroxbar reproduce", () => {
  it("differingFields: ignores timings and provenance, names every other top-level field that differs", () => {
    const a = { accuracy: 0.5, ops: { x: 1 }, timings: { s: 1 }, provenance: { c: "a" } };
    const b = { accuracy: 0.5, ops: { x: 2 }, timings: { s: 9 }, provenance: { c: "b" } };
    expect(differingFields(a, b)).toEqual(["ops"]);
    expect(differingFields(a, { ...a, timings: { s: 5 } })).toEqual([]);
    // A sweep run's result.json carries the sweep's bookkeeping, which a re-run does not write.
    expect(differingFields({ ...a, sweep: { pointId: "p", replicate: 1, seed: 7 } }, a)).toEqual(
      [],
    );
  });

  it("a result written before a field existed: the new field is listed, not compared; everything it recorded still is", () => {
    // Saved by an older version: no neuron.integration, no synapses.presetSha256, no warnings.
    const saved = {
      accuracy: 0.5,
      config: { neuron: { model: "dc" }, synapses: { device: "ag-a-si" } },
      synapses: { kind: "crossbar", params: [1, 2] },
    };
    const fresh = {
      accuracy: 0.5,
      config: { neuron: { model: "dc", integration: "euler" }, synapses: { device: "ag-a-si" } },
      synapses: { kind: "crossbar", params: [1, 2], presetSha256: "ab" },
      warnings: [],
    };
    expect(differingFields(saved, fresh)).toEqual([]);
    expect(fieldsAddedSince(saved, fresh)).toEqual([
      "config.neuron.integration",
      "synapses.presetSha256",
      "warnings",
    ]);
    // A recorded value that changed is still a difference, at any depth …
    const changed = structuredClone(fresh);
    changed.synapses.params[1] = 3;
    expect(differingFields(saved, changed)).toEqual(["synapses"]);
    // … and so is a recorded field the fresh result no longer has.
    const { kind: _kind, ...withoutKind } = fresh.synapses;
    expect(differingFields(saved, { ...fresh, synapses: withoutKind })).toEqual(["synapses"]);
  });

  it("reproduce RESULT.json: an untouched result reproduces (exit 0); a tampered accuracy does not (exit 1, names the field)", () => {
    const train = cli([
      "train",
      "--neurons",
      "8",
      "--train",
      "20",
      "--label",
      "20",
      "--test",
      "20",
      "--no-progress",
      "--out",
      "run",
    ]);
    expect(train.status, train.stderr).toBe(0);
    const resultPath = join(tmp, "run", "result.json");
    const ok = cli(["reproduce", resultPath, "--no-progress"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^reproduced: every deterministic field it recorded is identical/m);
    expect(ok.stdout).not.toMatch(/not compared/);

    const tampered = JSON.parse(readFileSync(resultPath, "utf8")) as { accuracy: number };
    tampered.accuracy += 0.01;
    const tamperedPath = join(tmp, "tampered.json");
    writeFileSync(tamperedPath, JSON.stringify(tampered));
    const bad = cli(["reproduce", tamperedPath, "--no-progress"]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^NOT reproduced: accuracy differ/m);
  });
});
