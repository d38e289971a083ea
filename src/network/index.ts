/**
 * The network: run configuration ({@link runConfigSchema}), construction ({@link buildNetwork}),
 * the presentation engine, the label readout, the train → label → test pipeline
 * ({@link runPipeline}) and every inhibition mode.
 * Subpath export `neuroxbar/network`; everything here is also exported from the package root.
 */
export * from "./config.js";
export * from "./build.js";
export * from "./engine.js";
export * from "./pipeline.js";
export * from "./readout.js";
export * from "./inhibition/lateral.js";
export * from "./inhibition/population.js";
export * from "./inhibition/none.js";
export * from "./inhibition/soft.js";
export * from "./inhibition/wta.js";
export {
  /** The modes that act through the neuron hooks only (wta, soft, none); `inhibitionConfigSchema` is every mode. */
  inhibitionConfigSchema as hookInhibitionConfigSchema,
  INHIBITION_MODES,
  parseInhibitionFlag,
  createInhibition,
} from "./inhibition/index.js";
export type { InhibitionConfig as HookInhibitionConfig } from "./inhibition/index.js";
