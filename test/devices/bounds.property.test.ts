/** Property: no pulse sequence and no Δw sequence takes a device out of its own bounds. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { OpLedger } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import { createCrossbar } from "../../src/crossbar/index.js";
import { listPresets } from "../../src/devices/preset-files.js";

const SPREAD = { "d2d.gMinSigma": 0.3, "d2d.gMaxSigma": 0.3, "d2d.stepSigma": 0.3 };
const NOISE = { "c2c.sigmaOfRange": 0.1 };

function inBounds(xb: ReturnType<typeof createCrossbar>): boolean {
  const { g, kernel } = xb.devices;
  for (let d = 0; d < g.length; d++)
    if (!(g[d]! >= kernel.gMinS[d]! && g[d]! <= kernel.gMaxS[d]!)) return false;
  for (const w of xb.weights) if (!(w >= 0 && w <= 1)) return false;
  return true;
}

describe.each(listPresets())("bounds of %s", (name) => {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant("pulse" as const),
      i: fc.nat(5),
      up: fc.boolean(),
      n: fc.integer({ min: 1, max: 40 }),
    }),
    fc.record({
      kind: fc.constant("update" as const),
      i: fc.nat(5),
      dw: fc.double({ min: -2, max: 2, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant("normalise" as const),
      target: fc.double({ min: 0, max: 3, noNaN: true }),
    }),
  );

  test.each([
    ["reference", "stochastic"],
    ["differential", "deterministic"],
  ])(
    "any sequence of pulses, Δw writes and normalisations keeps G in [Gmin_d, Gmax_d] (%s, %s)",
    (mapping, rounding) => {
      let runs = 0;
      let opsChecked = 0;
      fc.assert(
        fc.property(
          fc.array(op, { maxLength: 60 }),
          fc.integer({ min: 0, max: 1000 }),
          (ops, seed) => {
            runs++;
            const xb = createCrossbar(
              {
                device: name,
                set: { ...SPREAD, ...NOISE },
                mapping: mapping as "reference",
                rounding: rounding as "stochastic",
              },
              2,
              3,
              createRng(seed),
              new OpLedger(),
            );
            xb.programInitialWeights(new Float32Array(6).fill(0.4));
            for (const o of ops) {
              if (o.kind === "pulse") for (let k = 0; k < o.n; k++) xb.pulse(o.i, o.up ? 1 : -1);
              else if (o.kind === "update") xb.update(o.i, o.dw);
              else xb.normaliseColumns(o.target);
              opsChecked++;
              if (!inBounds(xb)) return false;
            }
            return true;
          },
        ),
        { numRuns: 40, seed: 20240601 },
      );
      // fc.assert throws on a counterexample; here: all 40 sequences ran, with real operations.
      expect(runs).toBe(40);
      expect(opsChecked).toBeGreaterThan(40);
    },
  );
});
