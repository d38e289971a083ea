/** Factory: a crossbar from a CrossbarConfig (preset name or file, plus overrides). */
import type { OpLedger } from "../core/ops.js";
import type { Rng } from "../core/rng.js";
import { loadPreset, type LoadedPreset } from "../devices/preset-files.js";
import { resolveDevice } from "../devices/resolve.js";
import type { KernelArena } from "../kernels/wasm.js";
import { parseCrossbarConfig, type CrossbarConfig, type CrossbarConfigInput } from "./config.js";
import { Crossbar, type CrossbarStreams } from "./crossbar.js";

/** The named streams forked from the run's crossbar RNG. */
export function crossbarStreams(rng: Rng): CrossbarStreams {
  return {
    fabrication: rng.fork("fabrication"),
    c2c: rng.fork("c2c"),
    read: rng.fork("read"),
    faults: rng.fork("faults"),
    rounding: rng.fork("rounding"),
    init: rng.fork("init"),
    verify: rng.fork("verify"),
  };
}

/**
 * Validates config (defaults filled in), loads config.device with config.set applied (ValidationError naming the file and field),
 * fabricates rows·cols devices (2× for a differential pair) and returns the crossbar with every
 * device at its Gmin (or stuck value); call programInitialWeights next. With a kernel `arena`
 * (src/kernels/wasm.ts) the weights live in WebAssembly memory and noise-free reads use its SIMD
 * row kernel, as IdealSynapses does.
 */
export function createCrossbar(
  config: CrossbarConfigInput,
  rows: number,
  cols: number,
  rng: Rng,
  ledger: OpLedger,
  arena: KernelArena | null = null,
): Crossbar {
  const c = parseCrossbarConfig(config);
  return createCrossbarFromPreset(loadPreset(c.device, c.set), c, rows, cols, rng, ledger, arena);
}

/** As createCrossbar, for an already loaded preset. */
export function createCrossbarFromPreset(
  loaded: LoadedPreset,
  config: CrossbarConfig,
  rows: number,
  cols: number,
  rng: Rng,
  ledger: OpLedger,
  arena: KernelArena | null = null,
): Crossbar {
  return new Crossbar(
    loaded,
    resolveDevice(loaded.preset),
    config,
    rows,
    cols,
    crossbarStreams(rng),
    ledger,
    arena,
  );
}
