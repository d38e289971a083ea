/**
 * The package as a user gets it: `npm pack`, the tarball unpacked into a fresh project's
 * node_modules/neuroxbar (what `npm install <tarball>` puts there), its declared dependencies
 * linked from this repository's node_modules (the test runs offline; only `dependencies` are
 * linked, so an import of an undeclared package fails here as it would for a user). Then a user's
 * script imports every documented entry point by name and calls one function of each part, and a
 * user's TypeScript file type-checks against the shipped declarations.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../global-setup.js";

interface PackageJson {
  readonly dependencies: Record<string, string>;
  readonly exports: Record<string, string | { types: string; default: string }>;
}

let tmp: string;
let project: string;
let installed: string;
const here = join(repoRoot, "test", "package");

function link(name: string): void {
  const target = join(project, "node_modules", name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(join(repoRoot, "node_modules", name), target, "dir");
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "nx-pack-"));
  project = join(tmp, "project");
  installed = join(project, "node_modules", "neuroxbar");
  mkdirSync(installed, { recursive: true });
  // --ignore-scripts: global setup has built dist/ already; prepare would only re-check it.
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", tmp], {
    cwd: repoRoot,
    stdio: "ignore",
  });
  const tarball = readdirSync(tmp).find((f) => f.endsWith(".tgz"))!;
  execFileSync("tar", ["xzf", join(tmp, tarball), "-C", installed, "--strip-components=1"]);
  const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as PackageJson;
  for (const dep of Object.keys(pkg.dependencies)) link(dep);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "user-project", private: true, type: "module" }),
  );
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function packageJson(): PackageJson {
  return JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as PackageJson;
}

describe("the packed package", () => {
  it("ships the built file and the declarations of every entry point in exports", () => {
    const entries = Object.entries(packageJson().exports).filter(([k]) => k !== "./package.json");
    expect(entries.length).toBeGreaterThanOrEqual(10);
    for (const [, target] of entries) {
      const t = target as { types: string; default: string };
      expect(existsSync(join(installed, t.default)), t.default).toBe(true);
      expect(existsSync(join(installed, t.types)), t.types).toBe(true);
    }
  });

  it("documents every entry point in the README", () => {
    const readme = readFileSync(join(installed, "README.md"), "utf8");
    for (const key of Object.keys(packageJson().exports)) {
      if (key === "." || key === "./package.json") continue;
      expect(readme, `README mentions neuroxbar/${key.slice(2)}`).toContain(
        `neuroxbar/${key.slice(2)}`,
      );
    }
  });

  it("imports every entry point by name and runs one function of each part", () => {
    cpSync(join(here, "consumer.mjs"), join(project, "consumer.mjs"));
    const out = execFileSync(process.execPath, ["consumer.mjs"], {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, NODE_PATH: "" },
    });
    const seen = JSON.parse(out.trim().split("\n").pop()!) as Record<string, unknown>;
    expect(seen.data).toEqual({ magic: 0x801, labels: [3, 4] });
    expect(seen.encoderSpikes).toBeGreaterThan(0);
    expect(seen).toMatchObject({
      dcNeurons: "DiehlCookNeurons",
      hwNeurons: "AdderComparatorNeurons",
      stdp: "TripletStdp",
      pulseStdp: "function",
      inhibition: "WtaInhibition",
      weightsRead: 784,
      aihwkitClass: "ConstantStepDevice",
      aihwkitBack: "linear",
      neurosimLevels: 97,
      crossbar: 784 * 4,
      sweepFinished: 2,
    });
    expect(seen.accuracy).toBeGreaterThanOrEqual(0);
    expect(seen.accuracy).toBeLessThanOrEqual(1);
    expect(seen.presets).toBeGreaterThanOrEqual(10);
    // A neurosim fit to a neurosim preset's own nominal curve: well under 1 % of the range.
    expect(seen.fitRmseOfRange).toBeLessThan(0.01);
    expect(seen.energyJ).toBeGreaterThan(0);
    expect(seen.reportFiles).toBeGreaterThan(0);
  });

  it("runs its CLI (bin neuroxbar) with only the declared dependencies", () => {
    const out = execFileSync(
      process.execPath,
      [join(installed, "dist", "cli", "main.js"), "device", "list", "--json"],
      { cwd: project, encoding: "utf8" },
    );
    const presets = JSON.parse(out) as { name: string }[];
    expect(presets.map((p) => p.name)).toContain("ag-a-si");
  });

  it("refuses deep imports of files that are not entry points", () => {
    const script = `import("neuroxbar/dist/core/rng.js").then(() => console.log("imported"), (e) => console.log(e.code))`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: project,
      encoding: "utf8",
    });
    expect(out.trim()).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("type-checks a user's TypeScript file against the shipped declarations", () => {
    link("@types/node");
    cpSync(join(here, "consumer-types.ts"), join(project, "consumer-types.ts"));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["consumer-types.ts"],
      }),
    );
    const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const result = (() => {
      try {
        return execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], {
          cwd: project,
          encoding: "utf8",
        });
      } catch (err) {
        return (err as { stdout: string }).stdout;
      }
    })();
    expect(result).toBe("");
  });
});
