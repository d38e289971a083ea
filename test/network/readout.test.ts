import { describe, expect, it } from "vitest";
import { SpikeTable, assignLabels, predict } from "../../src/network/readout.js";

function table(rows: [label: number, counts: number[]][]): SpikeTable {
  const t = new SpikeTable(rows.length, rows[0]![1].length);
  for (const [label, counts] of rows) t.add(Int32Array.from(counts), label);
  return t;
}

describe("SpikeTable / assignLabels", () => {
  it("SpikeTable.add stores each presentation's counts and label in order", () => {
    const t = table([
      [3, [1, 2]],
      [0, [0, 5]],
    ]);
    expect(t.size).toBe(2);
    expect(Array.from(t.counts)).toEqual([1, 2, 0, 5]);
    expect(Array.from(t.labels)).toEqual([3, 0]);
  });

  it("assignLabels: each neuron gets the class of highest MEAN count (not sum); never-firing → −1; ties → lowest class", () => {
    // Classes: 0 (3 samples), 1 (1 sample), 2 (2 samples). Neurons:
    //  n0: class means 0: 10/3, 1: 1, 2: 0           → 0
    //  n1: 0: 2/3, 1: 3, 2: 3/2                        → 1
    //  n2: never fires                                 → −1
    //  n3: sums 0: 6 (mean 2), 1: 3 (mean 3)           → 1 (a sum would say 0)
    //  n4: means 0: 0, 1: 2, 2: 2 (tie)                → 1
    //  n5: means 0: 1/3, 1: 0, 2: 1                    → 2
    const t = table([
      [0, [4, 0, 0, 2, 0, 0]],
      [0, [5, 2, 0, 2, 0, 1]],
      [0, [1, 0, 0, 2, 0, 0]],
      [1, [1, 3, 0, 3, 2, 0]],
      [2, [0, 3, 0, 0, 4, 2]],
      [2, [0, 0, 0, 0, 0, 0]],
    ]);
    expect(Array.from(assignLabels(t, 3))).toEqual([0, 1, -1, 1, 1, 2]);
  });

  it("assignLabels: classes without labelled samples are never assigned (no 0/0); an empty table assigns nobody", () => {
    const t = table([
      [0, [1, 0]],
      [2, [0, 1]],
    ]);
    // 4 classes, classes 1 and 3 absent.
    expect(Array.from(assignLabels(t, 4))).toEqual([0, 2]);
    const empty = new SpikeTable(5, 3);
    expect(Array.from(assignLabels(empty, 10))).toEqual([-1, -1, -1]);
  });
});

describe("predict", () => {
  it("predict: the class whose assigned neurons have the highest MEAN count wins", () => {
    // Class 0 has 3 neurons (counts 2, 2, 2: mean 2, sum 6); class 1 one neuron (count 5: mean 5).
    const assignment = Int32Array.from([0, 0, 0, 1]);
    expect(predict([2, 2, 2, 5], assignment, 2)).toBe(1);
    expect(predict([2, 2, 2, 1], assignment, 2)).toBe(0);
  });

  it("predict: ties go to the lowest class", () => {
    const assignment = Int32Array.from([2, 1, 1]);
    expect(predict([3, 3, 3], assignment, 3)).toBe(1);
    expect(predict([4, 2, 6], assignment, 3)).toBe(1);
  });

  it("predict: spikes of unassigned neurons (−1) are ignored; no assigned neuron fired → −1", () => {
    const assignment = Int32Array.from([-1, 0, 1]);
    expect(predict([100, 0, 1], assignment, 2)).toBe(1);
    expect(predict([100, 0, 0], assignment, 2)).toBe(-1);
    expect(predict([0, 0, 0], Int32Array.from([-1, -1, -1]), 2)).toBe(-1);
  });

  it("predict: a reused scratch buffer gives the same answers as a fresh one", () => {
    const assignment = Int32Array.from([0, 1, 2, 1, 0]);
    const scratch = new Float64Array(6);
    const cases = [
      [1, 0, 0, 0, 0],
      [0, 0, 7, 0, 0],
      [0, 2, 0, 2, 0],
      [0, 0, 0, 0, 0],
    ];
    for (const counts of cases) {
      expect(predict(counts, assignment, 3, scratch)).toBe(predict(counts, assignment, 3));
    }
    expect(cases.map((c) => predict(c, assignment, 3, scratch))).toEqual([0, 2, 1, -1]);
  });
});
