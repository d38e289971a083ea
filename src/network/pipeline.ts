import { canonicalJson } from "../core/canonical-json.js";
import type { ComponentState, Phase, SpikeEncoder } from "../core/contracts.js";
import { NumericalError, ValidationError } from "../core/errors.js";
import { OpLedger, type OpCounts } from "../core/ops.js";
import { createRng, Rng, type RngState } from "../core/rng.js";
import { provenance, type Provenance } from "../core/version.js";
import { createEncoder } from "../data/encoders.js";
import { datasetRecord, loadDataset, type Dataset, type DatasetRecord } from "../data/datasets.js";
import { deviceChanged } from "../devices/preset-files.js";
import { computeEnergy, type EnergyReport } from "../energy/model.js";
import { loadEnergyProfile } from "../energy/profile.js";
import { energyInputFromResult } from "../energy/result-input.js";
import { buildNetwork, type Network } from "./build.js";
import { checkFinite, checkFiniteState } from "./finite-check.js";
import { isCheckpoint, labelCount, type RunConfig } from "./config.js";
import { SpikeTable, assignLabels, predict } from "./readout.js";

/**
 * Progress events emitted by runPipeline: run start, progress, checkpoint, end of a phase, end of
 * the run.
 */
export type RunEvent =
  | {
      readonly type: "run-start";
      readonly config: RunConfig;
      readonly totals: Readonly<Record<Phase, number>>;
    }
  | {
      readonly type: "progress";
      readonly phase: Phase | "checkpoint";
      readonly done: number;
      readonly total: number;
      readonly samplesPerSec: number;
    }
  | {
      /** Emitted once after the network is built when more than one thread was requested. */
      readonly type: "threads";
      readonly requested: number;
      readonly used: number;
      /** Why fewer threads than requested are used (null when all are). */
      readonly reason: string | null;
    }
  | { readonly type: "checkpoint"; readonly point: CurvePoint }
  | { readonly type: "phase-end"; readonly phase: Phase; readonly timing: PhaseTiming }
  | { readonly type: "warning"; readonly message: string }
  | { readonly type: "run-end"; readonly result: RunResult };

/** One point of the accuracy-versus-training-samples curve. */
export interface CurvePoint {
  /** Training samples seen when evaluated. */
  readonly samples: number;
  readonly accuracy: number;
  readonly labelSamples: number;
  readonly testSamples: number;
}

/** Throughput of one phase: samples, wall-clock seconds and samples per second. */
export interface PhaseTiming {
  readonly samples: number;
  readonly seconds: number;
  readonly samplesPerSec: number;
}

/** Spike statistics of one phase (spike counts per neuron over its counted presentations). */
export interface PhaseStats {
  /** Spikes per neuron summed over the phase's counted presentations. */
  readonly spikeCounts: number[];
  readonly presentations: number;
  /** Images whose presentations hit timing.maxPresentations without reaching minSpikes. */
  readonly capped: number;
}

/**
 * Result of a run as written to result.json: test accuracy, configuration, learning curve, neuron
 * assignment, confusion matrix, phase statistics, operation counts, energy, provenance and timings.
 */
export interface RunResult {
  readonly kind: "neuroxbar-run";
  readonly version: string;
  /** Fraction of test images classified correctly. */
  readonly accuracy: number;
  readonly correct: number;
  readonly config: RunConfig;
  readonly dataset: DatasetRecord;
  readonly inputs: number;
  readonly samples: Readonly<Record<Phase, number>>;
  readonly curve: CurvePoint[];
  /** Neuron → assigned class (−1: never fired during label assignment). */
  readonly assignment: number[];
  /** confusion[true][predicted]; predicted −1 (no assigned neuron fired) is the last column. */
  readonly confusion: number[][];
  readonly phases: Readonly<Record<Phase, PhaseStats>>;
  readonly ops: Readonly<Record<Phase, OpCounts>>;
  readonly synapses: Record<string, unknown>;
  /** Operation counts priced under config.energyProfile (see docs/energy.md). */
  readonly energy: EnergyReport;
  readonly thresholdsMv: { readonly min: number; readonly mean: number; readonly max: number };
  /**
   * What the run detected about its own numerics (e.g. steps beyond the forward-Euler stability
   * limit of the dc neuron); empty when nothing was detected. Absent in results written before it.
   */
  readonly warnings: string[];
  readonly provenance: Provenance;
  /** Everything that differs from run to run (wall-clock): excluded from determinism checks. */
  readonly timings: {
    readonly train: PhaseTiming;
    readonly label: PhaseTiming;
    readonly test: PhaseTiming;
    readonly checkpointsSeconds: number;
    readonly totalSeconds: number;
    readonly finishedAt: string;
    /** Threads the neuron steps ran on (RunOptions.threads when the configuration allows it). */
    readonly threads: number;
    /**
     * Share of the neuron steps that ran split across those threads; the rest ran on the main
     * thread alone, measured faster at the time (a busy machine). 0 with one thread.
     */
    readonly threadedShare: number;
  };
}

/**
 * What runPipeline returns: the result and the final weights, row-major rows × cols (input ×
 * neuron).
 */
export interface RunOutput {
  readonly result: RunResult;
  /** Final weights, row-major rows × cols (input × neuron). */
  readonly weights: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Options of runPipeline: event callback, pre-loaded dataset, training snapshots (interval and
 * receiver) and a snapshot to resume from.
 */
export interface RunOptions {
  readonly onEvent?: (event: RunEvent) => void;
  /** A dataset already loaded (sweeps share one); otherwise loaded from config.dataset. */
  readonly dataset?: Dataset;
  /** Take a training snapshot every this many training samples (0 = never). */
  readonly snapshotEvery?: number;
  /** Receives each snapshot (the caller persists it, e.g. atomically to a file). */
  readonly onSnapshot?: (snapshot: RunSnapshot) => void;
  /** Continue training from this snapshot; the final result equals an uninterrupted run's. */
  readonly resumeFrom?: RunSnapshot;
  /**
   * Threads for the neuron steps (default 1): the columns are split across worker threads over
   * shared memory (src/kernels/team.ts); results are bit-identical to one thread, so this is not
   * part of the configuration. Configurations the split does not cover run on one thread (a
   * `threads` event says why).
   */
  readonly threads?: number;
}

/**
 * Everything that evolves during training, at a sample boundary: component states (with their
 * RNG positions), the engine clock, the op ledger, the training encoder's RNG, the accumulated
 * statistics and curve. Restoring it continues the run bit-identically.
 */
export interface RunSnapshot {
  readonly kind: "neuroxbar-snapshot";
  readonly version: string;
  /** Canonical JSON of the configuration the snapshot belongs to. */
  readonly configJson: string;
  /**
   * SHA-256 of the device the synapses were built from (SynapseArray.deviceSha256): a device file
   * edited since the snapshot makes the resume refuse. Absent for ideal synapses and in older
   * snapshots (then not checked).
   */
  readonly deviceSha256?: string;
  readonly samplesDone: number;
  readonly t: number;
  readonly ledger: Float64Array;
  readonly encoderRng: RngState;
  readonly synapses: ComponentState;
  readonly neurons: ComponentState;
  readonly inhibition: ComponentState;
  readonly rule: ComponentState;
  readonly trainSpikes: Float64Array;
  readonly trainPresentations: number;
  readonly trainCapped: number;
  readonly curve: CurvePoint[];
  readonly trainSeconds: number;
  readonly checkpointSeconds: number;
}

/** Hands control back to the event loop (progress bars, workers) at most this often. */
const YIELD_EVERY_MS = 200;

const now = (): number => performance.now();

/** Whether a training snapshot was taken with this run configuration: what resuming requires. */
export function snapshotBelongsTo(snapshot: RunSnapshot, config: RunConfig): boolean {
  return snapshot.configJson === canonicalJson(config);
}

/**
 * Throws when the snapshot recorded a device whose description (file content and overrides) is not
 * the one the network was built from now: the config names the same file, but it was edited.
 */
function refuseChangedDevice(
  snapshot: RunSnapshot,
  nowSha256: string | undefined,
  config: RunConfig,
): void {
  if (snapshot.deviceSha256 === undefined || snapshot.deviceSha256 === nowSha256) return;
  throw deviceChanged({
    where: "snapshot",
    device: config.synapses.kind === "crossbar" ? config.synapses.device : "(none)",
    since: "the snapshot was taken",
    thenSha256: snapshot.deviceSha256,
    nowSha256,
    consequence: "resuming would continue on a different device",
    remedy: "restore the device file, or start the run again without --resume",
  });
}

/**
 * The Diehl & Cook protocol: train (STDP on) → assign labels (STDP and θ frozen, on labelled
 * training presentations) → test. Optional checkpoints evaluate the network every K training
 * samples without disturbing training (its state and RNG streams are saved and restored).
 */
export async function runPipeline(config: RunConfig, options: RunOptions = {}): Promise<RunOutput> {
  const built: Network[] = [];
  try {
    return await runNetwork(config, options, built);
  } finally {
    // Worker threads end with the run, also when it throws.
    await Promise.all(built.map((net) => net.close()));
  }
}

/** What every phase of one run works with: the network, its data, clock and event channel. */
interface RunContext {
  readonly config: RunConfig;
  readonly options: RunOptions;
  readonly net: Network;
  readonly ledger: OpLedger;
  readonly dataset: Dataset;
  readonly root: Rng;
  readonly emit: (event: RunEvent) => void;
  readonly encoderFor: (name: string) => SpikeEncoder;
  readonly imageOf: (set: Dataset["train"], index: number) => Uint8Array;
  /** Hands control back to the event loop at most every YIELD_EVERY_MS. */
  readonly maybeYield: () => Promise<void>;
}

/** What the training phase leaves for the result: statistics, curve, operations and timing. */
interface TrainOutcome {
  readonly stats: PhaseAccumulator;
  readonly curve: CurvePoint[];
  readonly ops: OpCounts;
  readonly timing: PhaseTiming;
  readonly checkpointSeconds: number;
}

/** runPipeline's body; the network it builds goes to `built` (closed by the caller). */
async function runNetwork(
  config: RunConfig,
  options: RunOptions,
  built: Network[],
): Promise<RunOutput> {
  const emit = options.onEvent ?? (() => undefined);
  const tStart = now();
  const dataset = options.dataset ?? loadDataset(config.dataset);
  const inputs = dataset.rows * dataset.cols;
  if (config.test > dataset.test.count) {
    throw new ValidationError(
      `test: ${config.test} exceeds the ${dataset.test.count} test images of ${dataset.name}`,
    );
  }
  const energyProfile = loadEnergyProfile(config.energyProfile);
  const root = createRng(config.seed);
  const ledger = new OpLedger();
  const net = buildNetwork(config, inputs, root, ledger, options.threads ?? 1);
  built.push(net);
  const nLabel = labelCount(config);
  const totals = { train: config.train, label: nLabel, test: config.test };
  emit({ type: "run-start", config, totals });
  if (net.threads.requested > 1) emit({ type: "threads", ...net.threads });

  const dtMs = config.timing.dtMs;
  let lastYield = now();
  const ctx: RunContext = {
    config,
    options,
    net,
    ledger,
    dataset,
    root,
    emit,
    encoderFor: (name) => createEncoder(config.encoder, dtMs, root.fork(`encoder/${name}`)),
    imageOf: (set, index) => set.images.subarray(index * inputs, (index + 1) * inputs),
    maybeYield: async () => {
      if (now() - lastYield < YIELD_EVERY_MS) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = now();
    },
  };

  const train = await trainPhase(ctx);
  const label = await labelPhase(ctx, nLabel);
  const test = await testPhase(ctx, label.assignment);

  const warnings = numericalWarnings(net);
  for (const message of warnings) emit({ type: "warning", message });
  const partial: Omit<RunResult, "energy"> = {
    kind: "neuroxbar-run",
    version: provenance().version,
    accuracy: test.correct / config.test,
    correct: test.correct,
    config,
    dataset: datasetRecord(dataset),
    inputs,
    samples: totals,
    curve: train.curve,
    assignment: Array.from(label.assignment),
    confusion: test.confusion,
    phases: { train: train.stats.done(), label: label.stats.done(), test: test.stats.done() },
    ops: { train: train.ops, label: label.ops, test: test.ops },
    synapses: net.synapses.describe(),
    thresholdsMv: summarise(net.neurons.thresholdsMv()),
    warnings,
    provenance: provenance(),
    timings: {
      train: train.timing,
      label: label.timing,
      test: test.timing,
      checkpointsSeconds: train.checkpointSeconds,
      totalSeconds: (now() - tStart) / 1000,
      finishedAt: new Date().toISOString(),
      threads: net.threads.used,
      threadedShare: net.threadedShare(),
    },
  };
  const energy = computeEnergy(energyInputFromResult(partial, "run"), energyProfile);
  const result: RunResult = { ...partial, energy };
  emit({ type: "run-end", result });
  return {
    result,
    weights: net.synapses.weights,
    rows: net.synapses.rows,
    cols: net.synapses.cols,
  };
}

/**
 * Training with STDP (from a snapshot when options.resumeFrom is given): checkpoints, finite
 * checks, progress and snapshots every options.snapshotEvery samples.
 */
async function trainPhase(ctx: RunContext): Promise<TrainOutcome> {
  const { config, options, net, ledger, dataset, root, emit, encoderFor, imageOf } = ctx;
  const order = trainingOrder(config, dataset.train.count, root);
  const stats = new PhaseAccumulator(config.neurons);
  const curve: CurvePoint[] = [];
  let trainRng = root.fork("encoder/train");
  net.engine.setLearning(true);
  const opsStart = ledger.snapshot();
  let checkpointSeconds = 0;
  let t0 = now();
  let first = 0;
  const configJson = canonicalJson(config);
  const resume = options.resumeFrom;
  if (resume) {
    if (!snapshotBelongsTo(resume, config)) {
      throw new ValidationError(
        "snapshot: it belongs to a different configuration; resume with the configuration it was taken with",
      );
    }
    refuseChangedDevice(resume, net.synapses.deviceSha256, config);
    net.synapses.loadState(resume.synapses);
    net.neurons.loadState(resume.neurons);
    net.inhibition.loadState(resume.inhibition);
    net.rule.loadState(resume.rule);
    net.engine.t = resume.t;
    ledger.counts.set(resume.ledger);
    trainRng = new Rng(trainRng.seed, resume.encoderRng);
    stats.restore(resume.trainSpikes, resume.trainPresentations, resume.trainCapped);
    curve.push(...resume.curve);
    checkpointSeconds = resume.checkpointSeconds;
    t0 -= resume.trainSeconds * 1000;
    first = resume.samplesDone;
  }
  const trainEncoder = createEncoder(config.encoder, config.timing.dtMs, trainRng);
  const snapshotEvery = options.snapshotEvery ?? 0;
  for (let i = first; i < config.train; i++) {
    const out = presentIn(net, imageOf(dataset.train, order(i)), trainEncoder, "training", i);
    stats.add(out.counts, out.presentations, out.totalSpikes < config.timing.minSpikes);
    if (config.checkpoints && isCheckpoint(config.checkpoints, i + 1)) {
      const c0 = now();
      const point = checkpoint(net, config, dataset, i + 1, encoderFor, imageOf, emit);
      curve.push(point);
      emit({ type: "checkpoint", point });
      checkpointSeconds += (now() - c0) / 1000;
    }
    if ((i & 15) === 15 || i + 1 === config.train) {
      assertNetworkFinite(net, config, `after training sample ${i + 1}`);
    }
    if ((i & 15) === 15) {
      emit(progressEvent("train", i + 1, config.train, t0, checkpointSeconds));
      await ctx.maybeYield();
    }
    if (snapshotEvery > 0 && (i + 1) % snapshotEvery === 0 && i + 1 < config.train) {
      options.onSnapshot?.({
        kind: "neuroxbar-snapshot",
        version: provenance().version,
        configJson,
        ...(net.synapses.deviceSha256 === undefined
          ? {}
          : { deviceSha256: net.synapses.deviceSha256 }),
        samplesDone: i + 1,
        t: net.engine.t,
        ledger: ledger.snapshot(),
        encoderRng: trainRng.state(),
        synapses: net.synapses.saveState(),
        neurons: net.neurons.saveState(),
        inhibition: net.inhibition.saveState(),
        rule: net.rule.saveState(),
        ...stats.state(),
        curve: [...curve],
        trainSeconds: (now() - t0) / 1000,
        checkpointSeconds,
      });
    }
  }
  const ops = ledger.since(opsStart);
  const timingOut = timing(config.train, (now() - t0) / 1000 - checkpointSeconds);
  emit({ type: "phase-end", phase: "train", timing: timingOut });
  return { stats, curve, ops, timing: timingOut, checkpointSeconds };
}

/** Label assignment: STDP and θ frozen, nLabel labelled training presentations. */
async function labelPhase(
  ctx: RunContext,
  nLabel: number,
): Promise<{
  readonly assignment: Int32Array;
  readonly stats: PhaseAccumulator;
  readonly ops: OpCounts;
  readonly timing: PhaseTiming;
}> {
  const { config, net, ledger, dataset, emit, imageOf } = ctx;
  net.engine.setLearning(false);
  net.synapses.setPhase("label");
  const start = ledger.snapshot();
  const t1 = now();
  const table = new SpikeTable(nLabel, config.neurons);
  const stats = new PhaseAccumulator(config.neurons);
  const encoder = ctx.encoderFor("label");
  for (let k = 0; k < nLabel; k++) {
    const index = k % dataset.train.count;
    const out = presentIn(net, imageOf(dataset.train, index), encoder, "label", k);
    table.add(out.counts, dataset.train.labels[index]!);
    stats.add(out.counts, out.presentations, out.totalSpikes < config.timing.minSpikes);
    if ((k & 15) === 15 || k + 1 === nLabel) {
      assertNetworkFinite(net, config, `after label sample ${k + 1}`);
    }
    if ((k & 31) === 31) {
      emit(progressEvent("label", k + 1, nLabel, t1, 0));
      await ctx.maybeYield();
    }
  }
  const assignment = assignLabels(table, dataset.classes);
  const ops = ledger.since(start);
  const timingOut = timing(nLabel, (now() - t1) / 1000);
  emit({ type: "phase-end", phase: "label", timing: timingOut });
  return { assignment, stats, ops, timing: timingOut };
}

/** Test: every test image, predicted from the assignment; confusion[true][predicted]. */
async function testPhase(
  ctx: RunContext,
  assignment: Int32Array,
): Promise<{
  readonly correct: number;
  readonly confusion: number[][];
  readonly stats: PhaseAccumulator;
  readonly ops: OpCounts;
  readonly timing: PhaseTiming;
}> {
  const { config, net, ledger, dataset, emit, imageOf } = ctx;
  net.synapses.setPhase("test");
  const start = ledger.snapshot();
  const t2 = now();
  const classes = dataset.classes;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes + 1).fill(0));
  const stats = new PhaseAccumulator(config.neurons);
  const encoder = ctx.encoderFor("test");
  const scratch = new Float64Array(classes * 2);
  let correct = 0;
  for (let k = 0; k < config.test; k++) {
    const out = presentIn(net, imageOf(dataset.test, k), encoder, "test", k);
    stats.add(out.counts, out.presentations, out.totalSpikes < config.timing.minSpikes);
    const truth = dataset.test.labels[k]!;
    const guess = predict(out.counts, assignment, classes, scratch);
    if (guess === truth) correct++;
    confusion[truth]![guess < 0 ? classes : guess]!++;
    if ((k & 15) === 15 || k + 1 === config.test) {
      assertNetworkFinite(net, config, `after test sample ${k + 1}`);
    }
    if ((k & 31) === 31) {
      emit(progressEvent("test", k + 1, config.test, t2, 0));
      await ctx.maybeYield();
    }
  }
  const ops = ledger.since(start);
  const timingOut = timing(config.test, (now() - t2) / 1000);
  emit({ type: "phase-end", phase: "test", timing: timingOut });
  return { correct, confusion, stats, ops, timing: timingOut };
}

/** Warnings about the run's numerics, from the components that watch them. */
function numericalWarnings(net: Network): string[] {
  const beyond = net.inhibition.stepsBeyondStableConductance?.();
  if (beyond === undefined || beyond.steps === 0) return [];
  return [
    `numerics: in ${beyond.steps} of ${net.engine.t} time steps the inhibitory conductance could exceed the forward-Euler stability limit of the dc neuron, g_i > 2·tauMembraneMs/dtMs − 1 (at most ${beyond.peakRatio.toFixed(1)}× the limit); there v overshoots E_inh, and many such steps mean runaway volleys (docs/models/diehl-cook.md). Compare with neuron.integration "implicit-euler" (--integration implicit-euler).`,
  ];
}

/**
 * One presentation of sample k (0-based) of a phase. A NumericalError raised inside it (e.g. a
 * device write that produced a NaN conductance) gets the phase and sample number appended, so
 * every numerical error names the sample.
 */
function presentIn(
  net: Network,
  image: Uint8Array,
  encoder: SpikeEncoder,
  phase: string,
  k: number,
): ReturnType<Network["engine"]["present"]> {
  try {
    return net.engine.present(image, encoder);
  } catch (err) {
    if (err instanceof NumericalError) {
      throw new NumericalError(`${err.message} (during ${phase} sample ${k + 1})`);
    }
    throw err;
  }
}

/**
 * NaN/±Inf check of every floating-point state array (every 16 samples of each phase and at its
 * end): device conductances, weights, neuron state, thresholds, inhibitory state. Throws a
 * NumericalError naming the component, the array, the index and `where` (the sample). The root
 * cause comes first: a NaN conductance shows as a NaN weight too, a NaN θ as a NaN threshold.
 * O(state): one pass over the synapse arrays, a negligible one over the neurons. The pass is the
 * branch-free scan of ./finite-check.ts; only an array that fails it is scanned again, by core's
 * assertFinite, for the first bad index and the message.
 */
function assertNetworkFinite(net: Network, config: RunConfig, where: string): void {
  const synapses = net.synapses.finiteState?.();
  if (synapses) checkFiniteState(`synapses (${config.synapses.kind})`, synapses, where);
  checkFinite(net.synapses.weights, "weight", where);
  const neurons = net.neurons.finiteState?.();
  if (neurons) checkFiniteState(`neurons (${config.neuron.model})`, neurons, where);
  checkFinite(net.neurons.thresholdsMv(), "threshold (mV) of neuron", where);
  const inhibition = net.inhibition.finiteState?.();
  if (inhibition) checkFiniteState(`inhibition (${config.inhibition.mode})`, inhibition, where);
}

/**
 * Sample index of training step i: file order (Diehl & Cook) or a seeded shuffle per pass. Each
 * pass draws from its own stream ("shuffle/<pass>"), so the order never depends on history and a
 * resumed run needs no shuffle state.
 */
function trainingOrder(config: RunConfig, available: number, root: Rng): (i: number) => number {
  if (!config.shuffle) return (i) => i % available;
  const perm = new Int32Array(available);
  let pass = -1;
  return (i) => {
    const p = Math.floor(i / available);
    if (p !== pass) {
      for (let k = 0; k < available; k++) perm[k] = k;
      root.fork(`shuffle/${p}`).shuffle(perm);
      pass = p;
    }
    return perm[i % available]!;
  };
}

/**
 * One point of the accuracy-versus-training-samples curve. The network's state (including the
 * synapses' RNG positions) and the op ledger are saved before and restored after, and evaluation
 * encoders draw from their own streams: a run with checkpoints trains exactly like one without.
 */
function checkpoint(
  net: Network,
  config: RunConfig,
  dataset: Dataset,
  samples: number,
  encoderFor: (name: string) => SpikeEncoder,
  imageOf: (set: Dataset["train"], index: number) => Uint8Array,
  emit: (e: RunEvent) => void,
): CurvePoint {
  const cp = config.checkpoints!;
  const saved = {
    synapses: net.synapses.saveState(),
    neurons: net.neurons.saveState(),
    inhibition: net.inhibition.saveState(),
    rule: net.rule.saveState(),
    t: net.engine.t,
    ops: net.ledger.snapshot(),
  };
  net.engine.setLearning(false);
  net.synapses.setPhase("label");
  const nLabel = Math.min(cp.label, dataset.train.count);
  const nTest = Math.min(cp.test, dataset.test.count);
  const table = new SpikeTable(nLabel, config.neurons);
  const labelEncoder = encoderFor(`checkpoint-${samples}/label`);
  for (let k = 0; k < nLabel; k++) {
    const out = net.engine.present(imageOf(dataset.train, k), labelEncoder);
    table.add(out.counts, dataset.train.labels[k]!);
  }
  const assignment = assignLabels(table, dataset.classes);
  net.synapses.setPhase("test");
  const testEncoder = encoderFor(`checkpoint-${samples}/test`);
  const started = now();
  const scratch = new Float64Array(dataset.classes * 2);
  let correct = 0;
  for (let k = 0; k < nTest; k++) {
    const out = net.engine.present(imageOf(dataset.test, k), testEncoder);
    if (predict(out.counts, assignment, dataset.classes, scratch) === dataset.test.labels[k]) {
      correct++;
    }
    if ((k & 63) === 63) emit(progressEvent("checkpoint", k + 1, nTest, started, 0));
  }
  net.synapses.loadState(saved.synapses);
  net.neurons.loadState(saved.neurons);
  net.inhibition.loadState(saved.inhibition);
  net.rule.loadState(saved.rule);
  net.engine.t = saved.t;
  net.ledger.counts.set(saved.ops);
  net.synapses.setPhase("train");
  net.engine.setLearning(true);
  return { samples, accuracy: correct / nTest, labelSamples: nLabel, testSamples: nTest };
}

class PhaseAccumulator {
  private readonly spikes: Float64Array;
  private presentations = 0;
  private capped = 0;
  constructor(neurons: number) {
    this.spikes = new Float64Array(neurons);
  }
  add(counts: Int32Array, presentations: number, capped: boolean): void {
    for (let j = 0; j < counts.length; j++) this.spikes[j]! += counts[j]!;
    this.presentations += presentations;
    if (capped) this.capped++;
  }
  state(): { trainSpikes: Float64Array; trainPresentations: number; trainCapped: number } {
    return {
      trainSpikes: this.spikes.slice(),
      trainPresentations: this.presentations,
      trainCapped: this.capped,
    };
  }
  restore(spikes: Float64Array, presentations: number, capped: number): void {
    this.spikes.set(spikes);
    this.presentations = presentations;
    this.capped = capped;
  }
  done(): PhaseStats {
    return {
      spikeCounts: Array.from(this.spikes),
      presentations: this.presentations,
      capped: this.capped,
    };
  }
}

function timing(samples: number, seconds: number): PhaseTiming {
  return { samples, seconds, samplesPerSec: seconds > 0 ? samples / seconds : 0 };
}

function progressEvent(
  phase: Phase | "checkpoint",
  done: number,
  total: number,
  since: number,
  pausedSeconds: number,
): RunEvent {
  const seconds = (now() - since) / 1000 - pausedSeconds;
  return { type: "progress", phase, done, total, samplesPerSec: seconds > 0 ? done / seconds : 0 };
}

function summarise(values: Float64Array): { min: number; mean: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, mean: sum / values.length, max };
}
