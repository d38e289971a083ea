#!/usr/bin/env node
// Firing diagnostic of a training run: presentations, spikes and θ per window of W training images,
// read from the run's own training snapshots (nothing is added to the hot loop).
//   node bench/firing-windows.mjs NEURONS IMAGES WINDOW ['{"neuron":{"integration":"implicit-euler"}}']
// The last window (ending at IMAGES) is not printed: runs take no snapshot at their end.
// Columns: images so far, presentations per image, spikes per image, fraction of neurons that fired
// in the window, θ mean / max / 10th percentile (mV), images capped at the presentation limit.
import { runConfigSchema } from "../dist/network/config.js";
import { runPipeline } from "../dist/network/pipeline.js";
import { wholeNumberArg } from "./args.mjs";

const neurons = wholeNumberArg("firing-windows", "NEURONS", process.argv[2], 400);
const images = wholeNumberArg("firing-windows", "IMAGES", process.argv[3], 2000);
const window = wholeNumberArg("firing-windows", "WINDOW", process.argv[4], 100);
let extra = {};
if (process.argv[5] !== undefined) {
  try {
    extra = JSON.parse(process.argv[5]);
  } catch (err) {
    console.error(
      `firing-windows: the 4th argument must be a JSON run-configuration fragment: ${err.message}`,
    );
    process.exit(2);
  }
}
const neuronOverride = extra.neuron ? { neuron: { model: "dc", ...extra.neuron } } : {};
const config = runConfigSchema.parse({
  seed: 1,
  label: 100,
  test: 100,
  ...extra,
  ...neuronOverride,
  neurons,
  train: images,
});
if (config.neuron.model !== "dc") {
  console.error("firing-windows: reads θ of the dc neuron; use --neuron dc (the default)");
  process.exit(2);
}
console.log("images  pres/img  spikes/img  fired  θ mean  θ max  θ p10  capped");
let prev = null;
await runPipeline(config, {
  snapshotEvery: window,
  onSnapshot: (s) => {
    const theta = Array.from(s.neurons.thetaScaled).sort((a, b) => a - b);
    const mean = theta.reduce((a, b) => a + b, 0) / theta.length;
    let spikes = 0;
    let fired = 0;
    for (let j = 0; j < neurons; j++) {
      const d = s.trainSpikes[j] - (prev ? prev.spikes[j] : 0);
      spikes += d;
      if (d > 0) fired++;
    }
    const presentations = s.trainPresentations - (prev ? prev.presentations : 0);
    const capped = s.trainCapped - (prev ? prev.capped : 0);
    console.log(
      [
        String(s.samplesDone).padStart(6),
        (presentations / window).toFixed(2).padStart(8),
        (spikes / window).toFixed(1).padStart(10),
        (fired / neurons).toFixed(2).padStart(5),
        mean.toFixed(2).padStart(6),
        theta[theta.length - 1].toFixed(2).padStart(6),
        theta[Math.floor(theta.length * 0.1)].toFixed(2).padStart(6),
        String(capped).padStart(6),
      ].join("  "),
    );
    prev = {
      spikes: Float64Array.from(s.trainSpikes),
      presentations: s.trainPresentations,
      capped: s.trainCapped,
    };
  },
});
