import * as tf from '@tensorflow/tfjs';

import type { PixelSample, SplitName } from '../data/datasetTypes';
import { disposeBatch, makeBatch } from '../data/makeBatch';
import type { StudioModel } from '../model/buildModel';
import { forward } from '../model/buildModel';
import type { InputSpec } from '../model/normalizeImages';
import { normalizeImages } from '../model/normalizeImages';
import type { SaliencyChoice } from './saliencyMethods';
import { saliencyMaps } from './saliencyMethods';

/** One image's explanation: prediction, and maps quantized to 0–255 at the input size. */
export interface ExplainedSample {
  id: string;
  /** -1 when the true class is unknown (predictions on new images). */
  label: number;
  split: SplitName;
  predicted: number;
  probabilities: number[];
  /** The saliency map (the run's method and stage) for `saliencyClass`, normalized per image. */
  saliency: Uint8Array;
  saliencyClass: number;
  /** SPN mask probability, or null for the baseline. */
  spn: Uint8Array | null;
}

const quantize = (values: Float32Array | Int32Array | Uint8Array): Uint8Array => Uint8Array.from(values, (v) => Math.round(255 * Math.min(1, Math.max(0, v))));

/**
 * Explains samples batch by batch (so a gallery of hundreds fills in without holding all maps as tensors),
 * yielding each batch's explanations. `classIndex` null means the map of each image's predicted class.
 */
export async function* explainSamples(
  model: StudioModel,
  samples: readonly PixelSample[],
  splits: readonly SplitName[],
  input: InputSpec,
  classIndex: number | null,
  saliency: SaliencyChoice,
  batchSize = 16,
): AsyncGenerator<ExplainedSample[]> {
  const pixelCount = input.imageSizePx * input.imageSizePx;
  for (let start = 0; start < samples.length; start += batchSize) {
    const chunk = samples.slice(start, start + batchSize);
    const batch = makeBatch(chunk, input.imageSizePx, () => false);
    const [probabilities, maps, spn] = tf.tidy(() => {
      const images = normalizeImages(batch.images, input.normalization);
      const out = forward(model, images, false);
      const chosen = classIndex === null ? null : chunk.map(() => classIndex);
      return [tf.softmax(out.logits), saliencyMaps(model, images, chosen, saliency), ...(out.maskLogits ? [tf.sigmoid(out.maskLogits)] : [])];
    }) as [tf.Tensor2D, tf.Tensor3D, tf.Tensor4D?];
    try {
      const [probabilityRows, mapValues, spnValues] = await Promise.all([probabilities.array(), maps.data(), spn ? spn.data() : Promise.resolve(null)]);
      yield chunk.map((s, i) => {
        const row = probabilityRows[i]!;
        const predicted = row.indexOf(Math.max(...row));
        return {
          id: s.id,
          label: s.label,
          split: splits[start + i]!,
          predicted,
          probabilities: row,
          saliency: quantize(mapValues.subarray(i * pixelCount, (i + 1) * pixelCount)),
          saliencyClass: classIndex ?? predicted,
          spn: spnValues ? quantize(spnValues.subarray(i * pixelCount, (i + 1) * pixelCount)) : null,
        };
      });
    } finally {
      tf.dispose([probabilities, maps, ...(spn ? [spn] : [])]);
      disposeBatch(batch);
    }
  }
}
