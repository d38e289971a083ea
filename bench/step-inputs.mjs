// The deterministic inputs of the step benchmarks (thread-ceiling.mjs, team-step.mjs): no seed,
// the same numbers on every machine.

/**
 * Fills `w` (float32, INPUTS × columns, row-major) with weights of Diehl & Cook's shape
 * (U[0,1) + 0.01) × 0.3 from an LCG, scaled by 0.05 so that no column crosses its threshold (the
 * kernel does not reset a neuron that fires; in a run the whole layer fires a few spikes per
 * image), then `rows` (int32, steps × rowsPerStep) with input rows drawn uniformly from
 * [0, inputs), distinct within a step.
 */
export function fillStepInputs(w, rows, rowsPerStep, inputs) {
  let lcg = 12345;
  const uniform = () => {
    lcg = (Math.imul(lcg, 1664525) + 1013904223) >>> 0;
    return lcg / 4294967296;
  };
  for (let i = 0; i < w.length; i++) w[i] = (uniform() + 0.01) * 0.3 * 0.05;
  for (let s = 0; s < rows.length / rowsPerStep; s++) {
    for (let k = 0; k < rowsPerStep; k++) {
      let r;
      do r = Math.floor(uniform() * inputs);
      while (rows.subarray(s * rowsPerStep, s * rowsPerStep + k).includes(r));
      rows[s * rowsPerStep + k] = r;
    }
  }
}
