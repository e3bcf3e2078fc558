import * as tf from '@tensorflow/tfjs';

import type { PixelSample } from './datasetTypes';

export interface Batch {
  /** [B, S, S, 3] pixels in 0–1 (not yet normalized). */
  images: tf.Tensor4D;
  labels: tf.Tensor1D;
  /** [B, S, S, 1] in {0, 1}; zeros where an image has no (kept) mask. */
  masks: tf.Tensor4D;
  /** [B] 1 where the image's mask counts. */
  hasMask: tf.Tensor1D;
  /** Which images of the batch have a mask that counts, and how many. */
  maskFlags: boolean[];
  maskedCount: number;
  /** Each image file's own size, where known, for augmentation. */
  sourceSizes: Array<{ width: number; height: number } | null>;
}

/** Changes a batch's pixels before they become tensors (n × S × S × 3 and n × S × S, with the kept-mask flags). */
export type PixelTransform = (pixels: Uint8Array, masks: Uint8Array, maskFlags: readonly boolean[], sidePx: number) => void;

/**
 * Stacks samples into tensors at `sidePx` (their pixels, or with `fromMargin` their margin images, which must all be
 * that size); `keepsMask(sample)` says whether a sample's mask may be used; `transform` may change the pixels first.
 * The caller disposes the batch.
 */
export function makeBatch(samples: readonly PixelSample[], sidePx: number, keepsMask: (sample: PixelSample) => boolean, fromMargin = false, transform?: PixelTransform): Batch {
  const n = samples.length;
  const pixelCount = sidePx * sidePx;
  const pixels = new Uint8Array(n * pixelCount * 3);
  const masks = new Uint8Array(n * pixelCount);
  const hasMask = new Float32Array(n);
  const labels = new Float32Array(n);
  const maskFlags = samples.map(() => false);
  samples.forEach((s, i) => {
    const source = fromMargin && s.margin ? s.margin : s;
    if (source.pixels.length !== pixelCount * 3) throw new RangeError(`sample ${s.id} has ${source.pixels.length / 3} pixels, the batch ${pixelCount}`);
    pixels.set(source.pixels, i * pixelCount * 3);
    labels[i] = s.label;
    if (source.mask && keepsMask(s)) {
      masks.set(source.mask, i * pixelCount);
      hasMask[i] = 1;
      maskFlags[i] = true;
    }
  });
  transform?.(pixels, masks, maskFlags, sidePx);
  const tensors = tf.tidy(() => ({
    images: tf.div(tf.tensor4d(pixels, [n, sidePx, sidePx, 3], 'int32'), 255) as tf.Tensor4D,
    labels: tf.tensor1d(labels),
    masks: tf.tensor4d(masks, [n, sidePx, sidePx, 1], 'float32'),
    hasMask: tf.tensor1d(hasMask),
  }));
  return { ...tensors, maskFlags, maskedCount: maskFlags.filter(Boolean).length, sourceSizes: samples.map((s) => s.sourceSize ?? null) };
}

export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.images, batch.labels, batch.masks, batch.hasMask]);
}
