import cliProgress from "cli-progress";
import type { RunEvent } from "../network/pipeline.js";

/**
 * Progress bar on stderr (phase, samples, samples/s, ETA). On a terminal it redraws in place; in
 * logs (CI, Slurm) it prints a line every few seconds instead. Run warnings are printed on stderr
 * whether or not the bar is enabled.
 */
export function progressListener(enabled: boolean): (event: RunEvent) => void {
  const warn = (event: RunEvent): void => {
    if (event.type === "warning") process.stderr.write(`warning: ${event.message}\n`);
  };
  if (!enabled) return warn;
  let bar: cliProgress.SingleBar | null = null;
  let phase = "";
  const stop = (): void => {
    bar?.stop();
    bar = null;
  };
  return (event) => {
    if (event.type === "progress") {
      if (event.phase !== phase || bar === null) {
        stop();
        phase = event.phase;
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${phase.padEnd(10)} [{bar}] {value}/{total} · {rate} samples/s · ETA {eta_formatted}`,
            hideCursor: true,
            noTTYOutput: !process.stderr.isTTY,
            notTTYSchedule: 10_000,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.total, 0, { rate: "–" });
      }
      bar.update(event.done, { rate: event.samplesPerSec.toFixed(1) });
    } else if (event.type === "phase-end" || event.type === "run-end") {
      if (bar && event.type === "phase-end") bar.update(event.timing.samples);
      stop();
      phase = "";
    } else if (event.type === "warning") {
      stop();
      phase = "";
      warn(event);
    } else if (event.type === "checkpoint") {
      stop();
      phase = "";
      process.stderr.write(
        `checkpoint  ${event.point.samples} samples: accuracy ${(event.point.accuracy * 100).toFixed(2)} % ` +
          `(${event.point.labelSamples} label / ${event.point.testSamples} test)\n`,
      );
    }
  };
}
