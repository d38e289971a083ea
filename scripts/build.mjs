#!/usr/bin/env node
// Builds dist/ (AssemblyScript kernels, then tsc) and records a SHA-256 of every build input in
// dist/.build-inputs. With --if-changed (the `prepare` script) it skips the build when that hash
// and the outputs are unchanged, so `npm install` on an up-to-date tree does not rebuild.
// Inputs: every file under src/, both tsconfigs, this script, and the installed compiler versions.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stampPath = join(root, "dist", ".build-inputs");
const outputs = [
  "dist/index.js",
  "dist/cli/main.js",
  "dist/kernels/kernels.wasm",
  "dist/kernels/kernels-shared.wasm",
];

/** Every file under `dir`, as sorted paths relative to the repository root. */
function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(relative(root, path));
  }
  return out.sort();
}

function compilerVersion(name) {
  const manifest = join(root, "node_modules", name, "package.json");
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).version : "missing";
}

/** SHA-256 over the paths and contents of every build input. */
function inputsHash() {
  const hash = createHash("sha256");
  const files = [
    ...filesUnder(join(root, "src")),
    "tsconfig.json",
    "tsconfig.build.json",
    "scripts/build.mjs",
  ];
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  hash.update(`typescript@${compilerVersion("typescript")}\0`);
  hash.update(`assemblyscript@${compilerVersion("assemblyscript")}\0`);
  return hash.digest("hex");
}

function run(bin, args) {
  const result = spawnSync(join(root, "node_modules", ".bin", bin), args, {
    cwd: root,
    stdio: "inherit",
  });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const hash = inputsHash();
if (process.argv.includes("--if-changed")) {
  const stamp = existsSync(stampPath) ? readFileSync(stampPath, "utf8").trim() : "";
  const missing = outputs.filter((file) => !existsSync(join(root, file)));
  if (stamp === hash && missing.length === 0) {
    console.log("dist/ is up to date (build inputs unchanged); skipping the build");
    process.exit(0);
  }
}

run("asc", [
  "src/kernels/asm/kernels.ts",
  "-o",
  "dist/kernels/kernels.wasm",
  "-O3",
  "--runtime",
  "stub",
  "--importMemory",
  "--noAssert",
  "--enable",
  "simd",
]);
// The same kernels on a shared memory (--threads N: worker threads instantiate the module on the
// run's memory, src/kernels/team.ts). Shared memories need a declared maximum: the wasm32 limit.
run("asc", [
  "src/kernels/asm/kernels.ts",
  "-o",
  "dist/kernels/kernels-shared.wasm",
  "-O3",
  "--runtime",
  "stub",
  "--importMemory",
  "--sharedMemory",
  "--maximumMemory",
  "65536",
  "--noAssert",
  "--enable",
  "simd",
  "--enable",
  "threads",
]);
run("tsc", ["-p", "tsconfig.build.json"]);
mkdirSync(dirname(stampPath), { recursive: true });
// The hash taken before the build: a source edited during the build forces the next one.
writeFileSync(stampPath, `${hash}\n`);
