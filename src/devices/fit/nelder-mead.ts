/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965; standard coefficients: reflection 1,
 * expansion 2, contraction ½, shrink ½). Derivative-free, for the few curve-shape parameters of a
 * device fit; bounds are the caller's job (clamp inside the cost).
 */
export interface MinimiseResult {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
}

/**
 * Minimises `f` by the Nelder–Mead simplex from `start` with initial simplex steps `step` (one per
 * coordinate); stops after `maxEvaluations` (default 400·n) or when the simplex values agree within
 * `tolerance` (default 1e-12). Non-finite costs count as the largest number.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  step: readonly number[],
  options: { maxEvaluations?: number; tolerance?: number } = {},
): MinimiseResult {
  const n = start.length;
  const maxEval = options.maxEvaluations ?? 400 * n;
  const tol = options.tolerance ?? 1e-12;
  let evaluations = 0;
  const cost = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const x = start.slice();
    x[i]! += step[i]!;
    simplex.push(x);
  }
  let values = simplex.map(cost);
  const combine = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i]! - v));
  while (evaluations < maxEval) {
    const order = values.map((v, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    const best = values[0]!;
    const worst = values[n]!;
    if (Math.abs(worst - best) <= tol * (Math.abs(best) + tol)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]![j]! / n;
    const reflected = combine(centroid, simplex[n]!, -1);
    const fr = cost(reflected);
    if (fr < best) {
      const expanded = combine(centroid, simplex[n]!, -2);
      const fe = cost(expanded);
      simplex[n] = fe < fr ? expanded : reflected;
      values[n] = Math.min(fe, fr);
    } else if (fr < values[n - 1]!) {
      simplex[n] = reflected;
      values[n] = fr;
    } else {
      const outside = fr < worst;
      const contracted = combine(centroid, outside ? reflected : simplex[n]!, 0.5);
      const fc = cost(contracted);
      if (fc < (outside ? fr : worst)) {
        simplex[n] = contracted;
        values[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = combine(simplex[0]!, simplex[i]!, 0.5);
          values[i] = cost(simplex[i]!);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return { x: simplex[bestIndex]!, value: values[bestIndex]!, evaluations };
}
