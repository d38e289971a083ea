/**
 * `neuroxbar train --device`: the result records its controller, and write-verify's reads are
 * counted and priced (issue: "Program the crossbar as a chip does").
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../e2e/helpers.js";
import { ensureBuilt } from "../global-setup.js";

let tmp: string;

function cli(args: readonly string[]): Promise<CliRun> {
  return runCli(args, tmp);
}

interface PhaseOps {
  verifyReads: number;
  verifyReadConductanceS: number;
  normalisationReads: number;
  columnReads: number;
  adcConversions: number;
  ltpPulses: number;
}
interface Result {
  config: { synapses: { update: string; adc?: { bits: number } | null } };
  ops: { train: PhaseOps; test: PhaseOps };
  energy: {
    phases: {
      train: {
        detail: { verifyReadJ: number; adcJ: number };
        programming: { reads: number; serialTimeS: number };
      };
      test: { detail: { adcJ: number } };
    };
  };
}

function args(out: string, extra: readonly string[]): string[] {
  const config = join(tmp, "short.json");
  writeFileSync(config, JSON.stringify({ timing: { presentationMs: 100, restMs: 50 } }));
  return [
    "train",
    "--config",
    config,
    "--device",
    "ag-a-si",
    "--neurons",
    "8",
    "--train",
    "12",
    "--label",
    "12",
    "--test",
    "10",
    "--seed",
    "2",
    "--no-progress",
    "--out",
    out,
    ...extra,
  ];
}

const read = (out: string): Result =>
  JSON.parse(readFileSync(join(tmp, out, "result.json"), "utf8")) as Result;

let runs: CliRun[];

beforeAll(async () => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), "nxb-write-path-"));
  runs = await Promise.all([
    cli(args("open", [])),
    cli(args("wv", ["--update", "write-verify"])),
    cli(args("adc", ["--adc-bits", "5", "--adc-full-scale-weights", "2"])),
  ]);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("neuroxbar train --device: the write path in result.json", () => {
  it('train --device ag-a-si records synapses.update "open-loop" and counts 0 verify reads', () => {
    expect(runs[0]!.code, runs[0]!.stderr).toBe(0);
    const r = read("open");
    expect(r.config.synapses.update).toBe("open-loop");
    expect(r.ops.train.verifyReads).toBe(0);
    expect(r.ops.train.ltpPulses).toBeGreaterThan(0);
    // The open-loop controller reads columns to normalise them.
    expect(r.ops.train.normalisationReads).toBeGreaterThan(0);
    expect(r.energy.phases.train.detail.verifyReadJ).toBe(0);
  });

  it("train --update write-verify counts verify reads > 0, prices them and adds their time to programming", () => {
    expect(runs[1]!.code, runs[1]!.stderr).toBe(0);
    const r = read("wv");
    expect(r.config.synapses.update).toBe("write-verify");
    expect(r.ops.train.verifyReads).toBeGreaterThan(0);
    expect(r.ops.train.verifyReadConductanceS).toBeGreaterThan(0);
    expect(r.energy.phases.train.detail.verifyReadJ).toBeGreaterThan(0);
    const p = r.energy.phases.train.programming;
    expect(p.reads).toBe(r.ops.train.verifyReads + r.ops.train.normalisationReads);
    expect(p.serialTimeS).toBeGreaterThan(0);
  });

  it("train --adc-bits 5 converts every column read once and prices the conversions", () => {
    expect(runs[2]!.code, runs[2]!.stderr).toBe(0);
    const r = read("adc");
    expect(r.config.synapses.adc?.bits).toBe(5);
    expect(r.ops.test.adcConversions).toBe(r.ops.test.columnReads);
    expect(r.ops.test.columnReads).toBeGreaterThan(0);
    expect(r.energy.phases.test.detail.adcJ).toBeGreaterThan(0);
  });

  it("--update without a crossbar is one clear line, exit 2, and no output folder", async () => {
    const run = await cli(["train", "--update", "open-loop", "--out", "none", "--no-progress"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/--update configures the crossbar's write path/);
    expect(existsSync(join(tmp, "none"))).toBe(false);
  });
});
