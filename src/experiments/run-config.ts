/**
 * The run configuration of a scenario point: a spiking-network run (`kind` "snn", the default) or
 * a trained-ANN baseline run (`kind` "ann", docs/ann.md), discriminated by `kind`.
 *
 *   kind absent or "snn"  → runConfigSchema (src/network/config.ts); `kind` is dropped, so a
 *                           configuration without it resolves exactly as it always did (same
 *                           parsed object, same sweep hash, same point ids and run seeds)
 *   kind "ann"            → annConfigSchema (src/ann/config.ts) with `kind: "ann"` kept
 *
 * A scenario mixes the two with an axis on the empty path "" (docs/scenarios.md): each value is
 * an object merged into the configuration, so one value can be an SNN arm and another an ANN arm.
 */
import { z } from "zod";
import { annConfigSchema } from "../ann/config.js";
import { runConfigSchema, type RunConfig } from "../network/config.js";
import { isPlainObject } from "./config-path.js";

/** Zod schema of an ANN run in a scenario: annConfigSchema plus `kind: "ann"`. */
export const annRunConfigSchema = annConfigSchema.extend({
  kind: z
    .literal("ann")
    .describe(
      'run kind — "ann": train and test the 784-N-10 ANN baseline (docs/ann.md) instead of the spiking network',
    ),
});

/** A validated ANN run configuration of a scenario point. */
export type AnnRunConfig = z.output<typeof annRunConfigSchema>;

/**
 * Zod schema of an SNN run in a scenario: an optional `kind: "snn"`, dropped before the
 * configuration is checked by runConfigSchema, whose output it is.
 */
export const snnRunConfigSchema = z
  .looseObject({
    kind: z
      .literal("snn")
      .optional()
      .describe('run kind — "snn" (the default): the spiking network of src/network'),
  })
  .transform((input) => {
    const { kind: _kind, ...rest } = input;
    return rest;
  })
  // runConfigSchema's input type is `unknown` (a z.preprocess); its output is RunConfig.
  .pipe(runConfigSchema as unknown as z.ZodType<RunConfig, Record<string, unknown>>);

/**
 * Zod schema of a scenario point's run configuration: an SNN run (no `kind`, or "snn") or an ANN
 * run (`kind` "ann"). The default run schema of expandScenario.
 */
export const scenarioRunConfigSchema = z.discriminatedUnion(
  "kind",
  [snnRunConfigSchema, annRunConfigSchema],
  { error: 'expected kind "snn" (the spiking network, the default) or "ann" (the ANN baseline)' },
);

/** A validated scenario run configuration: an SNN RunConfig or an AnnRunConfig. */
export type ScenarioRunConfig = RunConfig | AnnRunConfig;

/** True when a scenario run configuration is an ANN run. */
export function isAnnRun(config: ScenarioRunConfig | unknown): config is AnnRunConfig {
  return isPlainObject(config) && config.kind === "ann";
}
