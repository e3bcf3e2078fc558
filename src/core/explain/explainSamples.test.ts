import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { generateDemoDataset } from '../data/demoDataset';
import { buildStudioModel, disposeStudioModel } from '../model/buildModel';
import { QUICK_CONFIG } from '../train/trainConfig';
import { explainSamples } from './explainSamples';

describe('explainSamples', () => {
  it('yields a prediction, a Grad-CAM map and an SPN map per image in batches, leaking nothing', async () => {
    const dataset = generateDemoDataset({ sizePx: 32, imagesPerClass: 3 });
    const model = buildStudioModel({ backbone: 'resnet18', width: 1 / 16, imageSizePx: 32, classCount: 3, spn: { blocks: 4 } }, 1);
    const before = tf.memory().numTensors;
    const batches = [];
    for await (const batch of explainSamples(model, dataset.samples, dataset.samples.map(() => 'test'), { ...QUICK_CONFIG, imageSizePx: 32 }, null, 4)) batches.push(batch);
    expect(tf.memory().numTensors).toBe(before);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 1]);
    const first = batches[0]![0]!;
    expect(first.cam).toHaveLength(32 * 32);
    expect(first.spn).toHaveLength(32 * 32);
    expect(first.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(first.camClass).toBe(first.predicted);
    disposeStudioModel(model);
  });
});
