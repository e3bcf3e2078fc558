import * as tf from '@tensorflow/tfjs';

import type { Batch } from '../data/makeBatch';
import type { StudioModel } from '../model/buildModel';
import { forward } from '../model/buildModel';
import { normalizeImages } from '../model/normalizeImages';
import { stageOutputLayer } from '../model/resnet';
import type { Random } from '../random';
import { outsideEnergyLoss } from './attentionLoss';
import { augmentBatch } from './augment';
import type { LossParts } from './losses';
import { totalLoss } from './losses';
import type { TrainConfig } from './trainConfig';

/**
 * One Adam step on a batch (for the guided method, with the loss on activation energy outside the object): augmented
 * to the training size when the config says so (the batch then holds the margin images), as it is otherwise. Returns
 * the loss parts as scalars that the caller must dispose; the batch stays the caller's.
 */
export function trainStep(model: StudioModel, optimizer: tf.Optimizer, variables: tf.Variable[], batch: Batch, config: TrainConfig, random: Random): LossParts {
  const augmented = config.augment ? augmentBatch(batch.images, batch.masks, config.imageSizePx, random, batch.sourceSizes) : null;
  const images = augmented?.images ?? batch.images;
  const masks = augmented?.masks ?? batch.masks;
  const attentionWeight = config.method === 'guided' ? config.guidance.attentionWeight : 0;
  const stageLayer = attentionWeight > 0 ? stageOutputLayer(config.backbone, config.saliency.stage) : null;
  let parts: { classification: tf.Scalar; localization: tf.Scalar } | null = null;
  try {
    const total = optimizer.minimize(
      () => {
        const out = forward(model, normalizeImages(images, config.normalization), true, stageLayer);
        const l = totalLoss(out.logits, out.maskLogits, batch.labels, masks, batch.hasMask, config.loss, config.lambda);
        parts = { classification: tf.keep(l.classification), localization: tf.keep(l.localization) };
        if (!out.stage) return l.total;
        return tf.add(l.total, tf.mul(outsideEnergyLoss(out.stage, masks, batch.hasMask), attentionWeight)) as tf.Scalar;
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
