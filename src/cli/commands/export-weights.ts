/**
 * `neuroxbar export-weights RUN --format npy [--out FILE]`: a run's weights.bin as a NumPy .npy
 * file (float32, shape (inputs, neurons), row-major), by default written beside weights.bin as
 * weights.npy. RUN is a run folder or a weights.bin path.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CommandModule } from "yargs";
import { writeFileAtomic } from "../../core/atomic.js";
import { UsageError } from "../../core/errors.js";
import { encodeNpyFloat32 } from "../../experiments/npy.js";
import { readWeights } from "../../experiments/run-files.js";

/** Converts RUN's weights.bin; returns the written path and the matrix shape. */
export function runExportWeights(options: { readonly run: string; readonly out?: string }): {
  readonly path: string;
  readonly rows: number;
  readonly cols: number;
} {
  const input =
    existsSync(options.run) && statSync(options.run).isDirectory()
      ? join(options.run, "weights.bin")
      : options.run;
  if (!existsSync(input)) {
    throw new UsageError(
      `export-weights: ${input} does not exist (give a run folder or weights.bin)`,
    );
  }
  const { rows, cols, weights } = readWeights(input);
  const path = options.out ?? join(dirname(input), "weights.npy");
  writeFileAtomic(path, encodeNpyFloat32(weights, rows, cols));
  return { path, rows, cols };
}

interface ExportWeightsFlags {
  run: string;
  format: string;
  out?: string;
}

export const exportWeightsCommand: CommandModule<object, ExportWeightsFlags> = {
  command: "export-weights <run>",
  describe: "Write a run's weights.bin as a NumPy .npy file",
  builder: (y) =>
    y
      .positional("run", {
        type: "string",
        demandOption: true,
        describe: "run folder (or its weights.bin)",
      })
      .option("format", {
        type: "string",
        choices: ["npy"],
        default: "npy",
        describe: "output format",
      })
      .option("out", { type: "string", describe: "file to write (default: RUN/weights.npy)" })
      .example(
        "neuroxbar export-weights runs/quickstart --format npy",
        "writes runs/quickstart/weights.npy (float32, shape (784, neurons))",
      ),
  handler: (argv) => {
    const { path, rows, cols } = runExportWeights({ run: argv.run, out: argv.out });
    process.stdout.write(`wrote ${path} (float32, shape (${rows}, ${cols}))\n`);
  },
};
