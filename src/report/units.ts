/**
 * Engineering units for the report's energy figures: tables print each value with formatSi
 * (src/energy/format.ts: "1.71 nJ"); a chart axis needs one prefix for all its values, the one
 * formatSi picks for the largest.
 */
import { formatSi } from "../energy/format.js";

const FACTORS: Readonly<Record<string, number>> = {
  T: 1e12,
  G: 1e9,
  M: 1e6,
  k: 1e3,
  "": 1,
  m: 1e-3,
  µ: 1e-6,
  n: 1e-9,
  p: 1e-12,
  f: 1e-15,
  a: 1e-18,
};

/** A display unit for values up to `maxAbs` of `unit`: divide by `factor`, write `label`. */
export interface DisplayUnit {
  readonly factor: number;
  readonly label: string;
}

/** The prefix formatSi gives `maxAbs` (e.g. 3.2e-9 J → nJ, factor 1e-9). */
export function displayUnit(maxAbs: number, unit = "J"): DisplayUnit {
  if (!(Number.isFinite(maxAbs) && maxAbs > 0)) return { factor: 1, label: unit };
  const label = formatSi(maxAbs, unit).split(" ")[1] ?? unit;
  const prefix = label.slice(0, label.length - unit.length);
  return { factor: FACTORS[prefix] ?? 1, label };
}

/** An energy in engineering units ("1.71 nJ"), "–" for none. */
export function formatEnergy(joules: number | null | undefined): string {
  return joules === null || joules === undefined || Number.isNaN(joules)
    ? "–"
    : formatSi(joules, "J");
}

/**
 * The energy profile(s) as a phrase for titles and notes: `profile "default"`, or the list when
 * the runs used several (their energies are then not comparable), or "profile not recorded".
 */
export function profilePhrase(profiles: readonly string[]): string {
  if (profiles.length === 0) return "energy profile not recorded";
  if (profiles.length === 1) return `energy profile "${profiles[0]}"`;
  return `energy profiles ${profiles.map((p) => `"${p}"`).join(", ")} (mixed: not comparable)`;
}
