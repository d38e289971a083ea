/**
 * Fuzz (issue #19): the classes of failure users cannot see.
 * - Silent corruption: any damage to an encoded snapshot (flipped bytes, truncation, appended or
 *   inserted bytes) is a DataError; any damage to a checksummed file is reported by checkFile.
 * - Silent acceptance: any string given to a boolean or seed flag is a value or a UsageError.
 * - Misleading messages: any text read as a measured CSV parses or raises a DataError whose
 *   echoed input is escaped (no control characters) and whose lines stay short.
 */
import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { booleanFlag, seedFlag } from "../../src/cli/flags.js";
import { checkFile, recordSums } from "../../src/core/checksum.js";
import { DataError, UsageError } from "../../src/core/errors.js";
import { parseMeasuredCsv } from "../../src/devices/fit/index.js";
import { decodeSnapshot, encodeSnapshot } from "../../src/experiments/snapshot-file.js";
import type { RunSnapshot } from "../../src/network/pipeline.js";
import { tempDir } from "../e2e/helpers.js";
import { fuzzParams } from "./mutate.js";

/** A small snapshot-shaped value: JSON fields and typed arrays of several kinds. */
const SNAPSHOT = {
  kind: "neuroxbar-snapshot",
  samplesDone: 7,
  arrays: {
    f64: Float64Array.from([1.5, -2, Infinity]),
    i32: Int32Array.from([1, 2, 3, 4, 5]),
    u8: Uint8Array.from([9, 8, 7]),
  },
} as unknown as RunSnapshot;

type Damage =
  | { kind: "flip"; at: number; xor: number }
  | { kind: "truncate"; keep: number }
  | { kind: "append"; bytes: Uint8Array }
  | { kind: "insert"; at: number; byte: number };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.nat(),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), keep: fc.nat() }),
  fc.record({
    kind: fc.constant("append" as const),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
  }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.nat(255) }),
);

function apply(good: Uint8Array, d: Damage): Uint8Array {
  const b = Buffer.from(good);
  switch (d.kind) {
    case "flip":
      b[d.at % b.length] = b[d.at % b.length]! ^ d.xor;
      return b;
    case "truncate":
      return b.subarray(0, d.keep % b.length);
    case "append":
      return Buffer.concat([b, d.bytes]);
    case "insert": {
      const at = d.at % (b.length + 1);
      return Buffer.concat([b.subarray(0, at), Buffer.from([d.byte]), b.subarray(at)]);
    }
  }
}

describe("fuzz: silent corruption", () => {
  const good = encodeSnapshot(SNAPSHOT);

  it("any damage to a snapshot is a DataError naming the file; the undamaged one decodes", () => {
    expect(decodeSnapshot(good, "s.bin").samplesDone).toBe(7);
    fc.assert(
      fc.property(damage, (d) => {
        let e: unknown;
        try {
          decodeSnapshot(apply(good, d), "OUT/snapshot.bin");
        } catch (err) {
          e = err;
        }
        expect(e).toBeInstanceOf(DataError);
        expect((e as Error).message.startsWith("OUT/snapshot.bin: ")).toBe(true);
      }),
      fuzzParams(),
    );
  });

  it("any damage to a checksummed file is reported by checkFile", () => {
    const dir = tempDir("fuzz-sums");
    const path = join(dir, "weights.bin");
    const content = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 255);
    recordSums(dir, { "weights.bin": content });
    fc.assert(
      fc.property(damage, (d) => {
        writeFileSync(path, apply(content, d));
        expect(checkFile(path)).toMatch(/weights\.bin: checksum mismatch/);
      }),
      fuzzParams(0.5),
    );
  });
});

describe("fuzz: silent acceptance of flags", () => {
  it("booleanFlag and seedFlag: any string is a value or a UsageError (never a silent default)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom("yes", "no", "on", "off", "1.0", " 3", "")),
        (s) => {
          for (const parse of [() => booleanFlag("shuffle", s), () => seedFlag("seed", s)]) {
            try {
              const v = parse();
              if (typeof v === "boolean")
                expect(["true", "yes", "on", "false", "no", "off"]).toContain(s.toLowerCase());
              else if (typeof v === "number") expect(String(v)).toBe(String(Number(s)));
              else expect(v).toBe(s.trim());
            } catch (err) {
              expect(err).toBeInstanceOf(UsageError);
            }
          }
        },
      ),
      fuzzParams(),
    );
  });
});

describe("fuzz: measured CSV messages", () => {
  it("any text parses or gives a DataError with escaped, short echoes", () => {
    const cell = fc.oneof(
      fc.double({ noNaN: false }).map(String),
      fc.constantFrom("pulse", "G (uS)", "R [kOhm]", "LTP", "LTD", "# LTP", "NaN", "-1", ""),
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("latin1")),
    );
    const line = fc.array(cell, { maxLength: 5 }).map((c) => c.join(","));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        try {
          parseMeasuredCsv(lines.join("\n"), "f.csv");
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          const m = (err as Error).message;
          // eslint-disable-next-line no-control-regex
          expect(m).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
          for (const l of m.split("\n")) expect(l.length).toBeLessThan(800);
        }
      }),
      fuzzParams(),
    );
  });
});
