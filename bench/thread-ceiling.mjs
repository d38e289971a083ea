#!/usr/bin/env node
// The ceiling of `--threads 2` on this machine: the column work of the reference neuron's fused
// step (dcStepRange: a step's input rows added into g_e, then the membrane, conductance and
// threshold update of every column) run on 1 thread over all columns, and on 2 threads over one
// half each with NO meeting between steps (each thread runs its half for all steps on its own).
// No split that meets every step can beat the second figure, and the work the split leaves on the
// main thread (pre-synaptic STDP, inhibition, encoder, normalisation, post-synaptic learning) only
// lowers it further, so the ratio is an upper bound on the end-to-end speed-up of --threads 2.
// With LAG (a whole number ≥ 0) the two threads do meet, in the cheapest way a split could: no
// coordinator; each thread publishes how many steps it has finished (its own cache line) and, before
// step s, spins until the other has finished step s − 1 − LAG. LAG 0 is lockstep; LAG 1 is what the
// population inhibition allows (an excitatory spike at step t reaches the other columns' g_i at
// step t + 2, through its inhibitory neuron at t + 1), so a split that owned its columns' whole step
// could let a thread run one step ahead of the other.
//   node bench/thread-ceiling.mjs [COLUMNS=1600] [STEPS=200000] [ROWS=3] [REPS=5] [implicit|euler] [LAG]
// Same seedless deterministic inputs on both sides; the kernels come from
// dist/kernels/kernels-shared.wasm (npm run build).
/* global WebAssembly */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { URL } from "node:url";
import { Worker } from "node:worker_threads";
import { timingSchema } from "../dist/network/config.js";
import { rangeOutInts } from "../dist/kernels/team-ops.js";
import { dcNeuronConfigSchema, dcStepConstants } from "../dist/neurons/diehl-cook.js";
import { argError, wholeNumberArg } from "./args.mjs";
import { fillStepInputs } from "./step-inputs.mjs";

const columns = wholeNumberArg("thread-ceiling", "COLUMNS", process.argv[2], 1600);
const steps = wholeNumberArg("thread-ceiling", "STEPS", process.argv[3], 200000);
const rowsPerStep = wholeNumberArg("thread-ceiling", "ROWS", process.argv[4], 3);
const reps = wholeNumberArg("thread-ceiling", "REPS", process.argv[5], 5);
const integration = process.argv[6] ?? "implicit";
if (integration !== "implicit" && integration !== "euler") {
  argError("thread-ceiling", "integration", '"implicit" or "euler"', integration);
}
// -1: no meetings (LAG not given).
const lag = wholeNumberArg("thread-ceiling", "LAG", process.argv[7], -1, 0);
if (columns % 32 !== 0) argError("thread-ceiling", "COLUMNS", "a multiple of 32", columns);

const INPUTS = 784;
const PAGE = 65536;
const wasm = new URL("../dist/kernels/kernels-shared.wasm", import.meta.url);
const module = new WebAssembly.Module(readFileSync(wasm));

// Layout (byte offsets, 64-byte aligned): weights f32 INPUTS × columns, a row schedule i32
// steps × rowsPerStep, six f64 state arrays of `columns`, one out block per half.
let next = PAGE;
const take = (bytes) => {
  const at = Math.ceil(next / 64) * 64;
  next = at + bytes;
  return at;
};
const pW = take(INPUTS * columns * 4);
const schedule = Math.min(steps, 4096);
const pRows = take(schedule * rowsPerStep * 4);
const state = ["v", "ge", "gi", "theta", "clamp", "fireAfter"].map(() => take(columns * 8));
// Each half's out block as the range kernels write it (src/kernels/team-ops.ts rangeOutInts).
const pOut = [take(rangeOutInts(columns) * 4), take(rangeOutInts(columns) * 4)];
const pages = Math.ceil(next / PAGE) + 1;
const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });

// Deterministic contents (bench/step-inputs.mjs): Diehl & Cook-shaped weights scaled so that no
// column fires, input rows drawn uniformly; the membranes at the neuron's initial potential.
const buffer = memory.buffer;
const w = new Float32Array(buffer, pW, INPUTS * columns);
const rows = new Int32Array(buffer, pRows, schedule * rowsPerStep);
fillStepInputs(w, rows, rowsPerStep, INPUTS);
// The reference neuron's step constants from the shipped defaults, by the function
// DiehlCookNeurons uses (src/neurons/diehl-cook.ts, dcStepConstants): no constant of its own here.
const dc = dcNeuronConfigSchema.parse({ model: "dc" });
const { dtMs } = timingSchema.parse({});
const k = dcStepConstants(dc, dtMs);
const params = {
  kV: k.kV,
  geDecay: k.geDecay,
  giDecay: k.giDecay,
  restMv: k.restMv,
  eExc: dc.excReversalMv,
  eInh: dc.inhReversalMv,
  thrBase: k.thresholdBaseMv,
  d: 1, // θ's shared decay factor at the start of a run
  implicit: integration === "euler" ? 0 : 1,
};
function resetState() {
  const [v, ge, gi, theta, clamp, fireAfter] = state.map(
    (p) => new Float64Array(buffer, p, columns),
  );
  v.fill(dc.initialMv);
  ge.fill(0);
  gi.fill(0);
  theta.fill(dc.thetaInitMv);
  clamp.fill(-1);
  fireAfter.fill(-1);
}

const shared = { pW, pRows, state, pOut, columns, steps, rowsPerStep, schedule, params, lag };

// One loop body for both sides: steps × dcStepRange over [c0, c1); with LAG, the step counters
// (int32 16 and 32 of the first page, one cache line each) are the only synchronisation.
const loopSource = `
  function runHalf(k, c0, c1, out, s, me, buf) {
    const { pW, pRows, state, columns, steps, rowsPerStep, schedule, params: p, lag } = s;
    const done = me === undefined || lag < 0 ? null : new Int32Array(buf, 0, 48);
    const mine = done === null ? -1 : 16 + 16 * me;
    const theirs = done === null ? -1 : 32 - 16 * me;
    let fired = 0;
    for (let t = 0; t < steps; t++) {
      if (done !== null) {
        Atomics.store(done, mine, t);
        while (Atomics.load(done, theirs) < t - lag);
      }
      const pr = pRows + (t % schedule) * rowsPerStep * 4;
      fired += k.dcStepRange(c0, c1, out, pW, columns, pr, rowsPerStep, state[0], state[1],
        state[2], state[3], state[4], state[5], t, p.kV, p.geDecay, p.giDecay, p.restMv, p.eExc,
        p.eInh, p.thrBase, p.d, p.implicit, 0); // learn 0: the neuron work alone
    }
    if (done !== null) Atomics.store(done, mine, steps);
    return fired;
  }`;
const runHalf = new Function(`${loopSource}; return runHalf;`)();
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;

const workerSource = `
  const { parentPort, workerData } = require("node:worker_threads");
  const { module, memory, s } = workerData;
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
  ${loopSource}
  const flag = new Int32Array(memory.buffer, 0, 4);
  parentPort.on("message", () => {
    Atomics.wait(flag, 0, 0);
    const t0 = performance.now();
    const fired = runHalf(k, s.columns / 2, s.columns, s.pOut[1], s, 1, memory.buffer);
    parentPort.postMessage({ ms: performance.now() - t0, fired });
  });
  parentPort.postMessage("ready");`;
const worker = new Worker(workerSource, { eval: true, workerData: { module, memory, s: shared } });
await new Promise((resolve) => worker.once("message", resolve));

const flag = new Int32Array(buffer, 0, 48);
function oneThread() {
  resetState();
  const t0 = performance.now();
  const fired = runHalf(kernels, 0, columns, pOut[0], shared);
  return { ms: performance.now() - t0, fired };
}
async function twoThreads() {
  resetState();
  Atomics.store(flag, 0, 0);
  Atomics.store(flag, 16, 0); // the step counters of the LAG mode
  Atomics.store(flag, 32, 0);
  const done = new Promise((resolve) => worker.once("message", resolve));
  worker.postMessage("go");
  await sleep(20);
  const t0 = performance.now();
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  const mine = runHalf(kernels, 0, columns / 2, pOut[0], shared, 0, buffer);
  const mainMs = performance.now() - t0;
  const theirs = await done;
  return {
    ms: Math.max(mainMs, theirs.ms),
    mainMs,
    workerMs: theirs.ms,
    fired: mine + theirs.fired,
  };
}

console.log(
  `thread ceiling: ${columns} columns, ${steps} steps of ${rowsPerStep} input rows, ${params.implicit ? "implicit" : "forward"} Euler, ${reps} reps, interleaved, ${lag < 0 ? "no meetings" : `meeting every step (lag ${lag})`}`,
);
const ratios = [];
for (let r = 0; r < reps + 1; r++) {
  const one = oneThread();
  const two = await twoThreads();
  if (one.fired !== two.fired) {
    console.error(`thread-ceiling: the two ways fired ${one.fired} and ${two.fired} spikes`);
    process.exit(1);
  }
  if (r === 0) continue; // warm-up
  const ratio = one.ms / two.ms;
  ratios.push(ratio);
  console.log(
    `rep ${r}: 1 thread ${((one.ms / steps) * 1000).toFixed(3)} µs/step · 2 threads ${((two.ms / steps) * 1000).toFixed(3)} µs/step (halves ${((two.mainMs / steps) * 1000).toFixed(3)}, ${((two.workerMs / steps) * 1000).toFixed(3)}) · ratio ${ratio.toFixed(2)}× · ${one.fired} spikes`,
  );
}
ratios.sort((a, b) => a - b);
console.log(
  `median ratio ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}× (min ${ratios[0].toFixed(2)}, max ${ratios.at(-1).toFixed(2)})`,
);
await worker.terminate();
