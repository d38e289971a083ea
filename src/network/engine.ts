import type {
  Inhibition,
  LearningRule,
  NeuronArray,
  SpikeEncoder,
  SynapseArray,
} from "../core/contracts.js";
import { OP, type OpLedger } from "../core/ops.js";
import { SpikeEvents } from "../core/spikes.js";
import type { FusedPreLearning } from "../kernels/stepper.js";
import type { RowBatch } from "../kernels/wasm.js";

/**
 * A synapse array that can gather a step's input rows in WebAssembly memory (IdealSynapses with a
 * kernel arena): the engine fills `rowBatch.rows`, a kernel reads them, countRowReads counts them
 * as readRow would.
 */
interface BatchReadSynapses {
  readonly rowBatch: RowBatch | null;
  countRowReads(nRows: number): void;
}

/**
 * A neuron array that reads a step's batched rows and steps in one kernel call, optionally with
 * the rule's pre-synaptic learning of those rows in the same call (`pre`; the array's
 * acceptsFusedPre says whether it can run that rule's).
 */
interface RowSteppingNeurons {
  stepRows(
    t: number,
    batch: RowBatch,
    nRows: number,
    fired: Int32Array,
    pre?: FusedPreLearning | null,
  ): number;
  acceptsFusedPre?(pre: FusedPreLearning, batch: RowBatch): boolean;
}

/**
 * A learning rule whose onPre(row, t) changes only the weights of row `row` (and the rule's own
 * state), so reading all of a step's rows before their pre-synaptic learning gives the same reads.
 */
interface RowLocalRule {
  readonly preTouchesOnlyItsRow?: boolean;
  /** Optional: onPre(row, t) for the batch's first nRows rows in order, in one call. */
  onPreRows?(batch: RowBatch, nRows: number, t: number): void;
  /**
   * Optional: the rule's onPreRows as a kernel the neuron step can run in its own call (the rows'
   * learning on the same columns as the neuron step, so it splits with them).
   */
  readonly fusedPre?: FusedPreLearning | null;
}

/** A learning rule with onPost for a step's firing neurons in one call (same order, same bits). */
interface ManyPostRule {
  onPostMany(fired: Int32Array, n: number, t: number): void;
}

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
  /**
   * The fused step (see run()): the synapses' row batch when the synapse array, the neurons and
   * the rule allow it, else null (one readRow and onPre per input event, the reference order).
   */
  private readonly batch: RowBatch | null;
  private readonly countRowReads: ((nRows: number) => void) | null;
  private readonly stepRows: RowSteppingNeurons["stepRows"] | null;
  private readonly onPreRows: ((batch: RowBatch, nRows: number, t: number) => void) | null;
  /** The rule's pre-synaptic learning run inside the fused neuron step, or null (onPreRows). */
  private readonly fusedPre: FusedPreLearning | null;
  private readonly onPostMany: ManyPostRule["onPostMany"] | null;
  /**
   * How a step with input is run: "fused" (the rows and the neuron step in one kernel call, then
   * the pre-synaptic learning), "batched" (the rows in one kernel call, then the neuron step) or
   * "per-event" (readRow then onPre per input event: the reference order, always used for crossbar
   * arrays and for rules that do not declare preTouchesOnlyItsRow).
   */
  readonly stepMode: "fused" | "batched" | "per-event";
  /** Step at which each input row was last batched (a row twice in one step is read in order). */
  private readonly batchedAt: Float64Array;
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
    const batchable = synapses as Partial<BatchReadSynapses> & SynapseArray;
    const batch = batchable.rowBatch ?? null;
    const fusable =
      batch !== null &&
      this.endStep === null &&
      typeof batchable.countRowReads === "function" &&
      (rule as RowLocalRule).preTouchesOnlyItsRow === true;
    this.batch = fusable ? batch : null;
    this.countRowReads = fusable ? batchable.countRowReads!.bind(synapses) : null;
    const stepping = neurons as Partial<RowSteppingNeurons> & NeuronArray;
    this.stepRows =
      fusable && typeof stepping.stepRows === "function" ? stepping.stepRows.bind(neurons) : null;
    const local = rule as RowLocalRule;
    this.onPreRows =
      fusable && typeof local.onPreRows === "function" ? local.onPreRows.bind(rule) : null;
    const fusedPre = local.fusedPre ?? null;
    this.fusedPre =
      this.stepRows !== null &&
      fusedPre !== null &&
      typeof stepping.acceptsFusedPre === "function" &&
      stepping.acceptsFusedPre(fusedPre, batch!)
        ? fusedPre
        : null;
    const many = rule as Partial<ManyPostRule> & LearningRule;
    this.onPostMany = typeof many.onPostMany === "function" ? many.onPostMany.bind(rule) : null;
    this.batchedAt = new Float64Array(fusable ? synapses.rows : 0).fill(-1);
    this.stepMode = !fusable ? "per-event" : this.stepRows !== null ? "fused" : "batched";
  }

  /**
   * True when a fused step also runs the rule's pre-synaptic learning inside the neuron step's
   * kernel call (and so split across a column team with the neurons).
   */
  get preInNeuronStep(): boolean {
    return this.fusedPre !== null;
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
    const { synapses, neurons, inhibition, rule, fired, counts, events, batch } = this;
    const excInput = neurons.excInput;
    const learning = this.learning;
    const start = events.stepStart;
    const rows = events.rows;
    const t0 = this.t;
    let total = 0;
    for (let s = 0; s < steps; s++) {
      const t = t0 + s;
      let hadInput = false;
      let n = -1;
      if (withInput) {
        const a = start[s]!;
        const b = start[s + 1]!;
        hadInput = b > a;
        if (hadInput && batch !== null && this.gather(rows, a, b, t)) {
          // Fused step: every input row of the step in one kernel call (with the neuron step when
          // the neurons can), then the pre-synaptic learning. Same reads as the reference order:
          // onPre(row) changes only that row's weights and the step's rows are distinct.
          const nRows = b - a;
          this.countRowReads!(nRows);
          if (learning && this.fusedPre !== null) {
            // The rows' pre-synaptic learning inside the neuron step's kernel call: it changes
            // only weights, which the neuron step does not read.
            n = this.stepRows!(t, batch, nRows, fired, this.fusedPre);
          } else {
            if (this.stepRows !== null) n = this.stepRows(t, batch, nRows, fired);
            else batch.addInto(nRows, excInput);
            if (learning) {
              if (this.onPreRows !== null) this.onPreRows(batch, nRows, t);
              else for (let k = a; k < b; k++) rule.onPre(rows[k]!, t);
            }
          }
        } else {
          for (let k = a; k < b; k++) {
            const row = rows[k]!;
            synapses.readRow(row, excInput);
            if (learning) rule.onPre(row, t);
          }
          if (hadInput && this.endStep !== null) this.endStep(excInput);
        }
        this.ledger.counts[OP.inputSpikes]! += b - a;
      }
      if (n < 0) n = neurons.step(t, hadInput, fired);
      n = inhibition.afterStep(t, fired, n);
      if (n > 0) {
        neurons.fire(t, fired, n);
        if (withInput) for (let k = 0; k < n; k++) counts[fired[k]!]!++;
        if (learning) {
          if (this.onPostMany !== null) this.onPostMany(fired, n, t);
          else for (let k = 0; k < n; k++) rule.onPost(fired[k]!, t);
        }
        total += n;
        this.ledger.counts[OP.outputSpikes]! += n;
      }
    }
    this.t = t0 + steps;
    return total;
  }

  /**
   * Copies rows[a..b) into the row batch; false when a row occurs twice in the step (then the
   * reference order, read–learn per event, is kept for this step).
   */
  private gather(rows: Int32Array, a: number, b: number, t: number): boolean {
    const into = this.batch!.rows;
    const seen = this.batchedAt;
    for (let k = a; k < b; k++) {
      const row = rows[k]!;
      if (seen[row] === t) {
        for (let i = a; i < k; i++) seen[rows[i]!] = -1;
        return false;
      }
      seen[row] = t;
      into[k - a] = row;
    }
    return true;
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
