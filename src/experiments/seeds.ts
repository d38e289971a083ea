import { sha256Hex } from "../core/canonical-json.js";

/**
 * The seed of one run: the first 12 hex digits (48 bits, an exact JavaScript integer) of
 *   SHA-256("neuroxbar/run-seed/v1|" + scenarioSeed + "|" + pointId + "|" + replicate).
 * It depends on nothing else (not on the worker, the shard, or the order runs are started), so
 * `neuroxbar sweep FILE --point ID --seed S` reproduces a run of a whole sweep bit-identically.
 */
export function deriveRunSeed(scenarioSeed: number, pointId: string, replicate: number): number {
  const hex = sha256Hex(`neuroxbar/run-seed/v1|${scenarioSeed}|${pointId}|${replicate}`);
  return Number.parseInt(hex.slice(0, 12), 16);
}
