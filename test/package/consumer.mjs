// A user's script against the installed package: imports every documented entry point by its
// package name and calls one function of each part. Prints one JSON line of what it saw.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createRng,
  OpLedger,
  runConfigSchema,
  runPipeline,
  createEncoder,
  SpikeEvents,
  DiehlCookNeurons,
  dcNeuronConfigSchema,
  TripletStdp,
  tripletStdpSchema,
  IdealSynapses,
  idealSynapsesSchema,
  createInhibition,
  hookInhibitionConfigSchema,
  encodeWeights,
  readWeights,
} from "neuroxbar";
import { parseIdx, IDX_LABELS_MAGIC } from "neuroxbar/data";
import { hwNeuronConfigSchema, createHwNeurons } from "neuroxbar/neurons";
import { PulseStdp } from "neuroxbar/learning";
import { buildNetwork } from "neuroxbar/network";
import { listPresets, loadPreset, pulseResponse, MODEL_NAMES } from "neuroxbar/devices";
import { fitMeasured } from "neuroxbar/devices/fit";
import { toAihwkit, fromAihwkit, toNeuroSimCell } from "neuroxbar/devices/interop";
import { createCrossbar } from "neuroxbar/crossbar";
import { loadEnergyProfile, computeEnergy, energyInputFromResult } from "neuroxbar/energy";
import { scenarioFromValue, expandScenario, runSweep } from "neuroxbar/experiments";
import { writeReport } from "neuroxbar/report";

const seen = {};
const dtMs = 0.5;

// core + data
const rng = createRng(7);
const ledger = new OpLedger();
const labels = parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 3, 4]), "labels.idx", "labels");
seen.data = { magic: IDX_LABELS_MAGIC, labels: Array.from(labels.data) };
const encoder = createEncoder({ kind: "poisson" }, dtMs, rng.fork("enc"));
const spikes = new SpikeEvents(784, 700);
encoder.encode(new Uint8Array(784).fill(255), 0, 700, spikes);
seen.encoderSpikes = spikes.count;

// neurons, synapses, learning, inhibition
const dc = new DiehlCookNeurons(dcNeuronConfigSchema.parse({ model: "dc" }), 4, dtMs, ledger);
seen.dcNeurons = dc.constructor.name;
const hw = createHwNeurons(
  hwNeuronConfigSchema.parse({ model: "hw" }),
  4,
  dtMs,
  rng.fork("hw"),
  ledger,
);
seen.hwNeurons = hw.constructor.name;
const synapses = new IdealSynapses(
  idealSynapsesSchema.parse({ kind: "ideal" }),
  784,
  4,
  rng.fork("w"),
  ledger,
);
const stdp = new TripletStdp(tripletStdpSchema.parse({ rule: "triplet" }), synapses, dtMs);
seen.stdp = stdp.constructor.name;
seen.pulseStdp = typeof PulseStdp;
seen.inhibition = createInhibition(
  hookInhibitionConfigSchema.parse({ mode: "wta" }),
  dc,
  ledger,
).constructor.name;

// network: the whole pipeline on a few images, and the weights file
const config = runConfigSchema.parse({ neurons: 4, train: 8, label: 8, test: 8, seed: 3 });
seen.network = typeof buildNetwork;
const { result, weights } = await runPipeline(config);
seen.accuracy = result.accuracy;
const bin = encodeWeights(weights, 784, 4);
const dir = mkdtempSync(join(tmpdir(), "nx-consumer-"));
writeFileSync(join(dir, "weights.bin"), bin);
seen.weightsRead = readWeights(join(dir, "weights.bin")).rows;

// devices, fitting, interop, crossbar
seen.presets = listPresets().length;
seen.models = MODEL_NAMES.length;
const agasi = loadPreset("ag-a-si").preset;
const card = pulseResponse(agasi, { devices: 5 });
const trains = ["ltp", "ltd"].map((direction) => {
  const rows = card.rows.filter((r) => r.phase === direction);
  return {
    direction,
    pulses: rows.map((_, i) => i),
    conductanceS: rows.map((r) => r.nominalS),
    line: 1,
  };
});
const fit = fitMeasured({ source: "card", trains, notes: [] }, "neurosim");
seen.fitRmseOfRange = fit.rmseOfRange;
const ideal = loadPreset("ideal").preset;
seen.aihwkitClass = toAihwkit(ideal).device_class;
seen.aihwkitBack = fromAihwkit(JSON.parse(JSON.stringify(toAihwkit(ideal))), "x").model;
seen.neurosimLevels = toNeuroSimCell(agasi).cell.maxNumLevelLTP;
const xb = createCrossbar({ device: "ideal" }, 784, 4, rng.fork("xb"), ledger);
seen.crossbar = xb.rows * xb.cols;

// energy
const profile = loadEnergyProfile("default");
const energy = computeEnergy(
  energyInputFromResult(JSON.parse(JSON.stringify(result)), "result"),
  profile,
);
seen.energyJ = energy.totalJ;

// scenario → sweep → report
const scenario = scenarioFromValue(
  {
    name: "consumer",
    description: "two network sizes",
    seed: 1,
    base: { neurons: 4, train: 6, label: 6, test: 6 },
    axes: [{ path: "neurons", role: "setting", values: [4, 6] }],
    seeds: [1],
  },
  "consumer.json",
);
const sweep = expandScenario(scenario);
const summary = await runSweep(sweep, { out: join(dir, "sweep"), workers: 0 });
seen.sweepFinished = summary.finished;
const report = await writeReport(join(dir, "sweep"), join(dir, "report"));
seen.reportFiles = Object.keys(report).length;

rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(seen)}\n`);
