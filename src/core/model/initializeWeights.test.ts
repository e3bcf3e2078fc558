import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import type { StudioModel } from './buildModel';
import { buildStudioModel, disposeStudioModel } from './buildModel';
import type { ModelConfig } from './modelConfig';

const SPN: ModelConfig = { backbone: 'resnet18', width: 1 / 4, imageSizePx: 64, classCount: 3, spn: { blocks: 4 } };

const values = (layer: tf.layers.Layer, index = 0): Float32Array => layer.getWeights()[index]!.dataSync() as Float32Array;
const largest = (v: Float32Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const std = (v: Float32Array): number => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
};
const allWeights = (part: tf.LayersModel): number[][] => part.getWeights().map((w) => Array.from(w.dataSync()));

describe('initializeWeights', () => {
  it('draws F-Net convolutions as torchvision does (normal, std √(2 / fan-out)) and sets batch norm to 1 and 0', () => {
    const model = buildStudioModel(SPN, 1);
    const conv = model.fnet.getLayer('layer3_0_conv1');
    const [kh, kw, , out] = conv.getWeights()[0]!.shape as number[];
    expect(std(values(conv))).toBeCloseTo(Math.sqrt(2 / (out! * kh! * kw!)), 2);
    const bn = model.fnet.getLayer('layer3_0_bn1');
    expect(new Set(values(bn, 0))).toEqual(new Set([1]));
    expect(new Set(values(bn, 1))).toEqual(new Set([0]));
    disposeStudioModel(model);
  });

  it('draws the C-Net and SPN as PyTorch layers default to (uniform within ±1/√fan-in, biases too)', () => {
    const model = buildStudioModel(SPN, 1);
    const fc1 = model.cnet.getLayer('cnet_fc1');
    const bound = 1 / Math.sqrt(fc1.getWeights()[0]!.shape[0]!);
    for (const index of [0, 1]) {
      const v = values(fc1, index);
      expect(largest(v)).toBeLessThanOrEqual(bound);
      // A uniform over ±b has std b/√3.
      expect(std(v)).toBeCloseTo(bound / Math.sqrt(3), index === 0 ? 3 : 2);
    }
    const conv = model.spn!.getLayer('spn_blocks_0_1');
    const [kh, kw, inChannels] = conv.getWeights()[0]!.shape as number[];
    expect(largest(values(conv, 1))).toBeLessThanOrEqual(1 / Math.sqrt(inChannels! * kh! * kw!));
    expect(std(values(conv, 1))).toBeGreaterThan(0);
    disposeStudioModel(model);
  });

  it('gives the SPN and baseline models of one seed the same F-Net and C-Net, and another seed other weights', () => {
    const models: StudioModel[] = [buildStudioModel(SPN, 7), buildStudioModel({ ...SPN, spn: null }, 7), buildStudioModel(SPN, 8)];
    const [spn, baseline, other] = models as [StudioModel, StudioModel, StudioModel];
    expect(allWeights(baseline.fnet)).toEqual(allWeights(spn.fnet));
    expect(allWeights(baseline.cnet)).toEqual(allWeights(spn.cnet));
    expect(allWeights(other.fnet)[0]).not.toEqual(allWeights(spn.fnet)[0]);
    // Two layers of one model do not repeat each other's draws.
    expect(values(spn.fnet.getLayer('layer1_0_conv1')).slice(0, 8)).not.toEqual(values(spn.fnet.getLayer('layer1_0_conv2')).slice(0, 8));
    models.forEach(disposeStudioModel);
  });
});
