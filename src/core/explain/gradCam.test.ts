import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { gradCam } from './gradCam';

const SIZE = 4;
const CHANNELS = 2;
// C-Net weights [channels, classes]: class 0 likes channel 0, class 1 likes channel 1 and dislikes channel 0.
const DENSE = [
  [2, -1],
  [0.5, 3],
];

/** F-Net = identity 1×1 conv on 2 channels (features = input); C-Net = GAP + dense with fixed weights. */
function tinyModel() {
  const input = tf.input({ shape: [SIZE, SIZE, CHANNELS] });
  const conv = tf.layers.conv2d({ filters: CHANNELS, kernelSize: 1, useBias: false, weights: [tf.tensor4d([1, 0, 0, 1], [1, 1, CHANNELS, CHANNELS])] });
  const fnet = tf.model({ inputs: input, outputs: conv.apply(input) as tf.SymbolicTensor });
  const featureInput = tf.input({ shape: [SIZE, SIZE, CHANNELS] });
  const pooled = tf.layers.globalAveragePooling2d({}).apply(featureInput);
  const dense = tf.layers.dense({ units: 2, weights: [tf.tensor2d(DENSE), tf.tensor1d([0, 0])] });
  const cnet = tf.model({ inputs: featureInput, outputs: dense.apply(pooled) as tf.SymbolicTensor });
  return { fnet, cnet };
}

function handCam(features: number[][][], k: number): number[] {
  // d logit_k / d F[h, w, c] = W[c, k] / (H·W): channel weight α_c = W[c, k] / (H·W).
  const raw = features.flatMap((row) => row.map((pixel) => Math.max(0, pixel.reduce((sum, f, c) => sum + (f * DENSE[c]![k]!) / (SIZE * SIZE), 0))));
  const low = Math.min(...raw);
  const high = Math.max(...raw);
  return raw.map((v) => (high > low ? (v - low) / (high - low) : 0));
}

describe('gradCam', () => {
  const image = Array.from({ length: SIZE }, (_, y) => Array.from({ length: SIZE }, (_, x) => [x / 3, y === 1 && x === 2 ? 1 : 0]));

  it('equals a hand-computed CAM for each class, and leaks no tensors', async () => {
    const model = tinyModel();
    const before = tf.memory().numTensors;
    const input = tf.tensor4d([image, image] as number[][][][]);
    const cam = gradCam(model, input, [0, 1]);
    const values = (await cam.array()) as number[][][];
    tf.dispose([cam, input]);
    expect(tf.memory().numTensors).toBe(before);
    [0, 1].forEach((k) => {
      const expected = handCam(image, k);
      values[k]!.flat().forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    });
  });

  it('uses each image\'s predicted class by default and lands where the evidence is', async () => {
    const model = tinyModel();
    // Only one pixel carries channel-1 evidence, so class 1 wins and its CAM peaks there.
    const evidence = Array.from({ length: SIZE }, (_, y) => Array.from({ length: SIZE }, (_, x) => [0, y === 3 && x === 0 ? 5 : 0]));
    const input = tf.tensor4d([evidence]);
    const cam = gradCam(model, input, null);
    const flat = (await cam.data()) as Float32Array;
    tf.dispose([cam, input]);
    expect(flat.indexOf(Math.max(...flat))).toBe(3 * SIZE + 0);
    expect(flat[3 * SIZE]).toBe(1);
  });

  it('gives an all-zero map, not NaN, when there is no positive evidence', async () => {
    const model = tinyModel();
    const input = tf.zeros([1, SIZE, SIZE, CHANNELS]) as tf.Tensor4D;
    const cam = gradCam(model, input, [0]);
    const flat = await cam.data();
    tf.dispose([cam, input]);
    expect([...flat].every((v) => v === 0)).toBe(true);
  });
});

describe('Grad-CAM on a chosen F-Net stage', () => {
  /** F-Net: identity 1×1 conv ("stage", full resolution) → 2×2 average pool (the last layer, half resolution). */
  function twoStageModel() {
    const input = tf.input({ shape: [8, 8, CHANNELS] });
    const stage = tf.layers.conv2d({ filters: CHANNELS, kernelSize: 1, useBias: false, name: 'stage', weights: [tf.tensor4d([1, 0, 0, 1], [1, 1, CHANNELS, CHANNELS])] }).apply(input) as tf.SymbolicTensor;
    const pooled = tf.layers.averagePooling2d({ poolSize: 2, name: 'last' }).apply(stage) as tf.SymbolicTensor;
    const fnet = tf.model({ inputs: input, outputs: pooled });
    const featureInput = tf.input({ shape: [4, 4, CHANNELS] });
    const dense = tf.layers.dense({ units: 2, weights: [tf.tensor2d(DENSE), tf.tensor1d([0, 0])] });
    const cnet = tf.model({ inputs: featureInput, outputs: dense.apply(tf.layers.globalAveragePooling2d({}).apply(featureInput)) as tf.SymbolicTensor });
    return { fnet, cnet };
  }

  it('peaks at the very pixel of the evidence on the full-resolution stage, and within its 2×2 cell on the pooled one', async () => {
    const model = twoStageModel();
    // Channel-1 evidence at (row 5, column 2) only.
    const evidence = Array.from({ length: 8 }, (_, y) => Array.from({ length: 8 }, (_, x) => [0, y === 5 && x === 2 ? 4 : 0]));
    const input = tf.tensor4d([evidence]);
    const before = tf.memory().numTensors;
    const [onStage, onLast] = [gradCam(model, input, null, 'stage'), gradCam(model, input, null)];
    const [stageMap, lastMap] = [(await onStage.data()) as Float32Array, (await onLast.data()) as Float32Array];
    tf.dispose([onStage, onLast]);
    expect(tf.memory().numTensors).toBe(before);
    expect(stageMap.indexOf(Math.max(...stageMap))).toBe(5 * 8 + 2);
    // Upsampled from 4×4, the pooled map's maximum lies in the cell rows 4–5, columns 2–3.
    const peak = lastMap.indexOf(Math.max(...lastMap));
    expect([Math.floor(peak / 8), peak % 8].map((v) => Math.floor(v / 2))).toEqual([2, 1]);
    // The full-resolution map is sharper: less of its mass spreads away from the evidence.
    const massNear = (map: Float32Array): number => map.reduce((sum, v, i) => sum + (Math.abs(Math.floor(i / 8) - 5) <= 1 && Math.abs((i % 8) - 2) <= 1 ? v : 0), 0) / map.reduce((a, b) => a + b, 0);
    expect(massNear(stageMap)).toBeGreaterThan(massNear(lastMap));
    tf.dispose(input);
  });

  it('names a stage that does not exist', () => {
    const model = twoStageModel();
    expect(() => gradCam(model, tf.zeros([1, 8, 8, CHANNELS]) as tf.Tensor4D, null, 'layer9')).toThrow('the F-Net has no layer layer9');
  });
});

describe('the ResNet stages Grad-CAM can read', () => {
  it('give maps of side size / 8, / 16 and / 32 (8×8 at layer2 of a 64 px image), each varying over the image', async () => {
    const { buildStudioModel, disposeStudioModel } = await import('../model/buildModel');
    const { saliencyMaps, saliencyMapSidePx } = await import('./saliencyMethods');
    const model = buildStudioModel({ backbone: 'resnet18', width: 1 / 16, imageSizePx: 64, classCount: 3, spn: null }, 3);
    const images = tf.randomUniform([2, 64, 64, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    for (const [stage, side] of [['layer2', 8], ['layer3', 4], ['layer4', 2]] as const) {
      expect(saliencyMapSidePx(64, stage)).toBe(side);
      const maps = saliencyMaps(model, images, null, { method: 'grad-cam', stage });
      expect(maps.shape).toEqual([2, 64, 64]);
      // The number of distinct values grows with the map's resolution before upsampling.
      const distinct = new Set(Array.from((await maps.data()).slice(0, 64 * 64), (v) => v.toFixed(4))).size;
      expect(distinct).toBeGreaterThan(side * side);
      maps.dispose();
    }
    images.dispose();
    disposeStudioModel(model);
  });
});
