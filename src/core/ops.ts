/**
 * Operation counters filled by the engine at the events themselves (never estimated afterwards).
 * Components increment `ledger.counts[OP.x]` directly: one typed-array add, no allocation.
 * Conductance sums (siemens) let the energy model price reads as V²·G·t with the actual G.
 */
export const OP_NAMES = [
  "inputSpikes", // input events delivered to the synapse array
  "rowActivations", // crossbar rows driven (one per input event)
  "synapticEvents", // cell reads / synaptic accumulates (= rowActivations × columns)
  "columnReads", // analog column sums sensed by the periphery (crossbar: columns × steps with input)
  "adcConversions", // column values converted by an ADC (crossbar with synapses.adc)
  "adcClips", // conversions clipped at the ADC's full scale
  "neuronAdds", // additions into a membrane or conductance
  "leakUpdates", // leak applications (per tick for clock-driven, per event when lazy)
  "compares", // threshold comparisons
  "outputSpikes", // excitatory spikes
  "resets", // membrane resets
  "inhibitionEvents", // inhibitory actions applied to a neuron
  "ltpPulses", // potentiating programming pulses (or ideal weight increases)
  "ltdPulses", // depressing programming pulses (or ideal weight decreases)
  "normalisationPulses", // programming pulses spent on weight normalisation
  "verifyReads", // single-device reads of a write-verify controller (read before, verify after)
  "normalisationReads", // single-device reads a controller needs to learn a column's weight sum
  "overflows", // fixed-point saturations
  "readConductanceS", // Σ G over cell reads (S)
  "ltpWriteConductanceS", // Σ mean G over LTP pulses (S)
  "ltdWriteConductanceS", // Σ mean G over LTD pulses (S)
  "normWriteConductanceS", // Σ mean G over normalisation pulses (S)
  "verifyReadConductanceS", // Σ G over write-verify reads (S)
  "normReadConductanceS", // Σ G over normalisation reads (S)
  "inhibitorySpikes", // spikes of an inhibitory population
  "presentations", // presentations (re-presentations included)
  "samples", // images processed
] as const;

/** Name of one counted operation (an entry of OP_NAMES). */
export type OpName = (typeof OP_NAMES)[number];

/** Index of each counted operation in OpLedger.counts (OP.x = position of "x" in OP_NAMES). */
export const OP: { readonly [K in OpName]: number } = Object.fromEntries(
  OP_NAMES.map((name, i) => [name, i]),
) as { [K in OpName]: number };

/**
 * Operation counts by name; conductance-sum entries (…ConductanceS) are in siemens, the rest are
 * event counts.
 */
export type OpCounts = { [K in OpName]: number };

/**
 * Operation counters of one engine: `counts[OP.x]` is incremented at each event; snapshot()/since()
 * give counts over an interval, reset() zeroes them.
 */
export class OpLedger {
  readonly counts = new Float64Array(OP_NAMES.length);

  snapshot(): Float64Array {
    return this.counts.slice();
  }

  reset(): void {
    this.counts.fill(0);
  }

  /** Counts accumulated since `since` (a snapshot), as a named record. */
  since(since: Float64Array): OpCounts {
    const out = {} as OpCounts;
    OP_NAMES.forEach((name, i) => {
      out[name] = this.counts[i]! - since[i]!;
    });
    return out;
  }

  toRecord(): OpCounts {
    return this.since(new Float64Array(OP_NAMES.length));
  }
}
