/**
 * Device presets ↔ NeuroSim's cell parameter set: the fields of the MLP+NeuroSim V3.0 RealDevice
 * cell (Cell.cpp; Param.cpp passes the same names in DNN+NeuroSim), as a JSON object:
 *
 *   maxConductance, minConductance (S); readVoltage (V), readPulseWidth (s);
 *   writeVoltageLTP, writeVoltageLTD (V, magnitudes as NeuroSim gives them);
 *   writePulseWidthLTP, writePulseWidthLTD (s); maxNumLevelLTP, maxNumLevelLTD (pulses);
 *   NL_LTP, NL_LTD (NeuroSim nonlinearity labels, signed); sigmaDtoD (σ of the NL label, absolute);
 *   sigmaCtoC (σ per pulse as a fraction of Gmax − Gmin).
 *
 * Mapping: our neurosim model uses NeuroSim's own curve and label convention, so NL_LTP/NL_LTD,
 * levels and conductances carry over as they are; NL 0 in both directions is the linear device.
 * sigmaCtoC = c2c.sigmaOfRange (same definition). NeuroSim spreads the label by an absolute σ,
 * ours by a relative one: sigmaDtoD = d2d.nlSigma·|NL_LTP| (exact when |NL_LTD| = |NL_LTP|).
 * NeuroSim has one write pulse width; ours too. Non-idealities NeuroSim has no field for are not
 * exported (listed in `unmapped`).
 */
import { ValidationError } from "../../core/errors.js";
import { parseWithSchema } from "../../core/validate.js";
import { labelFromCurvature } from "../nl-label.js";
import { presetSchema, type Preset } from "../preset.js";

/** The NeuroSim cell fields read and written, in Cell.cpp order. */
export const NEUROSIM_CELL_FIELDS = [
  "maxConductance",
  "minConductance",
  "readVoltage",
  "readPulseWidth",
  "writeVoltageLTP",
  "writeVoltageLTD",
  "writePulseWidthLTP",
  "writePulseWidthLTD",
  "maxNumLevelLTP",
  "maxNumLevelLTD",
  "NL_LTP",
  "NL_LTD",
  "sigmaDtoD",
  "sigmaCtoC",
] as const;
/** One of {@link NEUROSIM_CELL_FIELDS}. */
export type NeuroSimCellField = (typeof NEUROSIM_CELL_FIELDS)[number];
/** NeuroSim cell parameters: every field of {@link NEUROSIM_CELL_FIELDS}, SI units. */
export type NeuroSimCell = Record<NeuroSimCellField, number>;

/** A NeuroSim cell export: the fields, and what the preset had that NeuroSim cannot hold. */
export interface NeuroSimExport {
  readonly cell: NeuroSimCell;
  readonly unmapped: readonly string[];
}

/** Non-zero non-idealities without a NeuroSim cell field. */
function unmappedNonIdealities(preset: Preset): string[] {
  const ni = preset.nonIdealities;
  const out: string[] = [];
  if (ni.d2d.enabled) {
    for (const k of ["gMinSigma", "gMaxSigma", "stepSigma"] as const) {
      if (ni.d2d[k]) out.push(`d2d.${k}`);
    }
  }
  if (ni.c2c.enabled && ni.c2c.sigmaOfStep) out.push("c2c.sigmaOfStep");
  if (ni.faults.enabled) {
    for (const [k, v] of Object.entries(ni.faults)) {
      if (k !== "enabled" && typeof v === "number" && v !== 0) out.push(`faults.${k}`);
    }
  }
  if (ni.readNoise.enabled && ni.readNoise.sigma) out.push("readNoise.sigma");
  if (ni.drift.enabled && ni.drift.nu) out.push("drift");
  return out;
}

/** A neurosim or linear preset as NeuroSim cell parameters. */
export function toNeuroSimCell(preset: Preset): NeuroSimExport {
  let nlLtp: number;
  let nlLtd: number;
  if (preset.model === "linear") {
    nlLtp = 0;
    nlLtd = 0;
  } else if (preset.model === "neurosim") {
    const p = preset.params;
    nlLtp = p.nlLtp ?? labelFromCurvature(p.pMaxLtp / p.aLtpPulses!);
    nlLtd = p.nlLtd ?? labelFromCurvature(p.pMaxLtd / p.aLtdPulses!);
  } else {
    throw new ValidationError(
      `NeuroSim export: model "${preset.model}" is not NeuroSim's device; exportable: neurosim, linear`,
    );
  }
  const p = preset.params as { gMinS: number; gMaxS: number; pMaxLtp: number; pMaxLtd: number };
  const e = preset.electrical;
  const ni = preset.nonIdealities;
  const nlSigma = ni.d2d.enabled ? ni.d2d.nlSigma : 0;
  return {
    cell: {
      maxConductance: p.gMaxS,
      minConductance: p.gMinS,
      readVoltage: e.readVoltageV,
      readPulseWidth: e.readPulseWidthS,
      writeVoltageLTP: Math.abs(e.ltpVoltageV),
      writeVoltageLTD: Math.abs(e.ltdVoltageV),
      writePulseWidthLTP: e.writePulseWidthS,
      writePulseWidthLTD: e.writePulseWidthS,
      maxNumLevelLTP: p.pMaxLtp,
      maxNumLevelLTD: p.pMaxLtd,
      NL_LTP: nlLtp,
      NL_LTD: nlLtd,
      sigmaDtoD: nlSigma * Math.abs(nlLtp),
      sigmaCtoC: ni.c2c.enabled ? ni.c2c.sigmaOfRange : 0,
    },
    unmapped: unmappedNonIdealities(preset),
  };
}

/** NeuroSim cell parameters (JSON object with the fields above) as a validated preset. */
export function fromNeuroSimCell(value: unknown, source: string): Preset {
  if (typeof value !== "object" || value === null) {
    throw new ValidationError(`${source}: expected a JSON object of NeuroSim cell fields`);
  }
  const v = value as Record<string, unknown>;
  const get = (k: NeuroSimCellField, fallback?: number): number => {
    const x = v[k] ?? fallback;
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new ValidationError(
        `${source} › ${k}: expected a finite number, got ${JSON.stringify(v[k])}`,
      );
    }
    return x;
  };
  const nlLtp = get("NL_LTP", 0);
  const nlLtd = get("NL_LTD", 0);
  const linear = nlLtp === 0 && nlLtd === 0;
  const base = {
    gMinS: get("minConductance"),
    gMaxS: get("maxConductance"),
    pMaxLtp: get("maxNumLevelLTP"),
    pMaxLtd: get("maxNumLevelLTD"),
  };
  const widthLtp = get("writePulseWidthLTP");
  const widthLtd = get("writePulseWidthLTD", widthLtp);
  const notes: string[] = [`Imported from NeuroSim cell parameters (${source}).`];
  if (widthLtd !== widthLtp) {
    notes.push(`writePulseWidthLTD ${widthLtd} s differs from LTP; the LTP width is used.`);
  }
  const sigmaDtoD = get("sigmaDtoD", 0);
  const nlSigma = sigmaDtoD && nlLtp ? sigmaDtoD / Math.abs(nlLtp) : 0;
  if (sigmaDtoD && !nlLtp) notes.push(`sigmaDtoD ${sigmaDtoD} not imported (NL_LTP is 0).`);
  const preset = {
    model: linear ? "linear" : "neurosim",
    params: linear ? base : { ...base, nlLtp, nlLtd },
    nonIdealities: {
      ...(nlSigma ? { d2d: { nlSigma } } : {}),
      c2c: { sigmaOfRange: get("sigmaCtoC", 0) },
    },
    electrical: {
      readVoltageV: get("readVoltage"),
      readPulseWidthS: get("readPulseWidth"),
      ltpVoltageV: Math.abs(get("writeVoltageLTP")),
      ltdVoltageV: -Math.abs(get("writeVoltageLTD")),
      writePulseWidthS: widthLtp,
    },
    source: `NeuroSim cell parameters (${source})`,
    notes: notes.join(" "),
  };
  return parseWithSchema(presetSchema, preset, source);
}
