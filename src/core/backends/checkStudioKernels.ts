// The studio's kernels on the current backend against the CPU backend's arithmetic (the plain functions its CPU
// kernels run), on fixed seeded inputs: the check the WGSL kernels are held to on WebGPU, run in the browser.
import * as tf from '@tensorflow/tfjs';

import { createRandom } from '../random';
import type { AdamUpdateAttrs } from './adamUpdateKernel';
import { ADAM_UPDATE_KERNEL, adamUpdateInto } from './adamUpdateKernel';
import type { BatchNormTrainAttrs } from './batchNormTrainKernel';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, batchNormTrainBackward, batchNormTrainForward, unbiasingFactor } from './batchNormTrainKernel';
import { MASKED_BCE, MASKED_BCE_GRAD, maskedBce, maskedBceGradInto } from './maskedBceKernel';
import { RESIZE_BILINEAR_HALF_PIXEL_GRAD, resizeBilinearGradInto } from './resizeBilinearGradKernel';

export interface KernelCheck {
  kernel: string;
  case: string;
  /** The largest |backend − CPU| over every output, divided by the largest |CPU value| of that output. */
  worstRelative: number;
}

const BATCH_NORM_CASES: Array<{ shape: [number, number, number, number]; residual: boolean; relu: boolean }> = [
  { shape: [2, 5, 5, 3], residual: false, relu: false },
  { shape: [4, 8, 8, 16], residual: false, relu: true },
  { shape: [3, 4, 6, 8], residual: true, relu: true },
  { shape: [8, 1, 1, 32], residual: true, relu: false },
  // More values per channel than a workgroup has threads, and a mean far from zero against the spread.
  { shape: [8, 32, 32, 4], residual: true, relu: true },
];
const ADAM_SHAPES: number[][] = [[1], [7], [300], [4, 4, 3, 8], [3, 3, 64, 64]];
const RESIZE_CASES: Array<{ dy: [number, number, number, number]; inHeight: number; inWidth: number }> = [
  { dy: [2, 14, 9, 3], inHeight: 5, inWidth: 3 },
  { dy: [1, 8, 8, 2], inHeight: 32, inWidth: 32 },
  { dy: [2, 64, 64, 1], inHeight: 8, inWidth: 8 },
  { dy: [1, 7, 5, 2], inHeight: 10, inWidth: 13 },
];

const BCE_CASES: Array<{ shape: [number, number, number, number]; hasMask: number[] }> = [
  { shape: [4, 16, 16, 1], hasMask: [1, 0, 1, 1] },
  { shape: [8, 64, 64, 1], hasMask: [0, 1, 0, 0, 1, 1, 0, 1] },
  // No image with a mask: the loss and its gradient are 0.
  { shape: [2, 8, 8, 1], hasMask: [0, 0] },
];

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function worst(actual: Float32Array[], expected: Float32Array[]): number {
  return Math.max(
    ...expected.map((e, k) => {
      const scale = Math.max(1e-12, ...e.map(Math.abs));
      return e.reduce((m, v, i) => Math.max(m, Math.abs(actual[k]![i]! - v) / scale), 0);
    }),
  );
}

async function read(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  const values = await Promise.all(tensors.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(tensors);
  return values;
}

/**
 * Runs every case of every studio kernel registered for the current backend (kernels it lacks are not listed), and
 * counts the tensors left behind (0 when every output was handed back and freed).
 */
export async function checkStudioKernels(): Promise<{ checks: KernelCheck[]; tensorsLeft: number }> {
  const tensorsBefore = tf.memory().numTensors;
  const checks = await runChecks();
  return { checks, tensorsLeft: tf.memory().numTensors - tensorsBefore };
}

async function runChecks(): Promise<KernelCheck[]> {
  const backend = tf.getBackend();
  const random = createRandom(7);
  const values = (n: number, mean = 0, spread = 1): Float32Array => Float32Array.from({ length: n }, () => mean + spread * (2 * random.next() - 1));
  const checks: KernelCheck[] = [];
  if (tf.getKernel(BATCH_NORM_TRAIN, backend)) {
    for (const c of BATCH_NORM_CASES) {
      const channels = c.shape[3];
      const n = size(c.shape);
      const [x, gamma, beta, residual, movingMean, movingVariance, dy] = [values(n, 3, 2), values(channels, 1, 0.5), values(channels, 0, 0.3), values(n), values(channels), values(channels, 1.2, 0.7), values(n)];
      const attrs: BatchNormTrainAttrs = { epsilon: 1e-5, relu: c.relu, hasResidual: c.residual, momentum: 0.9 };
      const inputs = { x: tf.tensor4d(x, c.shape), gamma: tf.tensor1d(gamma), beta: tf.tensor1d(beta), movingMean: tf.tensor1d(movingMean), movingVariance: tf.tensor1d(movingVariance), ...(c.residual ? { residual: tf.tensor4d(residual, c.shape) } : {}) };
      const outputs = tf.engine().runKernel(BATCH_NORM_TRAIN, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      const expected = { y: new Float32Array(n), mean: new Float32Array(channels), variance: new Float32Array(channels), invStd: new Float32Array(channels) };
      batchNormTrainForward(x, gamma, beta, c.residual ? residual : null, attrs, expected);
      const unbias = unbiasingFactor(n / channels);
      const newMean = movingMean.map((m, k) => m - (m - expected.mean[k]!) * (1 - attrs.momentum));
      const newVariance = movingVariance.map((v, k) => v - (v - expected.variance[k]! * unbias) * (1 - attrs.momentum));
      const label = `${JSON.stringify(c.shape)}${c.residual ? ' + residual' : ''}${c.relu ? ', ReLU' : ''}`;
      const [y, mean, invStd] = outputs as [tf.Tensor, tf.Tensor, tf.Tensor];
      const dyTensor = tf.tensor4d(dy, c.shape);
      const grads = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD, { dy: dyTensor, x: inputs.x, y, mean, invStd, gamma: inputs.gamma }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      const actual = await read(outputs);
      checks.push({ kernel: BATCH_NORM_TRAIN, case: label, worstRelative: worst(actual, [expected.y, expected.mean, expected.invStd, newMean, newVariance]) });
      const back = { dx: new Float32Array(n), dgamma: new Float32Array(channels), dbeta: new Float32Array(channels), dresidual: c.residual ? new Float32Array(n) : null };
      batchNormTrainBackward(dy, x, expected.y, expected.mean, expected.invStd, gamma, attrs, back);
      checks.push({ kernel: BATCH_NORM_TRAIN_GRAD, case: label, worstRelative: worst(await read(grads), [back.dx, back.dgamma, back.dbeta, ...(back.dresidual ? [back.dresidual] : [])]) });
      tf.dispose([...Object.values(inputs), dyTensor]);
    }
  }
  if (tf.getKernel(ADAM_UPDATE_KERNEL, backend)) {
    const attrs: AdamUpdateAttrs = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, oneMinusAccBeta1: 1 - 0.9 ** 3, oneMinusAccBeta2: 1 - 0.999 ** 3, count: ADAM_SHAPES.length };
    const arrays = ADAM_SHAPES.map((shape) => ({ shape, x: values(size(shape)), m: values(size(shape), 0, 0.1), v: values(size(shape), 0.02, 0.01), g: values(size(shape), 0, 0.5) }));
    const inputs: tf.NamedTensorMap = {};
    arrays.forEach((a, k) => Object.assign(inputs, { [`x${k}`]: tf.tensor(a.x, a.shape), [`m${k}`]: tf.tensor(a.m, a.shape), [`v${k}`]: tf.tensor(a.v, a.shape), [`g${k}`]: tf.tensor(a.g, a.shape) }));
    const actual = await read(tf.engine().runKernel(ADAM_UPDATE_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[]);
    arrays.forEach((a, k) => {
      const out: [Float32Array, Float32Array, Float32Array] = [new Float32Array(a.x.length), new Float32Array(a.x.length), new Float32Array(a.x.length)];
      adamUpdateInto(a.x, a.m, a.v, a.g, out, attrs);
      checks.push({ kernel: ADAM_UPDATE_KERNEL, case: JSON.stringify(a.shape), worstRelative: worst(actual.slice(3 * k, 3 * k + 3), out) });
    });
    tf.dispose(Object.values(inputs));
  }
  if (tf.getKernel(RESIZE_BILINEAR_HALF_PIXEL_GRAD, backend)) {
    for (const c of RESIZE_CASES) {
      const dy = values(size(c.dy));
      const input = tf.tensor4d(dy, c.dy);
      const actual = await read([tf.engine().runKernel(RESIZE_BILINEAR_HALF_PIXEL_GRAD, { dy: input }, { inHeight: c.inHeight, inWidth: c.inWidth }) as tf.Tensor]);
      input.dispose();
      const expected = new Float32Array(c.dy[0] * c.inHeight * c.inWidth * c.dy[3]);
      resizeBilinearGradInto(expected, dy, c.dy, c.inHeight, c.inWidth);
      checks.push({ kernel: RESIZE_BILINEAR_HALF_PIXEL_GRAD, case: `${JSON.stringify(c.dy)} ← ${c.inHeight}×${c.inWidth}`, worstRelative: worst(actual, [expected]) });
    }
  }
  if (tf.getKernel(MASKED_BCE, backend)) {
    for (const c of BCE_CASES) {
      const n = size(c.shape);
      const [z, y] = [values(n, 0, 4), Float32Array.from({ length: n }, () => (random.next() > 0.6 ? 1 : 0))];
      const hasMask = Float32Array.from(c.hasMask);
      // Targets made as training makes them (a thresholded, cast mask): on WebGPU such a cast can keep an int32 buffer.
      const t = { z: tf.tensor4d(z, c.shape), y: tf.tidy(() => tf.cast(tf.greater(tf.tensor4d(y, c.shape), 0.5), 'float32')), hasMask: tf.tensor1d(hasMask), dy: tf.scalar(0.7) };
      const loss = tf.engine().runKernel(MASKED_BCE, { z: t.z, y: t.y, hasMask: t.hasMask }) as tf.Tensor;
      const dz = tf.engine().runKernel(MASKED_BCE_GRAD, { dy: t.dy, z: t.z, y: t.y, hasMask: t.hasMask }) as tf.Tensor;
      const label = `${JSON.stringify(c.shape)}, masks ${c.hasMask.join('')}`;
      checks.push({ kernel: MASKED_BCE, case: label, worstRelative: worst(await read([loss]), [Float32Array.of(maskedBce(z, y, hasMask))]) });
      const expected = new Float32Array(n);
      maskedBceGradInto(expected, z, y, hasMask, 0.7);
      checks.push({ kernel: MASKED_BCE_GRAD, case: label, worstRelative: worst(await read([dz]), [expected]) });
      tf.dispose(Object.values(t));
    }
  }
  return checks;
}
