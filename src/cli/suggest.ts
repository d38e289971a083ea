/**
 * "Did you mean" for mistyped flags: yargs' strict mode names an unknown flag, and
 * recommendCommands() suggests commands but not flags. This adds the nearest known flag.
 */

/** Levenshtein edit distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The known flag nearest to `name` (within 2 edits, or a third of its length), if any. */
export function nearestFlag(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * yargs' "Unknown argument(s): a, b" with a suggestion per flag that has a near known one:
 * "Unknown argument: nuerons (did you mean --neurons?)". Other messages come back unchanged.
 */
export function withFlagSuggestions(message: string, known: readonly string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (!m) return message;
  const hints = m[1]!
    .split(", ")
    .map((name) => [name, nearestFlag(name, known)] as const)
    .filter(([, k]) => k !== undefined)
    .map(([name, k]) => ({ name, k: `--${k!}` }));
  if (hints.length === 0) return message;
  const text =
    hints.length === 1 && !m[1]!.includes(", ")
      ? hints[0]!.k
      : hints.map((h) => `${h.k} for ${h.name}`).join(", ");
  return `${message} (did you mean ${text}?)`;
}
