import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { ERROR_CODES } from "../../src/core/errors.js";
import { readWeights } from "../../src/experiments/run-files.js";
import { runConfigSchema } from "../../src/network/config.js";
import { runPipeline } from "../../src/network/pipeline.js";
import { runCli, type CliRun } from "../e2e/helpers.js";
import { cliPath, ensureBuilt, staleBuildReason } from "../global-setup.js";

let tmp: string;

/** Spawns `node dist/cli/main.js ARGS` in the temp folder (so nothing is written into the repo). */
function cli(args: readonly string[]): Promise<CliRun> {
  return runCli(args, tmp);
}

/** IDX bytes: 0x00 0x00 0x08 <rank>, big-endian uint32 dims, payload. */
function idx(dims: readonly number[], payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, payload]);
}

/** A folder of the four IDX files of a 10-image 28×28 dataset; `truncate` halves one file's payload. */
function idxFolder(name: string, options: { omit?: string; truncate?: string } = {}): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const files: Record<string, Buffer> = {
    "train-images-idx3-ubyte": idx([10, 28, 28], new Uint8Array(10 * 784).fill(200)),
    "train-labels-idx1-ubyte": idx(
      [10],
      Uint8Array.from({ length: 10 }, (_, i) => i),
    ),
    "t10k-images-idx3-ubyte": idx([10, 28, 28], new Uint8Array(10 * 784).fill(100)),
    "t10k-labels-idx1-ubyte": idx(
      [10],
      Uint8Array.from({ length: 10 }, (_, i) => 9 - i),
    ),
  };
  for (const [file, bytes] of Object.entries(files)) {
    if (file === options.omit) continue;
    const headerLen = file.includes("images") ? 16 : 8;
    const cut =
      file === options.truncate ? headerLen + (bytes.length - headerLen) / 2 : bytes.length;
    writeFileSync(join(dir, file), bytes.subarray(0, cut));
  }
  return dir;
}

/** The run's arguments apart from --out / --json; timing shortened through a --config file. */
function tinyRunArgs(): string[] {
  const config = join(tmp, "tiny.json");
  // The file says 99 neurons; the --neurons flag must override it.
  writeFileSync(
    config,
    JSON.stringify({ neurons: 99, timing: { presentationMs: 100, restMs: 50 } }),
  );
  return [
    "train",
    "--config",
    config,
    "--neurons",
    "10",
    "--train",
    "40",
    "--label",
    "40",
    "--test",
    "30",
    "--seed",
    "3",
    "--no-progress",
  ];
}

beforeAll(() => {
  // Keeping dist/ fresh is test/global-setup.ts's job (before any test file runs); here only a
  // missing build is made, so no test file rebuilds dist/ while others load from it.
  if (!existsSync(cliPath)) ensureBuilt();
  const stale = staleBuildReason();
  if (stale !== null) console.warn(`test/cli: testing a stale dist/ (${stale}); run npm run build`);
  tmp = mkdtempSync(join(tmpdir(), "neuroxbar-cli-"));
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** One line on stderr, prefixed, no stack trace; nothing on stdout. */
function expectCleanError(run: CliRun, code: number, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe("");
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^neuroxbar: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s*at /m);
}

describe("neuroxbar train: errors", () => {
  it("neuroxbar train: bad flag values, an unknown dataset or flag → one line naming the problem, exit 2 (E_USAGE), no stack", async () => {
    const out = ["--out", "out-usage"];
    const [zero, abc, nope, unknown] = await Promise.all([
      cli(["train", "--neurons", "0", ...out]),
      cli(["train", "--train", "abc", ...out]),
      cli(["train", "--dataset", "nope", ...out]),
      cli(["train", "--nuerons", "5", ...out]),
    ]);
    expect(ERROR_CODES.E_USAGE).toBe(2);
    expectCleanError(
      zero!,
      ERROR_CODES.E_USAGE,
      /--neurons: expected a whole number from 1 to 100000, got 0$/,
    );
    expectCleanError(abc!, ERROR_CODES.E_USAGE, /--train: expected a whole number ≥ 0, got "abc"/);
    expectCleanError(
      nope!,
      ERROR_CODES.E_USAGE,
      /--dataset: expected one of mnist, fashion-mnist, idx, got "nope"/,
    );
    expectCleanError(unknown!, ERROR_CODES.E_USAGE, /Unknown argument: nuerons/);
    // Usage errors are caught before any output folder is created.
    expect(existsSync(join(tmp, "out-usage"))).toBe(false);
  });

  it("neuroxbar train --test 20000: more test images than MNIST has → one line, exit 3 (E_VALIDATION)", async () => {
    const run = await cli([
      "train",
      "--neurons",
      "2",
      "--train",
      "1",
      "--label",
      "1",
      "--test",
      "20000",
      "--no-progress",
      "--out",
      "out-toomany",
    ]);
    expectCleanError(
      run,
      ERROR_CODES.E_VALIDATION,
      /test: 20000 exceeds the 10000 test images of mnist$/,
    );
  });

  it("neuroxbar train --data-dir: a missing or truncated IDX file → one line naming the file, exit 4 (E_DATA), no stack", async () => {
    const missing = idxFolder("missing", { omit: "t10k-labels-idx1-ubyte" });
    const truncated = idxFolder("truncated", { truncate: "train-images-idx3-ubyte" });
    const args = ["train", "--neurons", "2", "--train", "2", "--test", "2", "--no-progress"];
    const [m, t] = await Promise.all([
      cli([...args, "--data-dir", missing, "--out", "out-missing"]),
      cli([...args, "--data-dir", truncated, "--out", "out-truncated"]),
    ]);
    expectCleanError(m, ERROR_CODES.E_DATA, /no file matching \*t10k-labels\*/);
    expect(m.stderr).toContain(missing);
    expectCleanError(
      t,
      ERROR_CODES.E_DATA,
      /train-images-idx3-ubyte: truncated: header says 10×28×28 = 7840 bytes of pixels, file has 3920 after the header$/,
    );
    expect(t.stderr).toContain(join(truncated, "train-images-idx3-ubyte"));
  });
  it("neuroxbar train --out FILE: an output folder that cannot be created → one line naming it, exit 5 (E_IO), before any work", async () => {
    const file = join(tmp, "not-a-folder");
    writeFileSync(file, "x");
    const run = await cli([
      "train",
      "--neurons",
      "2",
      "--train",
      "2",
      "--test",
      "2",
      "--out",
      file,
    ]);
    expectCleanError(run, ERROR_CODES.E_IO, /output folder .*not-a-folder is not writable/);
  });
});

describe("neuroxbar train: a tiny MNIST run", () => {
  let jsonRun: CliRun;
  let textRun: CliRun;
  beforeAll(async () => {
    // Same command twice (one with --json), into two folders.
    [jsonRun, textRun] = await Promise.all([
      cli([...tinyRunArgs(), "--out", "run-a", "--json"]),
      cli([...tinyRunArgs(), "--out", "run-b"]),
    ]);
  }, 120_000);

  it("neuroxbar train --json: prints the result as JSON (accuracy in [0, 1]); flags override the --config file", () => {
    expect(jsonRun.code, jsonRun.stderr).toBe(0);
    expect(jsonRun.stderr).toBe("");
    const result = JSON.parse(jsonRun.stdout) as {
      accuracy: number;
      correct: number;
      config: { neurons: number; train: number; seed: number; timing: { presentationMs: number } };
      samples: { test: number };
    };
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.accuracy).toBeLessThanOrEqual(1);
    expect(result.correct).toBe(Math.round(result.accuracy * 30));
    expect(result.config).toMatchObject({ neurons: 10, train: 40, seed: 3 });
    expect(result.config.timing.presentationMs).toBe(100);
    expect(result.samples.test).toBe(30);
    // What is printed is what is written.
    expect(JSON.parse(readFileSync(join(tmp, "run-a", "result.json"), "utf8"))).toEqual(result);
  });

  it("neuroxbar train: without --json prints an accuracy summary and the files written", () => {
    expect(textRun.code, textRun.stderr).toBe(0);
    const lines = textRun.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^accuracy \d+\.\d\d % \(\d+\/30\) on mnist, 10 neurons, seed 3$/);
    expect(lines.at(-1)).toBe(
      `wrote ${["result.json", "weights.bin", "synapse-map.png"].map((f) => join("run-b", f)).join(", ")}`,
    );
  });

  it("neuroxbar train: writes weights.bin (readWeights: 784 × 10 float32) equal to the library's runPipeline weights", async () => {
    const file = readWeights(join(tmp, "run-a", "weights.bin"));
    expect([file.rows, file.cols, file.weights.length]).toEqual([784, 10, 7840]);
    const result = JSON.parse(jsonRun.stdout) as { version: string };
    expect(file.header).toMatchObject({ dtype: "float32", version: result.version });
    expect(file.weights.every((w) => Number.isFinite(w) && w >= 0)).toBe(true);
    // The CLI is the library: the same configuration run in-process gives the same bits.
    const config = runConfigSchema.parse({
      neurons: 10,
      train: 40,
      label: 40,
      test: 30,
      seed: 3,
      timing: { presentationMs: 100, restMs: 50 },
    });
    const lib = await runPipeline(config);
    // (lib.weights may be a view into WebAssembly memory: compare exactly its bytes.)
    const libBytes = Buffer.from(
      lib.weights.buffer,
      lib.weights.byteOffset,
      lib.weights.byteLength,
    );
    expect(Buffer.from(file.weights.buffer).equals(libBytes)).toBe(true);
    expect(lib.result.accuracy).toBe((JSON.parse(jsonRun.stdout) as { accuracy: number }).accuracy);
  });

  it("neuroxbar train: writes synapse-map.png, a PNG whose size matches the 4 × 3 grid of 28·2-pixel tiles", () => {
    const bytes = readFileSync(join(tmp, "run-a", "synapse-map.png"));
    expect(bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    // 10 neurons → ceil(√10) = 4 columns × 3 rows of 56-px tiles with 1-px separators.
    const width = 4 * (56 + 1) + 1;
    const height = 3 * (56 + 1) + 1;
    expect(bytes.toString("ascii", 12, 16)).toBe("IHDR");
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([width, height]);
    const png = PNG.sync.read(bytes);
    expect([png.width, png.height]).toEqual([width, height]);
  });

  it("neuroxbar train: the same command twice gives byte-identical result.json (timings removed), weights.bin and synapse-map.png", () => {
    const read = (dir: string, file: string): Buffer => readFileSync(join(tmp, dir, file));
    const stripped = (dir: string): string => {
      const r = JSON.parse(read(dir, "result.json").toString("utf8")) as Record<string, unknown>;
      expect(r.timings).toBeDefined();
      delete r.timings;
      return `${JSON.stringify(r, null, 2)}\n`;
    };
    expect(stripped("run-b")).toBe(stripped("run-a"));
    expect(read("run-b", "weights.bin").equals(read("run-a", "weights.bin"))).toBe(true);
    expect(read("run-b", "synapse-map.png").equals(read("run-a", "synapse-map.png"))).toBe(true);
  });
});
