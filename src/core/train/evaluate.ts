import * as tf from '@tensorflow/tfjs';

import type { PixelSample } from '../data/datasetTypes';
import type { ClassificationMetrics } from '../metrics/classification';
import { classificationMetrics, confusionMatrix } from '../metrics/classification';
import { gradCam } from '../explain/gradCam';
import { maskOverlap } from '../metrics/maskOverlap';
import { energyInMask, pointingGameHit } from '../metrics/saliency';
import type { StudioModel } from '../model/buildModel';
import { forward } from '../model/buildModel';
import { totalLoss } from './losses';
import { disposeBatch, makeBatch, normalize } from './makeBatch';
import type { TrainConfig } from './trainConfig';

export interface Evaluation {
  loss: number;
  metrics: ClassificationMetrics;
  predictions: number[];
  /** Mean SPN IoU / Dice over samples that have a mask; null for the baseline or when none has a mask. */
  spnIoU: number | null;
  spnDice: number | null;
  /** Mean share of Grad-CAM's mass inside the mask, and the pointing-game hit rate, over samples with a mask. */
  camEnergyInMask: number | null;
  camPointingGame: number | null;
  maskedImages: number;
}

/** Evaluates the model in inference mode on samples, batch by batch, keeping no tensors. */
export async function evaluate(
  model: StudioModel,
  samples: readonly PixelSample[],
  classNames: readonly string[],
  config: TrainConfig,
  options: { withGradCam?: boolean } = {},
): Promise<Evaluation> {
  const predictions: number[] = [];
  let lossSum = 0;
  const ious: number[] = [];
  const dices: number[] = [];
  const energies: number[] = [];
  const hits: number[] = [];
  for (let start = 0; start < samples.length; start += config.batchSize) {
    const chunk = samples.slice(start, start + config.batchSize);
    const batch = makeBatch(chunk, config.imageSizePx, () => true);
    const [loss, predicted, maskProbabilities] = tf.tidy(() => {
      const out = forward(model, normalize(batch.images, config.normalization), false);
      const parts = totalLoss(out.logits, out.maskLogits, batch.labels, batch.masks, batch.hasMask, config.loss, config.lambda);
      return [parts.total, tf.argMax(out.logits, 1), ...(out.maskLogits ? [tf.sigmoid(out.maskLogits)] : [])];
    }) as [tf.Scalar, tf.Tensor1D, tf.Tensor4D?];
    const hasMasks = chunk.some((s) => s.mask);
    const cams = options.withGradCam && hasMasks ? tf.tidy(() => gradCam(model, normalize(batch.images, config.normalization), null)) : null;
    try {
      lossSum += (await loss.data())[0]! * chunk.length;
      predictions.push(...(await predicted.data()));
      if (cams) {
        const maps = await cams.data();
        const pixelCount = config.imageSizePx * config.imageSizePx;
        chunk.forEach((s, i) => {
          if (!s.mask) return;
          const map = maps.subarray(i * pixelCount, (i + 1) * pixelCount);
          energies.push(energyInMask(map, s.mask));
          hits.push(pointingGameHit(map, s.mask) ? 1 : 0);
        });
      }
      if (maskProbabilities) {
        const maps = await maskProbabilities.data();
        const pixelCount = config.imageSizePx * config.imageSizePx;
        chunk.forEach((s, i) => {
          if (!s.mask) return;
          const overlap = maskOverlap(maps.subarray(i * pixelCount, (i + 1) * pixelCount), s.mask);
          ious.push(overlap.iou);
          dices.push(overlap.dice);
        });
      }
    } finally {
      tf.dispose([loss, predicted, ...(maskProbabilities ? [maskProbabilities] : []), ...(cams ? [cams] : [])]);
      disposeBatch(batch);
    }
  }
  const mean = (values: number[]): number | null => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const truth = samples.map((s) => s.label);
  return {
    loss: samples.length ? lossSum / samples.length : 0,
    metrics: classificationMetrics(confusionMatrix(truth, predictions, classNames.length), classNames),
    predictions,
    spnIoU: mean(ious),
    spnDice: mean(dices),
    camEnergyInMask: mean(energies),
    camPointingGame: mean(hits),
    maskedImages: samples.filter((s) => s.mask).length,
  };
}
