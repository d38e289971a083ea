import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annConfigFromArgs } from "../../src/cli/commands/ann.js";
import { UsageError } from "../../src/core/errors.js";
import { caught } from "../caught.js";
import { cliPath, ensureBuilt } from "../global-setup.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), "neuroxbar-ann-"));
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: readonly string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], { cwd: tmp, encoding: "utf8" });
}

describe("neuroxbar ann", () => {
  it.each([
    [{ hidden: "0" }, /^--hidden: expected a whole number from 1 to 100000, got 0$/],
    [{ lr: "fast" }, /^--lr: expected a number, got "fast" \(a string\)$/],
    [{ lr: "0" }, /^--lr: expected a positive learning rate, got 0$/],
    [{ epochs: "1.5" }, /^--epochs: expected a whole number ≥ 1, got "1.5"/],
    [{ batch: "-4" }, /^--batch: expected a whole number from 1 to 1000000, got -4$/],
    [{ train: "lots" }, /^--train: expected a whole number ≥ 1, got "lots"/],
    [{ dataset: "cifar" }, /^--dataset: expected one of mnist, fashion-mnist, idx, got "cifar"/],
    [{ dataset: "idx" }, /^--dataset idx needs --data-dir DIR/],
  ] as const)(
    "annConfigFromArgs(%j) throws a one-line usage error (exit status 2)",
    (args, message) => {
      const err = caught(() => annConfigFromArgs(args));
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitStatus).toBe(2);
      expect((err as UsageError).message).toMatch(message);
      expect((err as UsageError).message).not.toContain("\n");
    },
  );

  it("a bad flag on the command line: one line on stderr, exit status 2, no output folder", () => {
    const out = join(tmp, "bad");
    const r = cli(["ann", "--hidden", "0", "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("neuroxbar: --hidden: expected a whole number from 1 to 100000, got 0\n");
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("ann --out DIR writes DIR/result.json with the accuracy, the config, MACs and the priced profile", () => {
    const r = cli(
      ["ann", "--hidden", "8", "--epochs", "1", "--train", "200", "--test", "100"].concat([
        "--seed",
        "3",
        "--energy-profile",
        "cmos45-int8",
        "--no-progress",
        "--out",
        "run",
      ]),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const result = JSON.parse(readFileSync(join(tmp, "run", "result.json"), "utf8")) as {
      accuracy: number;
      config: Record<string, unknown>;
      macsPerImage: number;
      energy: { profile: { name: string }; includesWeightFetch: boolean };
    };
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.accuracy).toBeLessThanOrEqual(1);
    expect(result.config).toMatchObject({
      hidden: 8,
      seed: 3,
      epochs: 1,
      trainImages: 200,
      testImages: 100,
      dataset: { name: "mnist" },
    });
    expect(result.macsPerImage).toBe(784 * 8 + 8 * 10);
    expect(result.energy.profile.name).toBe("cmos45-int8");
    expect(result.energy.includesWeightFetch).toBe(true);
    expect(r.stdout).toMatch(/^accuracy \d+\.\d\d % \(\d+\/100\) on mnist, 784-8-10 MLP/);
  });
});
