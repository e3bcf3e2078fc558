import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { generateDemoDataset } from '../data/demoDataset';
import { buildStudioModel, disposeStudioModel } from '../model/buildModel';
import { QUICK_CONFIG } from '../train/trainConfig';
import { explainSamples } from './explainSamples';

describe('explainSamples', () => {
  it('yields a prediction, a saliency map and an SPN map per image in batches, leaking nothing', async () => {
    const dataset = generateDemoDataset({ sizePx: 32, imagesPerClass: 3 });
    const model = buildStudioModel({ backbone: 'resnet18', width: 1 / 16, imageSizePx: 32, classCount: 3, spn: { blocks: 4 } }, 1);
    const before = tf.memory().numTensors;
    const batches = [];
    const input = { imageSizePx: 32, normalization: QUICK_CONFIG.normalization };
    for await (const batch of explainSamples(model, dataset.samples, dataset.samples.map(() => 'test'), input, null, { method: 'grad-cam', stage: 'layer2' }, 4)) batches.push(batch);
    expect(tf.memory().numTensors).toBe(before);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 1]);
    const first = batches[0]![0]!;
    expect(first.saliency).toHaveLength(32 * 32);
    expect(first.spn).toHaveLength(32 * 32);
    expect(first.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(first.saliencyClass).toBe(first.predicted);
    // layer2 of a 32 px image is a 4×4 map: upsampled, it varies across the image (a 1×1 map would be flat).
    expect(new Set(first.saliency).size).toBeGreaterThan(4);
    disposeStudioModel(model);
  });
});
