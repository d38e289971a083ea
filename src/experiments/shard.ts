import { UsageError } from "../core/errors.js";

/** One shard of a sweep: index 1…count (Slurm's SLURM_ARRAY_TASK_ID style, 1-based). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses "K/N" (1 ≤ K ≤ N). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard: expected K/N with 1 ≤ K ≤ N (e.g. 2/8), got "${text}"`);
  }
  return { index, count };
}

/**
 * The runs of one shard: run i (in expansion order, point-major) belongs to shard (i mod N) + 1.
 * Dealing runs round-robin spreads each point's seeds and the costly points over the shards;
 * the assignment depends only on the scenario, so every job of an array agrees on it.
 */
export function selectShard<T>(runs: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...runs];
  return runs.filter((_, i) => i % shard.count === shard.index - 1);
}
