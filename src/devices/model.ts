/**
 * What every device model module provides. A model is data (a strict params schema with units)
 * plus a fabricator that turns validated params into a DeviceKernel for n devices.
 */
import type { z } from "zod";
import type { DeviceFactors, DeviceKernel, NominalBounds } from "./kernel.js";

/**
 * A device model: name, title, equation source and parameter schema; fabricate() builds the kernel
 * of n devices from validated params `P`; symmetric() mirrors LTD from LTP; derived() gives derived
 * quantities for display.
 */
export interface DeviceModel<P> {
  /** Name used in preset files (`"model": "neurosim"`). */
  readonly name: string;
  /** One line for `device list` and docs. */
  readonly title: string;
  /** Where the equation comes from. */
  readonly equationSource: string;
  /** Strict params schema (units in the field descriptions). */
  readonly paramsSchema: z.ZodType<P>;
  /** Whether d2d.nlSigma has a parameter to act on. */
  readonly hasNonlinearity: boolean;
  /** Mutually exclusive params: an override setting one removes the other (e.g. nlLtp / aLtpPulses). */
  readonly exclusiveParams: readonly (readonly [string, string])[];
  /** Nominal conductance bounds. */
  nominalBounds(p: P): NominalBounds;
  /** The same device with LTD made the mirror image of LTP (asymmetry switched off). */
  symmetric(p: P): P;
  /** Builds n devices around `bounds` with the given device-to-device factors. */
  fabricate(p: P, n: number, bounds: NominalBounds, f: DeviceFactors): DeviceKernel;
  /**
   * Pulses a nominal device needs to sweep the range in each direction (to 99 % of it for models
   * that only approach a bound asymptotically): the x-axis of device cards and a cap per write.
   */
  sweepPulses(p: P): { ltp: number; ltd: number };
  /** Derived values worth recording (e.g. A in pulses for an NL label). */
  derived(p: P): Record<string, number>;
}

/** Type-erased model (method parameters are bivariant, so any DeviceModel<P> fits). */
export type AnyDeviceModel = DeviceModel<unknown>;
