import { it } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { createCrossbar } from "../../src/crossbar/create.js";
function bad(
  device: string,
  v: number,
  mapping: "reference" | "differential" = "reference",
): string | null {
  try {
    const xb = createCrossbar(
      { device, set: { "params.gMaxS": v }, mapping, update: "pulse" },
      4,
      3,
      createRng(0),
      new OpLedger(),
    );
    xb.programInitialWeights(new Float32Array(12).fill(0.5));
    for (let k = 0; k < 24; k++) xb.pulse(k % 12, k < 12 ? 1 : -1);
    if (!Array.from(xb.devices.g).every(Number.isFinite)) return "nonfinite g";
    if (!Array.from(xb.weights).every((w) => w >= 0 && w <= 1)) return "bad w";
    return null;
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message.slice(0, 80)}`;
  }
}
it("thresholds", () => {
  for (const device of [
    "ag-a-si",
    "alox-hfo2",
    "epiram",
    "gst-pcm",
    "hzo-fefet",
    "pcmo",
    "taox-hfox",
    "ideal",
    "querlioz-2013",
    "reram-gong2018",
    "ecram-li",
  ]) {
    let lo = 1,
      hi = Number.MAX_VALUE;
    if (bad(device, hi) === null) {
      console.log(device, "never fails");
      continue;
    }
    for (let i = 0; i < 200; i++) {
      const mid = Math.sqrt(lo) * Math.sqrt(hi);
      if (bad(device, mid)) hi = mid;
      else lo = mid;
    }
    console.log(
      device,
      "fails from gMaxS ≈",
      hi.toExponential(3),
      bad(device, hi),
      "| 1e308:",
      bad(device, 1e308),
    );
  }
});
