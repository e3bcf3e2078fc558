// Tile for the WASM backend by copying whole blocks on the heap. tfjs-backend-wasm's own Tile walks every output
// element (270 ms for the [1,1,1,64] → [8,64,64,64] broadcast that every batch-norm gradient of TensorFlow.js does,
// more than the layer's convolutions); block copies that double in size do it in about a millisecond.
import type * as tf from '@tensorflow/tfjs';

import type { WasmHeapBackend } from './wasmKernelKit';

/** Offsets, in a row-major array of `shape`, of every index whose first `rank` coordinates are below `limits`. */
function prefixOffsets(limits: readonly number[], strides: readonly number[]): number[] {
  let offsets = [0];
  limits.forEach((limit, axis) => {
    const next: number[] = [];
    for (const base of offsets) for (let a = 0; a < limit; a++) next.push(base + a * strides[axis]!);
    offsets = next;
  });
  return offsets;
}

/** out (shape in·reps) ← x tiled: x copied into the corner, then each axis, innermost first, filled by doubling copies. */
export function tileInto(out: Float32Array | Int32Array | Uint8Array, x: Float32Array | Int32Array | Uint8Array, inShape: readonly number[], reps: readonly number[]): void {
  const rank = inShape.length;
  if (rank === 0) {
    out.set(x.subarray(0, 1));
    return;
  }
  const outShape = inShape.map((d, i) => d * reps[i]!);
  const strides = outShape.map((_, i) => outShape.slice(i + 1).reduce((a, b) => a * b, 1));
  const rowLength = inShape[rank - 1]!;
  prefixOffsets(inShape.slice(0, -1), strides).forEach((offset, row) => out.set(x.subarray(row * rowLength, (row + 1) * rowLength), offset));
  for (let axis = rank - 1; axis >= 0; axis--) {
    if (reps[axis]! <= 1) continue;
    const block = inShape[axis]! * strides[axis]!;
    const segment = outShape[axis]! * strides[axis]!;
    for (const base of prefixOffsets(inShape.slice(0, axis), strides)) {
      for (let filled = block; filled < segment; filled += Math.min(filled, segment - filled)) {
        out.copyWithin(base + filled, base, base + Math.min(filled, segment - filled));
      }
    }
  }
}

export function tileKernel(native: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as WasmHeapBackend;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { reps } = args.attrs as unknown as { reps: number[] };
    if (x.dtype === 'string' || x.dtype === 'complex64') return native(args);
    const out = backend.makeOutput(x.shape.map((d, i) => d * reps[i]!), x.dtype);
    if (out.shape.some((d) => d === 0)) return out;
    tileInto(backend.typedArrayFromHeap(out), backend.typedArrayFromHeap(x), x.shape, reps);
    return out;
  };
}
