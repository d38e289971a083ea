/**
 * Sweep progress on stderr: runs and points done, runs in flight, elapsed time and an ETA.
 * On a terminal one line is redrawn in place; in logs (CI, Slurm) a line is printed per finished
 * run. The ETA weighs each run by its work (neurons × samples), so a sweep over network sizes
 * does not promise too early.
 */
import { checkpointCount } from "../network/config.js";
import { estimateWork } from "./preflight.js";
import { isAnnRun, type ScenarioRunConfig } from "./run-config.js";
import type { SweepEvent } from "./runner.js";
import type { SweepRun } from "./expand.js";
import type { SnapshotUse } from "./run-job.js";

/** Steps of one Diehl & Cook presentation (350 + 150 ms at 0.5 ms): an ANN run's cost unit. */
const DEFAULT_STEPS_PER_PRESENTATION = 1000;

/**
 * Relative work of a run: neurons × presented samples (checkpoint evaluations included); an ANN
 * run's neuron-step estimate (preflight.ts) over the default steps per presentation.
 */
export function runCost(config: ScenarioRunConfig): number {
  if (isAnnRun(config)) {
    return Math.max(1, estimateWork(config).neuronSteps / DEFAULT_STEPS_PER_PRESENTATION);
  }
  const label = config.label ?? Math.min(config.train, 10_000);
  let samples = config.train + label + config.test;
  const cp = config.checkpoints;
  if (cp) samples += checkpointCount(cp, config.train) * (cp.label + cp.test);
  return Math.max(1, samples) * Math.max(1, config.neurons);
}

/** Formats a duration in seconds as "42s", "3m07s" or "1h05m" ("–" when not finite or negative). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, "0")}s`;
  return `${sec}s`;
}

/**
 * Where sweep progress is written (a stream, e.g. stderr); `isTTY` selects the redrawn line over
 * one line per run.
 */
export interface ProgressWriter {
  readonly isTTY: boolean;
  write(text: string): void;
}

/**
 * Returns a SweepEvent handler that prints progress to `stream`: runs and points done, runs in
 * flight, elapsed time and a work-weighted ETA.
 */
export function sweepProgress(
  stream: ProgressWriter = process.stderr,
  now: () => number = () => performance.now(),
): (event: SweepEvent) => void {
  const cost = new Map<string, number>();
  const pointOf = new Map<string, string>();
  const runsLeftInPoint = new Map<string, number>();
  const fraction = new Map<string, number>();
  let total = 0;
  let totalPoints = 0;
  let pointsDone = 0;
  let runsDone = 0;
  let costTotal = 0;
  let costDone = 0;
  let skipped = 0;
  let t0 = now();
  let lastDraw = 0;

  const line = (): string => {
    const elapsed = (now() - t0) / 1000;
    let inFlight = 0;
    for (const [key, f] of fraction) inFlight += f * (cost.get(key) ?? 0);
    const workDone = costDone + inFlight;
    const eta = workDone > 0 ? (elapsed * (costTotal - workDone)) / workDone : NaN;
    return (
      `sweep ${runsDone + skipped}/${total} runs · ${pointsDone}/${totalPoints} points · ` +
      `${fraction.size} running · ${formatDuration(elapsed)} elapsed · ETA ${formatDuration(eta)}`
    );
  };
  const draw = (force: boolean): void => {
    if (!stream.isTTY) return;
    const t = now();
    if (!force && t - lastDraw < 250) return;
    lastDraw = t;
    stream.write(`\r\x1b[2K${line()}`);
  };
  const log = (text: string): void => {
    stream.write(stream.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
    draw(true);
  };
  const runEnded = (key: string): void => {
    fraction.delete(key);
    const point = pointOf.get(key)!;
    const left = (runsLeftInPoint.get(point) ?? 1) - 1;
    runsLeftInPoint.set(point, left);
    if (left === 0) pointsDone++;
  };

  return (event) => {
    switch (event.type) {
      case "sweep-start": {
        t0 = now();
        const selected: readonly SweepRun[] = event.selected;
        total = selected.length;
        skipped = event.skipped;
        const pending = new Set(event.pending.map((r) => r.key));
        for (const r of selected) {
          pointOf.set(r.key, r.point.id);
          if (pending.has(r.key)) {
            runsLeftInPoint.set(r.point.id, (runsLeftInPoint.get(r.point.id) ?? 0) + 1);
            const c = runCost(r.config);
            cost.set(r.key, c);
            costTotal += c;
          } else if (!runsLeftInPoint.has(r.point.id)) runsLeftInPoint.set(r.point.id, 0);
        }
        totalPoints = runsLeftInPoint.size;
        for (const left of runsLeftInPoint.values()) if (left === 0) pointsDone++;
        log(
          `sweep: ${total} runs (${totalPoints} points), ${skipped} already finished, ${event.pending.length} to run on ${event.workers} worker(s)`,
        );
        return;
      }
      case "run-damaged":
        log(`run ${event.key} is damaged and will run again: ${event.problems.join("; ")}`);
        return;
      case "runs-unverified":
        log(
          `${event.keys.length} finished run(s) have no checksums.sha256 (written by an older NeuroXbar): kept without a check`,
        );
        return;
      case "run-snapshot":
        log(snapshotNotice(event.key, event.use));
        return;
      case "run-start":
        fraction.set(event.key, 0);
        draw(false);
        return;
      case "run-progress":
        fraction.set(event.key, event.fraction);
        draw(false);
        return;
      case "run-end":
        runEnded(event.key);
        runsDone++;
        costDone += cost.get(event.key) ?? 0;
        if (stream.isTTY) draw(true);
        else
          log(
            `${line()} · ${event.key} accuracy ${(event.accuracy * 100).toFixed(2)} % in ${event.seconds.toFixed(1)} s`,
          );
        return;
      case "run-failed":
        runEnded(event.key);
        costDone += cost.get(event.key) ?? 0;
        log(`run ${event.key} failed (${event.code}): ${event.message}`);
        return;
      case "sweep-end": {
        const s = event.summary;
        const state = s.interrupted ? "interrupted" : "done";
        stream.write(
          `${stream.isTTY ? "\r\x1b[2K" : ""}sweep ${state}: ${s.finished} run(s) finished, ${s.skipped} skipped, ${s.failed.length} failed in ${formatDuration(s.seconds)} → ${s.out}\n`,
        );
        return;
      }
    }
  };
}

/** The line a sweep prints when an unfinished run continues from its snapshot or discards it. */
export function snapshotNotice(key: string, use: SnapshotUse): string {
  return use.kind === "resumed"
    ? `run ${key} continues from its snapshot at training sample ${use.samplesDone}`
    : `run ${key}: its snapshot was discarded (${use.reason}); the run starts over`;
}
