import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import {
  accumulateGradient,
  adamStep,
  createAdam,
  createScratch,
  forward,
  initMlp,
  macsPerInference,
  parameterCount,
  zeroParams,
  type MlpParams,
  type MlpShape,
} from "../../src/ann/mlp.js";

const shape: MlpShape = { inputs: 6, hidden: 5, classes: 4 };

/** Inputs in [0, 1) with about a third exactly 0 (the sparse path is exercised), and labels. */
function batch(seed: string, size: number): { xs: Float64Array[]; labels: number[] } {
  const rng = createRng(seed);
  const xs: Float64Array[] = [];
  const labels: number[] = [];
  for (let s = 0; s < size; s++) {
    const x = new Float64Array(shape.inputs);
    for (let i = 0; i < x.length; i++) x[i] = rng.next() < 1 / 3 ? 0 : rng.next();
    xs.push(x);
    labels.push(rng.int(shape.classes));
  }
  return { xs, labels };
}

function meanLoss(params: MlpParams, xs: Float64Array[], labels: number[]): number {
  const scratch = createScratch(shape);
  const sink = zeroParams(shape);
  let sum = 0;
  for (let s = 0; s < xs.length; s++) {
    sum += accumulateGradient(params, xs[s]!, labels[s]!, sink, scratch, 0);
  }
  return sum / xs.length;
}

describe("mlp", () => {
  it("parameterCount and macsPerInference: 784-100-10 has 79,510 parameters and 79,400 MACs", () => {
    const big = { inputs: 784, hidden: 100, classes: 10 };
    expect(parameterCount(big)).toBe(784 * 100 + 100 + 100 * 10 + 10);
    expect(macsPerInference(big)).toBe(784 * 100 + 100 * 10);
  });

  it("forward: logits equal W2ᵀ·max(0, W1ᵀx + b1) + b2 computed densely", () => {
    const p = initMlp(shape, createRng("fwd"));
    for (let j = 0; j < shape.hidden; j++) p.b1[j] = 0.1 * (j - 2);
    const { xs } = batch("fwd-x", 1);
    const x = xs[0]!;
    const scratch = createScratch(shape);
    forward(p, x, scratch);
    for (let k = 0; k < shape.classes; k++) {
      let z = p.b2[k]!;
      for (let j = 0; j < shape.hidden; j++) {
        let a = p.b1[j]!;
        for (let i = 0; i < shape.inputs; i++) a += x[i]! * p.w1[i * shape.hidden + j]!;
        z += Math.max(0, a) * p.w2[j * shape.classes + k]!;
      }
      expect(scratch.logits[k]).toBeCloseTo(z, 12);
    }
  });

  it("accumulateGradient: the batch-mean gradient matches central finite differences of the mean loss", () => {
    const params = initMlp(shape, createRng("gradcheck"));
    // Non-zero biases so that the bias gradients are tested away from the initial point too.
    const brng = createRng("gradcheck-bias");
    for (let j = 0; j < shape.hidden; j++) params.b1[j] = 0.2 * brng.normal();
    for (let k = 0; k < shape.classes; k++) params.b2[k] = 0.2 * brng.normal();
    const { xs, labels } = batch("gradcheck-x", 3);

    const grads = zeroParams(shape);
    const scratch = createScratch(shape);
    for (let s = 0; s < xs.length; s++) {
      accumulateGradient(params, xs[s]!, labels[s]!, grads, scratch, 1 / xs.length);
    }

    const h = 1e-5;
    // A central difference is only valid if no ReLU crosses its kink within ±h: a parameter
    // moves a pre-activation a_j by at most h·max(1, max x_i) ≤ h, so require |a_j| > 10·h.
    let minAbsPre = Infinity;
    for (const x of xs) {
      for (let j = 0; j < shape.hidden; j++) {
        let a = params.b1[j]!;
        for (let i = 0; i < shape.inputs; i++) a += x[i]! * params.w1[i * shape.hidden + j]!;
        minAbsPre = Math.min(minAbsPre, Math.abs(a));
      }
    }
    expect(minAbsPre).toBeGreaterThan(10 * h);

    // Tolerance. Along one parameter θ (inside a ReLU region) every logit is linear in θ with
    // slope c_k, and L = logΣe^z − z_y has d³L/dθ³ = Σ_k p_k (c_k − c̄)³, at most R³ with
    // R = max_k c_k − min_k c_k ≤ 2·max|c|. |c_k| ≤ max(1, |h_j|, max|W2|·max|x|) =: C, so the
    // truncation error of (L(θ+h) − L(θ−h))/2h is ≤ h²/6·(2C)³. Round-off: L is a sum of ~100
    // float64 operations on values ≤ S = 1 + max|z| + |L|, so each evaluation errs by
    // ≤ 100·ε·S and the quotient by ≤ 100·ε·S/h.
    let maxAbsZ = 0;
    let maxH = 0;
    const sc = createScratch(shape);
    for (const x of xs) {
      forward(params, x, sc);
      for (const z of sc.logits) maxAbsZ = Math.max(maxAbsZ, Math.abs(z));
      for (const v of sc.hidden) maxH = Math.max(maxH, v);
    }
    let maxW2 = 0;
    for (const w of params.w2) maxW2 = Math.max(maxW2, Math.abs(w));
    const c = Math.max(1, maxH, maxW2);
    const loss0 = meanLoss(params, xs, labels);
    const tol = (h * h * (2 * c) ** 3) / 6 + (100 * Number.EPSILON * (1 + maxAbsZ + loss0)) / h;
    expect(tol).toBeLessThan(1e-7); // the check is meaningful: far below typical gradients

    let checked = 0;
    let maxErr = 0;
    for (let i = 0; i < params.data.length; i++) {
      const saved = params.data[i]!;
      params.data[i] = saved + h;
      const up = meanLoss(params, xs, labels);
      params.data[i] = saved - h;
      const down = meanLoss(params, xs, labels);
      params.data[i] = saved;
      const numeric = (up - down) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(numeric - grads.data[i]!));
      checked++;
    }
    expect(checked).toBe(parameterCount(shape));
    expect(maxErr).toBeLessThan(tol);
    // Not a vacuous check: the gradient is far from zero somewhere in every block.
    for (const block of [grads.w1, grads.b1, grads.w2, grads.b2]) {
      expect(Math.max(...Array.from(block, Math.abs))).toBeGreaterThan(1000 * tol);
    }
  });

  it("adamStep: the first step moves each parameter by α·g/(|g| + ε) against its gradient", () => {
    const params = initMlp(shape, createRng("adam"));
    const before = params.data.slice();
    const grads = zeroParams(shape);
    const grng = createRng("adam-g");
    for (let i = 0; i < grads.data.length; i++) grads.data[i] = grng.normal();
    const hyper = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const state = createAdam(shape);
    adamStep(params, grads, state, hyper);
    expect(state.step).toBe(1);
    for (let i = 0; i < params.data.length; i++) {
      const g = grads.data[i]!;
      // m̂ = g and v̂ = g² after bias correction at step 1.
      const expected = before[i]! - (hyper.learningRate * g) / (Math.abs(g) + hyper.epsilon);
      expect(params.data[i]).toBeCloseTo(expected, 12);
    }
  });
});
