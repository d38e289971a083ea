import { z } from "zod";
import type { Inhibition, NeuronArray } from "../../core/contracts.js";
import { UsageError } from "../../core/errors.js";
import type { OpLedger } from "../../core/ops.js";
import { NoInhibition, noInhibitionSchema } from "./none.js";
import { SoftInhibition, softInhibitionSchema } from "./soft.js";
import { WtaInhibition, wtaInhibitionSchema } from "./wta.js";

export * from "./none.js";
export * from "./soft.js";
export * from "./wta.js";

/** Inhibition modes that act through the NeuronArray hooks (any neuron model): wta, soft, none. */
export const inhibitionConfigSchema = z.discriminatedUnion("mode", [
  wtaInhibitionSchema,
  softInhibitionSchema,
  noInhibitionSchema,
]);
/**
 * Configuration of an inhibition mode that acts through the neuron-array hooks (wta, soft or none).
 */
export type InhibitionConfig = z.output<typeof inhibitionConfigSchema>;

/** Inhibition modes selectable with `--inhibition`. */
export const INHIBITION_MODES = ["wta", "soft", "none"] as const;

/** `--inhibition wta|soft|none` → that mode with its defaults. */
export function parseInhibitionFlag(text: string): InhibitionConfig {
  const mode = INHIBITION_MODES.find((m) => m === text);
  if (!mode) {
    throw new UsageError(`--inhibition: expected wta, soft or none, got ${JSON.stringify(text)}`);
  }
  return inhibitionConfigSchema.parse({ mode });
}

/**
 * Builds the inhibition for `neurons`. Ops are counted by the neuron array at the hooks
 * (inhibitMv, suppress, hold), where the membrane is touched, so nothing is counted twice.
 */
export function createInhibition(
  config: InhibitionConfig,
  neurons: NeuronArray,
  dtMs: number,
  _ledger: OpLedger,
): Inhibition {
  switch (config.mode) {
    case "wta":
      return new WtaInhibition(config, neurons, dtMs);
    case "soft":
      return new SoftInhibition(config, neurons);
    case "none":
      return new NoInhibition();
  }
}
