import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../core/atomic.js";
import { createHash } from "node:crypto";
import { DataError } from "../core/errors.js";
import type { RunSnapshot } from "../network/pipeline.js";

const MAGIC = "NXS2";
/** Snapshots before checksums: refused, since nothing can tell a damaged one from a good one. */
const OLD_MAGIC = "NXS1";
/** SHA-256 of every byte before it, at the end of the file. */
const DIGEST_BYTES = 32;

type Typed =
  Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Int8Array | Uint8Array;
const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;

interface TypedRef {
  readonly $typed: TypedName;
  readonly offset: number;
  readonly length: number;
}

/**
 * Snapshot file: "NXS2", uint32 LE header length, JSON header (typed arrays replaced by
 * {$typed, offset, length} references), padding to 8 bytes, the arrays' raw bytes, each 8-byte
 * aligned, then the SHA-256 of everything before it (32 bytes). Written atomically, so a crash
 * leaves the previous snapshot intact; any damaged byte fails the digest.
 */
export function encodeSnapshot(snapshot: RunSnapshot): Uint8Array {
  const blobs: Uint8Array[] = [];
  let size = 0;
  const header = JSON.stringify(snapshot, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const typed = value as Typed;
      const name = typed.constructor.name as TypedName;
      const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
      const ref: TypedRef = { $typed: name, offset: size, length: typed.length };
      blobs.push(bytes);
      size += Math.ceil(bytes.length / 8) * 8;
      return ref;
    }
    return value;
  });
  const headerBytes = Buffer.from(header, "utf8");
  const headerLen = Math.ceil((headerBytes.length + 8) / 8) * 8 - 8;
  const out = Buffer.alloc(8 + headerLen + size + DIGEST_BYTES, 0);
  out.write(MAGIC, 0, "ascii");
  out.writeUInt32LE(headerLen, 4);
  out.fill(0x20, 8, 8 + headerLen); // JSON may be followed by spaces, not NULs
  headerBytes.copy(out, 8);
  let at = 8 + headerLen;
  for (const b of blobs) {
    out.set(b, at);
    at += Math.ceil(b.length / 8) * 8;
  }
  createHash("sha256").update(out.subarray(0, at)).digest().copy(out, at);
  return out;
}

const RECOVER = "delete it and train again without --resume (the run starts over)";

export function decodeSnapshot(bytes: Uint8Array, source: string): RunSnapshot {
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (whole.length >= 4 && whole.toString("ascii", 0, 4) === OLD_MAGIC) {
    throw new DataError(
      `${source}: a snapshot from an older NeuroXbar without a checksum (${OLD_MAGIC}), so it cannot be checked; ${RECOVER}`,
    );
  }
  if (whole.length < 8 + DIGEST_BYTES || whole.toString("ascii", 0, 4) !== MAGIC) {
    throw new DataError(`${source}: not a NeuroXbar snapshot (no ${MAGIC} magic); ${RECOVER}`);
  }
  const buf = whole.subarray(0, whole.length - DIGEST_BYTES);
  const digest = createHash("sha256").update(buf).digest();
  if (!digest.equals(whole.subarray(buf.length))) {
    throw new DataError(
      `${source}: damaged snapshot: checksum mismatch (SHA-256 of the content ${digest.toString("hex").slice(0, 12)}…, recorded ${whole.subarray(buf.length).toString("hex").slice(0, 12)}…); ${RECOVER}`,
    );
  }
  const headerLen = buf.readUInt32LE(4);
  const base = 8 + headerLen;
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.toString("utf8", 8, base), (_key, value: unknown) => {
      if (value && typeof value === "object" && "$typed" in value) {
        const ref = value as TypedRef;
        const Ctor = TYPED[ref.$typed];
        if (!Ctor) throw new Error(`unknown array type ${String(ref.$typed)}`);
        const byteLength = ref.length * Ctor.BYTES_PER_ELEMENT;
        if (base + ref.offset + byteLength > buf.length) throw new Error("truncated");
        const copy = new Uint8Array(byteLength);
        copy.set(buf.subarray(base + ref.offset, base + ref.offset + byteLength));
        return new Ctor(copy.buffer);
      }
      return value;
    });
  } catch (err) {
    throw new DataError(`${source}: damaged snapshot: ${(err as Error).message}; ${RECOVER}`);
  }
  const snapshot = parsed as RunSnapshot;
  if (snapshot?.kind !== "neuroxbar-snapshot") {
    throw new DataError(`${source}: not a NeuroXbar snapshot`);
  }
  return snapshot;
}

export function writeSnapshot(path: string, snapshot: RunSnapshot): void {
  writeFileAtomic(path, encodeSnapshot(snapshot));
}

export function readSnapshot(path: string): RunSnapshot {
  return decodeSnapshot(readFileSync(path), path);
}
