/**
 * Section 1 of the design report: plain sentences generated from the tables. Each sentence is
 * written only when the data supports it (an interval that excludes zero for "loses", "comes
 * from", "recovers"; a bracketed search for "needs"), and quotes the table cells' own strings.
 */
import type { DesignPlan } from "../../design/plan.js";
import {
  pts,
  ratio,
  resolved,
  sig,
  type AllOffCheck,
  type AttributionRow,
  type Estimate,
  type MitigationRow,
  type RankRow,
  type RequirementRow,
  toleranceText,
} from "./analyse.js";

const pm = (e: Estimate) => (Number.isFinite(e.ci) ? `${pts(e.mean)} ± ${pts(e.ci)}` : pts(e.mean));

export interface SummaryInput {
  readonly plan: DesignPlan;
  readonly ranking: readonly RankRow[];
  readonly total: Estimate;
  readonly attribution: readonly AttributionRow[];
  readonly check: AllOffCheck;
  readonly requirements: readonly RequirementRow[];
  readonly mitigations: readonly MitigationRow[];
}

export function summarySentences(s: SummaryInput): string[] {
  const { plan } = s;
  const out: string[] = [];
  const device = s.ranking.find((r) => r.id === "device")!;
  const ideal = s.ranking.find((r) => r.id === "ideal")!;
  const net = `${plan.sizes.neurons}-neuron MNIST (${plan.sizes.train} training images, ${plan.seeds.length} seeds)`;
  if (ideal.atChance) {
    out.push(
      `With ideal synapses the ${net} network is at chance (${pm(ideal.accuracy)} %): nothing here can be compared; use a larger network or more images.`,
    );
    return out;
  }
  if (device.atChance) {
    out.push(
      `On ${net} ${plan.device.name} is at chance (${pm(device.accuracy)} %) against ${pm(ideal.accuracy)} % with ideal synapses: it does not learn in this setting, and its loss is not compared further.`,
    );
  } else if (resolved(s.total)) {
    out.push(
      `On ${net} ${plan.device.name} reaches ${pm(device.accuracy)} % against ${pm(ideal.accuracy)} % with ideal synapses: it ${s.total.mean > 0 ? "loses" : "gains"} ${pm({ ...s.total, mean: Math.abs(s.total.mean) })} points.`,
    );
  } else {
    out.push(
      `On ${net} ${plan.device.name} reaches ${pm(device.accuracy)} % against ${pm(ideal.accuracy)} % with ideal synapses; the difference (${pm(s.total)} points) is within the spread over seeds.`,
    );
  }
  const costly = s.attribution
    .filter((r) => r.pointsLost && resolved(r.pointsLost) && r.pointsLost.mean > 0 && !r.atChance)
    .sort((a, b) => b.pointsLost!.mean - a.pointsLost!.mean);
  if (costly.length > 0) {
    const top = costly[0]!;
    const rest = costly
      .slice(1, 3)
      .map((r) => `${r.label} (${pm(r.pointsLost!)} points)`)
      .join(", ");
    out.push(
      `Switching ${top.label} off recovers the most: ${pm(top.pointsLost!)} points${rest ? `; next: ${rest}` : ""}.`,
    );
  } else if (s.attribution.some((r) => r.present)) {
    out.push(
      "No single non-ideality, switched off alone, recovers an amount resolved from the seed spread.",
    );
  }
  const chance = s.attribution.filter((r) => r.present && r.atChance).map((r) => r.label);
  if (chance.length > 0)
    out.push(`At chance even with one switched off (not compared): ${chance.join(", ")}.`);
  out.push(
    s.check.withinSpread
      ? `Check: with every non-ideality off the accuracy is ${pm(s.check.accuracy)} %, ${pm(s.check.difference)} points from ideal: back to ideal within spread.`
      : `CHECK FAILED: with every non-ideality off the accuracy is ${pm(s.check.accuracy)} %, ${pm(s.check.difference)} points from ideal — outside the spread; the attribution above is not trustworthy.`,
  );
  const budget = plan.lossBudgetPoints;
  const unit = `point${budget === 1 ? "" : "s"}`;
  const needs = s.requirements.filter((r) => r.resolved && r.tolerance !== null);
  if (needs.length > 0) {
    out.push(
      `To stay within ${budget} ${unit} of ideal, with the others ideal, a device needs ${needs
        .map((r) => `${r.spec.parameter} ${toleranceText(r)}`)
        .join(", ")}.`,
    );
  }
  const unresolved = s.requirements.filter((r) => !r.resolved).map((r) => r.spec.parameter);
  if (unresolved.length > 0) {
    out.push(
      `Not resolved at this size (the loss at the crossing is within the seed spread of the ${budget}-${unit} budget): ${unresolved.join(", ")}; their tolerances in the table are point estimates.`,
    );
  }
  const failed = needs.filter((r) => r.verdict === "fail");
  if (failed.length > 0) {
    out.push(
      `${plan.device.name} misses: ${failed
        .map(
          (r) =>
            `${r.spec.parameter} (device ${sig(r.spec.deviceValue!)}; needs ${toleranceText(r)})`,
        )
        .join(", ")}.`,
    );
  }
  const passed = needs.filter((r) => r.verdict === "pass");
  if (passed.length > 0) out.push(`It meets: ${passed.map((r) => r.spec.parameter).join(", ")}.`);
  const helps = s.mitigations
    .filter(
      (m) =>
        !m.upperBound &&
        m.recovered &&
        resolved(m.recovered) &&
        m.recovered.mean > 0 &&
        !m.atChance,
    )
    .sort((a, b) => b.recovered!.mean - a.recovered!.mean);
  if (helps.length > 0) {
    const m = helps[0]!;
    out.push(
      `${m.label[0]!.toUpperCase()}${m.label.slice(1)} recovers ${pm(m.recovered!)} points at ${ratio(m.trainingEnergyRatio!)}× the training energy per sample.`,
    );
  } else {
    out.push("No mitigation recovers an amount resolved from the seed spread.");
  }
  const ub = s.mitigations.find((m) => m.upperBound && m.recovered);
  if (ub && ub.recovered && resolved(ub.recovered)) {
    out.push(
      `A controller that knew every device (not a chip: an upper bound) would change accuracy by ${pm(ub.recovered)} points.`,
    );
  }
  return out;
}
