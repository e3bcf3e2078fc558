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
