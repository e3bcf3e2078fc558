import * as tf from '@tensorflow/tfjs';

import type { ResizeGradAttrs } from '../backends/resizeBilinearGradKernel';
import { RESIZE_BILINEAR_HALF_PIXEL_GRAD, sourceTaps } from '../backends/resizeBilinearGradKernel';

/**
 * The [outSize, inSize] matrix of bilinear interpolation with half-pixel centres, exactly as PyTorch's
 * `interpolate(mode='bilinear', align_corners=False)` samples (source = (i + 0.5)·in/out − 0.5, clamped at 0).
 */
export function interpolationMatrix(outSize: number, inSize: number): Float32Array {
  const matrix = new Float32Array(outSize * inSize);
  const { low, high, weight } = sourceTaps(outSize, inSize);
  for (let i = 0; i < outSize; i++) {
    matrix[i * inSize + low[i]!] = 1 - weight[i]!;
    matrix[i * inSize + high[i]!] = matrix[i * inSize + high[i]!]! + weight[i]!;
  }
  return matrix;
}

/** dx = Ryᵀ · dy · Rx for every image and channel: the adjoint of the resize, as two matrix products. */
export function resizeBilinearAdjoint(dy: tf.Tensor4D, inHeight: number, inWidth: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, outHeight, outWidth, channels] = dy.shape;
    const ry = tf.tensor3d(interpolationMatrix(outHeight, inHeight), [1, outHeight, inHeight]);
    const rx = tf.tensor3d(interpolationMatrix(outWidth, inWidth), [1, outWidth, inWidth]);
    // Along rows: [B, outH, outW·C] → [B, inH, outW·C].
    const rows = tf.matMul(ry, tf.reshape(dy, [batch, outHeight, outWidth * channels]), true, false);
    // Along columns: [B·inH, outW, C] → [B·inH, inW, C].
    const columns = tf.matMul(rx, tf.reshape(rows, [batch * inHeight, outWidth, channels]), true, false);
    return tf.reshape(columns, [batch, inHeight, inWidth, channels]) as tf.Tensor4D;
  });
}

/**
 * Bilinear resize of [batch, h, w, C] to [batch, height, width, C] with half-pixel centres, differentiable.
 * TensorFlow.js's ResizeBilinearGrad ignores halfPixelCenters (CPU and WASM 4.22 compute the gradient of the
 * legacy sampling), so the gradient here is the exact adjoint, written out.
 */
export function resizeBilinearHalfPixel(images: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  // customGrad's inputs arrive typed as a union with the save function; this op takes one image tensor.
  type Body = Parameters<typeof tf.customGrad<tf.Tensor4D>>[0];
  const resize = tf.customGrad<tf.Tensor4D>(((x: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: tf.image.resizeBilinear(x, [height, width], false, true),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [input] = saved as [tf.Tensor4D];
        const attrs: ResizeGradAttrs = { inHeight: input.shape[1], inWidth: input.shape[2] };
        // One pass where the studio registers the kernel (WASM, CPU); two matrix products elsewhere (WebGPU, WebGL).
        if (tf.getKernel(RESIZE_BILINEAR_HALF_PIXEL_GRAD, tf.getBackend())) return tf.engine().runKernel(RESIZE_BILINEAR_HALF_PIXEL_GRAD, { dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
        return resizeBilinearAdjoint(dy as tf.Tensor4D, attrs.inHeight, attrs.inWidth);
      },
    };
  }) as unknown as Body);
  return resize(images) as tf.Tensor4D;
}

interface ResizeBilinearArgs {
  height: number;
  width: number;
  name?: string;
}

/** A layer that resizes to a fixed size with half-pixel centres (registered, so bundles that use it load). */
export class ResizeBilinearLayer extends tf.layers.Layer {
  static className = 'StudioResizeBilinear';
  private readonly height: number;
  private readonly width: number;

  constructor(args: ResizeBilinearArgs) {
    super(args.name ? { name: args.name } : {});
    this.height = args.height;
    this.width = args.width;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, this.height, this.width, shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return resizeBilinearHalfPixel(x, this.height, this.width);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), height: this.height, width: this.width };
  }
}
tf.serialization.registerClass(ResizeBilinearLayer);
