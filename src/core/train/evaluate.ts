import * as tf from '@tensorflow/tfjs';

import type { PixelSample } from '../data/datasetTypes';
import { disposeBatch, makeBatch } from '../data/makeBatch';
import { saliencyMaps } from '../explain/saliencyMethods';
import type { ClassificationMetrics } from '../metrics/classification';
import { classificationMetrics, confusionMatrix } from '../metrics/classification';
import { maskOverlap } from '../metrics/maskOverlap';
import { energyInMask, pointingGameHit } from '../metrics/saliency';
import type { StudioModel } from '../model/buildModel';
import { forward } from '../model/buildModel';
import { normalizeImages } from '../model/normalizeImages';
import { classificationLoss, localizationLoss } from './losses';
import type { TrainConfig } from './trainConfig';

export interface Evaluation {
  /** Mean cross-entropy over the samples. */
  classificationLoss: number;
  /** Mean localization loss over the samples that have a mask; null for the baseline or when none has one. */
  localizationLoss: number | null;
  metrics: ClassificationMetrics;
  predictions: number[];
  /** Mean SPN IoU / Dice over samples that have a mask; null for the baseline or when none has a mask. */
  spnIoU: number | null;
  spnDice: number | null;
  /** Mean share of the saliency map's mass inside the mask, and the pointing-game hit rate, over samples with a mask. */
  camEnergyInMask: number | null;
  camPointingGame: number | null;
  maskedImages: number;
}

const mean = (values: number[]): number | null => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** Evaluates the model in inference mode on samples, batch by batch, keeping no tensors. */
export async function evaluate(
  model: StudioModel,
  samples: readonly PixelSample[],
  classNames: readonly string[],
  config: TrainConfig,
  options: { withSaliency?: boolean } = {},
): Promise<Evaluation> {
  const predictions: number[] = [];
  let clsSum = 0;
  let locSum = 0;
  const ious: number[] = [];
  const dices: number[] = [];
  const energies: number[] = [];
  const hits: number[] = [];
  const pixelCount = config.imageSizePx * config.imageSizePx;
  for (let start = 0; start < samples.length; start += config.batchSize) {
    const chunk = samples.slice(start, start + config.batchSize);
    const batch = makeBatch(chunk, config.imageSizePx, () => true);
    const images = normalizeImages(batch.images, config.normalization);
    const [cls, loc, predicted, maskProbabilities] = tf.tidy(() => {
      const out = forward(model, images, false);
      const localization = out.maskLogits ? localizationLoss(out.maskLogits, batch.masks, batch.hasMask, config.loss) : tf.scalar(0);
      return [classificationLoss(out.logits, batch.labels), localization, tf.argMax(out.logits, 1), ...(out.maskLogits ? [tf.sigmoid(out.maskLogits)] : [])];
    }) as [tf.Scalar, tf.Scalar, tf.Tensor1D, tf.Tensor4D?];
    const cams = options.withSaliency && batch.maskedCount > 0 ? saliencyMaps(model, images, null, config.saliency) : null;
    try {
      clsSum += (await cls.data())[0]! * chunk.length;
      locSum += (await loc.data())[0]! * batch.maskedCount;
      predictions.push(...(await predicted.data()));
      const maps = cams ? await cams.data() : null;
      const masks = maskProbabilities ? await maskProbabilities.data() : null;
      chunk.forEach((s, i) => {
        if (!s.mask) return;
        if (maps) {
          const map = maps.subarray(i * pixelCount, (i + 1) * pixelCount);
          energies.push(energyInMask(map, s.mask));
          hits.push(pointingGameHit(map, s.mask) ? 1 : 0);
        }
        if (masks) {
          const overlap = maskOverlap(masks.subarray(i * pixelCount, (i + 1) * pixelCount), s.mask);
          ious.push(overlap.iou);
          dices.push(overlap.dice);
        }
      });
    } finally {
      tf.dispose([images, cls, loc, predicted, ...(maskProbabilities ? [maskProbabilities] : []), ...(cams ? [cams] : [])]);
      disposeBatch(batch);
    }
  }
  const maskedImages = samples.filter((s) => s.mask).length;
  return {
    classificationLoss: samples.length ? clsSum / samples.length : 0,
    localizationLoss: model.spn && maskedImages > 0 ? locSum / maskedImages : null,
    metrics: classificationMetrics(confusionMatrix(samples.map((s) => s.label), predictions, classNames.length), classNames),
    predictions,
    spnIoU: mean(ious),
    spnDice: mean(dices),
    camEnergyInMask: mean(energies),
    camPointingGame: mean(hits),
    maskedImages,
  };
}
