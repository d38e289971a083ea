/**
 * An ANN run's result.json (src/ann/train-ann.ts AnnResult, written by a sweep with `runConfig`
 * and `sweep`) in the shape a report reads for every run (src/report/load-results.ts), so a
 * scenario report lists the ANN arm beside the SNN arms:
 *
 *   config         ← runConfig (the scenario's run configuration, kind "ann"), else config
 *   samples        ← train: epochs × training images (presentations), label: 0, test: test images
 *   curve          ← one point per epoch: {samples: epoch × training images, accuracy: testAccuracy}
 *   phases         ← no spiking neurons: empty spike counts
 *   ops            ← test.macs: MACs per image × test images (no train/label spike ops)
 *   energy         ← perInferenceJ: the int8 inference under the run's profile (docs/ann.md), with
 *                    its arithmetic and weight-fetch parts; the fp32 figure stays in result.json;
 *                    perTrainingSampleJ: the fp32 training energy per training image, all epochs
 *                    (trainingEnergy; absent in results written before it existed)
 *
 * Any other result passes through unchanged.
 */
import { isPlainObject } from "./config-path.js";

/** The `kind` of an ANN result.json. */
export const ANN_RESULT_KIND = "neuroxbar-ann";

const num = (v: unknown): number => (typeof v === "number" ? v : 0);

/** The report's view of a result.json: an ANN result converted, anything else unchanged. */
export function asReportedResult(raw: Record<string, unknown>): Record<string, unknown> {
  if (raw.kind !== ANN_RESULT_KIND) return raw;
  const config = isPlainObject(raw.config) ? raw.config : {};
  const epochs = num(config.epochs);
  const trainImages = num(config.trainImages);
  const testImages = num(config.testImages);
  const curve = Array.isArray(raw.curve) ? raw.curve : [];
  const energy = isPlainObject(raw.energy) ? raw.energy : null;
  const int8 = energy && isPlainObject(energy.int8) ? energy.int8 : null;
  const training = isPlainObject(raw.trainingEnergy) ? raw.trainingEnergy : null;
  const noSpikes = { spikeCounts: [] };
  return {
    ...raw,
    config: isPlainObject(raw.runConfig) ? raw.runConfig : config,
    samples: { train: epochs * trainImages, label: 0, test: testImages },
    curve: curve.filter(isPlainObject).map((p) => ({
      samples: num(p.epoch) * trainImages,
      accuracy: num(p.testAccuracy),
    })),
    phases: { train: noSpikes, label: noSpikes, test: noSpikes },
    ops: { train: {}, label: {}, test: { macs: num(raw.macsPerImage) * testImages } },
    energy:
      energy && int8
        ? {
            profile: energy.profile,
            perInferenceJ: num(int8.perInferenceJ),
            perInference: {
              arithmeticJ: num(int8.arithmeticJ),
              weightFetchJ: num(int8.weightFetchJ),
            },
            ...(training ? { perTrainingSampleJ: num(training.fp32PerTrainingImageJ) } : {}),
          }
        : null,
  };
}
