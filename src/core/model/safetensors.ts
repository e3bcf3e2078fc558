import { StudioError } from '../errors';

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'I64';

export interface NamedTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Decoded to float32 (I64 tensors are skipped by readers of weights). */
  data: Float32Array;
}

// A header is a few KB per hundred tensors; one of many megabytes is not a weights file.
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const ITEM_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, I64: 8 };

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decode(dtype: string, bytes: Uint8Array, count: number, name: string, file: string): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      return out;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      return out;
    case 'BF16': {
      const widened = new Uint32Array(count);
      for (let i = 0; i < count; i++) widened[i] = view.getUint16(i * 2, true) << 16;
      return new Float32Array(widened.buffer);
    }
    case 'I64':
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(i * 8, true));
      return out;
    default:
      throw new StudioError('bad-weights', `tensor ${name} has dtype ${dtype}; only F32, F16 and BF16 weights are supported`, file);
  }
}

/** Parses a .safetensors file into named float32 tensors, checking every offset against the file. */
export function readSafetensors(buffer: ArrayBuffer, file = 'weights.safetensors'): Map<string, NamedTensor> {
  if (buffer.byteLength < 8) throw new StudioError('bad-weights', 'file is too short to be safetensors', file);
  const headerLength = Number(new DataView(buffer).getBigUint64(0, true));
  if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > buffer.byteLength) {
    throw new StudioError('bad-weights', `header length ${headerLength} does not fit in a file of ${buffer.byteLength} bytes`, file);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength)));
  } catch {
    throw new StudioError('bad-weights', 'header is not valid JSON', file);
  }
  if (typeof header !== 'object' || header === null) throw new StudioError('bad-weights', 'header is not an object', file);
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, NamedTensor>();
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
      throw new StudioError('bad-weights', `tensor ${name} has a malformed header entry`, file);
    }
    const itemBytes = Object.hasOwn(ITEM_BYTES, dtype) ? ITEM_BYTES[dtype] : undefined;
    if (itemBytes === undefined) {
      throw new StudioError('bad-weights', `tensor ${name} has dtype ${dtype}; only F32, F16 and BF16 weights are supported`, file);
    }
    if (!shape.every(isCount) || !offsets.every(isCount)) {
      throw new StudioError('bad-weights', `tensor ${name} has a shape or offsets that are not whole non-negative numbers (${JSON.stringify(shape).slice(0, 80)}, ${JSON.stringify(offsets).slice(0, 80)})`, file);
    }
    const dims = shape as number[];
    const count = dims.reduce((a, b) => a * b, 1);
    const [begin, end] = offsets as [number, number];
    if (end < begin || end - begin !== count * itemBytes || dataStart + end > buffer.byteLength) {
      throw new StudioError('bad-weights', `tensor ${name} (${dtype} ${JSON.stringify(dims)}) does not fit its offsets or the file is truncated`, file);
    }
    const bytes = new Uint8Array(buffer, dataStart + begin, end - begin);
    tensors.set(name, { dtype: dtype as SafetensorsDtype, shape: dims, data: decode(dtype, bytes, count, name, file) });
  }
  return tensors;
}

/** Writes float32 tensors as a .safetensors file (tensors sorted by name, header padded to 8 bytes). */
export function writeSafetensors(tensors: ReadonlyMap<string, { shape: number[]; data: Float32Array }>, metadata: Record<string, string> = {}): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let headerText = JSON.stringify(header);
  headerText += ' '.repeat((8 - ((new TextEncoder().encode(headerText).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const name of names) {
    const data = tensors.get(name)!.data;
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    position += data.byteLength;
  }
  return out;
}
