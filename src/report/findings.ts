/**
 * The report's sentences, computed from the summary numbers and the axes' roles: the largest
 * accuracy loss, the non-ideality that causes it, and what each mitigation recovers of it. No
 * sentence is fixed text: each names the measured values, points and spread.
 */
import type { AxisRole } from "../experiments/scenario-schema.js";
import {
  differenceOverSeeds,
  type PointSummary,
  type ReportModel,
  type RunFigures,
} from "./model.js";
import { excludesZero, median, stats, type DifferenceInterval, type Stats } from "./statistics.js";

/** An axis as the comparison sees it (a zipped scenario is one composite axis). */
interface CompareAxis {
  readonly name: string;
  readonly role: AxisRole;
  readonly labels: readonly string[];
  readonly referenceIndex: number;
  /** The point's index along this axis. */
  readonly at: (p: PointSummary) => number;
  /** Original axes this one stands for (a zip composite stands for all). */
  readonly members: readonly number[];
}

/**
 * The largest accuracy loss along a non-ideality axis: the axis, the points compared, the loss in
 * percentage points and whether it exceeds the replicate spread.
 */
export interface Loss {
  readonly axis: string;
  readonly from: PointSummary;
  readonly to: PointSummary;
  /** Percentage points lost (from.mean − to.mean) × 100. */
  readonly points: number;
  /** The 95 % interval of the loss (from − to) excludes zero. */
  readonly resolved: boolean;
  /** from − to over seeds (fractions) with its 95 % interval (the summary table's method). */
  readonly interval: DifferenceInterval;
}

/**
 * What a mitigation value recovers of the largest loss: percentage points regained at the worst
 * point, the fraction of the loss, and its effect at the ideal point.
 */
export interface Recovery {
  readonly axis: string;
  readonly value: string;
  readonly at: PointSummary;
  /** Percentage points regained at the worst point. */
  readonly points: number;
  /** Fraction of the loss recovered. */
  readonly fraction: number;
  /** Effect of the mitigation at the ideal point (percentage points), if measured. */
  readonly costAtReference: number | null;
  /** The gain's 95 % interval over seeds (at − the point without the mitigation, fractions). */
  readonly interval: DifferenceInterval;
  /** The gain's interval excludes zero. */
  readonly resolved: boolean;
}

/**
 * The report's findings: sentences in order (headline first), the largest loss and the best
 * recovery.
 */
export interface Findings {
  /** Sentences in order: headline first. */
  readonly sentences: readonly string[];
  readonly largestLoss: Loss | null;
  readonly bestRecovery: Recovery | null;
}

/** Losses below this (percentage points) print as 0.0: they are reported as no loss. */
const SMALLEST_LOSS = 0.05;

/**
 * A point is at chance when its mean accuracy is below this multiple of the chance rate
 * 1/classes (20 % on 10 classes): its network has not learned, so a difference between two such
 * points says nothing about the non-ideality or the mitigation (issue #18).
 */
export const CHANCE_FACTOR = 2;

/**
 * Classes of the shipped datasets by name (the loaded result keeps only the dataset's name); an
 * IDX folder's class count is unknown here, so its points are never flagged.
 */
const CLASSES: Readonly<Record<string, number>> = { mnist: 10, "fashion-mnist": 10 };

/** Accuracy below which a point counts as at chance, or null when the class count is unknown. */
export function chanceLimit(p: PointSummary): number | null {
  const name = p.runs[0]?.run.result.dataset?.name;
  const classes = name === undefined ? undefined : CLASSES[name];
  return classes === undefined ? null : CHANCE_FACTOR / classes;
}

/**
 * Whether a point's mean accuracy is below chanceLimit (false when no run finished or the class
 * count is unknown).
 */
export function atChance(p: PointSummary): boolean {
  const limit = chanceLimit(p);
  return limit !== null && p.accuracy.n > 0 && p.accuracy.mean < limit;
}

/** Both points at chance: no comparison between them is a finding. */
const bothAtChance = (a: PointSummary, b: PointSummary): boolean => atChance(a) && atChance(b);

/**
 * Why a point at chance did not learn, read from its runs' own records (means over seeds): how many
 * neurons fired in the labelling phase, what share of the test images got no answer (no assigned
 * neuron fired: the confusion matrix's last column), what share got the single most common class,
 * and how many of the answered images were right. A network whose few active neurons answer every
 * image gives every image the same label; a network that answers few images but those well has
 * learned and falls silent at test. Both give a chance-level or lower accuracy.
 */
export interface ChanceCause {
  /** Neurons of the network (label-phase spike-count length); 0 for a non-spiking arm. */
  readonly neurons: number;
  /** Mean over runs of the neurons that fired at least once in the labelling phase. */
  readonly activeNeurons: number;
  /** Mean over runs of the share of labelling-phase spikes fired by the busiest neuron. */
  readonly busiestShare: number;
  /** Mean over runs of the share of test images given the most common class (null: unknown). */
  readonly sameAnswerShare: number | null;
  /** Mean over runs of the share of test images given no answer (null: unknown). */
  readonly noAnswerShare: number | null;
  /** Mean over runs of the accuracy on the answered test images (null: unknown or none answered). */
  readonly answeredAccuracy: number | null;
  /**
   * Mean over runs of the largest share of one true class among the answered test images: what
   * naming that class for every answered image would score (null: unknown or none answered).
   */
  readonly answeredMajority: number | null;
}

/** What a confusion matrix (rows: true class; columns: classes, then "no answer") says. */
type AnswerShares = Pick<
  ChanceCause,
  "sameAnswerShare" | "noAnswerShare" | "answeredAccuracy" | "answeredMajority"
>;

/** A run without a confusion matrix (older results) or without test images: nothing known. */
const UNKNOWN_SHARES: AnswerShares = {
  sameAnswerShare: null,
  noAnswerShare: null,
  answeredAccuracy: null,
  answeredMajority: null,
};

/**
 * Shares of the test images given the most common class and given no answer, and the accuracy on
 * the answered ones, from a confusion matrix whose last column counts "no assigned neuron fired".
 */
function answerSharesOf(confusion: readonly (readonly number[])[] | undefined): AnswerShares {
  if (!confusion || confusion.length === 0) return UNKNOWN_SHARES;
  const classes = confusion[0]!.length - 1;
  const columns = new Array<number>(classes + 1).fill(0);
  let total = 0;
  let correct = 0;
  let majority = 0;
  confusion.forEach((row, i) => {
    let answeredOfClass = 0;
    row.forEach((c, j) => {
      columns[j]! += c;
      total += c;
      if (i === j) correct += c;
      if (j < classes) answeredOfClass += c;
    });
    majority = Math.max(majority, answeredOfClass);
  });
  if (total === 0) return UNKNOWN_SHARES;
  const unanswered = columns[classes]!;
  const answered = total - unanswered;
  return {
    sameAnswerShare: classes > 0 ? Math.max(...columns.slice(0, classes)) / total : 0,
    noAnswerShare: unanswered / total,
    answeredAccuracy: answered > 0 ? correct / answered : null,
    answeredMajority: answered > 0 ? majority / answered : null,
  };
}

/** One run's diagnosis (ChanceCause of a single run). */
function runCause(f: RunFigures): ChanceCause {
  const neurons = f.run.result.phases.label.spikeCounts.length;
  return {
    neurons,
    activeNeurons: neurons > 0 ? neurons - f.deadNeurons : 0,
    busiestShare: neurons > 0 ? f.topNeuronShare : 0,
    ...answerSharesOf(f.run.result.confusion),
  };
}

/** Mean of the non-null values (null when there is none). */
function meanOfKnown(values: readonly (number | null)[]): number | null {
  const known = values.flatMap((v) => (v === null ? [] : [v]));
  return known.length > 0 ? stats(known).mean : null;
}

/** Means of run diagnoses (the largest network size; the shares over runs that have them). */
function meanCause(causes: readonly ChanceCause[]): ChanceCause {
  return {
    neurons: stats(causes.map((c) => c.neurons)).max,
    activeNeurons: stats(causes.map((c) => c.activeNeurons)).mean,
    busiestShare: stats(causes.map((c) => c.busiestShare)).mean,
    sameAnswerShare: meanOfKnown(causes.map((c) => c.sameAnswerShare)),
    noAnswerShare: meanOfKnown(causes.map((c) => c.noAnswerShare)),
    answeredAccuracy: meanOfKnown(causes.map((c) => c.answeredAccuracy)),
    answeredMajority: meanOfKnown(causes.map((c) => c.answeredMajority)),
  };
}

/** The chance diagnosis of a point, means over its runs (null when none of its runs finished). */
export function chanceCause(p: PointSummary): ChanceCause | null {
  return p.runs.length === 0 ? null : meanCause(p.runs.map(runCause));
}

/**
 * "1.2 of 100 neurons fire, the busiest 90 % of spikes; 100 % of test images get one answer" or
 * "…; 98 % of test images get no answer (the others 69 % right; naming their most common class:
 * 69 %)" (the point's diagnosis).
 */
function causeClause(c: ChanceCause | null): string {
  if (c === null) return "";
  const parts: string[] = [];
  if (c.neurons > 0) {
    const active = Number.isInteger(c.activeNeurons)
      ? String(c.activeNeurons)
      : c.activeNeurons.toFixed(1);
    parts.push(
      c.activeNeurons === 0
        ? `none of ${c.neurons} neurons fires`
        : `${active} of ${c.neurons} neurons fire, the busiest ${Math.round(c.busiestShare * 100)} % of spikes`,
    );
  }
  const noAnswer = c.noAnswerShare ?? 0;
  if (c.sameAnswerShare !== null && c.sameAnswerShare >= noAnswer)
    parts.push(`${Math.round(c.sameAnswerShare * 100)} % of test images get one answer`);
  else if (c.noAnswerShare !== null) {
    const right =
      c.answeredAccuracy === null || c.answeredMajority === null
        ? ""
        : ` (the others ${Math.round(c.answeredAccuracy * 100)} % right; naming their most common class: ${Math.round(c.answeredMajority * 100)} %)`;
    parts.push(`${Math.round(c.noAnswerShare * 100)} % of test images get no answer${right}`);
  }
  return parts.length > 0 ? `: ${parts.join("; ")}` : "";
}

/**
 * The sentence that flags the points at chance ("" when none is), each with its diagnosis, and
 * what the diagnosis says: a chance arm is a set-up that does not learn, and the page says why.
 */
function chanceSentence(measured: readonly PointSummary[]): string {
  const low = measured.filter(atChance);
  if (low.length === 0) return "";
  const limit = chanceLimit(low[0]!)!;
  // Each run's diagnosis once: the points' clauses take their means, the why-sentence the runs.
  const perRun = low.map((p) => p.runs.map(runCause));
  const names = low
    .map((p, i) => {
      const runs = perRun[i]!;
      return `${p.title} (${pct(p.accuracy.mean)}${causeClause(runs.length > 0 ? meanCause(runs) : null)})`;
    })
    .join("; ");
  const head =
    low.length === measured.length
      ? `Every point is at chance (mean accuracy below ${pct(limit)}, ${CHANCE_FACTOR}× the chance rate): ${names}. No network here has learned, so no comparison between them is a finding.`
      : `At chance (mean accuracy below ${pct(limit)}, ${CHANCE_FACTOR}× the chance rate), so not compared with each other: ${names}.`;
  return `${head}${whySentence(low, perRun, limit)}`;
}

/** "every test image gets the same answer" or "at least 93 % of test images get the same answer". */
const sameAnswerText = (share: number): string =>
  Math.round(share * 100) === 100
    ? "every test image gets the same answer"
    : `at least ${Math.round(share * 100)} % of test images get the same answer`;

/** Share of test images with one answer above which a chance point "answers every image alike". */
const ONE_ANSWER = 0.9;

/** Share of test images without an answer from which a chance run "falls silent at test". */
const QUIET = 0.5;

/**
 * "at least 55 % of test images get no answer (no assigned neuron fires), with … firing in the
 * labelling phase; the images they answer are 63 to 69 % right, where naming their most common
 * class would be 69 to 70 % right". When every one of those runs is right on its answered images
 * at least twice as often as that constant guess (and at least `limit`), the sentence adds that
 * they separate the classes but answer too few images; otherwise it claims nothing more.
 */
function quietText(runs: readonly ChanceCause[], limit: number): string {
  const share = Math.round(Math.min(...runs.map((c) => c.noAnswerShare!)) * 100);
  const answered = runs.filter((c) => c.answeredAccuracy !== null && c.answeredMajority !== null);
  const head = `${share === 100 ? "every" : `at least ${share} % of`} test image${share === 100 ? " gets" : "s get"} no answer (no assigned neuron fires), with ${firingText(runs)}`;
  if (answered.length === 0) return head;
  const range = (values: readonly number[]): string => {
    const lo = Math.round(Math.min(...values) * 100);
    const hi = Math.round(Math.max(...values) * 100);
    return lo === hi ? `${lo} %` : `${lo} to ${hi} %`;
  };
  const right = answered.map((c) => c.answeredAccuracy!);
  const guess = answered.map((c) => c.answeredMajority!);
  const learned =
    answered.length === runs.length &&
    answered.every(
      (c) => c.answeredAccuracy! >= limit && c.answeredAccuracy! >= 2 * c.answeredMajority!,
    )
      ? ": these networks separate the classes but fall silent on most test images"
      : "";
  return `${head}; the images they answer are ${range(right)} right, where naming their most common class would be ${range(guess)} right${learned}`;
}

/**
 * Why the runs of the chance points do not learn, classified run by run from each run's own spike
 * counts and confusion matrix ("" when nothing is known): runs that learn on their own (accuracy
 * at or above `limit`: the point is at chance by its mean only), silent networks, a few winners
 * that answer (nearly) every image alike, or responses that do not separate the classes.
 */
function whySentence(
  low: readonly PointSummary[],
  perRun: readonly (readonly ChanceCause[])[],
  limit: number,
): string {
  const learned: number[] = [];
  let silent = 0;
  let otherRuns = 0;
  const winners: ChanceCause[] = [];
  const quiet: ChanceCause[] = [];
  low.forEach((p, i) =>
    p.runs.forEach((f, k) => {
      const c = perRun[i]![k]!;
      // A run without spiking neurons, or without a confusion matrix once it fires, is not classified.
      if (c.neurons === 0) return;
      if (f.accuracy >= limit) learned.push(f.accuracy);
      else if (c.activeNeurons === 0) silent++;
      else if (c.sameAnswerShare === null) return;
      else if (c.noAnswerShare !== null && c.noAnswerShare >= QUIET) quiet.push(c);
      else if (c.sameAnswerShare >= ONE_ANSWER) winners.push(c);
      else otherRuns++;
    }),
  );
  const runs = learned.length + silent + quiet.length + winners.length + otherRuns;
  const parts: string[] = [];
  if (learned.length > 0)
    parts.push(
      `${learned.length} ${learned.length === 1 ? "learns on its own" : "learn on their own"} (${learned.map((a) => pct(a)).join(", ")}), at chance only by ${learned.length === 1 ? "its point's" : "their points'"} mean over seeds`,
    );
  if (silent > 0)
    parts.push(
      `in ${silent} no neuron fires in the labelling phase, so no neuron is assigned a class`,
    );
  if (quiet.length > 0) parts.push(`in ${quiet.length} ${quietText(quiet, limit)}`);
  if (winners.length > 0) {
    const share = sameAnswerText(Math.min(...winners.map((c) => c.sameAnswerShare!)));
    parts.push(`in ${winners.length} ${share}, with ${firingText(winners)}`);
  }
  if (otherRuns > 0)
    parts.push(
      `in ${otherRuns} neurons fire for different images but their responses do not separate the classes`,
    );
  if (parts.length === 0) return "";
  return ` Why they do not learn, run by run from each run's spike counts and confusion matrix: of their ${runs} runs, ${parts.join("; ")}.`;
}

/**
 * "1 of 4 neurons firing in the labelling phase" or "1 to 52 of 100 neurons firing in the
 * labelling phase (median 7)": how many neurons fired in the given runs (each run's own count).
 */
function firingText(runs: readonly ChanceCause[]): string {
  const active = runs.map((c) => c.activeNeurons);
  const s = stats(active);
  const total = Math.max(...runs.map((c) => c.neurons));
  if (s.min === s.max) return `${s.min} of ${total} neurons firing in the labelling phase`;
  return `${s.min} to ${s.max} of ${total} neurons firing in the labelling phase (median ${median(active)})`;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const pp = (x: number): string =>
  `${Math.abs(x).toFixed(1)} percentage point${Math.abs(x).toFixed(1) === "1.0" ? "" : "s"}`;
const spread = (s: Stats): string => (s.n > 1 ? ` ± ${(s.std * 100).toFixed(1)}` : "");

function compareAxes(model: ReportModel): CompareAxis[] {
  const scenario = model.results.manifest.scenario;
  const axes = model.axes;
  if (scenario.mode === "zip" && axes.length > 1) {
    const role: AxisRole = axes.some((a) => a.role === "non-ideality")
      ? "non-ideality"
      : axes.some((a) => a.role === "mitigation")
        ? "mitigation"
        : "setting";
    const decisive = axes.find((a) => a.role === role) ?? axes[0]!;
    // Zipped axes that move in lockstep with equal labels (LTP and LTD levels) read as one.
    const same = axes.every((a) => a.labels.every((l, j) => l === axes[0]!.labels[j]));
    return [
      {
        name: same ? axes[0]!.name : axes.map((a) => a.name).join(" + "),
        role,
        labels: axes[0]!.labels.map((_, j) =>
          same ? axes[0]!.labels[j]! : axes.map((a) => a.labels[j]).join(", "),
        ),
        referenceIndex: decisive.referenceIndex,
        at: (p) => p.valueIndex[0]!,
        members: axes.map((a) => a.index),
      },
    ];
  }
  return axes.map((a) => ({
    name: a.name,
    role: a.role,
    labels: a.unit && a.numeric ? a.labels.map((l) => `${l} ${a.unit}`) : a.labels,
    referenceIndex: a.referenceIndex,
    at: (p) => p.valueIndex[a.index]!,
    members: [a.index],
  }));
}

/** The point equal to `p` except that `axis` takes value index `j`, if it exists and has runs. */
function neighbour(
  model: ReportModel,
  axes: CompareAxis[],
  p: PointSummary,
  axis: CompareAxis,
  j: number,
) {
  return model.points.find(
    (q) =>
      q.accuracy.n > 0 && axes.every((a) => (a === axis ? a.at(q) === j : a.at(q) === a.at(p))),
  );
}

/**
 * a − b over seeds with the 95 % interval the summary table uses (Welch, or paired when the runs
 * share their seeds): a difference is a finding only when this interval excludes zero.
 */
function difference(a: PointSummary, b: PointSummary): DifferenceInterval {
  return differenceOverSeeds(a.runs, b.runs);
}

/** "−0.6 to +3.0 percentage points" (a fraction interval in points). */
function ciText(d: DifferenceInterval): string {
  const s = (x: number): string => {
    const t = Math.abs(x * 100).toFixed(1);
    return `${x < 0 && t !== "0.0" ? "−" : x > 0 && t !== "0.0" ? "+" : ""}${t}`;
  };
  return `${s(d.low)} to ${s(d.high)} percentage points`;
}

/** Why a difference is not a finding, or its interval when it is (one clause, no full stop). */
function intervalClause(d: DifferenceInterval, nA: number, nB: number): string {
  if (!Number.isFinite(d.low))
    return "one seed on a side: the spread over seeds is not measured, so it is not a finding";
  const how =
    d.method === "paired" ? `paired t over ${nA} seeds` : `Welch t over ${nA} and ${nB} seeds`;
  return excludesZero(d)
    ? `95 % CI ${ciText(d)} (${how})`
    : `its 95 % CI, ${ciText(d)} (${how}), includes zero, so it is not a finding`;
}

/** "with a x, b y": the other axes' values at a point ("" when there are none). */
function contextOf(p: PointSummary, axes: CompareAxis[], except: readonly CompareAxis[]): string {
  const parts = axes
    .filter((a) => !except.includes(a))
    .map((a) => `${a.name} ${a.labels[a.at(p)]}`);
  return parts.length > 0 ? `with ${parts.join(", ")}` : "";
}

/** " (with …)" or "". */
function describePoint(p: PointSummary, axes: CompareAxis[], except: CompareAxis | null): string {
  const c = contextOf(p, axes, except ? [except] : []);
  return c ? ` (${c})` : "";
}

/**
 * "Points that learn (…), by neuron: IF 0 of 15, LIF 0 of 15, …; by rule: …": for a scenario with
 * some points at chance and more than one axis, how many points of each axis value learn (mean
 * accuracy at or above chanceLimit). "" when every point learns, none does, or there is one axis
 * (the chance sentence then names them all).
 */
function learnersPerAxis(axes: readonly CompareAxis[], measured: readonly PointSummary[]): string {
  const learning = measured.filter((p) => !atChance(p));
  if (axes.length < 2 || learning.length === 0 || learning.length === measured.length) return "";
  // Some point is at chance here, so the dataset's class count, and with it the limit, is known.
  const limit = chanceLimit(measured[0]!)!;
  const parts = axes.map((a) => {
    const counts = a.labels.map((label, j) => {
      const at = measured.filter((p) => a.at(p) === j);
      return `${label} ${at.filter((p) => !atChance(p)).length} of ${at.length}`;
    });
    return `by ${a.name}: ${counts.join(", ")}`;
  });
  return `Points that learn (mean accuracy at least ${pct(limit)}), ${learning.length} of ${measured.length}: ${parts.join("; ")}.`;
}

function seedNote(loss: Loss): string {
  const clause = intervalClause(loss.interval, loss.from.accuracy.n, loss.to.accuracy.n);
  return ` ${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
}

/**
 * Computes the report's findings from the model: the largest loss along a non-ideality axis, what
 * each mitigation recovers of it, as sentences naming the measured values.
 */
export function findings(model: ReportModel): Findings {
  const axes = compareAxes(model);
  const measured = model.points.filter((p) => p.accuracy.n > 0);
  if (measured.length === 0)
    return { sentences: ["No run has finished yet."], largestLoss: null, bestRecovery: null };
  const chance = chanceSentence(measured);
  if (measured.every(atChance))
    return { sentences: [chance], largestLoss: null, bestRecovery: null };
  const nonIdeal = axes.filter((a) => a.role === "non-ideality");
  const mitigations = axes.filter((a) => a.role === "mitigation");
  const atReference = (p: PointSummary, except: CompareAxis): boolean =>
    mitigations.every((m) => m === except || m.at(p) === m.referenceIndex);

  const sentences: string[] = [];
  const numerics = numericsSentence(measured);
  if (numerics) sentences.push(numerics);
  let worst: (Loss & { axisRef: CompareAxis }) | null = null;
  // The headline is the largest loss whose interval excludes zero; only when none does is the
  // largest difference named — as not a finding.
  let worstResolved: (Loss & { axisRef: CompareAxis }) | null = null;
  const perAxis: string[] = [];
  // Losses are measured with the mitigations off; where every such pair is at chance, with them
  // on (the sentence then names the mitigation's setting).
  const comparable = (n: CompareAxis, p: PointSummary, anyMitigation: boolean): boolean => {
    if (n.at(p) === n.referenceIndex || !(anyMitigation || atReference(p, n))) return false;
    const q = neighbour(model, axes, p, n, n.referenceIndex);
    return q !== undefined && !bothAtChance(p, q);
  };
  for (const n of nonIdeal) {
    let axisWorst: (Loss & { axisRef: CompareAxis }) | null = null;
    const anyMitigation = !measured.some((p) => comparable(n, p, false));
    for (const p of measured) {
      if (!comparable(n, p, anyMitigation)) continue;
      const q = neighbour(model, axes, p, n, n.referenceIndex);
      if (!q) continue;
      const loss = (q.accuracy.mean - p.accuracy.mean) * 100;
      const interval = difference(q, p);
      const candidate = {
        axis: n.name,
        from: q,
        to: p,
        points: loss,
        resolved: excludesZero(interval),
        interval,
        axisRef: n,
      };
      if (!axisWorst || loss > axisWorst.points) axisWorst = candidate;
      if (candidate.resolved && loss > 0 && (!worstResolved || loss > worstResolved.points))
        worstResolved = candidate;
    }
    if (!axisWorst) continue;
    perAxis.push(
      `${n.name} ${n.labels[n.at(axisWorst.to)]} instead of ${n.labels[n.referenceIndex]}: ` +
        `${axisWorst.points >= 0 ? "−" : "+"}${pp(axisWorst.points)} (${pct(axisWorst.from.accuracy.mean)} → ${pct(axisWorst.to.accuracy.mean)}` +
        `${axisWorst.resolved ? "" : "; within its 95 % CI"})`,
    );
    if (!worst || axisWorst.points > worst.points) worst = axisWorst;
  }
  if (worstResolved) worst = worstResolved;

  const flagChance = (): void => {
    if (chance) sentences.push(chance);
  };
  if (worst && worst.points >= SMALLEST_LOSS && !worst.resolved) {
    const n = worst.axisRef;
    sentences.push(
      `No non-ideality in this scenario lowers accuracy beyond the spread over seeds: the largest difference, ${n.name} at ${n.labels[n.at(worst.to)]} ` +
        `instead of ${n.labels[n.referenceIndex]}${describePoint(worst.to, axes, n)}, is a loss of ${pp(worst.points)} ` +
        `(${pct(worst.from.accuracy.mean)}${spread(worst.from.accuracy)} → ${pct(worst.to.accuracy.mean)}${spread(worst.to.accuracy)}); ` +
        `${intervalClause(worst.interval, worst.from.accuracy.n, worst.to.accuracy.n)}.`,
    );
    flagChance();
    return {
      sentences,
      largestLoss: worst,
      bestRecovery: mitigationOnly(model, axes, mitigations, sentences),
    };
  } else if (worst && worst.points >= SMALLEST_LOSS) {
    const n = worst.axisRef;
    sentences.push(
      `The largest accuracy loss is ${pp(worst.points)}, from ${pct(worst.from.accuracy.mean)}${spread(worst.from.accuracy)} ` +
        `to ${pct(worst.to.accuracy.mean)}${spread(worst.to.accuracy)}: it is caused by ${n.name}, at ${n.labels[n.at(worst.to)]} ` +
        `instead of ${n.labels[n.referenceIndex]}${describePoint(worst.to, axes, n)}.${seedNote(worst)}`,
    );
  } else if (worst) {
    sentences.push(
      `No non-ideality in this scenario lowers the mean accuracy: the worst case, ${worst.axis} at ${worst.axisRef.labels[worst.axisRef.at(worst.to)]}, ` +
        `changes it by +${pp(-worst.points)} (${pct(worst.from.accuracy.mean)} → ${pct(worst.to.accuracy.mean)}` +
        `${contextOf(worst.to, axes, [worst.axisRef]) ? `, ${contextOf(worst.to, axes, [worst.axisRef])}` : ""}).`,
    );
    flagChance();
    return {
      sentences,
      largestLoss: null,
      bestRecovery: mitigationOnly(model, axes, mitigations, sentences),
    };
  } else {
    // No axis is marked as a non-ideality: describe the range between the best and worst points.
    if (nonIdeal.length > 0) {
      sentences.push(
        `The effect of ${nonIdeal.map((a) => a.name).join(", ")} cannot be measured: every pair of points that differ only in it is at chance.`,
      );
      flagChance();
      return {
        sentences,
        largestLoss: null,
        bestRecovery: mitigationOnly(model, axes, mitigations, sentences),
      };
    }
    // Points at chance are not compared (they are flagged below): the range is over those that learn.
    const learning = measured.filter((p) => !atChance(p));
    const pool = learning.length > 0 ? learning : measured;
    const best = pool.reduce((a, b) => (b.accuracy.mean > a.accuracy.mean ? b : a));
    const low = pool.reduce((a, b) => (b.accuracy.mean < a.accuracy.mean ? b : a));
    const differing = axes.filter((a) => a.at(best) !== a.at(low));
    const what = differing
      .map((a) => `${a.name} ${a.labels[a.at(low)]} instead of ${a.labels[a.at(best)]}`)
      .join(", ");
    const loss: Loss = {
      axis: differing.map((a) => a.name).join(", "),
      from: best,
      to: low,
      points: (best.accuracy.mean - low.accuracy.mean) * 100,
      resolved: excludesZero(difference(best, low)),
      interval: difference(best, low),
    };
    const among = learning.length < measured.length ? " that learn" : "";
    sentences.push(
      pool.length === 1
        ? measured.length === 1
          ? `One point: accuracy ${pct(best.accuracy.mean)}${spread(best.accuracy)} over ${best.accuracy.n} seed(s).`
          : `Only one point learns: ${best.title}, ${pct(best.accuracy.mean)}${spread(best.accuracy)} over ${best.accuracy.n} seed(s).`
        : `The largest accuracy ${loss.resolved ? "loss" : "difference"}${among ? ` between points${among}` : ""} is ${pp(loss.points)}, from ${pct(best.accuracy.mean)}${spread(best.accuracy)} (${best.title}) ` +
            `to ${pct(low.accuracy.mean)}${spread(low.accuracy)} (${low.title})${what ? `, with ${what}` : ""}. ` +
            `No axis of this scenario is marked as a non-ideality, so the ${loss.resolved ? "loss" : "difference"} is between its best and worst settings${among}.${seedNote(loss)}`,
    );
    const learnsBy = learnersPerAxis(axes, measured);
    if (learnsBy) sentences.push(learnsBy);
    flagChance();
    return {
      sentences,
      largestLoss: pool.length > 1 ? loss : null,
      bestRecovery: mitigationOnly(model, axes, mitigations, sentences),
    };
  }
  flagChance();
  if (perAxis.length > 1) sentences.push(`Worst case per non-ideality: ${perAxis.join("; ")}.`);

  let best: Recovery | null = null;
  let costInterval: DifferenceInterval | null = null;
  if (worst && worst.points >= SMALLEST_LOSS) {
    for (const m of mitigations) {
      if (m.at(worst.to) !== m.referenceIndex) continue; // the loss was measured with it on
      for (let j = 0; j < m.labels.length; j++) {
        if (j === m.referenceIndex) continue;
        const r = neighbour(model, axes, worst.to, m, j);
        if (!r) continue;
        const gained = (r.accuracy.mean - worst.to.accuracy.mean) * 100;
        const ideal = neighbour(model, axes, worst.from, m, j);
        const cost = ideal ? (ideal.accuracy.mean - worst.from.accuracy.mean) * 100 : null;
        if (!best || gained > best.points) {
          const interval = difference(r, worst.to);
          best = {
            axis: m.name,
            value: m.labels[j]!,
            at: r,
            points: gained,
            fraction: gained / worst.points,
            costAtReference: cost,
            interval,
            resolved: excludesZero(interval),
          };
          costInterval = ideal ? difference(ideal, worst.from) : null;
        }
      }
    }
    if (mitigations.length === 0) {
      sentences.push(
        "No axis of this scenario is marked as a mitigation, so no recovery is measured.",
      );
    } else if (!best && mitigations.every((m) => m.at(worst.to) !== m.referenceIndex)) {
      sentences.push(
        "The loss is measured with the mitigations on (with them off the points are at chance), so no recovery is measured.",
      );
      mitigationOnly(model, axes, mitigations, sentences);
    } else if (!best) {
      sentences.push(
        "The mitigation axes have no point matching the worst case, so no recovery is measured.",
      );
    } else if (best.points > 0 && best.resolved) {
      const cost =
        best.costAtReference === null || costInterval === null
          ? ""
          : ` Without the non-ideality it changes accuracy by ${best.costAtReference >= 0 ? "+" : "−"}${pp(best.costAtReference)}` +
            `${excludesZero(costInterval) ? ` (${intervalClause(costInterval, best.at.accuracy.n, worst.from.accuracy.n)})` : `: ${intervalClause(costInterval, best.at.accuracy.n, worst.from.accuracy.n)}`}.`;
      sentences.push(
        `Setting ${best.axis} to ${best.value} recovers ${pp(best.points)} of it (to ${pct(best.at.accuracy.mean)}${spread(best.at.accuracy)}), ` +
          `${best.fraction <= 1 ? `${Math.round(best.fraction * 100)} % of the loss` : "more than the whole loss"}; ` +
          `${intervalClause(best.interval, best.at.accuracy.n, worst.to.accuracy.n)}.${cost}`,
      );
    } else if (best.points > 0) {
      sentences.push(
        `No mitigation recovers accuracy there beyond the spread over seeds: the best, ${best.axis} ${best.value}, changes it by +${pp(best.points)} ` +
          `(to ${pct(best.at.accuracy.mean)}${spread(best.at.accuracy)}); ${intervalClause(best.interval, best.at.accuracy.n, worst.to.accuracy.n)}.`,
      );
    } else {
      sentences.push(
        `No mitigation recovers accuracy there: the best, ${best.axis} ${best.value}, changes it by −${pp(best.points)} (to ${pct(best.at.accuracy.mean)}).`,
      );
    }
  }
  return { sentences, largestLoss: worst, bestRecovery: best };
}

/**
 * Names the points whose runs reported numerical warnings (result.json `warnings`, e.g. steps beyond
 * the dc neuron's forward-Euler limit): their figures include the integration's runaway volleys.
 */
function numericsSentence(measured: readonly PointSummary[]): string | null {
  const flagged = measured
    .map((p) => ({ p, n: p.runs.filter((f) => f.run.result.warnings.length > 0).length }))
    .filter((x) => x.n > 0);
  if (flagged.length === 0) return null;
  const list = flagged.map((x) => `${x.p.title} (${x.n} of ${x.p.runs.length} runs)`).join("; ");
  return (
    `Numerical warnings: ${list} reported warnings about their numerics (each run's result.json "warnings", ` +
    `e.g. steps beyond the dc neuron's forward-Euler stability limit, whose accuracy includes the integration scheme's whole-layer volleys).`
  );
}

/** Without non-ideality axes: the largest gain each mitigation gives anywhere. */
function mitigationOnly(
  model: ReportModel,
  axes: CompareAxis[],
  mitigations: CompareAxis[],
  sentences: string[],
): Recovery | null {
  let best: Recovery | null = null;
  // A mitigation whose "off" neighbour is at chance does not recover anything measurable: the
  // network only learns with it (issue #18). Those pairs are named, never ranked as recoveries.
  let enables: { m: CompareAxis; on: PointSummary; off: PointSummary } | null = null;
  for (const m of mitigations) {
    for (const p of model.points) {
      if (p.accuracy.n === 0 || m.at(p) === m.referenceIndex) continue;
      const off = neighbour(model, axes, p, m, m.referenceIndex);
      if (!off || bothAtChance(p, off)) continue;
      if (atChance(off) || atChance(p)) {
        if (atChance(off) && (!enables || p.accuracy.mean > enables.on.accuracy.mean))
          enables = { m, on: p, off };
        continue;
      }
      const gained = (p.accuracy.mean - off.accuracy.mean) * 100;
      if (!best || gained > best.points) {
        const interval = difference(p, off);
        best = {
          axis: m.name,
          value: m.labels[m.at(p)]!,
          at: p,
          points: gained,
          fraction: NaN,
          costAtReference: null,
          interval,
          resolved: excludesZero(interval),
        };
      }
    }
  }
  if (best) {
    const m = mitigations.find((a) => a.name === best!.axis)!;
    const off = neighbour(model, axes, best.at, m, m.referenceIndex)!;
    const context = contextOf(best.at, axes, [m]);
    sentences.push(
      `The largest effect of a mitigation: ${best.axis} ${best.value} instead of ${m.labels[m.referenceIndex]} changes accuracy by ` +
        `${best.points >= 0 ? "+" : "−"}${pp(best.points)}, from ${pct(off.accuracy.mean)}${spread(off.accuracy)} ` +
        `to ${pct(best.at.accuracy.mean)}${spread(best.at.accuracy)}${context ? `, ${context}` : ""}; ` +
        `${intervalClause(best.interval, best.at.accuracy.n, off.accuracy.n)}.`,
    );
  }
  if (enables) {
    const { m, on, off } = enables;
    const context = contextOf(on, axes, [m]);
    sentences.push(
      `With ${m.name} ${m.labels[m.referenceIndex]} the network does not learn (${pct(off.accuracy.mean)}, at chance)${context ? `, ${context}` : ""}; with ${m.labels[m.at(on)]} it reaches ${pct(on.accuracy.mean)}${spread(on.accuracy)}. ` +
        `That says this network needs ${m.name} to learn at all, not how much of a non-ideality's loss ${m.name} recovers: no recovery is measured from an arm at chance.`,
    );
  }
  return best;
}
