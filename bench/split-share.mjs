#!/usr/bin/env node
// How much of a presentation `--threads N` can split, measured: profiles one `neuroxbar train` run
// on ONE thread (`node --cpu-prof`) and sorts the time under PresentationEngine.present into
//   split  — WebAssembly time under the range operations a column team runs per chunk (the
//            SoloStepper's dcStep / hwStep / hwLeak / stdpPost / normalise; the learning rules'
//            post-synaptic walks reach the kernel through its stdpPost), and
//   serial — everything else (the inhibitory population and its g_i additions, the encoder, the
//            engine's loop, the JavaScript around the kernels), which stays on the main thread.
// Then prints the Amdahl bound 1 / (serial + split / s) of the end-to-end speed-up for a split that
// runs s times faster: s = 2 (two full cores) and s = CEILING when given (e.g. the median ratio of
// bench/thread-ceiling.mjs on this machine).
//   node bench/split-share.mjs [NEURONS=1600] [TRAIN=1500] [CEILING] [implicit|euler] [dc|hw]
// The run itself (seed 1, 20 label and 20 test images) is the shipped CLI from dist/ (npm run
// build); its profile is written to a temporary folder and removed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";
import { argError, wholeNumberArg } from "./args.mjs";

const SCRIPT = "split-share";
const neurons = wholeNumberArg(SCRIPT, "NEURONS", process.argv[2], 1600);
const train = wholeNumberArg(SCRIPT, "TRAIN", process.argv[3], 1500);
const ceilingText = process.argv[4];
const ceiling = ceilingText === undefined || ceilingText === "-" ? null : Number(ceilingText);
if (ceiling !== null && !(ceiling >= 1 && Number.isFinite(ceiling))) {
  argError(SCRIPT, "CEILING", 'a number ≥ 1 (or "-")', ceilingText);
}
const integration = process.argv[5] ?? "implicit";
if (integration !== "implicit" && integration !== "euler") {
  argError(SCRIPT, "integration", '"implicit" or "euler"', integration);
}
const model = process.argv[6] ?? "dc";
if (model !== "dc" && model !== "hw") argError(SCRIPT, "model", '"dc" or "hw"', model);

/** The SoloStepper methods whose WebAssembly callees a column team runs split. */
const SPLIT_METHODS = new Set(["dcStep", "hwStep", "hwLeak", "stdpPost", "normalise"]);

function isSplitFrame(frame) {
  return frame.url.endsWith("kernels/stepper.js") && SPLIT_METHODS.has(frame.functionName);
}

function isWasm(frame) {
  return frame.url.startsWith("wasm:") || frame.functionName.startsWith("js-to-wasm");
}

const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nx-split-share-"));
try {
  const args = [
    "--cpu-prof",
    "--cpu-prof-dir",
    dir,
    cli,
    "train",
    "--neurons",
    String(neurons),
    "--train",
    String(train),
    "--label",
    "20",
    "--test",
    "20",
    "--neuron",
    model,
    "--threads",
    "1",
    "--out",
    join(dir, "run"),
    "--progress",
    "false",
  ];
  if (model === "dc")
    args.push("--integration", integration === "implicit" ? "implicit-euler" : "euler");
  const log = execFileSync(process.execPath, args, { encoding: "utf8" });
  const trainLine = log.split("\n").find((line) => line.startsWith("train ")) ?? "";
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (file === undefined) throw new Error("split-share: the run wrote no .cpuprofile");
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  let all = 0;
  let underPresent = 0;
  let split = 0;
  const splitBy = new Map();
  const serialBy = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    const self = byId.get(profile.samples[i]).callFrame;
    // Walk up to `present`: the first JavaScript frame names the sample, a split frame marks it.
    let id = profile.samples[i];
    let inPresent = false;
    let splitFrame = null;
    let jsName = null;
    while (id !== undefined) {
      const frame = byId.get(id).callFrame;
      if (frame.functionName === "present" && frame.url.endsWith("network/engine.js")) {
        inPresent = true;
        break;
      }
      if (splitFrame === null && isSplitFrame(frame)) splitFrame = frame.functionName;
      if (jsName === null && !isWasm(frame) && frame.url !== "")
        jsName = frame.functionName || "(anonymous)";
      id = parent.get(id);
    }
    if (!inPresent) continue;
    underPresent += dt;
    if (isWasm(self) && splitFrame !== null) {
      split += dt;
      splitBy.set(splitFrame, (splitBy.get(splitFrame) ?? 0) + dt);
    } else {
      const name = isWasm(self)
        ? `${jsName ?? "?"} (WebAssembly)`
        : self.functionName || "(anonymous)";
      serialBy.set(name, (serialBy.get(name) ?? 0) + dt);
    }
  }
  if (underPresent === 0)
    throw new Error("split-share: no profile sample under PresentationEngine.present");
  const pct = (x) => `${((100 * x) / underPresent).toFixed(1)} %`;
  const splitShare = split / underPresent;
  const serialShare = 1 - splitShare;
  const amdahl = (s) => 1 / (serialShare + splitShare / s);
  console.log(
    `split share: ${model} neuron, ${neurons} neurons, ${train} training images${model === "dc" ? `, ${integration} integration` : ""}, 1 thread, profiled`,
  );
  if (trainLine) console.log(`run: ${trainLine}`);
  console.log(
    `under PresentationEngine.present: ${((100 * underPresent) / all).toFixed(1)} % of ${(all / 1e6).toFixed(1)} s profiled`,
  );
  console.log(`split (range operations): ${pct(split)}`);
  for (const [name, t] of [...splitBy].sort((a, b) => b[1] - a[1]))
    console.log(`  ${name.padEnd(28)} ${pct(t)}`);
  console.log(`serial (main thread): ${pct(underPresent - split)}`);
  const serialRows = [...serialBy].sort((a, b) => b[1] - a[1]);
  let rest = 0;
  for (const [k, [name, t]] of serialRows.entries()) {
    if (k < 12) console.log(`  ${name.padEnd(28)} ${pct(t)}`);
    else rest += t;
  }
  if (rest > 0) console.log(`  ${"(the rest)".padEnd(28)} ${pct(rest)}`);
  console.log(`Amdahl bound of --threads 2 on two full cores: ${amdahl(2).toFixed(2)}×`);
  if (ceiling !== null) {
    console.log(
      `Amdahl bound with the split ${ceiling}× faster (CEILING): ${amdahl(ceiling).toFixed(2)}×`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
