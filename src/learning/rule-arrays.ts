import type { SynapseArray } from "../core/contracts.js";
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
  /** The kernels' [ltp, ltd] output. */
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
  let bytes = align(8);
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
      at: { f64: none(f64), i32: none(i32), u8: none(u8), tables: none(plainTables), counts: -1 },
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

/**
 * The pre-synaptic learning in one kernel call, shared by the triplet rule and the PostPre family
 * (their arrays: f64[0] pre traces, f64[1] post traces, i32[0] active posts, u8[0] active flags,
 * tables[1] the post-trace decay): one row (`batch` null: `stdpPre`) or a step's first `nRows` rows
 * of `batch` (`stdpPreRows`). Scalars are passed as arguments, so the per-spike call allocates
 * nothing. Returns the new count of active posts, or null without kernels or when the batch is not
 * in this rule's arena (the caller runs its JavaScript loop).
 */
export function preKernel(
  kernel: RuleArrays | null,
  kindCode: number,
  cols: number,
  nActivePost: number,
  cutoffSteps: number,
  nuPre: number,
  t: number,
  row: number,
  batch: RowBatch | null,
  nRows: number,
): number | null {
  const target = kernel?.target ?? null;
  if (kernel === null || target === null) return null;
  if (batch !== null && batch.arena !== target.arena) return null;
  const k = target.arena.kernels;
  const active =
    batch === null
      ? k.stdpPre(
          kindCode,
          row,
          t,
          target.weightsAddress,
          cols,
          target.dirtyAddress,
          target.wMax,
          kernel.at.f64[1]!,
          kernel.at.i32[0]!,
          nActivePost,
          kernel.at.u8[0]!,
          cutoffSteps,
          kernel.at.tables[1]!,
          nuPre,
          kernel.at.counts,
        )
      : k.stdpPreRows(
          kindCode,
          batch.rowsAddress,
          nRows,
          kernel.at.f64[0]!,
          t,
          target.weightsAddress,
          cols,
          target.dirtyAddress,
          target.wMax,
          kernel.at.f64[1]!,
          kernel.at.i32[0]!,
          nActivePost,
          kernel.at.u8[0]!,
          cutoffSteps,
          kernel.at.tables[1]!,
          nuPre,
          kernel.at.counts,
        );
  target.countUpdates(kernel.counts);
  return active;
}
