/**
 * Vitest global setup: builds the package (`npm run build`: WebAssembly kernels + tsc into dist/)
 * when dist/ is missing or older than src/, so the CLI tests (which spawn dist/cli/main.js) and
 * the kernel tests (which load dist/kernels/kernels.wasm) never run against a stale build. It also
 * points TMPDIR at a fresh folder for the run (the test workers and the CLI processes they spawn
 * inherit it, so every os.tmpdir() folder a test makes lands there) and removes that folder when
 * the run ends, passed or failed.
 * Enable it in vitest.config.ts with `globalSetup: ["test/global-setup.ts"]`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const cliPath = join(repoRoot, "dist", "cli", "main.js");

/** Newest modification time (ms) of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Why dist/ needs a build, or null when it is up to date. */
export function staleBuildReason(): string | null {
  if (!existsSync(cliPath)) return "dist/cli/main.js is missing";
  const built = statSync(cliPath).mtimeMs;
  const inputs = Math.max(
    newestMtime(join(repoRoot, "src")),
    statSync(join(repoRoot, "tsconfig.build.json")).mtimeMs,
  );
  return inputs > built ? "src/ changed after the last build" : null;
}

/** Runs `npm run build` if dist/ is stale; throws with the build output if the build fails. */
export function ensureBuilt(): void {
  const reason = staleBuildReason();
  if (reason === null) return;
  try {
    execFileSync("npm", ["run", "build"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `npm run build failed (${reason}):\n${e.stdout ?? ""}${e.stderr ?? ""}`.trim() || e.message,
    );
  }
}

/** Environment variables that name the temporary folder (POSIX; Windows). */
const TEMP_VARIABLES = ["TMPDIR", "TMP", "TEMP"] as const;

export default function setup(): () => void {
  ensureBuilt();
  const saved = TEMP_VARIABLES.map((name) => process.env[name]);
  const root = mkdtempSync(join(tmpdir(), "neuroxbar-tests-"));
  for (const name of TEMP_VARIABLES) process.env[name] = root;
  return () => {
    TEMP_VARIABLES.forEach((name, k) => {
      const value = saved[k];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    });
    rmSync(root, { recursive: true, force: true });
  };
}
