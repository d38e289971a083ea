/**
 * A memristive crossbar implementing SynapseArray: rows × cols synapses (row = input line,
 * col = neuron), each one device (reference mapping) or a pair (differential), all in flat typed
 * arrays so an input spike touches one contiguous row.
 *
 * - weights (Float32Array) is what the network reads; it is refreshed after every write.
 * - readRow is the hot loop: without read noise it adds the row of weights and counts the row's
 *   conductance from a per-row sum kept up to date on writes (no per-read summation).
 * - update(index, Δw): the requested change ΔG = Δw·ΔG_nom goes through the programming
 *   controller (crossbar.update, docs/crossbar.md § Write path):
 *   · "open-loop" (default): the controller knows only the NOMINAL device: n = |Δw|·Pmax of the
 *     polarity (= |ΔG| / (ΔG_nom / Pmax), NeuroSim's numPulse convention), rounded as
 *     crossbar.rounding says; the device then moves along ITS OWN curve from ITS OWN state
 *     (nonlinear, asymmetric, D2D-scaled, C2C-noisy). No read, none counted.
 *   · "write-verify": read G, fire the open-loop count, then read and correct until
 *     |G_read − (G_read0 + ΔG)| ≤ tolerance·ΔG_nom or maxIterations; every read is counted
 *     (verifyReads) and every pulse too.
 *   · "delta" (alias "ideal-inverse"): an UPPER BOUND — a controller that knows each device's own
 *     curve and present conductance inverts the curve to a real pulse count. Unrealisable.
 *   Continuous devices (finite levels off) take one analog write per request, counted as 1 pulse.
 * - pulse(index, ±1) (mode "pulse"): one programming pulse (Querlioz 2013).
 * - normaliseColumns: Diehl & Cook column sums, reached by programming pulses counted as
 *   normalisationPulses, only for columns written since the last call; or a no-op when off.
 *   Open-loop and write-verify controllers must READ the column to know its sum (counted as
 *   normalisationReads, with read noise when on); "delta" knows it.
 * - Reads: an input spike drives one row; the analog columns sum the currents of the step's
 *   active rows (Kirchhoff) and the periphery senses each column once per step (columnReads) —
 *   no digital add happens per cell. With synapses.adc the column value is converted with b bits
 *   over a full scale (adcConversions, adcClips); without, the column sum is exact.
 *
 * Device index: cell i = row·cols + col is device i; in a differential pair G− is device i + cells.
 */
import type { ComponentState, FiniteState, Phase, SynapseArray } from "../core/contracts.js";
import { NumericalError, ValidationError } from "../core/errors.js";
import { OP, type OpLedger } from "../core/ops.js";
import type { Rng } from "../core/rng.js";
import { array, declareState, rngStream, scalar, type StateSpec } from "../core/state-spec.js";
import { DeviceArray, type DeviceStreams } from "../devices/device-array.js";
import { NO_SPREAD, PARAM_STRIDE, type DeviceKernel } from "../devices/kernel.js";
import { activeNonIdealities } from "../devices/non-idealities.js";
import { presetSha256, type LoadedPreset } from "../devices/preset-files.js";
import type { ResolvedDevice } from "../devices/resolve.js";
import { RowReader, type KernelArena } from "../kernels/wasm.js";
import type { CrossbarConfig } from "./config.js";
import { conductanceOfLevel, weightMap, type WeightMap } from "./mapping.js";

const LTP_PULSES = OP.ltpPulses;
const LTD_PULSES = OP.ltdPulses;
const NORM_PULSES = OP.normalisationPulses;
const LTP_G = OP.ltpWriteConductanceS;
const LTD_G = OP.ltdWriteConductanceS;
const NORM_G = OP.normWriteConductanceS;
const ROWS = OP.rowActivations;
const EVENTS = OP.synapticEvents;
const ADDS = OP.neuronAdds;
const READ_G = OP.readConductanceS;
const COLUMN_READS = OP.columnReads;
const ADC_CONVERSIONS = OP.adcConversions;
const ADC_CLIPS = OP.adcClips;
const VERIFY_READS = OP.verifyReads;
const VERIFY_G = OP.verifyReadConductanceS;
const NORM_READS = OP.normalisationReads;
const NORM_READ_G = OP.normReadConductanceS;

/** What each controller is allowed to know, recorded in result.json (crossbar.describe). */
const CONTROLLER_KNOWS: Readonly<Record<CrossbarConfig["update"], string>> = {
  "open-loop": "nominal device only (Pmax per polarity, nominal range); no reads",
  "write-verify":
    "nominal device plus counted single-device reads (read before, verify after each shot)",
  delta:
    "UPPER BOUND (ideal-inverse): every device's own curve, bounds and present conductance, uncounted",
  pulse: "nothing: one fixed pulse per STDP event; Δw requests (if any) go open-loop",
};

/** Controller codes (hot-path switch). */
const OPEN_LOOP = 0;
const WRITE_VERIFY = 1;
const DELTA = 2;

/** Random streams of a crossbar (forked by name in createCrossbar). */
export interface CrossbarStreams extends DeviceStreams {
  /** Read noise. */
  readonly read: Rng;
  /** Stochastic rounding of pulse counts during training. */
  readonly rounding: Rng;
  /** Initial programming (rounding and write noise). */
  readonly init: Rng;
  /** Read noise of the controller's single-device reads (write-verify, normalisation). */
  readonly verify: Rng;
}

/**
 * A memristive crossbar as a SynapseArray (see the module header): rows × cols synapses of one
 * device (or a differential pair), programmed through the configured controller (crossbar.update)
 * and read through analog columns (and an optional ADC).
 */
export class Crossbar implements SynapseArray {
  readonly rows: number;
  readonly cols: number;
  readonly wMax = 1;
  readonly weights: Float32Array;
  /** The devices (2·cells of them for a differential pair). */
  readonly devices: DeviceArray;
  private readonly cells: number;
  private readonly map: WeightMap;
  private readonly differential: boolean;
  /** Σ G over the devices of each row (S), kept current on writes: read energy without summing. */
  private readonly rowGSumS: Float64Array;
  /** Columns written since the last normalisation. */
  private readonly dirty: Uint8Array;
  private readonly counts: Float64Array;
  private readonly stochastic: boolean;
  private readonly normalise: boolean;
  private readonly readSigma: number;
  /** One nominal device: open-loop initial programming asks it how many pulses a level takes. */
  private readonly nominal: DeviceKernel;
  private readRng: Rng;
  private roundingRng: Rng;
  private initRng: Rng;
  private verifyRng: Rng;
  /** OPEN_LOOP, WRITE_VERIFY or DELTA ("pulse" mode writes Δw requests open-loop). */
  private readonly controller: number;
  /** Nominal pulses per siemens of requested change: Pmax/ΔG_nom for LTP and for LTD. */
  private readonly ltpPulsesPerS: number;
  private readonly ltdPulsesPerS: number;
  /** Write-verify tolerance (S) and iteration cap. */
  private readonly verifyToleranceS: number;
  private readonly verifyMaxIterations: number;
  /** ADC: full scale in weight units, its LSB and top code; fullScale 0 = no ADC (exact sums). */
  private readonly adcFullScale: number;
  private readonly adcLsb: number;
  private readonly adcTopCode: number;
  /** Column sums of the current step (ADC mode only; zero between steps). */
  private readonly columnSum: Float64Array;
  /** Per-row weights a controller read during normalisation (scratch). */
  private readonly readScratch: Float64Array;
  /** Checkpoint state (save/load derived from one declaration). */
  private readonly state: StateSpec;
  private driftApplied = 0;
  /** SHA-256 of the preset (overrides applied) this array was built from. */
  readonly deviceSha256: string;
  /** Optional WebAssembly memory holding `weights`: noise-free reads then use the SIMD kernel. */
  private readonly reader: RowReader;

  /** `arena` (optional): allocate the weights in kernel memory, as IdealSynapses does. */
  constructor(
    private readonly loaded: LoadedPreset,
    private readonly device: ResolvedDevice,
    private readonly config: CrossbarConfig,
    rows: number,
    cols: number,
    streams: CrossbarStreams,
    ledger: OpLedger,
    arena: KernelArena | null = null,
  ) {
    if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
      throw new ValidationError(
        `crossbar: rows and cols must be positive integers, got ${rows} × ${cols}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.cells = rows * cols;
    this.deviceSha256 = presetSha256(loaded.preset);
    this.differential = config.mapping === "differential";
    this.map = weightMap(config.mapping, device.bounds.gMinS, device.bounds.gMaxS);
    this.devices = new DeviceArray(
      device,
      this.differential ? 2 * this.cells : this.cells,
      streams,
    );
    this.nominal = device.model.fabricate(device.params, 1, device.bounds, NO_SPREAD);
    this.weights = arena ? arena.f32(this.cells) : new Float32Array(this.cells);
    this.reader = new RowReader(arena, this.weights, cols);
    this.rowGSumS = new Float64Array(rows);
    this.dirty = new Uint8Array(cols);
    this.counts = ledger.counts;
    this.stochastic = config.rounding === "stochastic";
    this.normalise = config.normalisation === "pulses";
    const rn = device.nonIdealities.readNoise;
    this.readSigma = rn.enabled ? rn.sigma : 0;
    this.readRng = streams.read;
    this.roundingRng = streams.rounding;
    this.initRng = streams.init;
    this.verifyRng = streams.verify;
    this.controller =
      config.update === "delta"
        ? DELTA
        : config.update === "write-verify"
          ? WRITE_VERIFY
          : OPEN_LOOP;
    const sweep = device.model.sweepPulses(device.params);
    this.ltpPulsesPerS = sweep.ltp / this.map.rangeS;
    this.ltdPulsesPerS = sweep.ltd / this.map.rangeS;
    this.verifyToleranceS = config.writeVerify.toleranceOfRange * this.map.rangeS;
    this.verifyMaxIterations = config.writeVerify.maxIterations;
    const adc = config.adc;
    if (adc) {
      this.adcTopCode = 2 ** adc.bits - 1;
      this.adcFullScale =
        adc.fullScaleWeights ??
        adc.fullScaleA! / (device.electrical.readVoltageV * this.map.rangeS);
      this.adcLsb = this.adcFullScale / this.adcTopCode;
    } else {
      this.adcTopCode = 0;
      this.adcFullScale = 0;
      this.adcLsb = 0;
    }
    this.columnSum = new Float64Array(adc ? cols : 0);
    this.readScratch = new Float64Array(rows);
    this.state = this.declareCheckpointState();
    this.refreshAll();
  }

  // ---------------------------------------------------------------- reads

  readRow(row: number, target: Float64Array): void {
    const cols = this.cols;
    const base = row * cols;
    const c = this.counts;
    c[ROWS]! += 1;
    c[EVENTS]! += cols;
    if (this.adcFullScale !== 0) {
      // The ADC converts the step's whole column sum: collect it first (endStep converts).
      const into = this.columnSum;
      if (this.readSigma === 0) {
        const w = this.weights;
        for (let j = 0; j < cols; j++) into[j]! += w[base + j]!;
        c[READ_G]! += this.rowGSumS[row]!;
      } else c[READ_G]! += this.noisyRead(base, into);
      return;
    }
    if (this.readSigma === 0) {
      this.reader.addRow(row, target);
      c[READ_G]! += this.rowGSumS[row]!;
      return;
    }
    c[READ_G]! += this.noisyRead(base, target);
  }

  /**
   * End of a step with input: each analog column is sensed once (columnReads) and its value is
   * added into the neuron input (one add per column). Without an ADC the exact sums were already
   * added row by row (the same real numbers); with one, each column sum x becomes
   * min(round(x/LSB), 2^b − 1)·LSB (clips counted) and the sums are cleared.
   */
  endStep(target: Float64Array): void {
    const cols = this.cols;
    const c = this.counts;
    c[COLUMN_READS]! += cols;
    c[ADDS]! += cols;
    if (this.adcFullScale === 0) return;
    c[ADC_CONVERSIONS]! += cols;
    const sums = this.columnSum;
    const inv = 1 / this.adcLsb;
    const top = this.adcTopCode;
    let clips = 0;
    for (let j = 0; j < cols; j++) {
      let code = Math.round(sums[j]! * inv);
      if (code > top) {
        code = top;
        clips++;
      }
      target[j]! += code * this.adcLsb;
      sums[j] = 0;
    }
    c[ADC_CLIPS]! += clips;
  }

  /** Read with G_read = G(1 + σξ) per cell; returns Σ G_read (S). */
  private noisyRead(base: number, target: Float64Array): number {
    const g = this.devices.g;
    const rng = this.readRng;
    const sigma = this.readSigma;
    const { gRefS, invRangeS } = this.map;
    const cols = this.cols;
    let sum = 0;
    if (!this.differential) {
      for (let j = 0; j < cols; j++) {
        const gr = g[base + j]! * (1 + sigma * rng.normal());
        sum += gr;
        const w = (gr - gRefS) * invRangeS;
        target[j]! += w < 0 ? 0 : w > 1 ? 1 : w;
      }
    } else {
      const off = this.cells;
      for (let j = 0; j < cols; j++) {
        const gp = g[base + j]! * (1 + sigma * rng.normal());
        const gm = g[off + base + j]! * (1 + sigma * rng.normal());
        sum += gp + gm;
        const w = 0.5 + 0.5 * (gp - gm) * invRangeS;
        target[j]! += w < 0 ? 0 : w > 1 ? 1 : w;
      }
    }
    return sum;
  }

  // ---------------------------------------------------------------- writes

  update(index: number, dw: number): number {
    if (dw === 0) return 0;
    if (dw !== dw) throw new NumericalError(`crossbar.update: Δw is NaN for synapse ${index}`);
    const w0 = this.weights[index]!;
    const row = (index / this.cols) | 0;
    const dG = dw * this.map.rangeS;
    let pulses = this.write(index, row, dG, false);
    if (this.differential) pulses += this.write(index + this.cells, row, -dG, false);
    if (pulses === 0) return 0;
    this.refresh(index);
    this.dirty[index - row * this.cols] = 1;
    return this.weights[index]! - w0;
  }

  pulse(index: number, polarity: 1 | -1): void {
    const row = (index / this.cols) | 0;
    this.pulseDevice(index, row, polarity);
    if (this.differential) this.pulseDevice(index + this.cells, row, polarity > 0 ? -1 : 1);
    this.refresh(index);
    this.dirty[index - row * this.cols] = 1;
  }

  private pulseDevice(d: number, row: number, polarity: 1 | -1): void {
    const g = this.devices.g;
    const g0 = g[d]!;
    const mid = this.devices.applyPulses(d, 1, polarity);
    const c = this.counts;
    if (polarity > 0) {
      c[LTP_PULSES]! += 1;
      c[LTP_G]! += mid;
    } else {
      c[LTD_PULSES]! += 1;
      c[LTD_G]! += mid;
    }
    this.rowGSumS[row]! += g[d]! - g0;
  }

  /**
   * Asks the controller to move device d by dG (S); counts pulses and write conductance as
   * learning or normalisation. Returns the number of pulses applied (an analog write counts 1).
   */
  private write(d: number, row: number, dG: number, norm: boolean): number {
    const ctl = this.controller;
    if (ctl === OPEN_LOOP) return this.writeOpenLoop(d, row, dG, norm);
    if (ctl === WRITE_VERIFY) return this.writeVerified(d, row, dG, norm);
    return this.writeDelta(d, row, dG, norm);
  }

  /** Real-valued nominal pulse count of a change |dG| in direction `up` (open-loop, NeuroSim). */
  private nominalPulses(dG: number, up: boolean): number {
    return up ? dG * this.ltpPulsesPerS : -dG * this.ltdPulsesPerS;
  }

  /** Whole pulses from a real count: stochastic (from the rounding stream) or nearest. */
  private roundPulses(real: number): number {
    let n: number;
    if (this.stochastic) {
      n = Math.floor(real);
      const frac = real - n;
      if (frac > 0 && this.roundingRng.next() < frac) n++;
    } else n = Math.floor(real + 0.5);
    const cap = this.devices.maxPulsesPerWrite;
    return n <= cap ? n : cap;
  }

  /**
   * Applies `n` pulses (or, for a continuous device, one analog write worth n real pulses) in one
   * direction and tallies them. Does not touch rowGSumS. Returns the pulses counted.
   */
  private fire(d: number, n: number, up: boolean, norm: boolean): number {
    const dev = this.devices;
    const continuous = dev.continuous;
    const mid = continuous
      ? dev.applyAnalog(d, n, up ? 1 : -1)
      : dev.applyPulses(d, n, up ? 1 : -1);
    const count = continuous ? 1 : n;
    const c = this.counts;
    if (norm) {
      c[NORM_PULSES]! += count;
      c[NORM_G]! += mid;
    } else if (up) {
      c[LTP_PULSES]! += count;
      c[LTP_G]! += mid;
    } else {
      c[LTD_PULSES]! += count;
      c[LTD_G]! += mid;
    }
    return count;
  }

  /**
   * Open-loop controller: n = |ΔG|·Pmax/ΔG_nom nominal pulses, no read. The controller never
   * looks at the device's present conductance, its bounds or its fabrication factors.
   */
  private writeOpenLoop(d: number, row: number, dG: number, norm: boolean): number {
    const up = dG > 0;
    const real = this.nominalPulses(dG, up);
    const dev = this.devices;
    let n: number;
    if (dev.continuous) {
      n = real <= dev.maxPulsesPerWrite ? real : dev.maxPulsesPerWrite;
      if (!(n > 0)) return 0;
    } else {
      n = this.roundPulses(real);
      if (n === 0) return 0;
    }
    const g0 = dev.g[d]!;
    const count = this.fire(d, n, up, norm);
    this.rowGSumS[row]! += dev.g[d]! - g0;
    return count;
  }

  /** One single-device read by the controller: G(1 + σξ) with read noise; counted. */
  private controllerRead(d: number, readsOp: number, conductanceOp: number): number {
    const g = this.devices.g[d]!;
    const gr = this.readSigma === 0 ? g : g * (1 + this.readSigma * this.verifyRng.normal());
    const c = this.counts;
    c[readsOp]! += 1;
    c[conductanceOp]! += gr;
    return gr;
  }

  /**
   * Write-verify controller: the open-loop shot, with a read before it (the target is the read
   * value + ΔG, clipped to the nominal range) and verify reads after it; corrective pulses
   * (nominal count of the error, halved after each overshoot, at least one) until within
   * tolerance or maxIterations. A tolerance below half the device's own step is unreachable: the
   * controller then spends its iterations and stops where it is. A request that
   * rounds to no pulse is left alone without a read.
   */
  private writeVerified(d: number, row: number, dG: number, norm: boolean): number {
    const up = dG > 0;
    const dev = this.devices;
    const real = this.nominalPulses(dG, up);
    const n0 = dev.continuous ? Math.min(real, dev.maxPulsesPerWrite) : this.roundPulses(real);
    if (!(n0 > 0)) return 0;
    const g0 = dev.g[d]!;
    const lo = this.map.gRefS;
    const hi = lo + this.map.rangeS;
    let target = this.controllerRead(d, VERIFY_READS, VERIFY_G) + dG;
    target = target < lo ? lo : target > hi ? hi : target;
    let count = this.fire(d, n0, up, norm);
    count += this.verifyLoop(d, target, norm, true);
    this.rowGSumS[row]! += dev.g[d]! - g0;
    return count;
  }

  /**
   * Read–correct iterations towards targetS (S). With `counted` the reads and pulses are tallied
   * (training, normalisation); initial programming passes false. Returns the pulses applied.
   */
  private verifyLoop(d: number, targetS: number, norm: boolean, counted: boolean): number {
    const dev = this.devices;
    const cap = dev.maxPulsesPerWrite;
    let pulses = 0;
    // Adaptive correction (after Alibart et al. 2012): the nominal count of the error, halved
    // each time the error changes sign (an overshoot), down to single pulses.
    let gain = 1;
    let lastUp = 0;
    for (let it = 0; it < this.verifyMaxIterations; it++) {
      const gr = counted
        ? this.controllerRead(d, VERIFY_READS, VERIFY_G)
        : this.readSigma === 0
          ? dev.g[d]!
          : dev.g[d]! * (1 + this.readSigma * this.verifyRng.normal());
      const err = targetS - gr;
      if (Math.abs(err) <= this.verifyToleranceS) break;
      const up = err > 0;
      const dir = up ? 1 : -1;
      if (lastUp !== 0 && dir !== lastUp) gain *= 0.5;
      lastUp = dir;
      const real = gain * this.nominalPulses(err, up);
      let n = dev.continuous ? real : Math.max(1, Math.floor(real + 0.5));
      if (n > cap) n = cap;
      if (counted) pulses += this.fire(d, n, up, norm);
      else if (dev.continuous) dev.applyAnalog(d, n, up ? 1 : -1);
      else dev.applyPulses(d, n, up ? 1 : -1);
    }
    return pulses;
  }

  /**
   * "delta" (ideal-inverse) controller — an UPPER BOUND: moves device d by dG (S) towards a target
   * clipped to ITS OWN bounds by inverting ITS OWN curve at ITS present conductance (rounded), or
   * one exact continuous write. Knows what no chip controller knows; reads are not counted.
   * Returns the number of pulses applied.
   */
  private writeDelta(d: number, row: number, dG: number, norm: boolean): number {
    const dev = this.devices;
    const k = dev.kernel;
    const g0 = dev.g[d]!;
    let target = g0 + dG;
    const lo = k.params[d * PARAM_STRIDE]!;
    const hi = k.params[d * PARAM_STRIDE + 1]!;
    target = target < lo ? lo : target > hi ? hi : target;
    if (target === g0) return 0;
    const up = target > g0;
    let n: number;
    let mid: number;
    if (dev.continuous) {
      n = 1;
      mid = dev.writeContinuous(d, target);
    } else {
      const real = dev.pulsesTo(d, target);
      if (this.stochastic) {
        n = Math.floor(real);
        const frac = real - n;
        if (frac > 0 && this.roundingRng.next() < frac) n++;
      } else n = Math.floor(real + 0.5);
      if (!(n <= dev.maxPulsesPerWrite)) n = dev.maxPulsesPerWrite; // also catches Infinity
      if (n === 0) return 0;
      mid = dev.applyPulses(d, n, up ? 1 : -1);
    }
    const c = this.counts;
    if (norm) {
      c[NORM_PULSES]! += n;
      c[NORM_G]! += mid;
    } else if (up) {
      c[LTP_PULSES]! += n;
      c[LTP_G]! += mid;
    } else {
      c[LTD_PULSES]! += n;
      c[LTD_G]! += mid;
    }
    this.rowGSumS[row]! += dev.g[d]! - g0;
    return n;
  }

  normaliseColumns(target: number): void {
    if (!this.normalise) return;
    const { cols, rows, weights } = this;
    const rangeS = this.map.rangeS;
    for (let j = 0; j < cols; j++) {
      if (this.dirty[j] === 0) continue;
      this.dirty[j] = 0;
      // The delta controller knows every weight; a chip controller reads the column first.
      const known = this.controller === DELTA ? null : this.readColumn(j);
      let sum = 0;
      if (known === null) for (let i = j; i < this.cells; i += cols) sum += weights[i]!;
      else for (let r = 0; r < rows; r++) sum += known[r]!;
      if (!(sum > 0)) continue;
      const f = target / sum - 1;
      if (f === 0) continue;
      for (let r = 0, i = j; r < rows; r++, i += cols) {
        const dG = (known === null ? weights[i]! : known[r]!) * f * rangeS;
        if (dG === 0) continue;
        this.write(i, r, dG, true);
        if (this.differential) this.write(i + this.cells, r, -dG, true);
        this.refresh(i);
      }
    }
  }

  /**
   * The weights of column j as a controller learns them: one counted read per device
   * (normalisationReads; two per differential pair), with read noise when on. Returns the scratch
   * array (index = row), valid until the next call.
   */
  private readColumn(j: number): Float64Array {
    const out = this.readScratch;
    const { cols, rows, cells } = this;
    const { gRefS, invRangeS } = this.map;
    for (let r = 0, i = j; r < rows; r++, i += cols) {
      const gp = this.controllerRead(i, NORM_READS, NORM_READ_G);
      const w = this.differential
        ? 0.5 + 0.5 * (gp - this.controllerRead(i + cells, NORM_READS, NORM_READ_G)) * invRangeS
        : (gp - gRefS) * invRangeS;
      out[r] = w < 0 ? 0 : w > 1 ? 1 : w;
    }
    return out;
  }

  /**
   * Programs every synapse to its initial weight w[i] ∈ [0, 1] without counting pulses
   * (crossbar.initialWeights): "open-loop" resets each device to its own Gmin and applies the
   * pulse count that takes a NOMINAL device to the level (rounded as configured, from the "init"
   * stream, with one aggregate write noise), so device-to-device spread shows in the result;
   * "verified" writes the exact nominal conductance (clipped to the device's bounds).
   * A differential pair gets G+ at level w and G− at level 1 − w. Stuck devices keep their value.
   */
  programInitialWeights(w: Float32Array): void {
    if (w.length !== this.cells) {
      throw new ValidationError(
        `crossbar.programInitialWeights: expected ${this.cells} weights (${this.rows}×${this.cols}), got ${w.length}`,
      );
    }
    for (let i = 0; i < w.length; i++) {
      const x = w[i]!;
      if (!(x >= 0 && x <= 1)) {
        throw new ValidationError(
          `crossbar.programInitialWeights: weight[${i}] = ${x} is outside [0, 1]`,
        );
      }
    }
    for (let i = 0; i < this.cells; i++) {
      this.programLevel(i, w[i]!);
      if (this.differential) this.programLevel(i + this.cells, 1 - w[i]!);
    }
    this.refreshAll();
    this.dirty.fill(1);
  }

  private programLevel(d: number, x: number): void {
    const dev = this.devices;
    const target = conductanceOfLevel(this.map, x);
    if (this.config.initialWeights === "verified") {
      dev.setExactly(d, target);
      return;
    }
    let n = x <= 0 ? 0 : this.nominal.ltpPulsesTo(0, this.map.gRefS, target);
    if (!(n <= dev.maxPulsesPerWrite)) n = dev.maxPulsesPerWrite;
    if (!dev.continuous) {
      if (this.stochastic) {
        const whole = Math.floor(n);
        n = whole + (n > whole && this.initRng.next() < n - whole ? 1 : 0);
      } else n = Math.floor(n + 0.5);
    }
    dev.programFromReset(d, n, this.initRng);
    // A write-verify controller verifies its first programming too (not counted: initialisation).
    if (this.controller === WRITE_VERIFY) this.verifyLoop(d, target, false, false);
  }

  setPhase(phase: Phase): void {
    if (phase === "train" || this.driftApplied || !this.devices.hasDrift) return;
    this.devices.applyDrift();
    this.driftApplied = 1;
    this.refreshAll();
  }

  // ---------------------------------------------------------------- bookkeeping

  private refresh(i: number): void {
    const g = this.devices.g;
    const m = this.map;
    const w = this.differential
      ? 0.5 + 0.5 * (g[i]! - g[i + this.cells]!) * m.invRangeS
      : (g[i]! - m.gRefS) * m.invRangeS;
    this.weights[i] = w < 0 ? 0 : w > 1 ? 1 : w;
  }

  /** Recomputes every weight and row sum from the conductances (after bulk changes). */
  private refreshAll(): void {
    const g = this.devices.g;
    for (let r = 0; r < this.rows; r++) {
      let sum = 0;
      for (let i = r * this.cols, end = i + this.cols; i < end; i++) {
        this.refresh(i);
        sum += g[i]!;
        if (this.differential) sum += g[i + this.cells]!;
      }
      this.rowGSumS[r] = sum;
    }
  }

  /**
   * Device conductances (S), by device index (a differential pair's G− is device cells + i), and
   * the per-row conductance sums the read energy uses.
   */
  finiteState(): FiniteState {
    return [
      ["device conductance", this.devices.g],
      ["row conductance sum", this.rowGSumS],
    ];
  }

  /** The crossbar's checkpoint state, declared once: its devices' (prefixed "dev.") and its own. */
  private declareCheckpointState(): StateSpec {
    return declareState("synapses (crossbar)", {
      ...this.devices.stateEntries("dev."),
      rowGSumS: array(() => this.rowGSumS),
      dirty: array(() => this.dirty),
      driftApplied: scalar(
        () => this.driftApplied,
        (v) => (this.driftApplied = v),
      ),
      "rng.read": rngStream(
        () => this.readRng,
        (r) => (this.readRng = r),
      ),
      "rng.rounding": rngStream(
        () => this.roundingRng,
        (r) => (this.roundingRng = r),
      ),
      "rng.init": rngStream(
        () => this.initRng,
        (r) => (this.initRng = r),
      ),
      "rng.verify": rngStream(
        () => this.verifyRng,
        (r) => (this.verifyRng = r),
      ),
    });
  }

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(s: ComponentState): void {
    this.state.load(s);
    this.devices.afterLoad();
    // Weights follow from the conductances; the saved row sums are kept verbatim (recomputing them
    // could differ in the last bit).
    const rowG = this.rowGSumS.slice();
    this.refreshAll();
    this.rowGSumS.set(rowG);
  }

  describe(): Record<string, unknown> {
    const { loaded, device, config } = this;
    const p = loaded.preset;
    const stuck = this.devices.stuckCounts();
    return {
      kind: "crossbar",
      preset: loaded.name,
      presetFile: loaded.builtIn ? undefined : loaded.path,
      overrides: loaded.overrides,
      presetSha256: this.deviceSha256,
      model: device.modelName,
      source: p.source,
      notes: p.notes,
      params: device.params,
      derived: device.model.derived(device.params),
      nominalGMinS: device.bounds.gMinS,
      nominalGMaxS: device.bounds.gMaxS,
      onOffRatio: device.bounds.gMinS > 0 ? device.bounds.gMaxS / device.bounds.gMinS : null,
      nonIdealities: activeNonIdealities(device.nonIdealities),
      mapping: config.mapping,
      update: config.update,
      controllerKnows: CONTROLLER_KNOWS[config.update],
      writeVerify: config.update === "write-verify" ? config.writeVerify : undefined,
      adc: config.adc ? { ...config.adc, fullScaleWeights: this.adcFullScale } : null,
      rounding: config.rounding,
      normalisation: this.normalise ? "pulses" : "off",
      initialWeights: config.initialWeights,
      rows: this.rows,
      cols: this.cols,
      devices: this.devices.size,
      maxPulsesPerWrite: this.devices.maxPulsesPerWrite,
      stuckDevices: stuck,
      driftApplied: this.driftApplied === 1,
      rngStreams: ["fabrication", "c2c", "read", "faults", "rounding", "init", "verify"],
      electrical: device.electrical,
    };
  }
}
