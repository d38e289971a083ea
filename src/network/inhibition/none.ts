import { z } from "zod";
import type { ComponentState, Inhibition } from "../../core/contracts.js";

/** No lateral inhibition: every crossing stands and nobody else is affected (the control). */
export const noInhibitionSchema = z.strictObject({ mode: z.literal("none") });
export type NoInhibitionConfig = z.output<typeof noInhibitionSchema>;

export class NoInhibition implements Inhibition {
  readonly config: NoInhibitionConfig = { mode: "none" };

  afterStep(_t: number, _fired: Int32Array, nFired: number): number {
    return nFired;
  }

  rest(): void {}

  settled(): boolean {
    return true;
  }

  saveState(): ComponentState {
    return {};
  }

  loadState(): void {}
}
