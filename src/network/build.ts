import { availableParallelism, loadavg } from "node:os";
import type { Inhibition, LearningRule, NeuronArray, SynapseArray } from "../core/contracts.js";
import type { OpLedger } from "../core/ops.js";
import type { Rng } from "../core/rng.js";
import { createCrossbar } from "../crossbar/create.js";
import { IdealSynapses, initialWeights } from "../crossbar/ideal-synapses.js";
import { KernelArena } from "../kernels/wasm.js";
import { Hebbian } from "../learning/hebbian.js";
import { PairStdp } from "../learning/pair-stdp.js";
import { PowerLawStdp } from "../learning/power-law-stdp.js";
import { PulseStdp } from "../learning/pulse-stdp.js";
import { TripletStdp } from "../learning/triplet-stdp.js";
import { WeightDependentStdp } from "../learning/weight-dependent-stdp.js";
import { createHwNeurons } from "../neurons/adder-comparator.js";
import { DiehlCookNeurons } from "../neurons/diehl-cook.js";
import { createIfNeurons } from "../neurons/if.js";
import { createLifNeurons } from "../neurons/lif.js";
import { createSrm0Neurons } from "../neurons/srm0.js";
import { createInhibition } from "./inhibition/index.js";
import type { RunConfig } from "./config.js";
import { ValidationError } from "../core/errors.js";
import { PresentationEngine } from "./engine.js";
import { LateralInhibition } from "./inhibition/lateral.js";
import { PopulationInhibition } from "./inhibition/population.js";

/** The composed parts of one network, all sharing one op ledger. */
export interface Network {
  readonly synapses: SynapseArray;
  readonly neurons: NeuronArray;
  readonly inhibition: Inhibition;
  readonly rule: LearningRule;
  readonly engine: PresentationEngine;
  readonly ledger: OpLedger;
  /** Threads the neuron steps run on (`--threads N`, src/kernels/team.ts), and why not more. */
  readonly threads: ThreadUse;
  /**
   * Share of the neuron steps so far that ran split across the threads (0 with one thread); the
   * rest ran on the main thread alone because that measured faster (a busy machine; see
   * src/kernels/team.ts).
   */
  threadedShare(): number;
  /** Stops the network's worker threads (none with one thread); resolves when they have exited. */
  close(): Promise<void>;
}

/**
 * How many threads a network's steps run on: `requested` by the caller, `used` (1 or requested),
 * and when fewer were used than requested, `reason` (which part of the configuration the column
 * split does not cover); null otherwise.
 */
export interface ThreadUse {
  readonly requested: number;
  readonly used: number;
  readonly reason: string | null;
}

/**
 * Builds a network from a validated configuration. Randomness: `rng` is the run's root stream;
 * each part forks its own named stream, so e.g. changing the encoder never changes the synapses.
 * With `threads` > 1 the neuron steps (the step's input rows and the neuron update, per column)
 * are split by column across that many threads when the configuration allows it (see
 * {@link threadSplitObstacle}); the results are bit-identical to one thread. Call close() at the
 * end (it stops the workers).
 */
export function buildNetwork(
  config: RunConfig,
  inputs: number,
  rng: Rng,
  ledger: OpLedger,
  threads = 1,
): Network {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ValidationError(`threads: expected a whole number ≥ 1, got ${threads}`);
  }
  const dtMs = config.timing.dtMs;
  let reason = threads > 1 ? threadSplitObstacle(config) : null;
  const arena = kernelArenaFor(config, inputs, threads > 1 && reason === null);
  const synapses = buildSynapses(config, inputs, rng.fork("synapses"), ledger, arena);
  const neurons = buildNeurons(config, dtMs, ledger, arena, rng.fork("neurons"));
  const inhibition = buildInhibition(config, neurons, dtMs, ledger);
  const rule = buildRule(config, synapses, dtMs);
  const engine = new PresentationEngine(synapses, neurons, inhibition, rule, config.timing, ledger);
  if (threads > 1 && reason === null) {
    if (arena === null || !arena.shared) {
      reason = "the WebAssembly kernels (shared-memory build) are not available";
    } else if (engine.stepMode !== "fused") {
      reason = `the engine runs ${engine.stepMode} steps, not fused row-and-neuron steps`;
    } else if ((neurons as { readonly columnRanges?: boolean }).columnRanges !== true) {
      reason = "the neuron array does not step in a column-range kernel";
    }
  }
  const team = threads > 1 && reason === null ? arena!.startTeam(threads, config.neurons) : null;
  const used = threads > 1 && reason === null ? threads : 1;
  return {
    synapses,
    neurons,
    inhibition,
    rule,
    engine,
    ledger,
    threads: { requested: threads, used, reason },
    threadedShare: () => {
      if (team === null) return 0;
      const { shared, solo } = team.opCounts;
      return shared + solo > 0 ? shared / (shared + solo) : 0;
    },
    close: () => (arena !== null ? arena.close() : Promise.resolve()),
  };
}

/**
 * Neuron count from which `neuroxbar train` splits a run's steps across cores when --threads is
 * not given (docs/performance.md "Threaded step"). Measured on the quiet 2-core machine with the
 * split forced on every step: 0.6× the one-thread training speed at 1,600 neurons, 1.08× (test
 * 1.24×) at 6,400; below 6,400 the per-step synchronisation costs more than the halved column
 * work saves.
 */
export const THREADS_FROM_NEURONS = 6400;

/**
 * The default thread count of one run with `neurons` excitatory neurons: 1 below
 * {@link THREADS_FROM_NEURONS}; above, the cores not already busy — os.availableParallelism()
 * minus the 1-minute load average, rounded, at least 1 (`loadAverage` defaults to os.loadavg()[0]).
 * The threads of a run wait for each other every time step, so a thread that has to share its
 * core with another process stalls them all: on a busy machine one thread is faster.
 */
export function defaultThreadCount(
  neurons: number,
  cores = availableParallelism(),
  loadAverage = loadavg()[0] ?? 0,
): number {
  if (neurons < THREADS_FROM_NEURONS) return 1;
  return Math.max(1, Math.min(cores, Math.round(cores - loadAverage)));
}

/**
 * Why a configuration's steps cannot be split by column across threads, or null when they can:
 * the split covers ideal synapses (read in fused row batches) with the dc or hw neuron (its
 * row-stepping kernel; hw without comparator noise) and the WebAssembly kernels. Crossbar arrays
 * (per-event reads) and the current-based neurons run on one thread.
 */
export function threadSplitObstacle(config: RunConfig): string | null {
  if (process.env.NEUROXBAR_KERNELS === "js") {
    return "NEUROXBAR_KERNELS=js (the JavaScript reference path is single-threaded)";
  }
  if (config.synapses.kind !== "ideal") {
    return "crossbar arrays read their rows per input event";
  }
  const model = config.neuron.model;
  if (model !== "dc" && model !== "hw") {
    return `the ${model} neuron has no row-stepping kernel`;
  }
  return null;
}

/**
 * One WebAssembly memory per network for the parts with kernels (ideal synapse reads into the
 * neurons' input, the conductance neuron's Euler step, the adder/comparator step); null when
 * kernels are unavailable.
 */
function kernelArenaFor(config: RunConfig, inputs: number, shared: boolean): KernelArena | null {
  const n = config.neurons;
  const weightBytes = inputs * n * 4;
  // dc: six f64 arrays and the fired list; hw: three f64 and four i32 arrays, the counts;
  // if/lif/srm0: seven f64 arrays (srm0's hazard and budget included) and the fired list.
  const model = config.neuron.model;
  const neuronBytes =
    model === "dc"
      ? n * (6 * 8 + 4) + 7 * 16
      : model === "hw"
        ? n * (3 * 8 + 4 * 4) + 8 + 8 * 16
        : n * (7 * 8 + 4) + 8 * 16;
  if (weightBytes + neuronBytes === 0) return null;
  return KernelArena.create(weightBytes + neuronBytes + 4096, shared);
}

function buildSynapses(
  config: RunConfig,
  inputs: number,
  rng: Rng,
  ledger: OpLedger,
  arena: KernelArena | null,
): SynapseArray {
  const s = config.synapses;
  switch (s.kind) {
    case "ideal":
      return new IdealSynapses(s, inputs, config.neurons, rng, ledger, arena);
    case "crossbar": {
      const { kind: _kind, initScale, initOffset, initNoise, ...crossbar } = s;
      const xb = createCrossbar(crossbar, inputs, config.neurons, rng, ledger, arena);
      const w0 = initialWeights(
        inputs,
        config.neurons,
        initScale,
        initOffset,
        rng.fork("weights"),
        initNoise,
        xb.wMax,
      );
      xb.programInitialWeights(w0);
      return xb;
    }
  }
}

function buildNeurons(
  config: RunConfig,
  dtMs: number,
  ledger: OpLedger,
  arena: KernelArena | null,
  rng: Rng,
): NeuronArray {
  const nc = config.neuron;
  switch (nc.model) {
    case "dc":
      return new DiehlCookNeurons(nc, config.neurons, dtMs, ledger, arena);
    case "hw":
      return createHwNeurons(nc, config.neurons, dtMs, rng, ledger, arena);
    case "if":
      return createIfNeurons(nc, config.neurons, dtMs, ledger, arena, rng);
    case "lif":
      return createLifNeurons(nc, config.neurons, dtMs, ledger, arena, rng);
    case "srm0":
      return createSrm0Neurons(nc, config.neurons, dtMs, ledger, rng, arena);
  }
}

function buildInhibition(
  config: RunConfig,
  neurons: NeuronArray,
  dtMs: number,
  ledger: OpLedger,
): Inhibition {
  const ic = config.inhibition;
  switch (ic.mode) {
    case "population":
      return new PopulationInhibition(ic, neurons as DiehlCookNeurons, dtMs, ledger);
    case "lateral":
      return new LateralInhibition(ic, neurons as DiehlCookNeurons, ledger);
    case "wta":
    case "soft":
    case "none":
      return createInhibition(ic, neurons, dtMs, ledger);
  }
}

function buildRule(config: RunConfig, synapses: SynapseArray, dtMs: number): LearningRule {
  const lc = config.learning;
  switch (lc.rule) {
    case "triplet":
      return new TripletStdp(lc, synapses, dtMs);
    case "pulse":
      return new PulseStdp(lc, synapses, dtMs);
    case "pair":
      return new PairStdp(lc, synapses, dtMs);
    case "weight-dependent":
      return new WeightDependentStdp(lc, synapses, dtMs);
    case "power-law":
      return new PowerLawStdp(lc, synapses, dtMs);
    case "hebbian":
      return new Hebbian(lc, synapses, dtMs);
  }
}
