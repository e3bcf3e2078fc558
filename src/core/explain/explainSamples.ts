import * as tf from '@tensorflow/tfjs';

import type { PixelSample, SplitName } from '../data/datasetTypes';
import type { StudioModel } from '../model/buildModel';
import { forward } from '../model/buildModel';
import { disposeBatch, makeBatch } from '../data/makeBatch';
import { normalizeImages } from '../model/normalizeImages';
import type { TrainConfig } from '../train/trainConfig';
import { gradCam } from './gradCam';

/** One image's explanation: prediction, and maps quantized to 0–255 at the training size. */
export interface ExplainedSample {
  id: string;
  /** -1 when the true class is unknown (predictions on new images). */
  label: number;
  split: SplitName;
  predicted: number;
  probabilities: number[];
  /** Grad-CAM for `camClass`, normalized per image. */
  cam: Uint8Array;
  camClass: number;
  /** SPN mask probability, or null for the baseline. */
  spn: Uint8Array | null;
}

const quantize = (values: Float32Array | Int32Array | Uint8Array): Uint8Array => Uint8Array.from(values, (v) => Math.round(255 * Math.min(1, Math.max(0, v))));

/**
 * Explains samples batch by batch (so a gallery of hundreds fills in without holding all maps as tensors),
 * yielding each batch's explanations. `classIndex` null means Grad-CAM of each image's predicted class.
 */
export async function* explainSamples(
  model: StudioModel,
  samples: readonly PixelSample[],
  splits: readonly SplitName[],
  config: Pick<TrainConfig, 'imageSizePx' | 'normalization'>,
  classIndex: number | null,
  batchSize = 16,
): AsyncGenerator<ExplainedSample[]> {
  const pixelCount = config.imageSizePx * config.imageSizePx;
  for (let start = 0; start < samples.length; start += batchSize) {
    const chunk = samples.slice(start, start + batchSize);
    const batch = makeBatch(chunk, config.imageSizePx, () => false);
    const [probabilities, cams, spn] = tf.tidy(() => {
      const images = normalizeImages(batch.images, config.normalization);
      const out = forward(model, images, false);
      const chosen = classIndex === null ? null : chunk.map(() => classIndex);
      return [tf.softmax(out.logits), gradCam(model, images, chosen), ...(out.maskLogits ? [tf.sigmoid(out.maskLogits)] : [])];
    }) as [tf.Tensor2D, tf.Tensor3D, tf.Tensor4D?];
    try {
      const [probabilityRows, camValues, spnValues] = await Promise.all([probabilities.array(), cams.data(), spn ? spn.data() : Promise.resolve(null)]);
      yield chunk.map((s, i) => {
        const row = probabilityRows[i]!;
        const predicted = row.indexOf(Math.max(...row));
        return {
          id: s.id,
          label: s.label,
          split: splits[start + i]!,
          predicted,
          probabilities: row,
          cam: quantize(camValues.subarray(i * pixelCount, (i + 1) * pixelCount)),
          camClass: classIndex ?? predicted,
          spn: spnValues ? quantize(spnValues.subarray(i * pixelCount, (i + 1) * pixelCount)) : null,
        };
      });
    } finally {
      tf.dispose([probabilities, cams, ...(spn ? [spn] : [])]);
      disposeBatch(batch);
    }
  }
}
