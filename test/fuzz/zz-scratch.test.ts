import { it } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { createCrossbar } from "../../src/crossbar/create.js";
import { loadPreset } from "../../src/devices/preset-files.js";
it("p", () => {
  try {
    createCrossbar(
      { device: "ag-a-si", set: { "__proto__.x": 0 } },
      4,
      3,
      createRng(0),
      new OpLedger(),
    );
    console.log("ok");
  } catch (e) {
    console.log("ERR", (e as Error).constructor.name, (e as Error).message.slice(0, 200));
  }
  console.log("keys", Object.keys(Object.prototype));
  try {
    loadPreset("ag-a-si", { "__proto__.x": 0 });
    console.log("ok");
  } catch (e) {
    console.log("ERR", (e as Error).constructor.name, (e as Error).message.slice(0, 200));
  }
  console.log("keys", Object.keys(Object.prototype), ({} as Record<string, unknown>).x);
});
