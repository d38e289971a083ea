import type { SynapseArray } from "../core/contracts.js";
import type { FusedPreLearning, SoloStepper } from "../kernels/stepper.js";
import type { RowBatch, StdpKernelTarget } from "../kernels/wasm.js";
import { decayTable } from "./decay-table.js";

/**
 * A learning rule's state arrays and decay tables, carved from the synapses' kernel arena when the
 * synapse array offers one (ideal synapses with WebAssembly kernels: `stdpTarget`) so the rule's
 * loops can run as kernels; plain JavaScript arrays otherwise. Either way the tables hold
 * Math.exp of the rule's own arguments (decay-table.ts), so both paths compute the same doubles.
 */
export interface RuleArrays {
  readonly f64: Float64Array[];
  readonly i32: Int32Array[];
  readonly u8: Uint8Array[];
  /** One per requested table; null when too long to build (the rule calls Math.exp instead). */
  readonly tables: (Float64Array | null)[];
  /** The kernels' [ltp, ltd] output (the pulse rule's, and the trace rules' booked counts). */
  readonly counts: Int32Array;
  /**
   * Byte addresses of the arrays above in the arena (same order; −1 without kernels), read once:
   * a typed array's byteOffset getter costs tens of ns on WebAssembly memory.
   */
  readonly at: {
    readonly f64: readonly number[];
    readonly i32: readonly number[];
    readonly u8: readonly number[];
    readonly tables: readonly number[];
    readonly counts: number;
  };
  /** True when every array and table lives in the arena: the rule may call its kernels. */
  readonly kernel: boolean;
  readonly target: StdpKernelTarget | null;
}

/** What a rule asks for: array lengths by type, and decay tables as [ratePerStep, maxSteps]. */
export interface RuleArraySpec {
  readonly f64?: readonly number[];
  readonly i32?: readonly number[];
  readonly u8?: readonly number[];
  readonly tables?: readonly (readonly [ratePerStep: number, maxSteps: number])[];
}

/** Allocates a rule's arrays (see {@link RuleArrays}); zero-filled. */
export function ruleArrays(synapses: SynapseArray, spec: RuleArraySpec): RuleArrays {
  const plainTables = (spec.tables ?? []).map(([rate, max]) => decayTable(rate, max));
  const target = (synapses as { readonly stdpTarget?: StdpKernelTarget | null }).stdpTarget ?? null;
  const f64 = spec.f64 ?? [];
  const i32 = spec.i32 ?? [];
  const u8 = spec.u8 ?? [];
  const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;
  let bytes = align(4 * 2);
  for (const n of f64) bytes += align(n * 8);
  for (const n of i32) bytes += align(n * 4);
  for (const n of u8) bytes += align(n);
  for (const table of plainTables) bytes += align((table?.length ?? 0) * 8);
  const tablesBuilt = plainTables.every((table) => table !== null);
  if (target === null || !tablesBuilt || !target.arena.fits(bytes)) {
    const none = (list: readonly unknown[]): number[] => list.map(() => -1);
    return {
      f64: f64.map((n) => new Float64Array(n)),
      i32: i32.map((n) => new Int32Array(n)),
      u8: u8.map((n) => new Uint8Array(n)),
      tables: plainTables,
      counts: new Int32Array(2),
      at: {
        f64: none(f64),
        i32: none(i32),
        u8: none(u8),
        tables: none(plainTables),
        counts: -1,
      },
      kernel: false,
      target: null,
    };
  }
  const arena = target.arena;
  const arrays = {
    f64: f64.map((n) => arena.f64(n).fill(0)),
    i32: i32.map((n) => arena.i32(n).fill(0)),
    u8: u8.map((n) => arena.u8(n).fill(0)),
    tables: plainTables.map((table) => {
      const inArena = arena.f64(table!.length);
      inArena.set(table!);
      return inArena;
    }),
    counts: arena.i32(2),
  };
  const addresses = (list: readonly ArrayBufferView[]): number[] => list.map((a) => a.byteOffset);
  return {
    ...arrays,
    at: {
      f64: addresses(arrays.f64),
      i32: addresses(arrays.i32),
      u8: addresses(arrays.u8),
      tables: addresses(arrays.tables),
      counts: arrays.counts.byteOffset,
    },
    kernel: true,
    target,
  };
}

/** What {@link TraceKernels} runs: the rule's kernel codes, cutoffs and ν_pre. */
export interface TraceKernelSpec {
  /** stdpPreSpan's kind: 0 triplet or pair, 1 hebbian, 2 weight-dependent. */
  readonly preKind: number;
  /** stdpPostRange's kind: 0 triplet, pair or hebbian, 2 weight-dependent. */
  readonly postKind: number;
  /** Steps after a post spike from which its trace is taken as 0 in the pre-synaptic walk. */
  readonly postTraceCutoffSteps: number;
  /** Steps after an input spike from which its trace is taken as 0 in the post-synaptic walk. */
  readonly preTraceCutoffSteps: number;
  readonly nuPre: number;
}

/**
 * The WebAssembly path shared by the triplet rule and the PostPre family, on the arrays both ask
 * for (f64[0] lastPre, f64[1] lastPost, f64[2] the gains of a step's post spikes; i32[0] the
 * JavaScript path's active list, i32[1] a step's firing columns, i32[2] one row; u8[0] the active
 * flags; tables[0] the input-trace decay, tables[1] the post-trace decay). The pre-synaptic walk
 * visits the columns whose active flag is set (src/kernels/asm/kernels.ts stdpPreSpan), so any
 * split of the columns gives the same bits: the neuron step runs it inside its own kernel call
 * (`fused`, split with the neurons under `--threads N`), and the post-synaptic column walks of a
 * step run split by the arena's column team when there is one.
 */
export class TraceKernels {
  /** The pre-synaptic learning as dcStepRange runs it inside the neuron step. */
  readonly fused: FusedPreLearning;
  /** A step's firing columns and their gains, filled by the rule before {@link post}. */
  readonly postCols: Int32Array;
  readonly postGains: Float64Array;
  private readonly row: Int32Array;
  private readonly target: StdpKernelTarget;
  /**
   * The one-thread range kernels of the arena's columns (and their out block): the pre-synaptic
   * walk outside the neuron step, and the post-synaptic walks unless the column team runs them.
   */
  private readonly solo: SoloStepper;

  constructor(
    private readonly arrays: RuleArrays,
    private readonly spec: TraceKernelSpec,
  ) {
    const target = arrays.target;
    if (!arrays.kernel || target === null) {
      throw new RangeError("TraceKernels: the rule's arrays are not in a kernel arena");
    }
    this.target = target;
    this.solo = target.arena.soloStepper(target.cols);
    this.postGains = arrays.f64[2]!;
    this.postCols = arrays.i32[1]!;
    this.row = arrays.i32[2]!;
    const counts = arrays.counts;
    this.fused = {
      arena: target.arena,
      weightsAddress: target.weightsAddress,
      kind: spec.preKind,
      lastPreAddress: arrays.at.f64[0]!,
      dirtyAddress: target.dirtyAddress,
      wMax: target.wMax,
      lastPostAddress: arrays.at.f64[1]!,
      isActiveAddress: arrays.at.u8[0]!,
      cutoffSteps: spec.postTraceCutoffSteps,
      tableAddress: arrays.at.tables[1]!,
      nu: spec.nuPre,
      bookUpdates: (ltp: number, ltd: number): void => {
        counts[0] = ltp;
        counts[1] = ltd;
        target.countUpdates(counts);
      },
    };
  }

  /** True when `batch` lives in this rule's arena (its rows can be passed by address). */
  canRead(batch: RowBatch): boolean {
    return batch.arena === this.target.arena;
  }

  /** onPre for the nRows rows (i32) at byte address rowsAddress, in order, in one kernel call. */
  pre(rowsAddress: number, nRows: number, t: number): void {
    const { target, fused, solo } = this;
    solo.stdpPre(
      fused.kind,
      rowsAddress,
      nRows,
      fused.lastPreAddress,
      t,
      target.weightsAddress,
      target.cols,
      target.dirtyAddress,
      target.wMax,
      fused.lastPostAddress,
      fused.isActiveAddress,
      fused.cutoffSteps,
      fused.tableAddress,
      fused.nu,
    );
    this.book(solo.learnCounts);
  }

  /** onPre(row, t) in one kernel call. */
  preRow(row: number, t: number): void {
    this.row[0] = row;
    this.pre(this.arrays.at.i32[2]!, 1, t);
  }

  /**
   * The post-synaptic column walks of the first nPost entries of postCols / postGains (distinct
   * columns) at step t: split by column across the arena's team when one steps this network, else
   * on this thread; the same bits either way.
   */
  post(nPost: number, t: number): void {
    if (nPost === 0) return;
    const { target, arrays, spec } = this;
    const stepper = target.arena.stepperFor(this.solo);
    stepper.stdpPost(
      spec.postKind,
      arrays.at.i32[1]!,
      arrays.at.f64[2]!,
      nPost,
      t,
      target.weightsAddress,
      target.cols,
      target.rows,
      target.dirtyAddress,
      target.wMax,
      arrays.at.f64[0]!,
      spec.preTraceCutoffSteps,
      arrays.at.tables[0]!,
      arrays.tables[0]!.length,
    );
    this.book(stepper.learnCounts);
  }

  /** Books a kernel call's [ltp, ltd] in the synapses' op ledger. */
  private book(learnCounts: Float64Array): void {
    const counts = this.arrays.counts;
    counts[0] = learnCounts[0]!;
    counts[1] = learnCounts[1]!;
    this.target.countUpdates(counts);
  }

  /**
   * Writes the active columns (flag set) to `list` in ascending order and returns how many: the
   * JavaScript path's active list, for a checkpoint either path can load.
   */
  listActive(list: Int32Array): number {
    const flags = this.arrays.u8[0]!;
    let n = 0;
    for (let j = 0; j < flags.length; j++) if (flags[j] !== 0) list[n++] = j;
    return n;
  }
}
