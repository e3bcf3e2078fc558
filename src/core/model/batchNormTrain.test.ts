import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { BATCH_NORM_TRAIN } from '../backends/batchNormTrainKernel';
import { batchNormTrain } from './batchNormTrain';

/** The unfused reference: moments, batchNorm, add, relu, as TensorFlow.js ops. */
function reference(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, residual: tf.Tensor4D | null, relu: boolean): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  let y = tf.batchNorm(x, mean, variance, beta, gamma, 1e-5) as tf.Tensor4D;
  if (residual) y = tf.add(y, residual);
  return relu ? tf.relu(y) : y;
}

interface Case {
  shape: [number, number, number, number];
  residual: boolean;
  relu: boolean;
}
const CASES: Case[] = [
  { shape: [2, 5, 5, 3], residual: false, relu: false },
  { shape: [4, 8, 8, 16], residual: false, relu: true },
  { shape: [3, 4, 6, 8], residual: true, relu: true },
  { shape: [8, 1, 1, 32], residual: true, relu: false },
];

/** Outputs and gradients (of a random projection of y) with respect to x, gamma, beta and the residual. */
function run(c: Case, fused: boolean): number[][] {
  // Plain arrays out of a tidy: every tensor made here is disposed.
  return tf.tidy((): tf.TensorContainer => {
    const x = tf.randomNormal(c.shape, 0.5, 2, 'float32', 1) as tf.Tensor4D;
    const gamma = tf.randomUniform([c.shape[3]], 0.5, 1.5, 'float32', 2) as tf.Tensor1D;
    const beta = tf.randomNormal([c.shape[3]], 0, 0.3, 'float32', 3) as tf.Tensor1D;
    const residual = c.residual ? (tf.randomNormal(c.shape, 0, 1, 'float32', 4) as tf.Tensor4D) : null;
    const projection = tf.randomNormal(c.shape, 0, 1, 'float32', 5);
    const movingMean = tf.randomNormal([c.shape[3]], 0, 1, 'float32', 6) as tf.Tensor1D;
    const movingVariance = tf.randomUniform([c.shape[3]], 0.5, 2, 'float32', 7) as tf.Tensor1D;
    const parameters = (g: tf.Tensor1D, b: tf.Tensor1D) => ({ gamma: g, beta: b, movingMean, movingVariance, epsilon: 1e-5, momentum: 0.9 });
    const f = (...t: tf.Tensor[]): tf.Scalar => {
      const residualIn = (t[3] as tf.Tensor4D | undefined) ?? null;
      const y = fused ? batchNormTrain(t[0] as tf.Tensor4D, parameters(t[1] as tf.Tensor1D, t[2] as tf.Tensor1D), { residual: residualIn, relu: c.relu }).y : reference(t[0] as tf.Tensor4D, t[1] as tf.Tensor1D, t[2] as tf.Tensor1D, residualIn, c.relu);
      return tf.sum(tf.mul(y, projection));
    };
    const inputs = [x, gamma, beta, ...(residual ? [residual] : [])];
    const { value, grads } = tf.valueAndGrads(f)(inputs);
    // The moving averages as PyTorch updates them: old − (old − batch)·(1 − momentum), with the batch's unbiased
    // variance (n values per channel).
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const n = c.shape[0] * c.shape[1] * c.shape[2];
    const expected = [tf.sub(movingMean, tf.mul(tf.sub(movingMean, mean), 0.1)), tf.sub(movingVariance, tf.mul(tf.sub(movingVariance, tf.mul(variance, n / (n - 1))), 0.1))];
    const updated = batchNormTrain(x, parameters(gamma, beta), { residual, relu: c.relu });
    const stats: tf.Tensor[] = fused ? [updated.movingMean, updated.movingVariance] : expected;
    return [[value.dataSync()[0]!], ...grads.map((g) => Array.from(g.dataSync())), ...stats.map((t) => Array.from(t.dataSync()))];
  }) as unknown as number[][];
}

const worst = (a: number[][], b: number[][]): number => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i]![j]!) / (1 + Math.abs(b[i]![j]!)))));

afterAll(async () => {
  await tf.setBackend('cpu');
});

interface TorchCase { shape: [number, number, number, number]; gamma: number[]; beta: number[]; epsilon: number; momentum: number; batches: number[][]; outputs: number[][]; stats: Array<{ runningMean: number[]; runningVar: number[] }> }
const torch = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'torch-batchnorm.json'), 'utf8')) as { cases: TorchCase[] };

describe('batch norm in training against torch.nn.BatchNorm2d (scripts/fixtures/torchBatchNorm.py)', () => {
  it.each((['cpu', 'wasm'] as const).flatMap((backend) => torch.cases.map((c) => [backend, c.shape, c] as const)))('on %s, NHWC %j: outputs and running statistics after every step', async (backend, _, c) => {
    await tf.setBackend(backend);
    const relative = (a: ArrayLike<number>, b: readonly number[]): number => Math.max(...b.map((v, i) => Math.abs(a[i]! - v) / (1 + Math.abs(v))));
    let movingMean = tf.zeros([c.shape[3]]) as tf.Tensor1D;
    let movingVariance = tf.ones([c.shape[3]]) as tf.Tensor1D;
    const [gamma, beta] = [tf.tensor1d(c.gamma), tf.tensor1d(c.beta)];
    c.batches.forEach((batch, step) => {
      const x = tf.tensor4d(batch, c.shape);
      // PyTorch's momentum 0.1 is TensorFlow.js's 0.9.
      const out = batchNormTrain(x, { gamma, beta, movingMean, movingVariance, epsilon: c.epsilon, momentum: 1 - c.momentum }, { relu: false });
      expect(relative(out.y.dataSync(), c.outputs[step]!), `output, step ${step + 1}`).toBeLessThan(1e-5);
      expect(relative(out.movingMean.dataSync(), c.stats[step]!.runningMean), `running mean, step ${step + 1}`).toBeLessThan(1e-6);
      expect(relative(out.movingVariance.dataSync(), c.stats[step]!.runningVar), `running variance, step ${step + 1}`).toBeLessThan(1e-6);
      tf.dispose([x, out.y, movingMean, movingVariance]);
      [movingMean, movingVariance] = [out.movingMean, out.movingVariance];
    });
    tf.dispose([gamma, beta, movingMean, movingVariance]);
  });
});

describe('fused batch norm (training) with residual, ReLU and the moving averages', () => {
  const backends = ['cpu', 'wasm'] as const;
  it.each(backends.flatMap((backend) => CASES.map((c) => [backend, c] as const)))('on %s, %j, gives the unfused ops’ output, moving averages and gradients', async (backend, c) => {
    await tf.setBackend(backend);
    expect(tf.getKernel(BATCH_NORM_TRAIN, backend)).toBeDefined();
    const before = tf.memory().numTensors;
    const fused = run(c, true);
    expect(tf.memory().numTensors).toBe(before);
    expect(worst(fused, run(c, false))).toBeLessThan(2e-5);
    // The gradients are not trivially zero.
    expect(Math.max(...fused[1]!.map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('takes one kernel forward and one back where registered, against dozens unfused', async () => {
    await tf.setBackend('wasm');
    const c = CASES[2]!;
    const count = async (fused: boolean): Promise<number> => (await tf.profile(() => tf.tidy(() => tf.tensor(run(c, fused)[0]!)))).kernels.filter((k) => !k.name.endsWith('__op')).length;
    const [fused, unfused] = [await count(true), await count(false)];
    expect(fused).toBeLessThan(unfused / 2);
  });
});
