// Sum and Mean over the leading axes (a batch norm's [N, H, W] of NHWC) for the WASM backend, as column sums in
// one pass. tfjs-backend-wasm reduces only innermost axes, so it first transposes the whole tensor: 7 % of a
// ResNet18 + SPN step at 128 px went to Sum and Mean. Other reductions go to the backend's own kernels.
import * as tf from '@tensorflow/tfjs';

import type { WasmHeapBackend } from './wasmKernelKit';

/** How many leading axes `axis` names, when it names exactly axes 0..k−1 of a rank-`rank` tensor (k < rank); else 0. */
export function leadingAxesCount(axis: number | number[], rank: number): number {
  const axes = tf.util.parseAxisParam(axis, new Array<number>(rank).fill(1)).sort((a, b) => a - b);
  const isLeading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  return isLeading ? axes.length : 0;
}

export function reduceLeadingAxesKernel(native: tf.KernelFunc, mode: 'sum' | 'mean'): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as WasmHeapBackend;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const leading = x.dtype === 'float32' ? leadingAxesCount(axis, x.shape.length) : 0;
    if (leading === 0) return native(args);
    const rows = x.shape.slice(0, leading).reduce((a, b) => a * b, 1);
    const kept = x.shape.slice(leading);
    const columns = kept.reduce((a, b) => a * b, 1);
    const out = backend.makeOutput(keepDims ? [...new Array<number>(leading).fill(1), ...kept] : kept, 'float32');
    const values = backend.typedArrayFromHeap(x) as Float32Array;
    const result = backend.typedArrayFromHeap(out) as Float32Array;
    const sums = new Float64Array(columns);
    for (let r = 0, base = 0; r < rows; r++, base += columns) for (let c = 0; c < columns; c++) sums[c]! += values[base + c]!;
    const scale = mode === 'mean' && rows > 0 ? 1 / rows : 1;
    for (let c = 0; c < columns; c++) result[c] = sums[c]! * scale;
    return out;
  };
}
