// Type-checked as a user's TypeScript file against the installed package (moduleResolution
// NodeNext): every documented entry point resolves to declarations, and their types compose.
import { runConfigSchema, type RunConfig, type RunResult, createRng, type Rng } from "neuroxbar";
import { parseIdx, type IdxArray } from "neuroxbar/data";
import { DiehlCookNeurons, AdderComparatorNeurons } from "neuroxbar/neurons";
import { TripletStdp, PulseStdp } from "neuroxbar/learning";
import { runPipeline, type RunOutput } from "neuroxbar/network";
import { loadPreset, pulseResponse, type Preset, type PulseResponse } from "neuroxbar/devices";
import { fitMeasured, type FitResult } from "neuroxbar/devices/fit";
import { toAihwkit, type AihwkitDeviceFile } from "neuroxbar/devices/interop";
import { Crossbar, createCrossbar } from "neuroxbar/crossbar";
import { computeEnergy, type EnergyReport } from "neuroxbar/energy";
import { expandScenario, runSweep, type SweepSummary } from "neuroxbar/experiments";
import { writeReport, type ReportFiles } from "neuroxbar/report";

const config: RunConfig = runConfigSchema.parse({ neurons: 4 });
const rng: Rng = createRng(1);
const preset: Preset = loadPreset("ideal").preset;
const card: PulseResponse = pulseResponse(preset, { devices: 2 });
const file: AihwkitDeviceFile = toAihwkit(preset);
const idx: IdxArray = parseIdx(new Uint8Array(0), "x");
const later: [
  Promise<RunOutput>,
  (r: RunResult) => number,
  typeof fitMeasured,
  FitResult | null,
  typeof createCrossbar,
  Crossbar | null,
  typeof computeEnergy,
  EnergyReport | null,
  typeof expandScenario,
  typeof runSweep,
  SweepSummary | null,
  typeof writeReport,
  ReportFiles | null,
  unknown[],
] = [
  runPipeline(config),
  (r) => r.accuracy,
  fitMeasured,
  null,
  createCrossbar,
  null,
  computeEnergy,
  null,
  expandScenario,
  runSweep,
  null,
  writeReport,
  null,
  [DiehlCookNeurons, AdderComparatorNeurons, TripletStdp, PulseStdp, rng, card, file, idx],
];
export default later;
