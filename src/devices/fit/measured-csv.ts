/**
 * Reads measured pulse-response data from a CSV file as labs write them: comment lines (#, //, ;,
 * %), blank lines, units in the headers ("G (µS)", "R [kOhm]", "I_read/uA"), comma, semicolon, tab
 * or space separators (decimal commas with semicolons), repeated header lines, junk cells, and LTP
 * and LTD in one file — told apart by a direction column (LTP/LTD, potentiation/depression,
 * set/reset, up/down, +/−), by the sign of a pulse-voltage column, by section lines such as
 * "# LTP", by the pulse numbering restarting, or, failing all that, by splitting one rise-then-fall
 * sequence at its peak.
 *
 * Conductance comes from a conductance column, or 1/R from a resistance column, or I/V_read from a
 * current column with a given read voltage. Each train's first row is taken as its starting state
 * (0 pulses); pulse numbers, when present, give the positions of the later rows.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { DataError, quoteText } from "../../core/errors.js";

/** Direction of a pulse train: potentiation ("ltp") or depression ("ltd"). */
export type Direction = "ltp" | "ltd";

/**
 * One measured pulse train: its direction, pulse positions (from 0) and conductances (S), and the
 * CSV line it starts on.
 */
export interface PulseTrain {
  readonly direction: Direction;
  /** Pulses since the start of the train (0 for the first row). */
  readonly pulses: number[];
  readonly conductanceS: number[];
  /** 1-based line number of the train's first row (for messages). */
  readonly line: number;
}

/**
 * Measured pulse-response data read from a CSV: its source name, the pulse trains in file order,
 * and notes on how the file was read.
 */
export interface MeasuredData {
  readonly source: string;
  readonly trains: PulseTrain[];
  /** How the file was read: columns, units, assumptions, skipped rows. */
  readonly notes: string[];
}

/** Options of the measured-CSV reader. */
export interface CsvOptions {
  /** Read voltage (V) to turn a current column into conductance. */
  readonly readVoltageV?: number;
}

const COMMENT = /^\s*(#|\/\/|;|%|"#)/;
const LTP_WORDS = /^(ltp|potentiation|potentiate|pot|set|up|increase|inc|\+|p|positive)$/i;
const LTD_WORDS = /^(ltd|depression|depress|dep|reset|down|decrease|dec|-|−|d|negative)$/i;
const LTP_IN_TEXT = /\b(ltp|potentiation|set)\b/i;
const LTD_IN_TEXT = /\b(ltd|depression|reset)\b/i;

/** SI prefixes as they appear in headers. */
const PREFIX: Record<string, number> = {
  p: 1e-12,
  n: 1e-9,
  u: 1e-6,
  µ: 1e-6,
  μ: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
};

type Quantity = "conductance" | "resistance" | "current";

interface Unit {
  readonly quantity: Quantity;
  readonly factor: number;
  readonly text: string;
}

/** The unit written in a header cell, e.g. "G (µS)" → conductance × 1e-6. */
function headerUnit(header: string): Unit | null {
  const m =
    /[([]\s*([^)\]]+?)\s*[)\]]/.exec(header) ??
    /[/_ ]\s*([pnuµμmkKMG]?(?:S|Ohm|ohm|Ω|A))\s*$/.exec(header);
  if (!m) return null;
  const u = m[1]!.replace(/\s+/g, "");
  const parsed = /^([pnuµμmkKMG]?)(S|siemens|Ohm|ohm|Ω|A|amp|amps)$/.exec(u);
  if (!parsed) return null;
  const base = parsed[2]!.toLowerCase();
  const quantity: Quantity =
    base === "s" || base === "siemens"
      ? "conductance"
      : base.startsWith("a")
        ? "current"
        : "resistance";
  // "mS"/"mA" are milli; "MΩ"/"MOhm" mega: the case of the prefix is kept.
  return { quantity, factor: PREFIX[parsed[1]!]!, text: m[1]! };
}

function columnKind(header: string): Quantity | "pulse" | "direction" | "voltage" | null {
  const h = header.trim().toLowerCase();
  const unit = headerUnit(header);
  if (/width|duration|time|\bts?\b/.test(h) && !/pulse\s*(#|no|num)/.test(h)) return null;
  if (unit?.quantity === "conductance" || /conduct|siemens|^g\b|^g[_(\s[]/.test(h))
    return "conductance";
  if (unit?.quantity === "resistance" || /resist|ohm|^r\b|^r[_(\s[]/.test(h)) return "resistance";
  if (unit?.quantity === "current" || /current|^i\b|^i[_(\s[]/.test(h)) return "current";
  if (/volt|amplitude|^v\b|^v[_(\s[]|\(v\)|\[v\]/.test(h)) return "voltage";
  if (/direction|^dir\b|phase|type|mode|polarity|operation|stage|sweep|ltp|ltd/.test(h))
    return "direction";
  if (/pulse|#|number|^n\b|^no\.?$|index|^idx|step|count|^p$|cycle/.test(h)) return "pulse";
  return null;
}

/**
 * The cells of one line with delimiter `sep`, by csv-parse: a quoted cell may hold the delimiter
 * (`"LTP, 1 V"`) and doubled quotes; stray quotes inside a cell are kept. A line csv-parse refuses
 * (a quote never closed) is split at every delimiter instead, so a junk cell stays a junk cell.
 */
function cellsOf(line: string, sep: string): string[] {
  try {
    const records = parseCsv(line, {
      delimiter: sep,
      relax_quotes: true,
      relax_column_count: true,
      ltrim: true,
      rtrim: true,
    });
    return records[0] ?? [""];
  } catch {
    return line.split(sep);
  }
}

/**
 * How to split the data lines: the first delimiter (tab, semicolon, comma, bar) that gives every
 * sampled line the same number of cells (more than one), else the first that occurs at all, else
 * runs of whitespace.
 */
function splitter(lines: string[]): (line: string) => string[] {
  for (const sep of ["\t", ";", ",", "|"]) {
    const counts = lines.map((l) => cellsOf(l, sep).length);
    if (counts.length && counts.every((c) => c > 1 && c === counts[0]))
      return (l) => cellsOf(l, sep);
  }
  for (const sep of ["\t", ";", ","])
    if (lines.some((l) => cellsOf(l, sep).length > 1)) return (l) => cellsOf(l, sep);
  return (l) => l.trim().split(/\s+/);
}

function cleanCell(c: string): string {
  return c
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .replace(/^'(.*)'$/, "$1")
    .trim();
}

function toNumber(cell: string, decimalComma: boolean): number {
  const t = decimalComma ? cell.replace(",", ".") : cell;
  if (t === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

function directionOf(word: string): Direction | null {
  const w = word.trim();
  if (LTP_WORDS.test(w)) return "ltp";
  if (LTD_WORDS.test(w)) return "ltd";
  if (LTP_IN_TEXT.test(w) && !LTD_IN_TEXT.test(w)) return "ltp";
  if (LTD_IN_TEXT.test(w) && !LTP_IN_TEXT.test(w)) return "ltd";
  return null;
}

interface Row {
  line: number;
  pulse: number | null;
  g: number;
  dir: Direction | null;
}

/** Parses the text of a measured-curve CSV (see the module comment). Throws DataError. */
export function parseMeasuredCsv(
  text: string,
  source: string,
  options: CsvOptions = {},
): MeasuredData {
  const notes: string[] = [];
  const all = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const content: { line: number; text: string; marker: Direction | null }[] = [];
  let pendingMarker: Direction | null = null;
  all.forEach((raw, i) => {
    const t = raw.trim();
    if (t === "") return;
    if (COMMENT.test(t)) {
      const d = directionOf(t.replace(COMMENT, ""));
      if (d && t.replace(COMMENT, "").trim().split(/\s+/).length <= 4) pendingMarker = d;
      return;
    }
    content.push({ line: i + 1, text: raw, marker: pendingMarker });
    pendingMarker = null;
  });
  if (content.length === 0)
    throw new DataError(`${source}: no data rows (only comments or blank lines)`);

  const split = splitter(content.slice(0, 6).map((c) => c.text));
  const decimalComma =
    content.some((c) => c.text.includes(";")) && content.some((c) => /\d,\d/.test(c.text));
  if (decimalComma) notes.push("decimal commas read as decimal points");

  // Header: the first line with a non-numeric cell that is not a lone direction marker.
  let header: string[] | null = null;
  let headerIndex = -1;
  for (let i = 0; i < content.length; i++) {
    const cells = split(content[i]!.text).map(cleanCell);
    const numeric = cells.filter((c) => Number.isFinite(toNumber(c, decimalComma))).length;
    if (cells.length === 1 && directionOf(cells[0]!)) continue;
    if (numeric < cells.length) {
      header = cells;
      headerIndex = i;
    }
    break;
  }

  const kinds = header ? header.map(columnKind) : [];
  let gCol = -1;
  let quantity: Quantity = "conductance";
  let pulseCol = -1;
  let dirCol = -1;
  let voltCol = -1;
  if (header) {
    for (const q of ["conductance", "resistance", "current"] as const) {
      const idx = kinds.indexOf(q);
      if (idx >= 0) {
        gCol = idx;
        quantity = q;
        break;
      }
    }
    pulseCol = kinds.indexOf("pulse");
    dirCol = kinds.indexOf("direction");
    voltCol = kinds.indexOf("voltage");
    if (gCol < 0) {
      throw new DataError(
        `${source}:${content[headerIndex]!.line}: no conductance, resistance or current column among ${header.map((h) => quoteText(h)).join(", ")} (name one "G (S)", "R (Ohm)" or "I (A)")`,
      );
    }
  } else {
    const width = split(content[0]!.text).length;
    if (width === 1) gCol = 0;
    else if (width === 2) {
      pulseCol = 0;
      gCol = 1;
    } else
      throw new DataError(
        `${source}: ${width} columns and no header line: name the columns (e.g. "pulse,G (uS),direction")`,
      );
    notes.push(
      width === 1
        ? "no header: one column read as conductance (S)"
        : "no header: columns read as pulse, conductance (S)",
    );
  }

  let factor = 1;
  if (header) {
    const unit = headerUnit(header[gCol]!);
    if (unit && unit.quantity === quantity) factor = unit.factor;
    const unitText = unit
      ? unit.text
      : quantity === "conductance"
        ? "S"
        : quantity === "resistance"
          ? "Ω"
          : "A";
    notes.push(
      `${quantity} from column "${header[gCol]}" in ${unitText}${unit ? "" : " (no unit in the header: assumed)"}`,
    );
    if (pulseCol >= 0) notes.push(`pulse numbers from column "${header[pulseCol]}"`);
    if (dirCol >= 0) notes.push(`LTP/LTD from column "${header[dirCol]}"`);
    else if (voltCol >= 0) notes.push(`LTP/LTD from the sign of column "${header[voltCol]}"`);
  }
  if (options.readVoltageV !== undefined && !(options.readVoltageV > 0)) {
    throw new DataError(
      `${source}: the read voltage must be a positive number of volts, got ${options.readVoltageV} V`,
    );
  }
  if (quantity === "current") {
    if (options.readVoltageV === undefined) {
      throw new DataError(
        `${source}: the data is a current (${quoteText(header?.[gCol] ?? "")}): give the read voltage (--read-voltage V) to turn it into conductance`,
      );
    }
    notes.push(`conductance = I / ${options.readVoltageV} V`);
  }

  const rows: Row[] = [];
  let skipped = 0;
  let firstSkipped: { line: number; cell: string } | null = null;
  // A "# LTP" line above the header applies to the rows below it.
  let marker: Direction | null = headerIndex >= 0 ? content[headerIndex]!.marker : null;
  for (let i = headerIndex + 1; i < content.length; i++) {
    const c = content[i]!;
    if (c.marker) marker = c.marker;
    const cells = split(c.text).map(cleanCell);
    if (header && cells.join("|").toLowerCase() === header.join("|").toLowerCase()) {
      rows.push({ line: c.line, pulse: null, g: Number.NaN, dir: null }); // repeated header: a break
      continue;
    }
    // A repeated header whose unit differs: later values are in the new unit (converted, noted).
    const nextKind = header && cells.length === header.length ? columnKind(cells[gCol]!) : null;
    const headerLike =
      (nextKind === "conductance" || nextKind === "resistance" || nextKind === "current") &&
      cells.every((cell) => !Number.isFinite(toNumber(cell, decimalComma)));
    if (header && headerLike) {
      const next = headerUnit(cells[gCol]!);
      if (nextKind !== quantity) {
        throw new DataError(
          `${source}:${c.line}: the header repeats with ${quoteText(cells[gCol]!)} where line ${content[headerIndex]!.line} has ${quoteText(header[gCol]!)} (a ${nextKind} column instead of ${quantity}); keep one quantity per file`,
        );
      }
      const nextFactor = next && next.quantity === quantity ? next.factor : 1;
      if (nextFactor !== factor) {
        notes.push(
          `unit changes at line ${c.line}: ${quoteText(cells[gCol]!)} after ${quoteText(header[gCol]!)}; the rows below are converted`,
        );
        factor = nextFactor;
        header = cells;
      }
      rows.push({ line: c.line, pulse: null, g: Number.NaN, dir: null });
      continue;
    }
    if (cells.length === 1 && directionOf(cells[0]!)) {
      marker = directionOf(cells[0]!);
      continue;
    }
    const v = toNumber(cells[gCol] ?? "", decimalComma);
    if (v < 0) {
      throw new DataError(
        `${source}:${c.line}: negative ${quantity} ${v} (${quoteText(cells[gCol]!)}); a ${quantity} is ≥ 0: check the column or the instrument's offset`,
      );
    }
    if (!Number.isFinite(v) || (quantity === "resistance" && v === 0)) {
      skipped++;
      if (firstSkipped === null) firstSkipped = { line: c.line, cell: cells[gCol] ?? "" };
      continue;
    }
    const g =
      quantity === "conductance"
        ? v * factor
        : quantity === "resistance"
          ? 1 / (v * factor)
          : (v * factor) / options.readVoltageV!;
    let dir: Direction | null = marker;
    if (dirCol >= 0) dir = directionOf(cells[dirCol] ?? "") ?? dir;
    else if (voltCol >= 0) {
      const volts = toNumber(cells[voltCol] ?? "", decimalComma);
      if (Number.isFinite(volts) && volts !== 0) dir = volts > 0 ? "ltp" : "ltd";
    }
    const pulse = pulseCol >= 0 ? toNumber(cells[pulseCol] ?? "", decimalComma) : null;
    rows.push({
      line: c.line,
      pulse: pulse !== null && Number.isFinite(pulse) ? pulse : null,
      g,
      dir,
    });
  }
  if (skipped) notes.push(`${skipped} row(s) without a usable ${quantity} value skipped`);
  const usable = rows.filter((r) => !Number.isNaN(r.g)).length;
  if (usable === 0) {
    const where = header ? ` below the header (line ${content[headerIndex]!.line})` : "";
    throw new DataError(
      `${source}: no numeric data rows${where}` +
        (firstSkipped
          ? `: ${skipped} row(s) have no usable ${quantity} value (line ${firstSkipped.line}: ${quoteText(firstSkipped.cell)})`
          : ""),
    );
  }
  if (usable < 3) {
    throw new DataError(
      `${source}: only ${usable} data row(s); a fit needs at least 3 rows in each of an LTP and an LTD train`,
    );
  }

  const trains = splitTrains(rows, source, notes);
  const ltp = trains.filter((t) => t.direction === "ltp");
  const ltd = trains.filter((t) => t.direction === "ltd");
  if (!ltp.length || !ltd.length) {
    throw new DataError(
      `${source}: found ${ltp.length} LTP and ${ltd.length} LTD train(s); a fit needs both (add a direction column with LTP/LTD, or "# LTP" / "# LTD" lines before each train)`,
    );
  }
  notes.push(
    `${ltp.length} LTP train(s) (${ltp.map((t) => t.pulses.length).join(", ")} rows), ${ltd.length} LTD train(s) (${ltd.map((t) => t.pulses.length).join(", ")} rows)`,
  );
  return { source, trains, notes };
}

/** Groups rows into trains at direction changes, pulse-number restarts and repeated headers. */
function splitTrains(rows: Row[], source: string, notes: string[]): PulseTrain[] {
  const runs: Row[][] = [];
  let cur: Row[] = [];
  for (const r of rows) {
    const prev = cur[cur.length - 1];
    const isBreak = Number.isNaN(r.g);
    const restart = prev && r.pulse !== null && prev.pulse !== null && r.pulse <= prev.pulse;
    // A new train starts again from its first pulse number; anything else went backwards.
    const first = cur[0]?.pulse ?? null;
    if (restart && !isBreak && first !== null && r.pulse! > first) {
      throw new DataError(
        `${source}:${r.line}: pulse numbers go backwards (${prev.pulse} then ${r.pulse}) within a train that started at ${first}; a new train restarts from its first pulse number (sort the rows, or mark trains with a direction column or "# LTP" / "# LTD" lines)`,
      );
    }
    const turn = prev && r.dir !== null && prev.dir !== null && r.dir !== prev.dir;
    if ((isBreak || restart || turn) && cur.length) {
      runs.push(cur);
      cur = [];
    }
    if (!isBreak) cur.push(r);
  }
  if (cur.length) runs.push(cur);

  const trains: PulseTrain[] = [];
  for (const run of runs) {
    const labelled = run.find((r) => r.dir !== null)?.dir ?? null;
    const parts = labelled ? [run] : splitAtTurn(run);
    if (!labelled && parts.length > 1)
      notes.push(
        `rows from line ${run[0]!.line}: no LTP/LTD label, split at the turning point (line ${parts[1]![0]!.line})`,
      );
    for (const part of parts) {
      if (part.length < 3) {
        notes.push(`train at line ${part[0]!.line} has ${part.length} row(s): ignored`);
        continue;
      }
      const dir = labelled ?? (part[part.length - 1]!.g >= part[0]!.g ? "ltp" : "ltd");
      const p0 = part[0]!.pulse;
      const pulses = part.map((r, i) => (p0 !== null && r.pulse !== null ? r.pulse - p0 : i));
      for (let i = 1; i < pulses.length; i++) {
        if (!(pulses[i]! > pulses[i - 1]!)) {
          throw new DataError(
            `${source}:${part[i]!.line}: pulse numbers must increase within a train`,
          );
        }
      }
      trains.push({
        direction: dir,
        pulses,
        conductanceS: part.map((r) => r.g),
        line: part[0]!.line,
      });
    }
  }
  return trains;
}

/**
 * An unlabelled run that rises then falls (or falls then rises) is split at its peak (trough) of a
 * moving average, the turning row belonging to both trains; otherwise it stays one train.
 */
function splitAtTurn(run: Row[]): Row[][] {
  const n = run.length;
  if (n < 7) return [run];
  const w = Math.max(1, Math.floor(n / 20));
  const smooth = run.map((_, i) => {
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, i - w); j <= Math.min(n - 1, i + w); j++, c++) s += run[j]!.g;
    return s / c;
  });
  const lo = Math.min(...smooth);
  const hi = Math.max(...smooth);
  const span = hi - lo;
  if (!(span > 0)) return [run];
  const interior = (i: number) => i >= 2 && i <= n - 3;
  // The average locates the turn robustly; the extreme raw value near it places it exactly
  // (averaging shifts the peak of an asymmetric turn).
  const refine = (i: number, sign: 1 | -1) => {
    let best = i;
    for (let j = Math.max(0, i - 2 * w); j <= Math.min(n - 1, i + 2 * w); j++) {
      if (sign * run[j]!.g > sign * run[best]!.g) best = j;
    }
    return best;
  };
  const iMax = smooth.indexOf(hi);
  const iMin = smooth.indexOf(lo);
  if (interior(iMax) && hi - smooth[0]! > 0.2 * span && hi - smooth[n - 1]! > 0.2 * span) {
    const i = refine(iMax, 1);
    return [run.slice(0, i + 1), run.slice(i)];
  }
  if (interior(iMin) && smooth[0]! - lo > 0.2 * span && smooth[n - 1]! - lo > 0.2 * span) {
    const i = refine(iMin, -1);
    return [run.slice(0, i + 1), run.slice(i)];
  }
  return [run];
}
