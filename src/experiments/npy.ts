/**
 * NumPy's .npy format, version 1.0 (numpy.lib.format): the 6-byte magic "\x93NUMPY", version
 * bytes 1 0, a little-endian uint16 header length, then an ASCII Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (R, C), }` padded with spaces and ended by
 * "\n" so that the data starts on a 64-byte boundary, then the values in C (row-major) order.
 * `numpy.load(path)` reads it back.
 */
import { ValidationError } from "../core/errors.js";

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;

/** A float32 matrix (row-major, rows × cols) as the bytes of a .npy file (format 1.0). */
export function encodeNpyFloat32(values: Float32Array, rows: number, cols: number): Uint8Array {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ValidationError(`npy: shape must be whole numbers ≥ 0, got (${rows}, ${cols})`);
  }
  if (values.length < rows * cols) {
    throw new ValidationError(
      `npy: ${values.length} values cannot fill a ${rows}×${cols} matrix (${rows * cols} needed)`,
    );
  }
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const preamble = NPY_MAGIC.length + 2 + 2;
  const total = Math.ceil((preamble + dict.length + 1) / ALIGN) * ALIGN;
  const headerLen = total - preamble;
  if (headerLen > 0xffff) throw new ValidationError("npy: header longer than format 1.0 allows");
  const out = new Uint8Array(total + rows * cols * 4);
  out.set(NPY_MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerLen, true);
  const header = dict.padEnd(headerLen - 1, " ") + "\n";
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, total);
  for (let i = 0; i < rows * cols; i++) body.setFloat32(4 * i, values[i]!, true);
  return out;
}
