import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../core/atomic.js";
import { DataError } from "../core/errors.js";
import type { RunSnapshot } from "../network/pipeline.js";

const MAGIC = "NXS1";

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
 * Snapshot file: "NXS1", uint32 LE header length, JSON header (typed arrays replaced by
 * {$typed, offset, length} references), padding to 8 bytes, then the arrays' raw bytes, each
 * 8-byte aligned. Written atomically, so a crash leaves the previous snapshot intact.
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
  const out = Buffer.alloc(8 + headerLen + size, 0);
  out.write(MAGIC, 0, "ascii");
  out.writeUInt32LE(headerLen, 4);
  out.fill(0x20, 8, 8 + headerLen); // JSON may be followed by spaces, not NULs
  headerBytes.copy(out, 8);
  let at = 8 + headerLen;
  for (const b of blobs) {
    out.set(b, at);
    at += Math.ceil(b.length / 8) * 8;
  }
  return out;
}

export function decodeSnapshot(bytes: Uint8Array, source: string): RunSnapshot {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || buf.toString("ascii", 0, 4) !== MAGIC) {
    throw new DataError(`${source}: not a NeuroXbar snapshot (no ${MAGIC} magic)`);
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
    throw new DataError(`${source}: damaged snapshot: ${(err as Error).message}`);
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
