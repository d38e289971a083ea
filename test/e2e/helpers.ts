/**
 * Shared by the sweep tests: a built dist/ (worker threads and the CLI run compiled JavaScript),
 * the CLI to spawn, and tiny scenarios that run in well under a second per run.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function newestMtime(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return t;
}

/**
 * Builds dist/ when it is missing or older than src/ (one build at a time across test files:
 * the first takes a lock folder, the others wait for it).
 */
export function ensureBuilt(): void {
  const marker = join(ROOT, "dist", "experiments", "sweep-worker.js");
  const fresh = (): boolean =>
    existsSync(marker) && statSync(marker).mtimeMs >= newestMtime(join(ROOT, "src")) - 1;
  if (fresh()) return;
  const lock = join(ROOT, "dist.build-lock");
  try {
    mkdirSync(lock);
  } catch {
    const t0 = Date.now();
    while (existsSync(lock) && Date.now() - t0 < 120_000) execFileSync("sleep", ["0.2"]);
    return;
  }
  try {
    try {
      execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "pipe" });
    } catch {
      // tsc emits even with type errors elsewhere; the tests then run what was emitted
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The built CLI (the vitest global setup builds dist/ when it is missing or stale). */
export function cliEntry(): string {
  return join(ROOT, "dist", "cli", "main.js");
}

/** What a CLI process left behind. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawns `node dist/cli/main.js ARGS` in `cwd` (so nothing is written into the repo), without
 * blocking the test process: several runs can go on at once.
 */
export function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  const env = { ...process.env };
  delete env.NEUROXBAR_DEBUG;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry(), ...args], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `nxb-${prefix}-`));
}

/** A run small enough for tests: 20 neurons, 30 images per phase, 100 ms presentations. */
export const TINY_BASE = {
  neurons: 20,
  train: 30,
  label: 30,
  test: 30,
  timing: { presentationMs: 100, restMs: 50 },
  checkpoints: { every: 15, label: 20, test: 20 },
  neuron: { model: "dc" },
};

export interface TinyScenarioOptions {
  readonly name?: string;
  readonly axes?: unknown[];
  readonly seeds?: number[];
  readonly base?: Record<string, unknown>;
  readonly mode?: "grid" | "zip";
}

/** A valid scenario object with 2 × 2 points by default. */
export function tinyScenario(options: TinyScenarioOptions = {}): Record<string, unknown> {
  return {
    name: options.name ?? "tiny",
    description: "test sweep",
    seed: 11,
    base: { ...TINY_BASE, ...(options.base ?? {}) },
    mode: options.mode ?? "grid",
    axes: options.axes ?? [
      {
        path: "encoder",
        label: "encoder",
        role: "non-ideality",
        values: [{ kind: "poisson" }, { kind: "bernoulli" }],
        valueLabels: ["Poisson", "Bernoulli"],
      },
      { path: "neuron.thetaPlusMv", label: "θ+", role: "mitigation", values: [0.05, 0.1] },
    ],
    seeds: options.seeds ?? [1, 2],
  };
}

/** Writes a scenario object to DIR/NAME.json and returns the path. */
export function writeScenario(
  dir: string,
  scenario: Record<string, unknown>,
  file = "scenario.json",
): string {
  const path = join(dir, file);
  writeFileSync(path, `${JSON.stringify(scenario, null, 2)}\n`);
  return path;
}

/** result.json text without the wall-clock `timings` block, for determinism checks. */
export function resultWithoutTimings(path: string): string {
  const r = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  delete r.timings;
  return JSON.stringify(r);
}

/** Every file under dir, relative, sorted. */
export function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, `${prefix}${name}/`));
    else out.push(`${prefix}${name}`);
  }
  return out;
}
