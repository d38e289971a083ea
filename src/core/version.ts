import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, platform, arch } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Package root: two levels above this module both in src/core and dist/core. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const version: string = (
  JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }
).version;

let commit: string | null | undefined;

/** The git commit of the package checkout, or null outside a checkout. */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  try {
    commit = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: packageRoot,
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
  } catch {
    commit = null;
  }
  return commit;
}

export interface Provenance {
  readonly version: string;
  readonly gitCommit: string | null;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cpuCount: number;
}

export function provenance(): Provenance {
  const c = cpus();
  return {
    version,
    gitCommit: gitCommit(),
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpuModel: c[0]?.model ?? "unknown",
    cpuCount: c.length,
  };
}
