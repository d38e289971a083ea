#!/usr/bin/env node
// What one meeting of the threads costs per step: the reference neuron's fused step (dcStepRange:
// a step's input rows added into g_e, then every column's membrane, conductance and threshold
// update) on 1,600 columns, timed three ways in one process, interleaved rep by rep:
//   one thread  — dcStepRange over all columns on the main thread;
//   half        — dcStepRange over the first half of the columns on the main thread (what each
//                 thread of a perfect two-thread split would do);
//   team        — ColumnTeam.dcStep on THREADS threads (src/kernels/team.ts) with its
//                 shared-or-alone choice switched off (startTeam's alwaysSplit): every step split
//                 and met, as `--threads` runs it, minus the rest of a presentation.
// The team's time over one thread is the split's speed-up on this machine now; team − half is
// what the meeting costs per step (publication, the worker's start, the wait for its chunk).
// No learning and no firing (weights scaled as in thread-ceiling.mjs), so every step does the
// same work.
//   node bench/team-step.mjs [COLUMNS=1600] [STEPS=20000] [ROWS=3] [REPS=9] [THREADS=2]
// Needs dist/ (npm run build).
import { performance } from "node:perf_hooks";
import { KernelArena } from "../dist/kernels/wasm.js";
import { timingSchema } from "../dist/network/config.js";
import { rangeOutInts } from "../dist/kernels/team-ops.js";
import { dcNeuronConfigSchema, dcStepConstants } from "../dist/neurons/diehl-cook.js";
import { argError, wholeNumberArg } from "./args.mjs";
import { fillStepInputs } from "./step-inputs.mjs";

const script = "team-step";
const columns = wholeNumberArg(script, "COLUMNS", process.argv[2], 1600);
const steps = wholeNumberArg(script, "STEPS", process.argv[3], 20000);
const rowsPerStep = wholeNumberArg(script, "ROWS", process.argv[4], 3);
const reps = wholeNumberArg(script, "REPS", process.argv[5], 9);
const threads = wholeNumberArg(script, "THREADS", process.argv[6], 2, 2);
const INPUTS = 784;
if (columns % 32 !== 0) argError(script, "COLUMNS", "a multiple of 32", columns);
if (rowsPerStep > INPUTS) argError(script, "ROWS", `at most ${INPUTS}`, rowsPerStep);

const schedule = Math.min(steps, 4096);
const arena = KernelArena.create(
  INPUTS * columns * 4 + schedule * rowsPerStep * 4 + columns * 64 + (1 << 20),
  true,
);
if (arena === null) {
  console.error(`${script}: the shared WebAssembly kernels are missing (run npm run build)`);
  process.exit(1);
}

// Deterministic contents (bench/step-inputs.mjs): Diehl & Cook-shaped weights scaled so that no
// column fires, input rows drawn uniformly.
const w = arena.f32(INPUTS * columns);
const rows = arena.i32(schedule * rowsPerStep);
fillStepInputs(w, rows, rowsPerStep, INPUTS);
const [v, ge, gi, theta, clamp, fireAfter] = [0, 1, 2, 3, 4, 5].map(() => arena.f64(columns));
const out = arena.i32(rangeOutInts(columns));
const dc = dcNeuronConfigSchema.parse({ model: "dc" });
const k = dcStepConstants(dc, timingSchema.parse({}).dtMs);
v.fill(dc.initialMv);
theta.fill(dc.thetaInitMv);
clamp.fill(-1);
fireAfter.fill(-1);
const team = arena.startTeam(threads, columns, { alwaysSplit: true });
const fired = new Int32Array(columns);
const rowAt = (t) => rows.byteOffset + (t % schedule) * rowsPerStep * 4;
// learn 0 and its nine unused arguments: the neuron work alone.
const noLearning = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

// The state's addresses and the neuron's constants after t (the shipped defaults; θ's decay factor
// 1, implicit Euler), in dcStepRange's and ColumnTeam.dcStep's order.
const stateAt = [v, ge, gi, theta, clamp, fireAfter].map((a) => a.byteOffset);
const neuron = [
  k.kV,
  k.geDecay,
  k.giDecay,
  k.restMv,
  dc.excReversalMv,
  dc.inhReversalMv,
  k.thresholdBaseMv,
  1,
  1,
];

function oneThread(c1, t0) {
  const kernels = arena.kernels;
  let n = 0;
  for (let t = t0; t < t0 + steps; t++) {
    n += kernels.dcStepRange(
      0,
      c1,
      out.byteOffset,
      w.byteOffset,
      columns,
      rowAt(t),
      rowsPerStep,
      ...stateAt,
      t,
      ...neuron,
      ...noLearning,
    );
  }
  return n;
}
function split(t0, count = steps) {
  let n = 0;
  for (let t = t0; t < t0 + count; t++) {
    n += team.dcStep(
      w.byteOffset,
      columns,
      rowAt(t),
      rowsPerStep,
      ...stateAt,
      t,
      ...neuron,
      null,
      fired,
    );
  }
  return n;
}
const perStepUs = (run) => {
  const start = performance.now();
  const n = run();
  if (n !== 0) throw new Error(`${script}: ${n} spikes (the weights are scaled to give none)`);
  return ((performance.now() - start) * 1000) / steps;
};

console.log(
  `${columns} columns, ${rowsPerStep} rows per step, ${steps} steps per timing, ${threads} threads`,
);
let t = 0;
oneThread(columns, t);
split(t);
t += steps;
const ratios = [];
const costs = [];
const wakeSteps = 2000;
let takenOver = 0;
for (let rep = 0; rep < reps; rep++) {
  const all = perStepUs(() => oneThread(columns, t));
  t += steps;
  const half = perStepUs(() => oneThread(Math.floor(columns / threads), t));
  t += steps;
  // The worker slept through the one-thread timings: wake it (untimed; waking a sleeping vCPU
  // takes up to ms here, while the main thread takes its chunks over) before the timed split.
  split(t, wakeSteps);
  t += wakeSteps;
  const takenBefore = team.takeOvers;
  const teamUs = perStepUs(() => split(t));
  t += steps;
  takenOver += team.takeOvers - takenBefore;
  ratios.push(all / teamUs);
  costs.push(teamUs - half);
  console.log(
    `rep ${rep + 1}: one thread ${all.toFixed(3)} µs/step · 1/${threads} of the columns ` +
      `${half.toFixed(3)} · team ${teamUs.toFixed(3)} · speed-up ${(all / teamUs).toFixed(2)}× · ` +
      `meeting ${(teamUs - half).toFixed(3)} µs/step`,
  );
}
// One chunk per worker per split step (src/kernels/team.ts: one chunk per thread).
const workerChunks = reps * steps * (threads - 1);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(
  `median speed-up ${median(ratios).toFixed(2)}× (min ${Math.min(...ratios).toFixed(2)}, max ` +
    `${Math.max(...ratios).toFixed(2)}) · median meeting ${median(costs).toFixed(3)} µs/step · ` +
    `${takenOver} of ${workerChunks} timed worker chunks taken over by the main thread ` +
    `(${((100 * takenOver) / workerChunks).toFixed(2)} %)`,
);
await arena.close();
