/**
 * Least-squares fit of a device model to measured pulse trains.
 *
 * The measurement protocol is simulated with the model's own kernel on normalised bounds
 * [0, 1]: trains in file order, the first starting at its bound (LTP at Gmin, LTD at Gmax), each
 * later one where the model left the previous one. For given shape parameters θ the prediction is
 * G = Gmin + (Gmax − Gmin)·x(θ), linear in (Gmin, Gmax − Gmin), so those two are solved in closed
 * form (variable projection) and only θ is searched: a grid, then Nelder–Mead from its best points.
 * The fit error is the RMS residual; the cycle-to-cycle noise is estimated from one-step
 * residuals G(k+1) − step(G(k)) away from the bounds, which is what C2C noise is in the simulator
 * (measurement/read noise adds to it: each reading enters two residuals).
 *
 * Shape parameters: neurosim — NL labels of LTP and LTD (Pmax = pulses in the longest train);
 * querlioz — α± (log scale) and β±; soft-bounds — dwMin (log scale) and upDown.
 *
 * Standard errors (the usual asymptotic least-squares ones, e.g. Seber & Wild, Nonlinear
 * Regression, 1989, §2.1): over all p fitted parameters b = (θ, Gmin, Gmax − Gmin), the Jacobian J of
 * the residuals at the optimum (∂/∂θ by central differences of the simulated trajectory, the two
 * linear ones exact), cov(b) = s²·(JᵀJ)⁻¹ with s² = SSR/(n − p), carried to the reported
 * parameters (α = e^θ, Gmax = Gmin + range) by the delta method. They assume independent
 * residuals of equal variance — true of read/measurement noise; cycle-to-cycle noise accumulates
 * along a train (correlated residuals), for which they understate the spread.
 */
import { DataError } from "../../core/errors.js";
import { NO_SPREAD, type DeviceKernel } from "../kernel.js";
import type { AnyDeviceModel } from "../model.js";
import { NL_LABEL_MAX } from "../nl-label.js";
import { neurosimModel } from "../neurosim.js";
import { querliozModel } from "../querlioz.js";
import { softBoundsModel } from "../soft-bounds.js";
import type { MeasuredData, PulseTrain } from "./measured-csv.js";
import { nelderMead } from "./nelder-mead.js";

/** Device models that `fitDevice` can fit to measured pulse trains. */
export const FIT_MODELS = ["neurosim", "querlioz", "soft-bounds"] as const;
/** One of FIT_MODELS. */
export type FitModelName = (typeof FIT_MODELS)[number];

/**
 * Result of a device fit: the fitted preset params, RMS residuals (S and fractions of Gmax − Gmin),
 * the C2C noise estimate, and the data and effort counts (points, trains, cost evaluations).
 */
export interface FitResult {
  readonly model: FitModelName;
  /** Preset params (siemens, pulses, dimensionless). */
  readonly params: Record<string, number>;
  /** RMS residual (S) and as a fraction of Gmax − Gmin, overall and per direction. */
  readonly rmseS: number;
  readonly rmseOfRange: number;
  readonly rmseLtpOfRange: number;
  readonly rmseLtdOfRange: number;
  /** One-step residual SD as a fraction of the range: an estimate of C2C σ (read noise included). */
  readonly c2cSigmaOfRange: number;
  /**
   * Standard error of each fitted parameter, in its unit (S for gMinS/gMaxS), from the Jacobian
   * at the optimum (see the module comment); NaN when the data do not determine the parameters
   * (singular JᵀJ, no more points than parameters, or a parameter at the edge of its domain on
   * both sides). Pulse counts (pMax) are fixed by the data, not fitted, and have none.
   */
  readonly standardErrors: Record<string, number>;
  readonly points: number;
  readonly trains: number;
  readonly evaluations: number;
}

interface FitSpec {
  readonly model: AnyDeviceModel;
  /** Names of θ, its search grid and the NM step. */
  readonly grid: readonly (readonly number[])[];
  readonly step: readonly number[];
  /** Names of the params that θ sets (their standard errors are reported). */
  readonly fitted: readonly string[];
  /** θ → params on bounds [0, 1], or null when θ is outside its domain. */
  params(theta: readonly number[]): Record<string, number> | null;
  /** Starting points computed from the data itself (besides the grid), if the model has any. */
  initial?(data: MeasuredData): number[][];
}

/**
 * Querlioz starting point: with x normalised by the data's extremes, ln(ΔG+) = ln α+ − β+·x and
 * ln(−ΔG−) = ln α− − β−·(1 − x) are straight lines; regress them over the steps that moved the
 * right way (exact for noise-free data that reaches both bounds).
 */
function querliozInitial(data: MeasuredData): number[][] {
  const all = data.trains.flatMap((t) => t.conductanceS);
  const lo = Math.min(...all);
  const span = Math.max(...all) - lo;
  const line = (dir: "ltp" | "ltd"): [number, number] | null => {
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (const t of data.trains.filter((tr) => tr.direction === dir)) {
      for (let i = 1; i < t.pulses.length; i++) {
        const dp = t.pulses[i]! - t.pulses[i - 1]!;
        const step =
          ((dir === "ltp" ? 1 : -1) * (t.conductanceS[i]! - t.conductanceS[i - 1]!)) / span / dp;
        const x = (t.conductanceS[i - 1]! - lo) / span;
        const u = dir === "ltp" ? x : 1 - x;
        if (!(step > 0) || u > 0.95) continue; // saturated steps are clipped, not the model's
        n++;
        sx += u;
        sy += Math.log(step);
        sxx += u * u;
        sxy += u * Math.log(step);
      }
    }
    if (n < 3) return null;
    const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const intercept = (sy - slope * sx) / n;
    return [Math.min(Math.log(0.4), intercept), Math.min(50, Math.max(0, -slope))];
  };
  const up = line("ltp");
  const down = line("ltd");
  return up && down ? [[up[0], up[1], down[0], down[1]]] : [];
}

function longest(trains: PulseTrain[], dir: "ltp" | "ltd"): number {
  return Math.max(
    ...trains.filter((t) => t.direction === dir).map((t) => t.pulses[t.pulses.length - 1]!),
  );
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to + 1e-9; v += step) out.push(v);
  return out;
}

function specFor(name: FitModelName, data: MeasuredData): FitSpec {
  if (name === "neurosim") {
    const pMaxLtp = Math.max(1, Math.round(longest(data.trains, "ltp")));
    const pMaxLtd = Math.max(1, Math.round(longest(data.trains, "ltd")));
    const labels = range(-9, 9, 0.5);
    return {
      model: neurosimModel as AnyDeviceModel,
      grid: [labels, labels],
      step: [0.3, 0.3],
      fitted: ["nlLtp", "nlLtd"],
      params: ([nlLtp, nlLtd]) =>
        Math.abs(nlLtp!) > NL_LABEL_MAX || Math.abs(nlLtd!) > NL_LABEL_MAX
          ? null
          : { gMinS: 0, gMaxS: 1, pMaxLtp, pMaxLtd, nlLtp: nlLtp!, nlLtd: nlLtd! },
    };
  }
  if (name === "querlioz") {
    const logAlpha = range(-8, -1, 1);
    const beta = range(0, 8, 2);
    return {
      model: querliozModel as AnyDeviceModel,
      grid: [logAlpha, beta, logAlpha, beta],
      step: [0.3, 0.5, 0.3, 0.5],
      fitted: ["alphaLtp", "betaLtp", "alphaLtd", "betaLtd"],
      params: ([la, bp, ld, bd]) =>
        la! > Math.log(0.5) || ld! > Math.log(0.5) || bp! < 0 || bd! < 0 || bp! > 50 || bd! > 50
          ? null
          : {
              gMinS: 0,
              gMaxS: 1,
              alphaLtp: Math.exp(la!),
              alphaLtd: Math.exp(ld!),
              betaLtp: bp!,
              betaLtd: bd!,
            },
      initial: querliozInitial,
    };
  }
  return {
    model: softBoundsModel as AnyDeviceModel,
    grid: [range(-9, Math.log(0.2), 0.25), range(-0.9, 0.9, 0.15)],
    step: [0.2, 0.1],
    fitted: ["dwMin", "upDown"],
    params: ([lw, ud]) =>
      lw! > Math.log(0.2) || Math.abs(ud!) > 0.99
        ? null
        : { gMinS: 0, gMaxS: 1, dwMin: Math.exp(lw!), upDown: ud! },
  };
}

/** Normalised model trajectory at every measured point (train order as in the file). */
function simulate(kernel: DeviceKernel, trains: PulseTrain[], out: Float64Array): void {
  let x = -1;
  let k = 0;
  for (const t of trains) {
    if (x < 0) x = t.direction === "ltp" ? 0 : 1;
    let at = 0;
    for (const p of t.pulses) {
      const target = Math.round(p);
      while (at < target) {
        x = t.direction === "ltp" ? kernel.ltp(0, x, 1) : kernel.ltd(0, x, 1);
        x = x < 0 ? 0 : x > 1 ? 1 : x;
        at++;
      }
      out[k++] = x;
    }
  }
}

interface Projection {
  sse: number;
  gMinS: number;
  rangeS: number;
}

/**
 * Best (Gmin, range) for a trajectory x: least squares of G on x, constrained to Gmin ≥ 0 (a
 * conductance): when the free intercept is negative the optimum lies on Gmin = 0.
 */
function project(x: Float64Array, g: Float64Array): Projection {
  const n = x.length;
  let sx = 0;
  let sg = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sg += g[i]!;
  }
  const mx = sx / n;
  const mg = sg / n;
  let sxx = 0;
  let sxg = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxg += (x[i]! - mx) * (g[i]! - mg);
  }
  let rangeS = sxx > 0 ? sxg / sxx : 0;
  let gMinS = mg - rangeS * mx;
  if (gMinS < 0) {
    let rxx = 0;
    let rxg = 0;
    for (let i = 0; i < n; i++) {
      rxx += x[i]! * x[i]!;
      rxg += x[i]! * g[i]!;
    }
    gMinS = 0;
    rangeS = rxx > 0 ? rxg / rxx : 0;
  }
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (g[i]! - gMinS - rangeS * x[i]!) ** 2;
  return { sse: rangeS > 0 ? sse : Number.POSITIVE_INFINITY, gMinS, rangeS };
}

function* gridPoints(grid: readonly (readonly number[])[]): Generator<number[]> {
  const idx = grid.map(() => 0);
  for (;;) {
    yield idx.map((i, d) => grid[d]![i]!);
    let d = 0;
    while (d < grid.length && ++idx[d]! === grid[d]!.length) idx[d++] = 0;
    if (d === grid.length) return;
  }
}

/** Inverse of a small symmetric positive-definite matrix (Gauss–Jordan, partial pivoting); null when singular. */
function invert(a: readonly number[][]): number[][] | null {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i]!)));
  if (!(scale > 0)) return null;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    if (!(Math.abs(m[piv]![c]!) > 1e-13 * scale)) return null;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const inv = 1 / m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! *= inv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * Central-difference derivative of `f` (a vector) along coordinate j of θ, step h = 1e-4·max(1, |θj|);
 * one-sided when one side leaves the domain (f returns null), null when both do.
 */
function derivative(
  f: (theta: readonly number[]) => Float64Array | null,
  theta: readonly number[],
  j: number,
  atTheta: Float64Array,
): Float64Array | null {
  const h = 1e-4 * Math.max(1, Math.abs(theta[j]!));
  const at = (d: number) => f(theta.map((v, i) => (i === j ? v + d : v)));
  const up = at(h);
  const down = at(-h);
  const [hi, lo, span] =
    up && down ? [up, down, 2 * h] : up ? [up, atTheta, h] : [atTheta, down, h];
  if (!hi || !lo) return null;
  return hi.map((v, i) => (v - lo[i]!) / span);
}

/**
 * Standard errors of the fitted params (module comment): Jacobian of the normalised residuals
 * g − Gmin − range·x(θ) over b = (θ, Gmin, range), cov(b) = s²(JᵀJ)⁻¹, s² = SSR/(n − p), then the
 * delta method to the reported params (`scale` converts normalised conductances to siemens).
 */
function standardErrors(
  spec: FitSpec,
  theta: readonly number[],
  trajectory: (theta: readonly number[]) => Float64Array | null,
  fit: { sse: number; rangeS: number },
  scale: number,
): Record<string, number> {
  const q = theta.length;
  const p = q + 2;
  const names = [...spec.fitted, "gMinS", "gMaxS"];
  const none = Object.fromEntries(names.map((k) => [k, Number.NaN]));
  const x0 = trajectory(theta);
  if (!x0 || x0.length <= p) return none;
  const n = x0.length;
  // Columns of J (the sign of every column is dropped: JᵀJ does not depend on it).
  const cols: Float64Array[] = [];
  for (let j = 0; j < q; j++) {
    const dx = derivative(trajectory, theta, j, x0);
    if (!dx) return none;
    cols.push(dx.map((v) => fit.rangeS * v));
  }
  cols.push(new Float64Array(n).fill(1), x0);
  const jtj = cols.map((a) =>
    cols.map((b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
      return s;
    }),
  );
  const inv = invert(jtj);
  if (!inv) return none;
  const s2 = fit.sse / (n - p);
  // Rows of the delta-method matrix D: ∂(reported param)/∂b.
  const shape = (t: readonly number[]) => {
    const params = spec.params(t);
    return params ? Float64Array.from(spec.fitted, (k) => params[k]!) : null;
  };
  const rows: number[][] = spec.fitted.map(() => new Array<number>(p).fill(0));
  const atTheta = shape(theta);
  if (!atTheta) return none;
  for (let j = 0; j < q; j++) {
    const d = derivative(shape, theta, j, atTheta);
    if (!d) return none;
    d.forEach((v, k) => (rows[k]![j] = v));
  }
  rows.push(
    [...new Array<number>(q).fill(0), scale, 0],
    [...new Array<number>(q).fill(0), scale, scale],
  );
  const out: Record<string, number> = {};
  rows.forEach((row, k) => {
    let v = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) v += row[a]! * inv[a]![b]! * row[b]!;
    out[names[k]!] = v >= 0 ? Math.sqrt(s2 * v) : Number.NaN;
  });
  return out;
}

/** Fits `model` to the trains of `data`; throws DataError when nothing sensible fits. */
export function fitMeasured(data: MeasuredData, name: FitModelName): FitResult {
  const spec = specFor(name, data);
  const trains = data.trains;
  // Work in units of the data's span so the simplex's relative stopping rule means something
  // (sums of squares in S² are ~1e-20).
  const scale = Math.max(...trains.flatMap((t) => t.conductanceS));
  if (!(scale > 0)) throw new DataError(`${data.source}: all conductances are 0`);
  const g = Float64Array.from(
    trains.flatMap((t) => t.conductanceS),
    (v) => v / scale,
  );
  const x = new Float64Array(g.length);
  let evaluations = 0;
  const evaluate = (
    theta: readonly number[],
  ): { p: Projection; params: Record<string, number> } | null => {
    evaluations++;
    const params = spec.params(theta);
    // Search only parameter sets a preset may hold (e.g. the 1e6-pulse sweep limit), so the
    // fitted preset always validates.
    if (!params || !spec.model.paramsSchema.safeParse(params).success) return null;
    const kernel = spec.model.fabricate(params, 1, { gMinS: 0, gMaxS: 1 }, NO_SPREAD);
    simulate(kernel, trains, x);
    return { p: project(x, g), params };
  };
  const cost = (theta: readonly number[]) => evaluate(theta)?.p.sse ?? Number.POSITIVE_INFINITY;
  /** Normalised model trajectory x(θ) in a fresh array (for the Jacobian), or null off-domain. */
  const trajectory = (theta: readonly number[]): Float64Array | null => {
    const params = spec.params(theta);
    if (!params || !spec.model.paramsSchema.safeParse(params).success) return null;
    const out = new Float64Array(g.length);
    simulate(spec.model.fabricate(params, 1, { gMinS: 0, gMaxS: 1 }, NO_SPREAD), trains, out);
    return out;
  };

  // Grid search, then Nelder–Mead from the three best grid points and any data-driven start
  // (local minima are common when a train is short or nearly linear); the winner is polished by
  // restarting the simplex at its optimum (a collapsed simplex can stall short of it).
  const scored: { theta: number[]; sse: number }[] = [];
  for (const theta of gridPoints(spec.grid)) scored.push({ theta, sse: cost(theta) });
  scored.sort((a, b) => a.sse - b.sse);
  const starts = [...scored.slice(0, 3).map((s) => s.theta), ...(spec.initial?.(data) ?? [])];
  let best = { x: scored[0]!.theta, value: scored[0]!.sse };
  for (const start of starts) {
    const r = nelderMead(cost, start, spec.step, { maxEvaluations: 1500 });
    if (r.value < best.value) best = r;
  }
  for (let restart = 0; restart < 2; restart++) {
    const r = nelderMead(
      cost,
      best.x,
      spec.step.map((v) => v / 10),
      { maxEvaluations: 1500 },
    );
    if (r.value < best.value) best = r;
  }
  const final = evaluate(best.x);
  if (!final || !Number.isFinite(final.p.sse)) {
    throw new DataError(
      `${data.source}: the ${name} model does not fit this data (no rising LTP / falling LTD found)`,
    );
  }
  const gMinS = final.p.gMinS * scale;
  const rangeS = final.p.rangeS * scale;
  const params: Record<string, number> = { ...final.params, gMinS, gMaxS: gMinS + rangeS };

  // Residuals overall and per direction.
  let sseLtp = 0;
  let nLtp = 0;
  let sseLtd = 0;
  let nLtd = 0;
  let k = 0;
  for (const t of trains) {
    for (let i = 0; i < t.pulses.length; i++, k++) {
      const r = (g[k]! * scale - gMinS - rangeS * x[k]!) ** 2;
      if (t.direction === "ltp") {
        sseLtp += r;
        nLtp++;
      } else {
        sseLtd += r;
        nLtd++;
      }
    }
  }
  const rmseS = Math.sqrt((sseLtp + sseLtd) / g.length);

  // One-step residuals with the fitted device in siemens, between rows one pulse apart, from
  // states predicted to stay inside 10–90 % of the range: near a bound the noise is clipped and
  // the residuals would no longer measure it.
  const kernel = spec.model.fabricate(params, 1, { gMinS, gMaxS: gMinS + rangeS }, NO_SPREAD);
  const lo = gMinS + 0.1 * rangeS;
  const hi = gMinS + 0.9 * rangeS;
  let s1 = 0;
  let s2 = 0;
  let m = 0;
  for (const t of trains) {
    for (let i = 1; i < t.pulses.length; i++) {
      if (t.pulses[i]! - t.pulses[i - 1]! !== 1) continue;
      const g0 = Math.min(gMinS + rangeS, Math.max(gMinS, t.conductanceS[i - 1]!));
      const pred = t.direction === "ltp" ? kernel.ltp(0, g0, 1) : kernel.ltd(0, g0, 1);
      if (g0 < lo || g0 > hi || pred < lo || pred > hi) continue;
      const r = t.conductanceS[i]! - pred;
      s1 += r;
      s2 += r * r;
      m++;
    }
  }
  const c2c = m > 1 ? Math.sqrt(Math.max(0, (s2 - (s1 * s1) / m) / (m - 1))) / rangeS : 0;

  return {
    model: name,
    params,
    rmseS,
    rmseOfRange: rmseS / rangeS,
    rmseLtpOfRange: Math.sqrt(sseLtp / Math.max(1, nLtp)) / rangeS,
    rmseLtdOfRange: Math.sqrt(sseLtd / Math.max(1, nLtd)) / rangeS,
    c2cSigmaOfRange: c2c,
    standardErrors: standardErrors(spec, best.x, trajectory, final.p, scale),
    points: g.length,
    trains: trains.length,
    evaluations,
  };
}
