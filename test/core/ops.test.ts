import { describe, expect, it } from "vitest";
import { OP, OP_NAMES, OpLedger } from "../../src/core/ops.js";

describe("OpLedger", () => {
  it("OP: one distinct index per name, in OP_NAMES order", () => {
    OP_NAMES.forEach((name, i) => expect(OP[name]).toBe(i));
    expect(new OpLedger().counts.length).toBe(OP_NAMES.length);
  });

  it("OpLedger.since: the counts added after a snapshot, by name; toRecord: everything", () => {
    const ledger = new OpLedger();
    ledger.counts[OP.inputSpikes]! += 3;
    const snap = ledger.snapshot();
    ledger.counts[OP.inputSpikes]! += 4;
    ledger.counts[OP.synapticEvents]! += 40;
    ledger.counts[OP.readConductanceS]! += 2.5e-6;
    const delta = ledger.since(snap);
    expect(delta.inputSpikes).toBe(4);
    expect(delta.synapticEvents).toBe(40);
    expect(delta.readConductanceS).toBe(2.5e-6);
    expect(delta.outputSpikes).toBe(0);
    expect(Object.keys(delta)).toEqual([...OP_NAMES]);
    expect(ledger.toRecord().inputSpikes).toBe(7);
    // A snapshot is a copy: later counts do not change it.
    expect(snap[OP.inputSpikes]).toBe(3);
    ledger.reset();
    expect(Array.from(ledger.counts).every((c) => c === 0)).toBe(true);
  });
});
