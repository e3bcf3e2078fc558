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

/** Pixels scaled to [−1, 1] (x/127.5 − 1), as the native PyTorch reference trains from scratch. */
export const SYMMETRIC_NORMALIZATION: Normalization = {
  mean: [0.5, 0.5, 0.5],
  std: [0.5, 0.5, 0.5],
};

/** The two normalizations the forms and the command line name. */
export const NORMALIZATIONS = { imagenet: IMAGENET_NORMALIZATION, symmetric: SYMMETRIC_NORMALIZATION } as const;
export type NormalizationName = keyof typeof NORMALIZATIONS;

/** Which named normalization this is, or null for a custom one. */
export const normalizationName = (n: Normalization): NormalizationName | null =>
  (Object.keys(NORMALIZATIONS) as NormalizationName[]).find((k) => NORMALIZATIONS[k].mean.every((v, i) => v === n.mean[i]) && NORMALIZATIONS[k].std.every((v, i) => v === n.std[i])) ?? null;

/** What a model takes: square images of this side, normalized so. */
export interface InputSpec {
  imageSizePx: number;
  normalization: Normalization;
}

/** (x − mean) / std per channel, for x in 0–1. */
export function normalizeImages(images: tf.Tensor4D, normalization: Normalization): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.sub(images, tf.tensor1d(normalization.mean)), tf.tensor1d(normalization.std)) as tf.Tensor4D);
}
