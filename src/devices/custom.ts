/**
 * Custom device: the LTP and LTD curves are formulas in the preset file, e.g.
 *
 *   "ltpFormula": "gMin + (gMax - gMin) * (1 - exp(-p / 30)) / (1 - exp(-pMax / 30))"
 *
 * with symbols p (pulses applied since the start of the curve), pMax, gMin, gMax (S), e and pi.
 * Each formula is parsed by mathjs, checked against a whitelist (arithmetic and elementary
 * functions only: no assignment, no property access, no unknown symbols), and evaluated ONCE at
 * samplesPerPulse points per pulse into a lookup table (table-curve.ts). Nothing is evaluated per
 * pulse. The tables must be monotone and stay within [gMin, gMax].
 */
import { createRequire } from "node:module";
import type { MathNode } from "mathjs";
import { z } from "zod";
import type { DeviceModel } from "./model.js";
import { checkBounds, MIN_GMAX_S, pulses, siemens } from "./schema-helpers.js";
import { TableKernel, tableLength, type CurveTable } from "./table-curve.js";

const ALLOWED_SYMBOLS = new Set(["p", "pMax", "gMin", "gMax", "e", "pi"]);
const ALLOWED_FUNCTIONS = new Set([
  "exp",
  "expm1",
  "log",
  "log1p",
  "log10",
  "log2",
  "sqrt",
  "cbrt",
  "pow",
  "abs",
  "sign",
  "min",
  "max",
  "tanh",
  "sinh",
  "cosh",
  "atan",
  "sin",
  "cos",
  "floor",
  "ceil",
  "round",
]);
const ALLOWED_NODES = new Set([
  "OperatorNode",
  "ParenthesisNode",
  "ConstantNode",
  "SymbolNode",
  "FunctionNode",
  "ConditionalNode",
]);

/** mathjs takes ~0.3 s to load: only presets with formulas pay for it (and only once). */
let mathParse: ((expr: string) => MathNode) | null = null;
function parse(expr: string): MathNode {
  if (!mathParse) {
    const mathjs = createRequire(import.meta.url)("mathjs") as typeof import("mathjs");
    mathParse = mathjs.parse;
  }
  return mathParse(expr);
}

/** Parses and whitelists a formula; returns an error message or the parsed node. */
function parseFormula(formula: string): MathNode | string {
  let root: MathNode;
  try {
    root = parse(formula);
  } catch (err) {
    return `cannot parse the formula: ${(err as Error).message}`;
  }
  let problem: string | null = null;
  root.traverse((node, _path, parent) => {
    if (problem) return;
    if (!ALLOWED_NODES.has(node.type)) {
      problem = `"${node.toString()}" (${node.type}) is not allowed: use arithmetic and functions of p, pMax, gMin, gMax`;
      return;
    }
    if (node.type === "FunctionNode") {
      const name = (node as unknown as { fn: { name?: string } }).fn.name ?? "";
      if (!ALLOWED_FUNCTIONS.has(name))
        problem = `function "${name}" is not allowed (allowed: ${[...ALLOWED_FUNCTIONS].join(", ")})`;
      return;
    }
    if (node.type === "SymbolNode") {
      const name = (node as unknown as { name: string }).name;
      const isCallee =
        parent?.type === "FunctionNode" && (parent as unknown as { fn: MathNode }).fn === node;
      if (!isCallee && !ALLOWED_SYMBOLS.has(name))
        problem = `unknown symbol "${name}" (known: ${[...ALLOWED_SYMBOLS].join(", ")})`;
    }
  });
  return problem ?? root;
}

interface FormulaCurve {
  readonly formula: string;
  readonly pMax: number;
  readonly gMinS: number;
  readonly gMaxS: number;
  readonly samplesPerPulse: number;
  readonly rising: boolean;
}

const tableCache = new Map<string, CurveTable | string>();

/** Formula → normalised lookup table, or an error message. Cached: compiled once per formula. */
export function compileCurve(c: FormulaCurve): CurveTable | string {
  const key = JSON.stringify(c);
  const hit = tableCache.get(key);
  if (hit !== undefined) return hit;
  const result = buildTable(c);
  tableCache.set(key, result);
  return result;
}

function buildTable(c: FormulaCurve): CurveTable | string {
  const node = parseFormula(c.formula);
  if (typeof node === "string") return node;
  const code = node.compile();
  const n = Math.round(c.pMax * c.samplesPerPulse) + 1;
  const positions = new Float64Array(n);
  const y = new Float64Array(n);
  const range = c.gMaxS - c.gMinS;
  const tol = 1e-9;
  for (let i = 0; i < n; i++) {
    const p = i / c.samplesPerPulse;
    let g: unknown;
    try {
      g = code.evaluate({ p, pMax: c.pMax, gMin: c.gMinS, gMax: c.gMaxS });
    } catch (err) {
      return `evaluation fails at p = ${p}: ${(err as Error).message}`;
    }
    if (typeof g !== "number" || !Number.isFinite(g))
      return `gives ${String(g)} at p = ${p}, not a finite number`;
    const v = (g - c.gMinS) / range;
    if (v < -tol || v > 1 + tol)
      return `gives ${g} S at p = ${p}, outside [gMin, gMax] = [${c.gMinS}, ${c.gMaxS}] S`;
    positions[i] = p;
    y[i] = Math.min(1, Math.max(0, v));
    if (i > 0 && (c.rising ? y[i]! < y[i - 1]! - tol : y[i]! > y[i - 1]! + tol)) {
      return `is not monotone: it ${c.rising ? "falls" : "rises"} between p = ${(i - 1) / c.samplesPerPulse} and p = ${p}`;
    }
  }
  return { positions, y };
}

/** Largest lookup table per curve: 1e6 points (8 MB), e.g. 1,000 pulses at 1,000 points each. */
export const MAX_TABLE_POINTS = 1_000_000;

/**
 * Zod schema of the custom-formula model: conductance bounds (S) and LTP/LTD formulas G(p) in
 * mathjs syntax, compiled once into lookup tables.
 */
export const customParamsSchema = z
  .object({
    gMinS: siemens("lowest conductance"),
    gMaxS: siemens("highest conductance", MIN_GMAX_S),
    pMaxLtp: pulses("pulses of the LTP curve (its formula is tabulated on p ∈ [0, pMaxLtp])"),
    pMaxLtd: pulses("pulses of the LTD curve"),
    ltpFormula: z
      .string()
      .min(1)
      .describe("S — G after p LTP pulses from the low state (mathjs syntax)"),
    ltdFormula: z
      .string()
      .min(1)
      .describe("S — G after p LTD pulses from the high state (mathjs syntax)"),
    samplesPerPulse: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(8)
      .describe("1 — table points per pulse (fractional positions are interpolated)"),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkBounds(p, ctx);
    // Each curve is tabulated at pMax·samplesPerPulse + 1 points (8 bytes each, per curve, and
    // evaluated once each by mathjs): bound it so a valid preset cannot ask for gigabytes.
    const points = Math.max(p.pMaxLtp, p.pMaxLtd) * p.samplesPerPulse;
    if (points > MAX_TABLE_POINTS) {
      ctx.addIssue({
        code: "custom",
        path: ["samplesPerPulse"],
        message: `expected pMax × samplesPerPulse ≤ ${MAX_TABLE_POINTS.toLocaleString("en-US")} table points, got ${Math.max(p.pMaxLtp, p.pMaxLtd)} × ${p.samplesPerPulse} = ${points.toLocaleString("en-US")}; lower samplesPerPulse`,
      });
      return;
    }
    if (!(p.gMaxS > p.gMinS)) return;
    for (const [key, rising] of [
      ["ltpFormula", true],
      ["ltdFormula", false],
    ] as const) {
      const t = compileCurve(curveOf(p, rising));
      if (typeof t === "string") ctx.addIssue({ code: "custom", path: [key], message: t });
    }
  });

/** Parameters of the custom-formula device model (output of customParamsSchema). */
export type CustomParams = z.infer<typeof customParamsSchema>;

function curveOf(p: CustomParams, rising: boolean): FormulaCurve {
  return {
    formula: rising ? p.ltpFormula : p.ltdFormula,
    pMax: rising ? p.pMaxLtp : p.pMaxLtd,
    gMinS: p.gMinS,
    gMaxS: p.gMaxS,
    samplesPerPulse: p.samplesPerPulse,
    rising,
  };
}

function table(p: CustomParams, rising: boolean): CurveTable {
  const t = compileCurve(curveOf(p, rising));
  // The schema has already rejected formulas that fail; this guards direct programmatic use.
  if (typeof t === "string")
    throw new Error(`custom device ${rising ? "ltpFormula" : "ltdFormula"}: ${t}`);
  return t;
}

/**
 * The custom-formula device model: user LTP/LTD formulas (mathjs), sampled into tables and run by
 * TableKernel.
 */
export const customModel: DeviceModel<CustomParams> = {
  name: "custom",
  title: "custom LTP/LTD formulas (mathjs), compiled once into lookup tables",
  equationSource: "user formula in the preset file",
  paramsSchema: customParamsSchema,
  hasNonlinearity: false,
  exclusiveParams: [],
  nominalBounds: (p) => ({ gMinS: p.gMinS, gMaxS: p.gMaxS }),
  // Mirror image: G_LTD(p) = Gmin + Gmax − G_LTP(p).
  symmetric: (p) => ({ ...p, pMaxLtd: p.pMaxLtp, ltdFormula: `gMin + gMax - (${p.ltpFormula})` }),
  fabricate: (p, n, bounds, f) => {
    const ltp = table(p, true);
    return new TableKernel(ltp, table(p, false), n, bounds, f);
  },
  sweepPulses: (p) => ({ ltp: tableLength(table(p, true)), ltd: tableLength(table(p, false)) }),
  derived: () => ({}),
};
