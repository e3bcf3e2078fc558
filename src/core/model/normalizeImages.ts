import * as tf from '@tensorflow/tfjs';

/** Per-channel mean and std applied to pixels in [0, 1]. */
export interface Normalization {
  mean: [number, number, number];
  std: [number, number, number];
}

/** ImageNet's, as torchvision's pretrained weights expect. */
export const IMAGENET_NORMALIZATION: Normalization = {
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/** What a model takes: square images of this side, normalized so. */
export interface InputSpec {
  imageSizePx: number;
  normalization: Normalization;
}

/** (x − mean) / std per channel, for x in 0–1. */
export function normalizeImages(images: tf.Tensor4D, normalization: Normalization): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.sub(images, tf.tensor1d(normalization.mean)), tf.tensor1d(normalization.std)) as tf.Tensor4D);
}
