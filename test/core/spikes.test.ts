import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { SpikeEvents } from "../../src/core/spikes.js";

/** The rows of step t as the engine walks them: rows[stepStart[t] .. stepStart[t+1]). */
function rowsAt(events: SpikeEvents, t: number): number[] {
  return Array.from(events.rows.subarray(events.stepStart[t]!, events.stepStart[t + 1]!));
}

describe("SpikeEvents", () => {
  it("SpikeEvents.finish: buckets events by step, ascending step, insertion order within a step", () => {
    const events = new SpikeEvents();
    events.begin(5);
    events.add(3, 10);
    events.add(0, 7);
    events.add(3, 2);
    events.add(1, 4);
    events.add(3, 11);
    events.add(0, 1);
    events.finish();
    expect(events.count).toBe(6);
    expect(events.steps).toBe(5);
    expect(Array.from(events.stepStart.subarray(0, 6))).toEqual([0, 2, 3, 3, 6, 6]);
    expect([0, 1, 2, 3, 4].map((t) => rowsAt(events, t))).toEqual([
      [7, 1],
      [4],
      [],
      [10, 2, 11],
      [],
    ]);
  });

  it("SpikeEvents.begin: discards the previous presentation's events", () => {
    const events = new SpikeEvents();
    events.begin(4);
    for (let t = 0; t < 4; t++) events.add(t, t + 100);
    events.finish();
    events.begin(3);
    events.add(2, 5);
    events.finish();
    expect(events.count).toBe(1);
    expect([0, 1, 2].map((t) => rowsAt(events, t))).toEqual([[], [], [5]]);
    // An empty presentation: every step empty.
    events.begin(6);
    events.finish();
    expect(events.count).toBe(0);
    expect(Array.from(events.stepStart.subarray(0, 7))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it("SpikeEvents: grows past its initial buffers (10 000 events, 700 steps) and matches a reference sort", () => {
    const rng = createRng("spikes");
    const events = new SpikeEvents();
    const steps = 700;
    const added: { step: number; row: number; order: number }[] = [];
    // A small presentation first, so the growth happens on a reused instance.
    events.begin(2);
    events.add(1, 1);
    events.finish();
    events.begin(steps);
    for (let k = 0; k < 10_000; k++) {
      const step = rng.int(steps);
      const row = rng.int(784);
      events.add(step, row);
      added.push({ step, row, order: k });
    }
    events.finish();
    expect(events.count).toBe(10_000);
    const expected = [...added].sort((a, b) => a.step - b.step || a.order - b.order);
    expect(Array.from(events.rows.subarray(0, events.count))).toEqual(expected.map((e) => e.row));
    for (let t = 0; t < steps; t++) {
      const n = added.filter((e) => e.step === t).length;
      expect(events.stepStart[t + 1]! - events.stepStart[t]!).toBe(n);
    }
    expect(events.stepStart[steps]).toBe(10_000);
  });
});
