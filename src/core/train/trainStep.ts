import * as tf from '@tensorflow/tfjs';

import type { StudioModel } from '../model/buildModel';
import { forward } from '../model/buildModel';
import type { Random } from '../random';
import { augmentBatch } from './augment';
import type { LossParts } from './losses';
import { totalLoss } from './losses';
import type { Batch } from './makeBatch';
import { normalize } from './makeBatch';
import type { TrainConfig } from './trainConfig';

/**
 * One Adam step on a batch (augmented when the config says so). Returns the loss parts as scalars
 * that the caller must dispose; the batch stays the caller's.
 */
export function trainStep(
  model: StudioModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  batch: Batch,
  config: TrainConfig,
  random: Random,
): LossParts {
  const augmented = config.augment ? augmentBatch(batch.images, batch.masks, random) : null;
  const images = augmented?.images ?? batch.images;
  const masks = augmented?.masks ?? batch.masks;
  let parts: { classification: tf.Scalar; localization: tf.Scalar } | null = null;
  try {
    const total = optimizer.minimize(
      () => {
        const out = forward(model, normalize(images, config.normalization), true);
        const l = totalLoss(out.logits, out.maskLogits, batch.labels, masks, batch.hasMask, config.loss, config.lambda);
        parts = { classification: tf.keep(l.classification), localization: tf.keep(l.localization) };
        return l.total;
      },
      true,
      variables,
    );
    const kept = parts as { classification: tf.Scalar; localization: tf.Scalar } | null;
    if (!total || !kept) throw new Error('optimizer returned no loss');
    return { total, classification: kept.classification, localization: kept.localization };
  } finally {
    if (augmented) tf.dispose([augmented.images, augmented.masks]);
  }
}
