/**
 * sweep.json: what a sweep folder holds (scenario, points, the runs expected), so reports, merges
 * and resumes need nothing but the folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { verifyFile, writeFileChecked } from "../core/checksum.js";
import { DataError } from "../core/errors.js";
import { version } from "../core/version.js";
import { parseWithSchema } from "../core/validate.js";
import type { ExpandedSweep } from "./expand.js";
import { scenarioSchema } from "./scenario-schema.js";
import { MANIFEST_FILE } from "./store.js";

const pointSchema = z.object({
  id: z.string(),
  index: z.int(),
  values: z.array(z.json()),
  labels: z.array(z.string()),
  title: z.string(),
});

/**
 * Zod schema of a sweep folder's manifest (sweep.json): format, version, source, variant, scenario
 * and sweep hashes, the scenario, seeds, points, every run key and creation time.
 */
export const manifestSchema = z.object({
  kind: z.literal("neuroxbar-sweep"),
  format: z.literal(1),
  version: z.string(),
  source: z.string(),
  variant: z.enum(["full", "quick"]),
  scenarioHash: z.string(),
  sweepHash: z.string(),
  scenario: scenarioSchema,
  seeds: z.array(z.int()),
  points: z.array(pointSchema),
  /** Every run of the sweep (all shards): "<pointId>/seed-<r>". */
  runs: z.array(z.string()),
  createdAt: z.string(),
});

/** A sweep manifest (output of manifestSchema). */
export type SweepManifest = z.output<typeof manifestSchema>;
/** One point as recorded in a sweep manifest. */
export type ManifestPoint = z.output<typeof pointSchema>;

/** Builds the manifest (sweep.json contents) of an expanded sweep. */
export function manifestOf(sweep: ExpandedSweep<unknown>): SweepManifest {
  return {
    kind: "neuroxbar-sweep",
    format: 1,
    version,
    source: sweep.source,
    variant: sweep.variant,
    scenarioHash: sweep.scenarioHash,
    sweepHash: sweep.sweepHash,
    scenario: sweep.scenario,
    seeds: [...sweep.seeds],
    points: sweep.points.map((p) => ({
      id: p.id,
      index: p.index,
      values: p.values as z.output<typeof pointSchema>["values"],
      labels: [...p.labels],
      title: p.title,
    })),
    runs: sweep.runs.map((r) => r.key),
    createdAt: new Date().toISOString(),
  };
}

/** Writes `manifest` as sweep.json into folder `out` (checked write). */
export function writeManifest(out: string, manifest: SweepManifest): void {
  writeFileChecked(join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The folder's manifest, or null when it has none. */
export function readManifest(out: string): SweepManifest | null {
  const path = join(out, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  verifyFile(
    path,
    `delete it and run neuroxbar sweep SCENARIO --out ${out} --resume, which writes it again from the scenario (finished runs are kept)`,
  );
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch (err) {
    throw new DataError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  return parseWithSchema(manifestSchema, value, path);
}

/** Like readManifest, but a folder without one is an error saying what the folder should be. */
export function requireManifest(out: string): SweepManifest {
  const m = readManifest(out);
  if (!m) {
    throw new DataError(
      `${out}: no ${MANIFEST_FILE}; expected a sweep output folder (made by neuroxbar sweep or merge)`,
    );
  }
  return m;
}
