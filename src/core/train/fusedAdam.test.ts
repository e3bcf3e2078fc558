import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';

import { registerWasmTrainingKernels } from '../backends/wasmTrainingKernels';
import { createAdam } from './fusedAdam';

/** Five Adam steps on a small least-squares problem; returns the weights after each step. */
async function optimize(optimizer: tf.Optimizer): Promise<Float32Array[]> {
  const w = tf.tidy(() => tf.variable(tf.randomNormal([6, 4], 0, 1, 'float32', 7)));
  const b = tf.tidy(() => tf.variable(tf.zeros([4])));
  const x = tf.randomNormal([16, 6], 0, 1, 'float32', 8);
  const y = tf.randomNormal([16, 4], 0, 1, 'float32', 9);
  const history: Float32Array[] = [];
  for (let step = 0; step < 5; step++) {
    tf.dispose(optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))) as tf.Scalar, true, [w, b]) ?? []);
    history.push(new Float32Array([...(await w.data()), ...(await b.data())]));
  }
  optimizer.dispose();
  tf.dispose([w, b, x, y]);
  return history;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('createAdam', () => {
  it('is TensorFlow.js Adam on a backend without the fused kernel', async () => {
    await tf.setBackend('cpu');
    expect(createAdam(0.01).getClassName()).toBe('Adam');
  });

  it('on WASM takes one kernel per variable and the same steps as tf.train.adam, within float rounding, without leaking tensors', async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    const fused = createAdam(0.01);
    expect(fused.getClassName()).toBe('StudioFusedAdam');
    const before = tf.memory().numTensors;
    const fusedSteps = await optimize(fused);
    expect(tf.memory().numTensors).toBe(before);
    const reference = await optimize(tf.train.adam(0.01));
    let worst = 0;
    reference.forEach((values, step) => values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - fusedSteps[step]![i]!)))));
    expect(worst).toBeLessThan(1e-6);
    // The steps moved the weights: a no-op optimizer would fail here.
    expect(Math.abs(fusedSteps[4]![0]! - fusedSteps[0]![0]!)).toBeGreaterThan(1e-3);
  });
});
