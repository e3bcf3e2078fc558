// tfjs-backend-cpu 4.22's Transform returns after the first image of a batch (its `return` sits inside the batch
// loop), so every other image of an augmented batch came out as the fill value. This one loops over the batch.
import type * as tf from '@tensorflow/tfjs';

interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array | Int32Array | Uint8Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

interface TransformAttrs {
  interpolation: 'nearest' | 'bilinear';
  fillMode: string;
  fillValue: number;
  outputShape: [number, number] | null;
}

/** Image [B, H, W, C] sampled through per-image projective transforms [B or 1, 8], constant fill outside the image. */
export function cpuTransformKernel(native: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs, backend: anyBackend } = args;
    const { interpolation, fillMode, fillValue, outputShape } = attrs as unknown as TransformAttrs;
    const { image, transforms } = inputs as { image: tf.TensorInfo; transforms: tf.TensorInfo };
    if (fillMode !== 'constant') return native(args);
    const backend = anyBackend as unknown as CpuBackend;
    const [batch, height, width, channels] = image.shape as [number, number, number, number];
    const [outHeight, outWidth] = outputShape ?? [height, width];
    const pixels = backend.data.get(image.dataId).values;
    const matrices = backend.data.get(transforms.dataId).values;
    const out = new Float32Array(batch * outHeight * outWidth * channels);
    const read = (b: number, y: number, x: number, c: number): number =>
      y >= 0 && y < height && x >= 0 && x < width ? pixels[((b * height + y) * width + x) * channels + c]! : fillValue;
    for (let b = 0; b < batch; b++) {
      const t = transforms.shape[0] === 1 ? 0 : b * 8;
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          const base = ((b * outHeight + oy) * outWidth + ox) * channels;
          const k = matrices[t + 6]! * ox + matrices[t + 7]! * oy + 1;
          if (k === 0) {
            out.fill(fillValue, base, base + channels);
            continue;
          }
          const x = (matrices[t]! * ox + matrices[t + 1]! * oy + matrices[t + 2]!) / k;
          const y = (matrices[t + 3]! * ox + matrices[t + 4]! * oy + matrices[t + 5]!) / k;
          for (let c = 0; c < channels; c++) {
            if (interpolation === 'nearest') {
              out[base + c] = read(b, Math.round(y), Math.round(x), c);
              continue;
            }
            const [x0, y0] = [Math.floor(x), Math.floor(y)];
            const [fx, fy] = [x - x0, y - y0];
            const top = (1 - fx) * read(b, y0, x0, c) + fx * read(b, y0, x0 + 1, c);
            const bottom = (1 - fx) * read(b, y0 + 1, x0, c) + fx * read(b, y0 + 1, x0 + 1, c);
            out[base + c] = (1 - fy) * top + fy * bottom;
          }
        }
      }
    }
    return backend.makeTensorInfo([batch, outHeight, outWidth, channels], 'float32', out);
  };
}
