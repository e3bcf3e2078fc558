import * as tf from '@tensorflow/tfjs';

import { MASKED_BCE, MASKED_BCE_GRAD } from '../backends/maskedBceKernel';

export type LocalizationLossKind = 'bce' | 'l1' | 'l2';

/** Mean softmax cross-entropy; labels are class indices [batch]. */
export function classificationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    return tf.losses.softmaxCrossEntropy(oneHot, logits) as tf.Scalar;
  });
}

/**
 * Pixel-wise loss between predicted mask logits [B, H, W, 1] and target masks [B, H, W, 1] in {0, 1},
 * averaged over the images whose `hasMask` [B] is 1. An image without a mask adds nothing (it is not
 * an empty mask); a batch without masks gives 0 and a zero gradient.
 */
export function localizationLoss(
  maskLogits: tf.Tensor4D,
  targets: tf.Tensor4D,
  hasMask: tf.Tensor1D,
  kind: LocalizationLossKind,
): tf.Scalar {
  // One kernel forward and one back where the backend registers them (WebGPU).
  if (kind === 'bce' && tf.getKernel(MASKED_BCE, tf.getBackend())) return fusedMaskedBce(maskLogits, targets, hasMask);
  return tf.tidy(() => {
    let perPixel: tf.Tensor;
    if (kind === 'bce') {
      // BCE from logits: max(z, 0) − z·y + log(1 + e^(−|z|)) never takes log(0).
      perPixel = tf.add(
        tf.sub(tf.relu(maskLogits), tf.mul(maskLogits, targets)),
        tf.log1p(tf.exp(tf.neg(tf.abs(maskLogits)))),
      );
    } else {
      const difference = tf.sub(tf.sigmoid(maskLogits), targets);
      perPixel = kind === 'l1' ? tf.abs(difference) : tf.square(difference);
    }
    const perImage = tf.mean(perPixel, [1, 2, 3]);
    const maskedCount = tf.maximum(tf.sum(hasMask), 1);
    return tf.div(tf.sum(tf.mul(perImage, hasMask)), maskedCount) as tf.Scalar;
  });
}

type Body = Parameters<typeof tf.customGrad<tf.Scalar>>[0];

function fusedMaskedBce(maskLogits: tf.Tensor4D, targets: tf.Tensor4D, hasMask: tf.Tensor1D): tf.Scalar {
  // Only the logits get a gradient: targets and hasMask are data.
  const op = tf.customGrad<tf.Scalar>(((z: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([z]);
    return {
      value: tf.engine().runKernel(MASKED_BCE, { z, y: targets, hasMask }) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(MASKED_BCE_GRAD, { dy, z: saved[0]!, y: targets, hasMask }) as tf.Tensor4D,
    };
  }) as unknown as Body);
  return op(maskLogits) as tf.Scalar;
}

export interface LossParts {
  total: tf.Scalar;
  classification: tf.Scalar;
  localization: tf.Scalar;
}

/** L = L_cls + λ · L_loc; the baseline (no mask logits) has L_loc = 0. The caller disposes the parts. */
export function totalLoss(
  logits: tf.Tensor2D,
  maskLogits: tf.Tensor4D | null,
  labels: tf.Tensor1D,
  masks: tf.Tensor4D,
  hasMask: tf.Tensor1D,
  kind: LocalizationLossKind,
  lambda: number,
): LossParts {
  const classification = classificationLoss(logits, labels);
  const localization = maskLogits ? localizationLoss(maskLogits, masks, hasMask, kind) : tf.scalar(0);
  const total = tf.tidy(() => tf.add(classification, tf.mul(localization, lambda)) as tf.Scalar);
  return { total, classification, localization };
}
