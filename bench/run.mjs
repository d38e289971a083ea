#!/usr/bin/env node
// Throughput benchmark: fixed workloads, one thread, figures printed (not asserted).
// Usage: npm run bench [-- --only NAME] ; record the output in docs/results.md with the machine.
import { cpus } from "node:os";
import { loadDataset } from "../dist/data/datasets.js";
import { runConfigSchema } from "../dist/network/config.js";
import { runPipeline } from "../dist/network/pipeline.js";
import { kernelsAvailable } from "../dist/kernels/wasm.js";

if (process.argv.includes("--compare-brian2")) {
  // The side-by-side Brian2 comparison is its own script (same images, one after the other).
  await import("./compare-brian2.mjs");
  process.exit(0);
}

const only = process.argv.includes("--only")
  ? process.argv[process.argv.indexOf("--only") + 1]
  : null;

const AG_A_SI_SPREAD = {
  "d2d.gMinSigma": 0.1,
  "d2d.gMaxSigma": 0.1,
  "d2d.nlSigma": 0.1,
  "c2c.enabled": true,
};

/** name → partial run configuration; sizes fixed so figures are comparable between commits. */
export const workloads = {
  "dc-100": { neurons: 100, train: 2000, label: 1000, test: 2000 },
  "dc-400": { neurons: 400, train: 2000, label: 1000, test: 2000 },
  // Event-driven adder/comparator array (16-bit, hard WTA), ideal synapses.
  "hw-400": { neurons: 400, train: 2000, label: 1000, test: 2000, neuron: { model: "hw" } },
  // NeuroSim curve (Ag:a-Si, NL 2.4/−4.88, 97/100 levels) with 10 % D2D spread and 3.5 % C2C,
  // programmed by the default open-loop controller (nominal device, no reads).
  "xbar-agasi-400": {
    neurons: 400,
    train: 2000,
    label: 1000,
    test: 2000,
    synapses: { kind: "crossbar", device: "ag-a-si", set: AG_A_SI_SPREAD },
  },
  // The same device under the ideal-inverse upper bound (a curve inversion per write).
  "xbar-agasi-400-delta": {
    neurons: 400,
    train: 2000,
    label: 1000,
    test: 2000,
    synapses: { kind: "crossbar", device: "ag-a-si", set: AG_A_SI_SPREAD, update: "delta" },
  },
  // Write-verify (reads before and after every shot, to 1 % of the range, ≤ 20 iterations).
  "xbar-agasi-400-wv": {
    neurons: 400,
    train: 2000,
    label: 1000,
    test: 2000,
    synapses: {
      kind: "crossbar",
      device: "ag-a-si",
      set: AG_A_SI_SPREAD,
      update: "write-verify",
    },
  },
};

function fmt(x, digits = 1) {
  return x.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

const dataset = loadDataset({ name: "mnist" });
console.log(
  `machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, node ${process.version}, ` +
    `kernels: ${kernelsAvailable() ? "wasm-simd" : "js"}`,
);
// train/cpu-s: training samples per second of this process's CPU time (user + system), less
// sensitive than the wall-clock train/s to other processes on a loaded machine.
console.log(
  "workload              train/s  label/s   test/s  synaptic events/s (train)  accuracy  peak RSS  train/cpu-s",
);
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
for (const [name, partial] of Object.entries(workloads)) {
  if (only && name !== only) continue;
  const config = runConfigSchema.parse({ seed: 1, ...partial });
  let cpuAtStart = 0;
  let trainCpuSeconds = Number.NaN;
  const { result } = await runPipeline(config, {
    dataset,
    onEvent: (event) => {
      if (event.type === "run-start") cpuAtStart = cpuSeconds();
      if (event.type === "phase-end" && event.phase === "train")
        trainCpuSeconds = cpuSeconds() - cpuAtStart;
    },
  });
  const t = result.timings;
  const sopsPerSec = result.ops.train.synapticEvents / t.train.seconds;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${name.padEnd(20)} ${fmt(t.train.samplesPerSec).padStart(8)} ${fmt(t.label.samplesPerSec).padStart(8)} ` +
      `${fmt(t.test.samplesPerSec).padStart(8)} ${(sopsPerSec / 1e6).toFixed(0).padStart(18)} M/s ` +
      `${fmt(result.accuracy * 100, 2).padStart(12)} % ${fmt(rssMb, 0).padStart(6)} MB ` +
      `${fmt(config.train / trainCpuSeconds).padStart(12)}`,
  );
}
