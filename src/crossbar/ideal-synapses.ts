import { z } from "zod";
import type { ComponentState, Phase, SynapseArray } from "../core/contracts.js";
import { OP, type OpLedger } from "../core/ops.js";
import type { Rng } from "../core/rng.js";
import type { SoloStepper } from "../kernels/stepper.js";
import { rangeOutInts } from "../kernels/team-ops.js";
import { RowBatch, RowReader, type KernelArena, type StdpKernelTarget } from "../kernels/wasm.js";

/**
 * Noise added to the initial weights, for Tai's initial-weight sensitivity study (a National
 * Taiwan University Brian2 study of Diehl & Cook 2015; shared/reference/experiments.md §A:
 * "uniform noise c·r·w̄ added to the initial weights"):
 *
 *   w ← clip(w + c·r·w̄, 0, w_max),   w̄ = (0.5 + offset)·scale (the mean of the initial draw)
 *
 * r is drawn per synapse, row-major, from the stream `init-noise` forked off the weights' stream,
 * so the noise-free weights are the same draws with and without noise. Tai names r uniform but not
 * its range: `uniform` (our default) is U[−1, 1), zero-mean so w̄ is kept before clipping;
 * `uniform-positive` is U[0, 1) (numpy's rand, which adds c·w̄/2 on average); `normal` is N(0, 1).
 */
export const initNoiseSchema = z.strictObject({
  c: z
    .number()
    .nonnegative()
    .max(100)
    .describe(
      "1 — noise amplitude c as a multiple of the mean initial weight w̄ (Tai's sweep variable; 0: no noise)",
    ),
  distribution: z
    .enum(["uniform", "uniform-positive", "normal"])
    .default("uniform")
    .describe(
      "— r per synapse: uniform U[−1, 1) (chosen: Tai says uniform, not the range), uniform-positive U[0, 1) or normal N(0, 1)",
    ),
});
export type InitNoiseConfig = z.output<typeof initNoiseSchema>;

/**
 * Parameters of ideal synapses (`kind: "ideal"`): the weight bound `wMax` (dimensionless, default
 * 1) and the initial draw w = (U[0,1) + initOffset) × initScale (defaults 0.01 and 0.3, Diehl &
 * Cook 2015 shipped code), plus optional `initNoise` (see {@link initNoiseSchema}).
 */
export const idealSynapsesSchema = z.strictObject({
  kind: z.literal("ideal"),
  wMax: z.number().positive().default(1).describe("1 — upper weight bound (Diehl & Cook 2015: 1)"),
  initScale: z
    .number()
    .nonnegative()
    .default(0.3)
    .describe(
      "1 — initial weights (U[0,1) + initOffset) × initScale (Diehl & Cook 2015 code: 0.3)",
    ),
  initOffset: z
    .number()
    .nonnegative()
    .default(0.01)
    .describe("1 — offset of the initial uniform draw (Diehl & Cook 2015 code: 0.01)"),
  initNoise: initNoiseSchema
    .optional()
    .describe("noise c·r·w̄ added to the initial weights (Tai); absent: none"),
});
/**
 * Validated ideal-synapse parameters: the output of {@link idealSynapsesSchema}, defaults filled.
 */
export type IdealSynapsesConfig = z.output<typeof idealSynapsesSchema>;

/**
 * Diehl & Cook initial weights: w = (U[0,1) + offset) × scale, drawn row-major from `rng`; with
 * `noise`, c·r·w̄ is then added to each weight (r from `rng.fork("init-noise")`) and the result
 * clipped to [0, wMax] (see `initNoiseSchema`).
 */
export function initialWeights(
  rows: number,
  cols: number,
  scale: number,
  offset: number,
  rng: Rng,
  noise?: InitNoiseConfig,
  wMax = 1,
): Float32Array {
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < w.length; i++) w[i] = (rng.next() + offset) * scale;
  if (noise && noise.c > 0) addInitNoise(w, noise, noise.c * (0.5 + offset) * scale, wMax, rng);
  return w;
}

/** w ← clip(w + amplitude·r, 0, wMax), r per `noise.distribution`, from `rng.fork("init-noise")`. */
function addInitNoise(
  w: Float32Array,
  noise: InitNoiseConfig,
  amplitude: number,
  wMax: number,
  rng: Rng,
): void {
  const r = rng.fork("init-noise");
  for (let i = 0; i < w.length; i++) {
    const u =
      noise.distribution === "normal"
        ? r.normal()
        : noise.distribution === "uniform"
          ? 2 * r.next() - 1
          : r.next();
    const x = w[i]! + amplitude * u;
    w[i] = x < 0 ? 0 : x > wMax ? wMax : x;
  }
}

/**
 * Ideal (software) synapses: a rows × cols array of float32 weights in [0, wMax], row-major
 * (index = row·cols + col), with exact updates clipped to [0, wMax] and the Diehl & Cook initial
 * weights of {@link initialWeights}. Row reads and weight changes are counted in the op ledger
 * (a change up counts as an LTP pulse, down as an LTD pulse); `pulse` moves a weight by wMax/256.
 */
export class IdealSynapses implements SynapseArray {
  readonly weights: Float32Array;
  readonly wMax: number;
  /** Columns written since the last normalisation (only those need rescaling). */
  private readonly dirty: Uint8Array;
  private normalisationOn = false;
  private readonly reader: RowReader;
  /**
   * With the weights and dirty flags in an arena: the normalisation kernel over all columns on
   * this thread, or split by the arena's column team (--threads N); null: the JavaScript loop.
   */
  private readonly normaliser: { readonly arena: KernelArena; readonly solo: SoloStepper } | null;
  /**
   * With an arena: a step's input rows gathered in WebAssembly memory, so one kernel call reads
   * them all (readRows) or reads them and steps the neurons (the engine's fused step).
   */
  readonly rowBatch: RowBatch | null;

  /** With an `arena`, the weights live in WebAssembly memory and reads run the SIMD kernel. */
  constructor(
    readonly config: IdealSynapsesConfig,
    readonly rows: number,
    readonly cols: number,
    rng: Rng,
    private readonly ledger: OpLedger,
    arena: KernelArena | null = null,
  ) {
    this.wMax = config.wMax;
    const initial = initialWeights(
      rows,
      cols,
      config.initScale,
      config.initOffset,
      rng,
      config.initNoise,
      config.wMax,
    );
    this.weights = arena ? arena.f32(rows * cols) : initial;
    if (arena) this.weights.set(initial);
    this.reader = new RowReader(arena, this.weights, cols);
    this.rowBatch = arena ? new RowBatch(arena, this.weights, cols, rows) : null;
    this.dirty = (arena && arena.fits(cols) ? arena.u8(cols) : new Uint8Array(cols)).fill(1);
    this.stdpTarget =
      arena && this.dirty.buffer === arena.memory.buffer
        ? {
            arena,
            weightsAddress: this.weights.byteOffset,
            dirtyAddress: this.dirty.byteOffset,
            wMax: this.wMax,
            rows,
            cols,
            countUpdates: (counts: Int32Array): void => {
              const c = this.ledger.counts;
              c[OP.ltpPulses]! += counts[0]!;
              c[OP.ltdPulses]! += counts[1]!;
            },
          }
        : null;
    this.normaliser =
      this.stdpTarget !== null && arena !== null && arena.fits(rangeOutInts(cols) * 4)
        ? { arena, solo: arena.soloStepper(cols) }
        : null;
  }

  /**
   * With an arena: what the learning rules' kernels need to apply update() themselves (the same
   * clip, float32 store, dirty flag and LTP/LTD counts); null without.
   */
  readonly stdpTarget: StdpKernelTarget | null;

  readRow(row: number, target: Float64Array): void {
    const cols = this.cols;
    this.reader.addRow(row, target);
    const c = this.ledger.counts;
    c[OP.rowActivations]!++;
    c[OP.synapticEvents]! += cols;
    c[OP.neuronAdds]! += cols;
  }

  /**
   * The first `nRows` rows of `rowBatch` were read (by a fused kernel call): counts them as
   * readRow does.
   */
  countRowReads(nRows: number): void {
    const c = this.ledger.counts;
    const events = nRows * this.cols;
    c[OP.rowActivations]! += nRows;
    c[OP.synapticEvents]! += events;
    c[OP.neuronAdds]! += events;
  }

  update(index: number, dw: number): number {
    const old = this.weights[index]!;
    let next = old + dw;
    if (next < 0) next = 0;
    else if (next > this.wMax) next = this.wMax;
    this.weights[index] = next;
    const made = this.weights[index]! - old;
    if (made !== 0) {
      this.dirty[index % this.cols] = 1;
      this.ledger.counts[made > 0 ? OP.ltpPulses : OP.ltdPulses]!++;
    }
    return made;
  }

  /** Ideal synapses have no pulse quantum: one "pulse" moves the weight by 1/256 of the range. */
  pulse(index: number, polarity: 1 | -1): void {
    this.update(index, (polarity * this.wMax) / 256);
  }

  /**
   * Diehl & Cook normalisation: w[:, j] ← w[:, j] · target / Σ_i w[i, j], without clipping (as
   * shipped). Columns untouched since their last rescale already sum to target (to float32
   * rounding) and are skipped.
   */
  normaliseColumns(target: number): void {
    this.normalisationOn = true;
    const { weights, rows, cols, dirty } = this;
    const normaliser = this.normaliser;
    if (normaliser !== null) {
      // The same operations per weight, row by row in WebAssembly (src/kernels/asm/kernels.ts
      // normaliseRange), split by column when a team steps this network.
      normaliser.arena
        .stepperFor(normaliser.solo)
        .normalise(weights.byteOffset, cols, rows, dirty.byteOffset, target);
      return;
    }
    for (let j = 0; j < cols; j++) {
      if (dirty[j] === 0) continue;
      dirty[j] = 0;
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += weights[i * cols + j]!;
      if (sum <= 0) continue;
      const factor = target / sum;
      for (let i = 0; i < rows; i++) weights[i * cols + j]! *= factor;
    }
  }

  setPhase(_phase: Phase): void {}

  describe(): Record<string, unknown> {
    return {
      kind: "ideal",
      wMax: this.wMax,
      normalisation: this.normalisationOn ? "exact (software)" : "off",
    };
  }

  saveState(): ComponentState {
    return { weights: this.weights.slice(), dirty: this.dirty.slice() };
  }

  loadState(state: ComponentState): void {
    this.weights.set(state.weights as Float32Array);
    this.dirty.set(state.dirty as Uint8Array);
  }
}
