import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SoloStepper, type ColumnStepper } from "./stepper.js";
import { ColumnTeam } from "./team.js";
import { rangeOutInts, type RangeKernels } from "./team-ops.js";

/**
 * Optional WebAssembly SIMD kernels for the hot loops (src/kernels/asm/kernels.ts, built by
 * `npm run build`). They give the same bits as the JavaScript loops they replace; the JavaScript
 * path stays as the reference and the fallback (NEUROXBAR_KERNELS=js forces it).
 */
export interface KernelExports extends RangeKernels {
  addRowF32(target: number, row: number, n: number): void;
  addRowsF32(target: number, pW: number, cols: number, pRows: number, nRows: number): void;
  pulsePost(
    col: number,
    t: number,
    pW: number,
    cols: number,
    rows: number,
    pDirty: number,
    wMax: number,
    pLastPre: number,
    window: number,
    pCounts: number,
  ): void;
  currentStep(
    n: number,
    pV: number,
    pX: number,
    pTheta: number,
    pClamp: number,
    pFireAfter: number,
    pFired: number,
    t: number,
    leak: number,
    decay: number,
    restMv: number,
    gain: number,
    floorMv: number,
    thrBase: number,
    d: number,
  ): number;
  srm0Step(
    n: number,
    pV: number,
    pX: number,
    pTheta: number,
    pClamp: number,
    pFireAfter: number,
    pHazard: number,
    pBudget: number,
    pFired: number,
    t: number,
    decay: number,
    restMv: number,
    gain: number,
    floorMv: number,
    thrBase: number,
    d: number,
    rate: number,
    widthMv: number,
  ): number;
}

const PAGE = 65_536;
/** Bytes kept free at the start of memory for the module's own static data. */
const RESERVED = PAGE;
/**
 * Room every arena gets beyond what its creator asked for: the step's row batch, the learning
 * rules' decay tables and spike-time arrays (src/learning, a few hundred kB at the defaults) are
 * carved from it after the synapses and neurons. A part that does not fit falls back to its
 * JavaScript path (see KernelArena.fits).
 */
const WORKSPACE = 4 * 1024 * 1024;

/** The compiled kernels: [0] on ordinary memory (kernels.wasm), [1] on shared memory. */
const compiled: (WebAssembly.Module | null | undefined)[] = [undefined, undefined];

/**
 * The kernels module; `shared`: the build that imports a shared memory (kernels-shared.wasm, the
 * same source compiled with --sharedMemory), which worker threads can instantiate on the same
 * memory (src/kernels/team.ts).
 */
function wasmModule(shared = false): WebAssembly.Module | null {
  // Read at every arena creation, so a test can switch one network to the reference path.
  if (process.env.NEUROXBAR_KERNELS === "js") return null;
  const which = shared ? 1 : 0;
  const cached = compiled[which];
  if (cached !== undefined) return cached;
  compiled[which] = null;
  const file = shared ? "kernels-shared.wasm" : "kernels.wasm";
  const candidates = [
    new URL(`./${file}`, import.meta.url),
    new URL(`../../dist/kernels/${file}`, import.meta.url),
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) {
      const module = new WebAssembly.Module(readFileSync(path));
      compiled[which] = module;
      return module;
    }
  }
  return null;
}

/** True when the WebAssembly kernels are available in this process. */
export function kernelsAvailable(): boolean {
  return wasmModule() !== null;
}

/**
 * A fixed-size block of WebAssembly memory that state arrays are carved from (bump allocation),
 * so the kernels can address them. It never grows, so the typed-array views stay valid.
 */
export class KernelArena {
  readonly memory: WebAssembly.Memory;
  readonly kernels: KernelExports;
  /**
   * The threads stepping column ranges of this arena's network (startTeam), or null: one thread.
   * The neuron arrays read it at each step.
   */
  team: ColumnTeam | null = null;
  /** The one-thread steppers handed out by soloStepper, by column count. */
  private readonly solos = new Map<number, SoloStepper>();
  private next = RESERVED;
  private readonly limit: number;

  private constructor(
    private readonly module: WebAssembly.Module,
    bytes: number,
    /** True when the memory is shared (a SharedArrayBuffer), so worker threads can join. */
    readonly shared: boolean,
  ) {
    const pages = Math.ceil((bytes + RESERVED + WORKSPACE) / PAGE) + 1;
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
    this.limit = pages * PAGE;
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.kernels = instance.exports as unknown as KernelExports;
  }

  /**
   * An arena of at least `bytes` bytes, or null when the kernels are unavailable. With `shared`
   * its memory is shared and startTeam can later split its network's columns across threads (null
   * when the shared build is missing).
   */
  static create(bytes: number, shared = false): KernelArena | null {
    const module = wasmModule(shared);
    return module ? new KernelArena(module, bytes, shared) : null;
  }

  /**
   * Starts a team of `threads` threads (this one included) that steps the `columns` neurons of
   * this arena's network in column ranges (src/kernels/team.ts); needs a shared arena. Blocks until
   * the workers are ready. `options.alwaysSplit` switches the team's shared-or-alone choice off
   * (every operation split; for benchmarks of the split itself, bench/team-step.mjs).
   */
  startTeam(
    threads: number,
    columns: number,
    options: { readonly alwaysSplit?: boolean } = {},
  ): ColumnTeam {
    if (!this.shared) throw new RangeError("startTeam: the arena's memory is not shared");
    if (this.team !== null) throw new RangeError("startTeam: a team is already running");
    this.team = new ColumnTeam(
      this.kernels,
      this.module,
      this.memory,
      (bytes) => this.take(bytes),
      threads,
      columns,
      options.alwaysSplit === true,
    );
    return this.team;
  }

  /**
   * The one-thread stepper of `columns` neurons, its out block carved from this arena on the first
   * call: one per column count, shared by the parts of a network (neurons, learning rule, synapse
   * normalisation), which run one after the other and read each call's results right after it.
   */
  soloStepper(columns: number): SoloStepper {
    let solo = this.solos.get(columns);
    if (solo === undefined) {
      solo = new SoloStepper(this.kernels, columns, this.i32(rangeOutInts(columns)));
      this.solos.set(columns, solo);
    }
    return solo;
  }

  /**
   * What steps the `solo.columns` neurons now: the column team when one runs for that many
   * columns, else `solo` on this thread. Asked at every step (a team may start after the neurons).
   */
  stepperFor(solo: SoloStepper): ColumnStepper {
    const team = this.team;
    return team !== null && team.columns === solo.columns ? team : solo;
  }

  /** Stops the team's workers, if any; resolves when they have exited. Idempotent. */
  async close(): Promise<void> {
    const team = this.team;
    if (team === null) return;
    this.team = null;
    await team.close();
  }

  /** True when `bytes` more (16-byte aligned) still fit. */
  fits(bytes: number): boolean {
    return Math.ceil(this.next / this.align) * this.align + bytes <= this.limit;
  }

  /**
   * Allocation alignment in bytes: 16 (a SIMD vector); 64 (a cache line) in a shared arena, so
   * threads stepping neighbouring column ranges do not write to the same cache line.
   */
  private get align(): number {
    return this.shared ? 64 : 16;
  }

  private take(bytes: number): number {
    const at = Math.ceil(this.next / this.align) * this.align;
    if (at + bytes > this.limit) {
      throw new RangeError(`kernel arena exhausted: ${at + bytes} > ${this.limit} bytes`);
    }
    this.next = at + bytes;
    return at;
  }

  f64(n: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(n * 8), n);
  }

  f32(n: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.take(n * 4), n);
  }

  i32(n: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(n * 4), n);
  }

  u8(n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.take(n), n);
  }

  /** Byte address of a view inside this arena, or −1 when it lives elsewhere. */
  addressOf(view: ArrayBufferView): number {
    return view.buffer === this.memory.buffer ? view.byteOffset : -1;
  }
}

/** Where state arrays come from: plain JavaScript memory or a kernel arena. */
export interface ArrayAllocator {
  f64(n: number): Float64Array;
  f32(n: number): Float32Array;
  i32(n: number): Int32Array;
}

export const plainAllocator: ArrayAllocator = {
  f64: (n) => new Float64Array(n),
  f32: (n) => new Float32Array(n),
  i32: (n) => new Int32Array(n),
};

/**
 * Adds one row of a row-major float32 weight matrix into a float64 target: through the SIMD kernel
 * when both live in `arena`, else the JavaScript loop (the same bits either way).
 */
export class RowReader {
  private lastTarget: Float64Array | null = null;
  private lastTargetAddress = -1;
  /** The weights' address in the arena, or −1 when they live elsewhere (fixed at construction). */
  private readonly weightsAddress: number;

  constructor(
    private readonly arena: KernelArena | null,
    private readonly weights: Float32Array,
    private readonly cols: number,
  ) {
    this.weightsAddress = arena ? arena.addressOf(weights) : -1;
  }

  /** target[j] += weights[row·cols + j] for every column j. */
  addRow(row: number, target: Float64Array): void {
    const { weights: w, cols } = this;
    const base = row * cols;
    if (target !== this.lastTarget) {
      this.lastTarget = target;
      this.lastTargetAddress = this.arena ? this.arena.addressOf(target) : -1;
    }
    if (this.lastTargetAddress >= 0 && this.weightsAddress >= 0) {
      this.arena!.kernels.addRowF32(this.lastTargetAddress, this.weightsAddress + base * 4, cols);
    } else {
      for (let j = 0; j < cols; j++) target[j]! += w[base + j]!;
    }
  }
}

/**
 * The input rows of one step, gathered in WebAssembly memory next to a row-major float32 weight
 * matrix, so one kernel call adds them all (addRowsF32) or adds them and steps the neurons
 * (dcStepRange, hwStepRange). Capacity: one entry per matrix row.
 */
export class RowBatch {
  /** Row indices of the batch (the first `n` entries are used). */
  readonly rows: Int32Array;
  /** Byte address of the weights in the arena. */
  readonly weightsAddress: number;
  /** Byte address of `rows`. */
  readonly rowsAddress: number;

  constructor(
    readonly arena: KernelArena,
    private readonly weights: Float32Array,
    readonly cols: number,
    capacity: number,
  ) {
    this.weightsAddress = arena.addressOf(weights);
    if (this.weightsAddress < 0) throw new RangeError("RowBatch: the weights are not in the arena");
    this.rows = arena.i32(Math.max(1, capacity));
    this.rowsAddress = this.rows.byteOffset;
  }

  private lastTarget: Float64Array | null = null;
  private lastTargetAddress = -1;

  /** target[j] += Σ_k w[rows[k]·cols + j] over the first n rows, in batch order. */
  addInto(n: number, target: Float64Array): void {
    if (target !== this.lastTarget) {
      this.lastTarget = target;
      this.lastTargetAddress = this.arena.addressOf(target);
    }
    const at = this.lastTargetAddress;
    if (at < 0) {
      const { weights: w, cols } = this;
      for (let k = 0; k < n; k++) {
        const base = this.rows[k]! * cols;
        for (let j = 0; j < cols; j++) target[j]! += w[base + j]!;
      }
      return;
    }
    this.arena.kernels.addRowsF32(at, this.weightsAddress, this.cols, this.rowsAddress, n);
  }
}

/**
 * What a learning rule's kernels need from an ideal synapse array whose weights live in a kernel
 * arena (src/crossbar/ideal-synapses.ts): the weights' and dirty flags' addresses, the bound, and
 * a way to book the kernel's LTP/LTD counts in the op ledger.
 */
export interface StdpKernelTarget {
  readonly arena: KernelArena;
  readonly weightsAddress: number;
  /** One byte per column, set when a column's weights changed (normalisation rescales those). */
  readonly dirtyAddress: number;
  readonly wMax: number;
  readonly rows: number;
  readonly cols: number;
  /** Adds [ltp, ltd] (as the kernels leave them in `counts`) to the op ledger. */
  countUpdates(counts: Int32Array): void;
}
