import { z } from "zod";
import type { ComponentState, Inhibition } from "../../core/contracts.js";
import { declareState } from "../../core/state-spec.js";

/** No lateral inhibition: every crossing stands and nobody else is affected (the control). */
export const noInhibitionSchema = z.strictObject({ mode: z.literal("none") });
/** Configuration of the "none" inhibition mode. */
export type NoInhibitionConfig = z.output<typeof noInhibitionSchema>;

/** No inhibition: every neuron crossing threshold fires and nothing is suppressed. */
export class NoInhibition implements Inhibition {
  readonly config: NoInhibitionConfig = { mode: "none" };

  afterStep(_t: number, _fired: Int32Array, nFired: number): number {
    return nFired;
  }

  rest(): void {}

  settled(): boolean {
    return true;
  }

  /** Stateless: the declaration is empty, so loading any non-empty state is refused. */
  private readonly state = declareState("inhibition (none)", {});

  saveState(): ComponentState {
    return this.state.save();
  }

  loadState(state: ComponentState): void {
    this.state.load(state);
  }
}
