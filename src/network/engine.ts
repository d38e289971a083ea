import type {
  Inhibition,
  LearningRule,
  NeuronArray,
  SpikeEncoder,
  SynapseArray,
} from "../core/contracts.js";
import { OP, type OpLedger } from "../core/ops.js";
import { SpikeEvents } from "../core/spikes.js";

/**
 * Timing the engine runs with: time step, presentation and rest durations (ms), re-presentation
 * threshold and cap.
 */
export interface TimingConfig {
  readonly dtMs: number;
  readonly presentationMs: number;
  readonly restMs: number;
  /** Diehl & Cook: re-present (intensity + 1) when the layer fires fewer spikes than this. */
  readonly minSpikes: number;
  /** Cap on presentations of one image (the original loops without a cap). */
  readonly maxPresentations: number;
}

/** What one image's presentation produced. */
export interface PresentationOutcome {
  /** Spikes of each neuron during the last presentation of the image. */
  readonly counts: Int32Array;
  readonly totalSpikes: number;
  readonly presentations: number;
}

/**
 * The presentation engine: delivers encoded input events step by step to the synapse array,
 * integrates the neuron array, applies inhibition and learning, then rests. One instance per run;
 * every buffer is allocated here, nothing inside a presentation.
 *
 * Step order mirrors Brian's schedule with inputs delivered at the start of the step:
 * input reads (+ pre-synaptic learning) → neuron integration/compare → inhibition → spikes → post learning.
 */
export class PresentationEngine {
  /** Current step since the start of the run (rest included). */
  t = 0;
  readonly counts: Int32Array;
  private readonly fired: Int32Array;
  private readonly events = new SpikeEvents();
  private readonly presentationSteps: number;
  private readonly restSteps: number;
  /** The synapse array's end-of-step column read-out, if it has one (analog crossbar). */
  private readonly endStep: ((target: Float64Array) => void) | null;
  learning = true;

  constructor(
    readonly synapses: SynapseArray,
    readonly neurons: NeuronArray,
    readonly inhibition: Inhibition,
    readonly rule: LearningRule,
    readonly timing: TimingConfig,
    readonly ledger: OpLedger,
  ) {
    this.counts = new Int32Array(neurons.size);
    this.fired = new Int32Array(neurons.size);
    this.presentationSteps = Math.round(timing.presentationMs / timing.dtMs);
    this.restSteps = Math.round(timing.restMs / timing.dtMs);
    this.endStep = synapses.endStep ? synapses.endStep.bind(synapses) : null;
  }

  setLearning(on: boolean): void {
    this.learning = on;
    this.neurons.setLearning(on);
  }

  /** Presents one image (with Diehl & Cook re-presentation) and rests after each presentation. */
  present(image: Uint8Array, encoder: SpikeEncoder): PresentationOutcome {
    let attempt = 0;
    let total = 0;
    for (;;) {
      if (this.learning) this.rule.beforeSample();
      encoder.encode(image, attempt, this.presentationSteps, this.events);
      this.counts.fill(0);
      total = this.run(this.presentationSteps, true);
      this.rest();
      this.ledger.counts[OP.presentations]!++;
      attempt++;
      if (total >= this.timing.minSpikes || attempt >= this.timing.maxPresentations) break;
    }
    this.ledger.counts[OP.samples]!++;
    return { counts: this.counts, totalSpikes: total, presentations: attempt };
  }

  /**
   * Runs `steps` steps; with `withInput` the events buffer drives the inputs and spikes are counted
   * for the readout (rest-period spikes still learn, as in the original, but are not counted).
   */
  private run(steps: number, withInput: boolean): number {
    const { synapses, neurons, inhibition, rule, fired, counts, events } = this;
    const excInput = neurons.excInput;
    const learning = this.learning;
    const start = events.stepStart;
    const rows = events.rows;
    const t0 = this.t;
    let total = 0;
    for (let s = 0; s < steps; s++) {
      const t = t0 + s;
      let hadInput = false;
      if (withInput) {
        const a = start[s]!;
        const b = start[s + 1]!;
        hadInput = b > a;
        for (let k = a; k < b; k++) {
          const row = rows[k]!;
          synapses.readRow(row, excInput);
          if (learning) rule.onPre(row, t);
        }
        this.ledger.counts[OP.inputSpikes]! += b - a;
        if (hadInput && this.endStep !== null) this.endStep(excInput);
      }
      let n = neurons.step(t, hadInput, fired);
      n = inhibition.afterStep(t, fired, n);
      if (n > 0) {
        neurons.fire(t, fired, n);
        for (let k = 0; k < n; k++) {
          const j = fired[k]!;
          if (withInput) counts[j]!++;
          if (learning) rule.onPost(j, t);
        }
        total += n;
        this.ledger.counts[OP.outputSpikes]! += n;
      }
    }
    this.t = t0 + steps;
    return total;
  }

  /** The rest period: stepped while anything can still happen, then relaxed in closed form. */
  private rest(): void {
    const { neurons, inhibition } = this;
    // Checked every 8 steps: settling is judged in O(N) and takes tens of steps anyway.
    let s = 0;
    while (s < this.restSteps) {
      const quiet =
        (neurons.settled ? neurons.settled() : true) &&
        (inhibition.settled ? inhibition.settled() : true);
      if (quiet) break;
      const chunk = Math.min(8, this.restSteps - s);
      this.run(chunk, false);
      s += chunk;
    }
    const remaining = this.restSteps - s;
    if (remaining > 0) {
      neurons.rest(this.t, remaining);
      inhibition.rest(this.t, remaining);
      this.t += remaining;
    }
  }
}
