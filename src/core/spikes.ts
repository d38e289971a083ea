/**
 * Input spike events of one presentation, bucketed by time step (counting sort), so the engine
 * walks step t's input rows as one contiguous slice: rows[stepStart[t] .. stepStart[t+1]).
 * Buffers grow on demand and are reused: no allocation per presentation once warm.
 */
export class SpikeEvents {
  /** Number of steps of the presentation being filled. */
  steps = 0;
  /** Number of events. */
  count = 0;
  /** Input row of each event, grouped by step (ascending step, then insertion order). */
  rows = new Int32Array(4096);
  /** stepStart[t] = first event of step t; stepStart[steps] = count. */
  stepStart = new Int32Array(1);
  private pendingSteps = new Int32Array(4096);
  private pendingRows = new Int32Array(4096);

  /** Starts a new presentation of `steps` steps; discards previous events. */
  begin(steps: number): void {
    if (this.stepStart.length < steps + 1) this.stepStart = new Int32Array(steps + 1);
    this.steps = steps;
    this.count = 0;
  }

  /** Adds one event (any order). */
  add(step: number, row: number): void {
    if (this.count === this.pendingSteps.length) {
      const n = this.count * 2;
      const s = new Int32Array(n);
      s.set(this.pendingSteps);
      this.pendingSteps = s;
      const r = new Int32Array(n);
      r.set(this.pendingRows);
      this.pendingRows = r;
    }
    this.pendingSteps[this.count] = step;
    this.pendingRows[this.count] = row;
    this.count++;
  }

  /**
   * All of a presentation's events in one call, instead of begin(), add() per event and finish():
   * event k < count is at step stepOf[k] on row rowOf[k], and perStep[t + 1] is the number of events
   * at step t (t < steps), counted by the caller as it produced them. Gives the layout add() and
   * finish() give for the same events in the same order. Uses perStep as the placement cursor (its
   * first `steps` entries end up as the next free slot of each step).
   */
  setEvents(
    steps: number,
    count: number,
    stepOf: Int32Array,
    rowOf: Int32Array,
    perStep: Int32Array,
  ): void {
    this.begin(steps);
    const start = this.stepStart;
    start[0] = 0;
    for (let t = 0; t < steps; t++) {
      start[t + 1] = start[t]! + perStep[t + 1]!;
      perStep[t] = start[t]!;
    }
    if (this.rows.length < count) this.rows = new Int32Array(Math.max(count, this.rows.length * 2));
    const rows = this.rows;
    for (let k = 0; k < count; k++) rows[perStep[stepOf[k]!]!++] = rowOf[k]!;
    this.count = count;
  }

  /** Buckets the added events by step (stable). Call once after the last add(). */
  finish(): void {
    const { steps, count } = this;
    const start = this.stepStart;
    start.fill(0, 0, steps + 1);
    for (let k = 0; k < count; k++) start[this.pendingSteps[k]! + 1]!++;
    for (let t = 0; t < steps; t++) start[t + 1]! += start[t]!;
    if (this.rows.length < count) this.rows = new Int32Array(this.pendingRows.length);
    // Place with a moving cursor per step; restore stepStart afterwards.
    for (let k = 0; k < count; k++) {
      const s = this.pendingSteps[k]!;
      this.rows[start[s]!++] = this.pendingRows[k]!;
    }
    for (let t = steps; t > 0; t--) start[t] = start[t - 1]!;
    start[0] = 0;
  }
}
