#!/usr/bin/env node
// Write-error diagnostic of the programming controllers: what one requested change Δw actually
// delivers on a device, as a function of the weight it starts from. Many fresh devices per cell
// (each programmed to w0, then asked for Δw once), so the mean is the controller's expected
// delivery and the spread its write noise. Nothing here is part of a run.
//   node bench/write-error.mjs [DEVICE] [key=value ...]     e.g. ag-a-si c2c.enabled=false
// Columns per request: delivered/requested (mean; 1 = unbiased), sd of the delivered change
// (weight units ×1000), pulses per write (verify pulses included).
import { OP, OpLedger } from "../dist/core/ops.js";
import { createRng } from "../dist/core/rng.js";
import { createCrossbar } from "../dist/crossbar/index.js";

const device = process.argv[2] ?? "ag-a-si";
const set = {};
for (const kv of process.argv.slice(3)) {
  const [k, v] = kv.split("=");
  if (k === undefined || v === undefined) {
    console.error(`write-error: expected key=value device settings, got ${kv}`);
    process.exit(2);
  }
  set[k] = v === "false" ? false : v === "true" ? true : Number(v);
}
/** Fresh devices per (controller, w0, Δw) cell: the mean's standard error is sd/√DEVICES. */
const DEVICES = 4000;
const CONTROLLERS = [
  ["open-loop", {}],
  ["write-verify 0.5 %", { update: "write-verify", writeVerify: { toleranceOfRange: 0.005 } }],
  ["write-verify 1 %", { update: "write-verify", writeVerify: { toleranceOfRange: 0.01 } }],
  ["write-verify 2 %", { update: "write-verify", writeVerify: { toleranceOfRange: 0.02 } }],
  ["write-verify 4 %", { update: "write-verify", writeVerify: { toleranceOfRange: 0.04 } }],
  ["ideal-inverse", { update: "delta" }],
];
const START_WEIGHTS = [0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.95];
// Diehl & Cook's post-synaptic STDP step is ν_post·x_pre ≤ 0.01 (ν_post 0.01): 0.003 is a typical
// one, 0.02 a large one.
const REQUESTS = [0.003, -0.003, 0.02, -0.02];

console.log(
  `${device} ${JSON.stringify(set)}: delivered/requested, sd ×1000, pulses per write; ${DEVICES} devices per cell`,
);
for (const [name, extra] of CONTROLLERS) {
  console.log(`\n${name}`);
  console.log("w0    " + REQUESTS.map((d) => `Δw ${d}`.padEnd(22)).join(""));
  for (const w0 of START_WEIGHTS) {
    let line = String(w0).padEnd(6);
    for (const dw of REQUESTS) {
      const ledger = new OpLedger();
      const xb = createCrossbar({ device, set, ...extra }, 1, DEVICES, createRng(7), ledger);
      xb.programInitialWeights(new Float32Array(DEVICES).fill(w0));
      const before = Float64Array.from(xb.weights);
      for (let j = 0; j < DEVICES; j++) xb.update(j, dw);
      const pulses =
        ledger.counts[OP.ltpPulses] +
        ledger.counts[OP.ltdPulses] +
        ledger.counts[OP.normalisationPulses];
      let sum = 0;
      for (let j = 0; j < DEVICES; j++) sum += xb.weights[j] - before[j];
      const mean = sum / DEVICES;
      let ss = 0;
      for (let j = 0; j < DEVICES; j++) ss += (xb.weights[j] - before[j] - mean) ** 2;
      const sd = Math.sqrt(ss / (DEVICES - 1));
      line +=
        `${(mean / dw).toFixed(2)} ${(sd * 1000).toFixed(1)} p${(pulses / DEVICES).toFixed(1)}`.padEnd(
          22,
        );
    }
    console.log(line);
  }
}
