#!/usr/bin/env node
// How much floating-point work the machine's two vCPUs deliver together: a loop on one thread,
// then the same loop on two threads at once (the main thread and one worker). Two loops, neither
// touching memory:
//   latency: eight chains of x ← x·y + ε, y ← y·x − ε, each step waiting for the last (the
//     floating-point units mostly idle);
//   throughput: twelve independent chains of x ← x·k + ε, enough to keep the multiply and add
//     units busy every cycle.
// Two vCPUs that are two cores run both at about 2× one thread. Two vCPUs that are the two
// hardware threads of one core (or a core the host shares out) run the latency loop at about 2×
// but the throughput loop well below it, as they then share one core's units. Compare with
// bench/thread-ceiling.mjs, the network's column kernel run the same way, to tell the machine's
// limit from the kernel's.
// Last, the round trip of one cache line between the two threads (the main thread stores a
// number, the worker waits for it and stores it back on another cache line; 200,000 round trips
// per rep, the first rep a warm-up): the hardware's floor for any per-step meeting.
//   node bench/cpu-scaling.mjs [ITERATIONS=100000000] [REPS=4]
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { wholeNumberArg } from "./args.mjs";

const iterations = wholeNumberArg("cpu-scaling", "ITERATIONS", process.argv[2], 1e8);
const reps = wholeNumberArg("cpu-scaling", "REPS", process.argv[3], 4);

/** "median M (min A, max B)" of `values`, with `digits` decimals and `unit` after each figure. */
function spread(values, digits, unit) {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (x) => `${x.toFixed(digits)}${unit}`;
  return `median ${f(sorted[sorted.length >> 1])} (min ${f(sorted[0])}, max ${f(sorted.at(-1))})`;
}

// Values stay near 1: no overflow, no denormals.
const chains = Array.from({ length: 12 }, (_, i) => i);
const loops = {
  latency: `function spin(n) {
    let a = 1.0000001, b = 0.9999999, c = 1.0000002, d = 0.9999998;
    let e = 1.0000003, f = 0.9999997, g = 1.0000004, h = 0.9999996;
    for (let i = 0; i < n; i++) {
      a = a * b + 1e-9; c = c * d + 1e-9; e = e * f + 1e-9; g = g * h + 1e-9;
      b = b * a - 1e-9; d = d * c - 1e-9; f = f * e - 1e-9; h = h * g - 1e-9;
    }
    return a + b + c + d + e + f + g + h;
  }`,
  throughput: `function spin(n) {
    let ${chains.map((i) => `x${i} = 1 + ${i}e-7`).join(", ")};
    for (let i = 0; i < n; i++) {
      ${chains.map((i) => `x${i} = x${i} * 0.9999999 + 1e-7;`).join(" ")}
    }
    return ${chains.map((i) => `x${i}`).join(" + ")};
  }`,
};

async function measure(name, source) {
  const spin = new Function(`${source}; return spin;`)();
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads");
    const { performance } = require("node:perf_hooks");
    ${source}
    parentPort.on("message", (n) => {
      const t0 = performance.now();
      const x = spin(n);
      parentPort.postMessage({ ms: performance.now() - t0, x });
    });`,
    { eval: true },
  );
  spin(1e7); // warm-up
  const ratios = [];
  for (let r = 1; r <= reps; r++) {
    let t0 = performance.now();
    spin(iterations);
    const one = performance.now() - t0;
    const answer = new Promise((resolve) => worker.once("message", resolve));
    t0 = performance.now();
    worker.postMessage(iterations);
    spin(iterations);
    const mainMs = performance.now() - t0;
    const { ms: workerMs } = await answer;
    const both = performance.now() - t0;
    const ratio = (2 * one) / both;
    ratios.push(ratio);
    console.log(
      `${name} rep ${r}: 1 thread ${one.toFixed(0)} ms · 2 threads at once ${mainMs.toFixed(0)} and ${workerMs.toFixed(0)} ms · ${ratio.toFixed(2)}× one thread's work per unit time`,
    );
  }
  await worker.terminate();
  return `${name} ${spread(ratios, 2, "×")}`;
}

console.log(`cpu scaling: ${iterations} iterations per loop, ${reps} reps, the latency loop first`);
const summary = [];
for (const [name, source] of Object.entries(loops)) summary.push(await measure(name, source));
console.log(`ratios: ${summary.join(" · ")}`);

// The round trip: slot 0 (main → worker) and slot 16 (worker → main) on two cache lines.
const trips = 200_000;
const sab = new SharedArrayBuffer(128);
const line = new Int32Array(sab);
const echo = new Worker(
  `const { workerData } = require("node:worker_threads");
  const line = new Int32Array(workerData.sab);
  function echo(total) {
    for (let i = 1; i <= total; i++) {
      while (Atomics.load(line, 0) !== i);
      Atomics.store(line, 16, i);
    }
  }
  echo(workerData.total);`,
  { eval: true, workerData: { sab, total: trips * (reps + 1) } },
);
/** `trips` round trips from `first` on; returns the number sent last. (A function: V8 optimises it.) */
function ping(first) {
  let sent = first;
  for (let k = 0; k < trips; k++) {
    sent++;
    Atomics.store(line, 0, sent);
    while (Atomics.load(line, 16) !== sent);
  }
  return sent;
}
const roundTrips = [];
let sent = 0;
for (let r = 0; r <= reps; r++) {
  const t0 = performance.now();
  sent = ping(sent);
  if (r > 0) roundTrips.push(((performance.now() - t0) / trips) * 1000); // the first warms up
}
await echo.terminate();
console.log(`cache-line round trip between the two threads: ${spread(roundTrips, 3, " µs")}`);
