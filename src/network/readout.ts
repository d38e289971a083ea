/**
 * Diehl & Cook 2015 readout. Assignment: each neuron takes the class for which its mean spike count
 * over the labelled presentations is highest (a neuron that never fired stays unassigned, −1).
 * Prediction: the class whose assigned neurons have the highest mean spike count (ties → lowest class).
 */
export class SpikeTable {
  /** counts[sample·neurons + j] */
  readonly counts: Int32Array;
  readonly labels: Uint8Array;
  size = 0;

  constructor(
    readonly capacity: number,
    readonly neurons: number,
  ) {
    this.counts = new Int32Array(capacity * neurons);
    this.labels = new Uint8Array(capacity);
  }

  add(counts: Int32Array, label: number): void {
    this.counts.set(counts, this.size * this.neurons);
    this.labels[this.size] = label;
    this.size++;
  }
}

/**
 * Assigns each neuron the class with its highest mean spike count over the labelled presentations
 * of `table` (−1 for a neuron that never fired); returns one label per neuron.
 */
export function assignLabels(table: SpikeTable, classes: number): Int32Array {
  const n = table.neurons;
  const sums = new Float64Array(classes * n);
  const perClass = new Float64Array(classes);
  for (let s = 0; s < table.size; s++) {
    const c = table.labels[s]!;
    perClass[c]!++;
    const base = s * n;
    for (let j = 0; j < n; j++) sums[c * n + j]! += table.counts[base + j]!;
  }
  const assignment = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    let best = 0;
    for (let c = 0; c < classes; c++) {
      if (perClass[c] === 0) continue;
      const rate = sums[c * n + j]! / perClass[c]!;
      if (rate > best) {
        best = rate;
        assignment[j] = c;
      }
    }
  }
  return assignment;
}

/** Predicted class for one presentation's spike counts; −1 when no assigned neuron fired. */
export function predict(
  counts: ArrayLike<number>,
  assignment: Int32Array,
  classes: number,
  scratch: Float64Array = new Float64Array(classes * 2),
): number {
  const sum = scratch.subarray(0, classes).fill(0);
  const num = scratch.subarray(classes, 2 * classes).fill(0);
  for (let j = 0; j < assignment.length; j++) {
    const c = assignment[j]!;
    if (c < 0) continue;
    sum[c]! += counts[j]!;
    num[c]!++;
  }
  let best = -1;
  let bestRate = 0;
  for (let c = 0; c < classes; c++) {
    if (num[c] === 0) continue;
    const rate = sum[c]! / num[c]!;
    if (rate > bestRate) {
      bestRate = rate;
      best = c;
    }
  }
  return best;
}
