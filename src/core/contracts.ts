/**
 * The swappable parts of a network. The presentation engine (src/network) knows only these
 * interfaces; the ideal synapse matrix and the memristive crossbar both implement SynapseArray,
 * the Diehl & Cook conductance neuron and the adder/comparator array both implement NeuronArray.
 *
 * Time is counted in integer steps of dt from the start of the run (rest included), so lazy
 * components can compute exact elapsed times.
 */
import type { RngState } from "./rng.js";
import type { SpikeEvents } from "./spikes.js";

/**
 * Simulation phase a component is in: learning ("train"), neuron-labelling ("label") or frozen
 * evaluation ("test").
 */
export type Phase = "train" | "label" | "test";

/** Serialisable component state for checkpoints (typed arrays are stored as raw bytes). */
export type StateValue =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint8Array
  | Uint32Array
  | Int8Array
  | Int16Array
  | number
  | RngState;
/**
 * A component's checkpoint: state variable name → value (typed arrays, numbers, RNG states), as
 * saveState() returns it.
 */
export type ComponentState = Record<string, StateValue>;

/**
 * Named floating-point state arrays of a component (name → values, index = neuron or device),
 * checked for NaN and ±Inf every 16 samples by the pipeline. Arrays that legitimately hold ±Inf
 * (e.g. "step of the last spike" = −∞) are left out.
 */
export type FiniteState = ReadonlyArray<readonly [name: string, values: ArrayLike<number>]>;

/** A component whose floating-point state can be checked for NaN and ±Inf. */
export interface FiniteStateSource {
  /** Optional: the live state arrays (not copies: the check must stay cheap). */
  finiteState?(): FiniteState;
}

/**
 * A component whose mutable state can be saved to and restored from a checkpoint (resume
 * bit-identically).
 */
export interface Checkpointable {
  /** Copies of every mutable state variable (including RNG positions). */
  saveState(): ComponentState;
  /** Restores what saveState() returned; afterwards the component continues bit-identically. */
  loadState(state: ComponentState): void;
}

/** M×N synapses, row = input line (pre-synaptic), column = neuron. */
export interface SynapseArray extends Checkpointable, FiniteStateSource {
  readonly rows: number;
  readonly cols: number;
  /** Upper weight bound seen by the network (weights live in [0, wMax]). */
  readonly wMax: number;
  /**
   * Current weights as the network sees them, row-major (index = row·cols + col).
   * Callers only read it; it is kept up to date by update()/pulse()/normaliseColumns().
   */
  readonly weights: Float32Array;
  /** One row activation: target[j] += w_read[row, j] for every column (read noise applies here). */
  readRow(row: number, target: Float64Array): void;
  /**
   * Optional: all input rows of a step with input have been read. An analog array senses each
   * column once here (and converts it through its ADC into target); a digital array has nothing
   * to do and leaves it out.
   */
  endStep?(target: Float64Array): void;
  /**
   * Asks for a weight change dw on synapse `index`; returns the change actually made
   * (the device may quantise, saturate or add noise). Counts LTP/LTD pulses.
   */
  update(index: number, dw: number): number;
  /** One programming pulse: +1 potentiation (LTP), −1 depression (LTD). */
  pulse(index: number, polarity: 1 | -1): void;
  /**
   * Rescales each column to sum `target` (Diehl & Cook normalisation). On a device this is done by
   * programming pulses and counted as normalisation pulses.
   */
  normaliseColumns(target: number): void;
  /** Phase change (train → label → test): e.g. conductance drift is applied before inference. */
  setPhase(phase: Phase): void;
  /** What the result should record about this array (kind, preset, whether normalisation used pulses…). */
  describe(): Record<string, unknown>;
  /**
   * SHA-256 of the device description the array was built from (a crossbar's preset after its
   * overrides); absent for ideal synapses. A snapshot records it, so that a resume refuses a
   * device file edited since.
   */
  readonly deviceSha256?: string;
}

/** N neurons driven by synaptic input accumulated during a step. */
export interface NeuronArray extends Checkpointable, FiniteStateSource {
  readonly size: number;
  /**
   * Excitatory input accumulator for the current step; SynapseArray.readRow adds into it.
   * Conductance neuron: the g_e array itself. Adder neuron: the per-step input current (mV).
   */
  readonly excInput: Float64Array;
  /** Per-neuron firing thresholds in mV (effective, adaptation included) for reports. */
  thresholdsMv(): Float64Array;
  /**
   * Advances to the end of step t (integrate, compare). `hadInput` is false when no input event
   * arrived this step (event-driven arrays may skip work). Writes the indices of neurons whose
   * membrane crossed threshold into `fired` (ascending) and returns how many. It does NOT reset
   * them: inhibition may veto some, then fire() applies the consequences of those that stand.
   */
  step(t: number, hadInput: boolean, fired: Int32Array): number;
  /** Applies the spikes that stand at step t: reset, refractory period, adaptive-threshold increase. */
  fire(t: number, fired: Int32Array, nFired: number): void;
  /** Membrane minus threshold (mV) of neuron j as of its last comparison: picks a winner among ties. */
  overshootMv(j: number): number;
  /** Lowers neuron j's membrane by amountMv (soft lateral inhibition); counted as an inhibition event. */
  inhibitMv(j: number, amountMv: number): void;
  /** Resets neuron j's membrane and holds it (no integration, no firing) through step `untilStep`. */
  suppress(j: number, untilStep: number): void;
  /**
   * Optional: false when neuron j will not integrate input at step t (refractory or held), so an
   * input-like inhibition arriving then is lost, as in BindsNET's nodes. Absent: not reported.
   */
  integratesAt?(j: number, t: number): boolean;
  /** Inputs are silent for `restSteps` steps starting after step t: relax (analytically if possible). */
  rest(t: number, restSteps: number): void;
  /** Learning on: adaptive thresholds move. Off (label assignment, test): they are frozen. */
  setLearning(on: boolean): void;
  /**
   * Optional: true when, without input, no neuron can fire and the state evolves by the closed
   * form rest() applies. Until then the engine keeps stepping the rest period. Absent = always true.
   */
  settled?(): boolean;
}

/** Lateral inhibition between the excitatory neurons. */
export interface Inhibition extends Checkpointable, FiniteStateSource {
  /**
   * Called after NeuronArray.step with the threshold crossings of step t, before NeuronArray.fire.
   * May remove spikes from `fired` (hard winner-take-all keeps one) and returns the new count;
   * applies its effect to the other neurons (they see it from the next step on).
   */
  afterStep(t: number, fired: Int32Array, nFired: number): number;
  /** Inputs are silent for `restSteps` steps after step t. */
  rest(t: number, restSteps: number): void;
  /** Optional, as NeuronArray.settled. */
  settled?(): boolean;
  /**
   * Optional: steps in which this mode's inhibition could exceed the conductance the neurons'
   * integration is stable with (forward Euler; see src/network/inhibition/euler-limit.ts).
   */
  stepsBeyondStableConductance?(): { readonly steps: number; readonly peakRatio: number };
}

/** A plasticity rule acting on a SynapseArray. */
export interface LearningRule extends Checkpointable {
  /** Before each training image (normalisation lives here). */
  beforeSample(): void;
  /** Input row spiked at step t (after its read). */
  onPre(row: number, t: number): void;
  /** Neuron col fired at step t (after inhibition). */
  onPost(col: number, t: number): void;
}

/** Turns an image into input spike events for one presentation. */
export interface SpikeEncoder {
  readonly kind: string;
  /**
   * Fills `out` with the events of one presentation of `steps` steps. `attempt` is 0 for the first
   * presentation of an image and grows by 1 at each re-presentation (Diehl & Cook: rate factor
   * 2 + attempt, i.e. +32 Hz at the max pixel each time). Draws only from the encoder's own RNG
   * stream; allocation-free once `out` has grown.
   */
  encode(image: Uint8Array, attempt: number, steps: number, out: SpikeEvents): void;
}
