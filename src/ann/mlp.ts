/**
 * A two-layer perceptron (inputs → hidden ReLU → softmax classes), the trained ANN baseline the
 * SNN is compared with (docs/ann.md). Pure functions over typed arrays: the caller owns the
 * parameters, the gradient buffer, the optimizer state and the scratch arrays.
 *
 *   a = W1ᵀx + b1,   h = max(0, a),   z = W2ᵀh + b2,   p = softmax(z)
 *   L(x, y) = −log p_y = logΣ_k e^(z_k) − z_y                     (softmax cross-entropy)
 *
 * Backward pass (the chain rule, δ = ∂L/∂·):
 *
 *   δz_k = p_k − [k = y],   ∂L/∂W2[j,k] = h_j·δz_k,   ∂L/∂b2 = δz
 *   δh_j = Σ_k W2[j,k]·δz_k,   δa_j = δh_j·[a_j > 0]
 *   ∂L/∂W1[i,j] = x_i·δa_j,   ∂L/∂b1 = δa
 *
 * Layout: W1 is stored input-major (row i holds the weights leaving input i) so the forward pass
 * and the W1 gradient touch only the rows of non-zero inputs — 19.1 % of MNIST's training pixels
 * are non-zero, so skipping zeros is exact and saves ~4/5 of the first layer's multiply-adds. W2 is stored hidden-major the same way.
 * All parameters live in one Float64Array (`data`) with named views, so the optimizer is one loop.
 *
 * Initialisation (He et al. 2015, "Delving deep into rectifiers"): W1 ~ N(0, 2/inputs) because a
 * ReLU follows; W2 ~ N(0, 1/hidden) (LeCun: no ReLU after the output layer); biases 0.
 *
 * Optimizer: Adam (Kingma & Ba 2015, Algorithm 1), with bias correction:
 *
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − α·m̂/(√v̂ + ε),   m̂ = m/(1 − β1^t),   v̂ = v/(1 − β2^t)
 */
import type { Rng } from "../core/rng.js";

/** Layer sizes of the network. */
export interface MlpShape {
  readonly inputs: number;
  readonly hidden: number;
  readonly classes: number;
}

/** Parameters (or a gradient) of one network: `data` holds w1, b1, w2, b2 back to back. */
export interface MlpParams {
  readonly shape: MlpShape;
  readonly data: Float64Array;
  /** inputs × hidden, input-major: W1[i,j] = w1[i·hidden + j]. */
  readonly w1: Float64Array;
  readonly b1: Float64Array;
  /** hidden × classes, hidden-major: W2[j,k] = w2[j·classes + k]. */
  readonly w2: Float64Array;
  readonly b2: Float64Array;
}

/** Per-sample working arrays (allocated once, reused for every sample). */
export interface MlpScratch {
  /** h = max(0, a) after forward(). */
  readonly hidden: Float64Array;
  /** z after forward(). */
  readonly logits: Float64Array;
  /** δz (softmax minus one-hot) during the backward pass. */
  readonly deltaOut: Float64Array;
  /** δa during the backward pass. */
  readonly deltaHidden: Float64Array;
}

/** Adam hyper-parameters (Kingma & Ba 2015). */
export interface AdamHyper {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** Adam moments and step count. */
export interface AdamState {
  readonly m: Float64Array;
  readonly v: Float64Array;
  step: number;
}

/** Number of parameters: inputs·hidden + hidden + hidden·classes + classes. */
export function parameterCount(shape: MlpShape): number {
  const { inputs, hidden, classes } = shape;
  return inputs * hidden + hidden + hidden * classes + classes;
}

/** Multiply-accumulates of one forward pass: inputs·hidden + hidden·classes. */
export function macsPerInference(shape: MlpShape): number {
  return shape.inputs * shape.hidden + shape.hidden * shape.classes;
}

/** Views a flat buffer of parameterCount(shape) values as the four parameter arrays. */
export function viewParams(shape: MlpShape, data: Float64Array): MlpParams {
  const { inputs, hidden, classes } = shape;
  if (data.length !== parameterCount(shape)) {
    throw new RangeError(
      `parameter buffer holds ${data.length} values, expected ${parameterCount(shape)}`,
    );
  }
  let off = 0;
  const take = (n: number): Float64Array => {
    const view = data.subarray(off, off + n);
    off += n;
    return view;
  };
  const w1 = take(inputs * hidden);
  const b1 = take(hidden);
  const w2 = take(hidden * classes);
  const b2 = take(classes);
  return { shape, data, w1, b1, w2, b2 };
}

/** A zero-filled parameter set (a gradient buffer). */
export function zeroParams(shape: MlpShape): MlpParams {
  return viewParams(shape, new Float64Array(parameterCount(shape)));
}

/** He-initialised parameters drawn from `rng` in a fixed order (w1 row-major, then w2). */
export function initMlp(shape: MlpShape, rng: Rng): MlpParams {
  const p = zeroParams(shape);
  const s1 = Math.sqrt(2 / shape.inputs);
  for (let i = 0; i < p.w1.length; i++) p.w1[i] = s1 * rng.normal();
  const s2 = Math.sqrt(1 / shape.hidden);
  for (let i = 0; i < p.w2.length; i++) p.w2[i] = s2 * rng.normal();
  return p;
}

export function createScratch(shape: MlpShape): MlpScratch {
  return {
    hidden: new Float64Array(shape.hidden),
    logits: new Float64Array(shape.classes),
    deltaOut: new Float64Array(shape.classes),
    deltaHidden: new Float64Array(shape.hidden),
  };
}

export function createAdam(shape: MlpShape): AdamState {
  const n = parameterCount(shape);
  return { m: new Float64Array(n), v: new Float64Array(n), step: 0 };
}

/** Forward pass: fills scratch.hidden (h) and scratch.logits (z). Zero inputs are skipped. */
export function forward(params: MlpParams, x: Float64Array, scratch: MlpScratch): void {
  const { inputs, hidden: nh, classes: nc } = params.shape;
  const { w1, b1, w2, b2 } = params;
  const h = scratch.hidden;
  const z = scratch.logits;
  for (let j = 0; j < nh; j++) h[j] = b1[j]!;
  for (let i = 0; i < inputs; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * nh;
    for (let j = 0; j < nh; j++) h[j]! += xi * w1[row + j]!;
  }
  for (let k = 0; k < nc; k++) z[k] = b2[k]!;
  for (let j = 0; j < nh; j++) {
    const a = h[j]!;
    if (a <= 0) {
      h[j] = 0;
      continue;
    }
    const row = j * nc;
    for (let k = 0; k < nc; k++) z[k]! += a * w2[row + k]!;
  }
}

/** Index of the largest logit (the lowest index on a tie); call after forward(). */
export function argmax(values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! > values[best]!) best = k;
  return best;
}

/** Predicted class of one input. */
export function predict(params: MlpParams, x: Float64Array, scratch: MlpScratch): number {
  forward(params, x, scratch);
  return argmax(scratch.logits);
}

/**
 * Softmax cross-entropy of one sample; adds scale·∂L/∂θ to `grads` (scale = 1/batch size gives
 * the batch mean). Returns L = logΣe^z − z_y, computed with the max subtracted (no overflow).
 */
export function accumulateGradient(
  params: MlpParams,
  x: Float64Array,
  label: number,
  grads: MlpParams,
  scratch: MlpScratch,
  scale: number,
): number {
  forward(params, x, scratch);
  const { inputs, hidden: nh, classes: nc } = params.shape;
  const { w2 } = params;
  const h = scratch.hidden;
  const z = scratch.logits;
  const dz = scratch.deltaOut;
  const da = scratch.deltaHidden;

  let zMax = z[0]!;
  for (let k = 1; k < nc; k++) if (z[k]! > zMax) zMax = z[k]!;
  let sum = 0;
  for (let k = 0; k < nc; k++) {
    const e = Math.exp(z[k]! - zMax);
    dz[k] = e;
    sum += e;
  }
  const loss = Math.log(sum) + zMax - z[label]!;
  for (let k = 0; k < nc; k++) dz[k] = (dz[k]! / sum - (k === label ? 1 : 0)) * scale;

  const gw2 = grads.w2;
  const gb2 = grads.b2;
  for (let k = 0; k < nc; k++) gb2[k]! += dz[k]!;
  for (let j = 0; j < nh; j++) {
    const hj = h[j]!;
    if (hj <= 0) {
      da[j] = 0; // ReLU: no gradient through an inactive unit
      continue;
    }
    const row = j * nc;
    let back = 0;
    for (let k = 0; k < nc; k++) {
      gw2[row + k]! += hj * dz[k]!;
      back += w2[row + k]! * dz[k]!;
    }
    da[j] = back;
  }

  const gw1 = grads.w1;
  const gb1 = grads.b1;
  for (let j = 0; j < nh; j++) gb1[j]! += da[j]!;
  for (let i = 0; i < inputs; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * nh;
    for (let j = 0; j < nh; j++) gw1[row + j]! += xi * da[j]!;
  }
  return loss;
}

/** One Adam step over every parameter (grads hold the batch-mean gradient). */
export function adamStep(
  params: MlpParams,
  grads: MlpParams,
  state: AdamState,
  hyper: AdamHyper,
): void {
  state.step += 1;
  const { learningRate, beta1, beta2, epsilon } = hyper;
  const c1 = 1 - beta1 ** state.step;
  const c2 = 1 - beta2 ** state.step;
  const theta = params.data;
  const g = grads.data;
  const { m, v } = state;
  for (let i = 0; i < theta.length; i++) {
    const gi = g[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * gi;
    const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    theta[i]! -= (learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
  }
}
