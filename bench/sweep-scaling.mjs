#!/usr/bin/env node
// Sweep throughput versus worker threads: the same fixed sweep (16 runs of a 100-neuron network)
// with 1 and with 2 workers; prints both times and the speed-up. Needs `npm run build` first.
// Usage: node bench/sweep-scaling.mjs [--runs-per-point N] [--min SPEEDUP]  (exits 1 below --min)
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { expandScenario } from "../dist/experiments/expand.js";
import { runSweep } from "../dist/experiments/runner.js";
import { scenarioFromValue } from "../dist/experiments/scenario-file.js";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seeds = Array.from({ length: arg("runs-per-point", 4) }, (_, i) => i + 1);
const min = arg("min", 0);

const scenario = {
  name: "bench-sweep-scaling",
  seed: 1,
  base: { neurons: 100, train: 400, label: 200, test: 400 },
  axes: [{ path: "neuron.thetaPlusMv", values: [0.03, 0.05, 0.07, 0.09] }],
  seeds,
};
const sweep = expandScenario(
  scenarioFromValue({ ...scenario, base: { ...scenario.base, neuron: { model: "dc" } } }, "bench"),
);

async function timed(workers) {
  const out = mkdtempSync(join(tmpdir(), `nxb-bench-w${workers}-`));
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const s = await runSweep(sweep, { out, workers });
    if (s.failed.length > 0) throw new Error(`failed runs: ${JSON.stringify(s.failed)}`);
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    // CPU seconds of this process (worker threads included) per wall second: the cores it got.
    return { wall, cores: (c.user + c.system) / 1e6 / wall };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

console.log(
  `sweep scaling: ${sweep.runs.length} runs (${scenario.base.neurons} neurons, ${scenario.base.train} train + ${scenario.base.label} label + ${scenario.base.test} test each) on ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"})`,
);
await timed(2); // warm-up: file cache, JIT of the main thread
const one = await timed(1);
const two = await timed(2);
const speedup = one.wall / two.wall;
const line = (label, t) =>
  `${label}: ${t.wall.toFixed(2)} s  (${(sweep.runs.length / t.wall).toFixed(2)} runs/s, ${t.cores.toFixed(2)} cores busy)`;
console.log(line("1 worker ", one));
console.log(line("2 workers", two));
console.log(`speed-up : ${speedup.toFixed(2)}×${min > 0 ? ` (required ≥ ${min})` : ""}`);
if (two.cores < 1.8) {
  console.log(
    `note: the 2-worker sweep got ${two.cores.toFixed(2)} cores (other processes compete): the figure is not the scaling of an idle machine`,
  );
}
if (min > 0 && speedup < min) process.exit(1);
