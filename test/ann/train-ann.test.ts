import { beforeAll, describe, expect, it } from "vitest";
import { annConfigSchema } from "../../src/ann/config.js";
import {
  annEnergy,
  annTrainingEnergy,
  flopsOf,
  macsOf,
  trainingMacsOf,
} from "../../src/ann/energy.js";
import { trainAnn, type AnnResult } from "../../src/ann/train-ann.js";
import { loadDataset, type Dataset } from "../../src/data/datasets.js";
import { loadEnergyProfile, type EnergyProfile } from "../../src/energy/profile.js";

let dataset: Dataset;
let profile: EnergyProfile;
beforeAll(() => {
  dataset = loadDataset({ name: "mnist" });
  profile = loadEnergyProfile("default");
});

/** Everything but the wall-clock fields. */
function deterministicPart(r: AnnResult): Omit<AnnResult, "timings"> {
  const { timings: _timings, ...rest } = r;
  return rest;
}

describe("trainAnn", () => {
  it("is deterministic: the same seed gives bit-identical weights and results; another seed differs", () => {
    const config = annConfigSchema.parse({ hidden: 16, epochs: 2, train: 300, test: 200, seed: 7 });
    const a = trainAnn(config, { dataset, energyProfile: profile });
    const b = trainAnn(config, { dataset, energyProfile: profile });
    expect(Buffer.from(b.params.data.buffer).equals(Buffer.from(a.params.data.buffer))).toBe(true);
    expect(deterministicPart(b.result)).toEqual(deterministicPart(a.result));
    const c = trainAnn({ ...config, seed: 8 }, { dataset, energyProfile: profile });
    expect(c.result.weightsSha256).not.toBe(a.result.weightsSha256);
  });

  it("learns: on 1,000 training images it beats chance on 1,000 test images by more than 5σ", () => {
    const config = annConfigSchema.parse({ hidden: 32, epochs: 5, train: 1000, test: 1000 });
    const { result } = trainAnn(config, { dataset, energyProfile: profile });
    const n = result.config.testImages;
    // A classifier that ignores the image is right with probability ≤ the largest class share
    // q of the test subset; its hit count is Binomial(n, ≤ q), so 5σ above q·n bounds chance.
    const counts = new Array<number>(dataset.classes).fill(0);
    for (let s = 0; s < n; s++) counts[dataset.test.labels[s]!]! += 1;
    const q = Math.max(...counts) / n;
    const chanceBound = q + 5 * Math.sqrt((q * (1 - q)) / n);
    expect(result.accuracy).toBeGreaterThan(chanceBound);
    // The uniform prediction's cross-entropy is ln(classes): training must fall well below it.
    const last = result.curve[result.curve.length - 1]!;
    expect(last.trainLoss).toBeLessThan(Math.log(dataset.classes) / 2);
    expect(result.curve[0]!.trainLoss).toBeGreaterThan(last.trainLoss);
    // The reported accuracy is the last epoch's, and the confusion matrix adds up to it.
    expect(result.accuracy).toBe(last.testAccuracy);
    const diagonal = result.confusion.reduce((sum, row, k) => sum + row[k]!, 0);
    expect(diagonal).toBe(result.correct);
    expect(result.confusion.flat().reduce((s, v) => s + v, 0)).toBe(n);
  });

  it("rejects a split larger than the dataset, naming the field", () => {
    const config = annConfigSchema.parse({ train: dataset.train.count + 1, epochs: 1 });
    expect(() => trainAnn(config, { dataset, energyProfile: profile })).toThrow(
      /^train: 60001 exceeds the 60000 training images of mnist$/,
    );
  });
});

describe("annEnergy", () => {
  it("counts Σ M·N MACs and Σ (2M − 1)·N + 2N FLOPs (784-10-10: the reference's 15,900 FLOPs)", () => {
    expect(macsOf([784, 100, 10])).toBe(784 * 100 + 100 * 10);
    expect(flopsOf([784, 10, 10])).toBe(15_900);
  });

  it("prices an inference with the profile's ann figures, weight fetches only where the profile has them", () => {
    for (const name of ["default", "cmos45-int8"]) {
      const p = loadEnergyProfile(name);
      const e = annEnergy([784, 100, 10], p);
      const macs = 79_400;
      const a = p.ann;
      expect(e.profile.name).toBe(p.name);
      expect(e.int8.arithmeticJ).toBeCloseTo(macs * (a.int8MultJ + a.int8AddJ), 20);
      expect(e.int8.weightFetchJ).toBeCloseTo(macs * a.int8WeightFetchJ, 20);
      expect(e.fp32.perInferenceJ).toBeCloseTo(macs * (a.fp32MacJ + a.fp32WeightFetchJ), 20);
      expect(e.includesWeightFetch).toBe(a.int8WeightFetchJ > 0 || a.fp32WeightFetchJ > 0);
    }
    expect(annEnergy([784, 100, 10], loadEnergyProfile("cmos45-int8")).includesWeightFetch).toBe(
      true,
    );
  });

  it("prices training per image: forward + weight gradients + input gradients of every layer but the first, fp32, times the epochs", () => {
    // 784-100-10: forward 79,400; weight gradients 79,400; input gradient of the 100→10 layer 1,000.
    expect(trainingMacsOf([784, 100, 10])).toBe(159_800);
    // One layer: no input gradient at all (the pixels need none).
    expect(trainingMacsOf([784, 10])).toBe(2 * 7_840);
    // Three layers: the input gradients of layers 2 and 3.
    expect(trainingMacsOf([4, 3, 2, 1])).toBe(2 * (12 + 6 + 2) + (6 + 2));
    for (const name of ["default", "cmos45-int8"]) {
      const p = loadEnergyProfile(name);
      const t = annTrainingEnergy([784, 100, 10], 5, p);
      const perPass = 159_800 * (p.ann.fp32MacJ + p.ann.fp32WeightFetchJ);
      expect(t.fp32PerSamplePassJ).toBeCloseTo(perPass, 20);
      expect(t.fp32PerTrainingImageJ).toBeCloseTo(5 * perPass, 20);
      expect(t.epochs).toBe(5);
    }
  });
});
