import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { localizationLoss } from '../train/losses';
import { maskedBce, maskedBceGradInto } from './maskedBceKernel';

// The arithmetic the WebGPU loss kernels are checked against must itself be the studio's loss and its gradient.
describe('the masked BCE arithmetic', () => {
  it.each([
    [[1, 0, 1], 'some images masked'],
    [[0, 0, 0], 'no image masked'],
  ])('equals the composed localization loss and its gradient (%j: %s)', async (flags) => {
    await tf.setBackend('cpu');
    const z = tf.randomNormal([3, 5, 4, 1], 0, 3, 'float32', 3) as tf.Tensor4D;
    const y = tf.cast(tf.greater(tf.randomUniform([3, 5, 4, 1], 0, 1, 'float32', 4), 0.5), 'float32') as tf.Tensor4D;
    const hasMask = tf.tensor1d(flags);
    const composed = localizationLoss(z, y, hasMask, 'bce');
    const grad = tf.grad((logits: tf.Tensor) => localizationLoss(logits as tf.Tensor4D, y, hasMask, 'bce'))(z);
    const [zs, ys, hs] = [z.dataSync() as Float32Array, y.dataSync() as Float32Array, hasMask.dataSync() as Float32Array];
    expect(maskedBce(zs, ys, hs)).toBeCloseTo(composed.dataSync()[0]!, 6);
    const dz = new Float32Array(zs.length);
    maskedBceGradInto(dz, zs, ys, hs, 1);
    const expected = grad.dataSync();
    dz.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    if (flags.every((f) => f === 0)) expect(Math.max(...dz.map(Math.abs))).toBe(0);
    else expect(Math.max(...dz.map(Math.abs))).toBeGreaterThan(1e-3);
    tf.dispose([z, y, hasMask, composed, grad]);
  });
});
