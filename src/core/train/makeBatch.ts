import * as tf from '@tensorflow/tfjs';

import type { PixelSample } from '../data/datasetTypes';
import type { TrainConfig } from './trainConfig';

export interface Batch {
  /** [B, S, S, 3] pixels in 0–1 (not yet normalized). */
  images: tf.Tensor4D;
  labels: tf.Tensor1D;
  /** [B, S, S, 1] in {0, 1}; zeros where an image has no (kept) mask. */
  masks: tf.Tensor4D;
  /** [B] 1 where the image's mask counts. */
  hasMask: tf.Tensor1D;
}

/** Stacks samples into tensors; `keepsMask(i)` says whether sample i's mask may be used. The caller disposes the batch. */
export function makeBatch(samples: readonly PixelSample[], sizePx: number, keepsMask: (sample: PixelSample) => boolean): Batch {
  const n = samples.length;
  const pixelCount = sizePx * sizePx;
  const pixels = new Uint8Array(n * pixelCount * 3);
  const masks = new Uint8Array(n * pixelCount);
  const hasMask = new Float32Array(n);
  const labels = new Float32Array(n);
  samples.forEach((s, i) => {
    pixels.set(s.pixels, i * pixelCount * 3);
    labels[i] = s.label;
    if (s.mask && keepsMask(s)) {
      masks.set(s.mask, i * pixelCount);
      hasMask[i] = 1;
    }
  });
  return tf.tidy(() => ({
    images: tf.div(tf.tensor4d(pixels, [n, sizePx, sizePx, 3], 'int32'), 255) as tf.Tensor4D,
    labels: tf.tensor1d(labels),
    masks: tf.tensor4d(masks, [n, sizePx, sizePx, 1], 'float32'),
    hasMask: tf.tensor1d(hasMask),
  }));
}

export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.images, batch.labels, batch.masks, batch.hasMask]);
}

/** (x − mean) / std per channel, for x in 0–1. */
export function normalize(images: tf.Tensor4D, normalization: TrainConfig['normalization']): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.sub(images, tf.tensor1d(normalization.mean)), tf.tensor1d(normalization.std)) as tf.Tensor4D);
}
