// The gradient of a half-pixel bilinear resize as one pass over the output gradient: each output pixel adds its
// four weighted taps back to the input. TensorFlow.js's ResizeBilinearGrad ignores halfPixelCenters (CPU and WASM
// 4.22), and the exact adjoint as two matrix products took 17 % of a full-width ResNet18 + SPN step on WASM.
import type * as tf from '@tensorflow/tfjs';

import type { WasmHeapBackend } from './wasmKernelKit';

export const RESIZE_BILINEAR_HALF_PIXEL_GRAD = 'StudioResizeBilinearHalfPixelGrad';

export interface ResizeGradAttrs {
  inHeight: number;
  inWidth: number;
}

/** Per output index along one axis: the two source indices and the weight of the second (PyTorch's align_corners=False). */
export function sourceTaps(outSize: number, inSize: number): { low: Int32Array; high: Int32Array; weight: Float32Array } {
  const [low, high, weight] = [new Int32Array(outSize), new Int32Array(outSize), new Float32Array(outSize)];
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const source = Math.max(0, (i + 0.5) * scale - 0.5);
    low[i] = Math.min(Math.floor(source), inSize - 1);
    high[i] = Math.min(low[i]! + 1, inSize - 1);
    weight[i] = source - low[i]!;
  }
  return { low, high, weight };
}

/** dx [B, inH, inW, C] (zeroed here) ← the adjoint of the resize applied to dy [B, outH, outW, C]. */
export function resizeBilinearGradInto(dx: Float32Array, dy: Float32Array, dyShape: readonly number[], inHeight: number, inWidth: number): void {
  const [batch, outHeight, outWidth, channels] = dyShape as [number, number, number, number];
  const rows = sourceTaps(outHeight, inHeight);
  const columns = sourceTaps(outWidth, inWidth);
  dx.fill(0);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const wy = rows.weight[oy]!;
      const top = (b * inHeight + rows.low[oy]!) * inWidth;
      const bottom = (b * inHeight + rows.high[oy]!) * inWidth;
      for (let ox = 0; ox < outWidth; ox++) {
        const wx = columns.weight[ox]!;
        const [w00, w01, w10, w11] = [(1 - wy) * (1 - wx), (1 - wy) * wx, wy * (1 - wx), wy * wx];
        const [p00, p01, p10, p11] = [(top + columns.low[ox]!) * channels, (top + columns.high[ox]!) * channels, (bottom + columns.low[ox]!) * channels, (bottom + columns.high[ox]!) * channels];
        const source = ((b * outHeight + oy) * outWidth + ox) * channels;
        for (let c = 0; c < channels; c++) {
          const g = dy[source + c]!;
          dx[p00 + c] = dx[p00 + c]! + w00 * g;
          dx[p01 + c] = dx[p01 + c]! + w01 * g;
          dx[p10 + c] = dx[p10 + c]! + w10 * g;
          dx[p11 + c] = dx[p11 + c]! + w11 * g;
        }
      }
    }
  }
}

const outputShape = (dy: tf.TensorInfo, attrs: ResizeGradAttrs): number[] => [dy.shape[0]!, attrs.inHeight, attrs.inWidth, dy.shape[3]!];

export const wasmResizeBilinearGradKernel: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as WasmHeapBackend;
  const { dy } = inputs as { dy: tf.TensorInfo };
  const a = attrs as unknown as ResizeGradAttrs;
  const out = backend.makeOutput(outputShape(dy, a), 'float32');
  resizeBilinearGradInto(backend.typedArrayFromHeap(out) as Float32Array, backend.typedArrayFromHeap(dy) as Float32Array, dy.shape, a.inHeight, a.inWidth);
  return out;
};

interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

export const cpuResizeBilinearGradKernel: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as CpuBackend;
  const { dy } = inputs as { dy: tf.TensorInfo };
  const a = attrs as unknown as ResizeGradAttrs;
  const shape = outputShape(dy, a);
  const dx = new Float32Array(shape.reduce((x, y) => x * y, 1));
  resizeBilinearGradInto(dx, backend.data.get(dy.dataId).values, dy.shape, a.inHeight, a.inWidth);
  return backend.makeTensorInfo(shape, 'float32', dx);
};
