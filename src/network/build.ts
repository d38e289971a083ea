import type { Inhibition, LearningRule, NeuronArray, SynapseArray } from "../core/contracts.js";
import type { OpLedger } from "../core/ops.js";
import type { Rng } from "../core/rng.js";
import { IdealSynapses } from "../crossbar/ideal-synapses.js";
import { TripletStdp } from "../learning/triplet-stdp.js";
import { DiehlCookNeurons } from "../neurons/diehl-cook.js";
import type { RunConfig } from "./config.js";
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
}

/**
 * Builds a network from a validated configuration. Randomness: `rng` is the run's root stream;
 * each part forks its own named stream, so e.g. changing the encoder never changes the synapses.
 */
export function buildNetwork(config: RunConfig, inputs: number, rng: Rng, ledger: OpLedger): Network {
  const dtMs = config.timing.dtMs;
  const n = config.neurons;
  const synapses = buildSynapses(config, inputs, rng.fork("synapses"), ledger);
  const neurons = buildNeurons(config, dtMs, ledger);
  const inhibition = buildInhibition(config, neurons, dtMs, ledger);
  const rule = buildRule(config, synapses, dtMs);
  void n;
  const engine = new PresentationEngine(synapses, neurons, inhibition, rule, config.timing, ledger);
  return { synapses, neurons, inhibition, rule, engine, ledger };
}

function buildSynapses(config: RunConfig, inputs: number, rng: Rng, ledger: OpLedger): SynapseArray {
  const s = config.synapses;
  switch (s.kind) {
    case "ideal":
      return new IdealSynapses(s, inputs, config.neurons, rng, ledger);
  }
}

function buildNeurons(config: RunConfig, dtMs: number, ledger: OpLedger): NeuronArray {
  const nc = config.neuron;
  switch (nc.model) {
    case "dc":
      return new DiehlCookNeurons(nc, config.neurons, dtMs, ledger);
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
  }
}

function buildRule(config: RunConfig, synapses: SynapseArray, dtMs: number): LearningRule {
  const lc = config.learning;
  switch (lc.rule) {
    case "triplet":
      return new TripletStdp(lc, synapses, dtMs);
  }
}
