import * as tf from '@tensorflow/tfjs';

import type { BatchNormTrainAttrs } from '../backends/batchNormTrainKernel';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, unbiasingFactor } from '../backends/batchNormTrainKernel';

export interface BatchNormParameters {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
  movingMean: tf.Tensor1D;
  movingVariance: tf.Tensor1D;
  epsilon: number;
  /** TensorFlow.js's convention: 0.9 keeps 90 % of the old moving average. */
  momentum: number;
}

export interface BatchNormTrainResult {
  /** relu?(batchNorm(x) + residual?), differentiable with respect to x, gamma, beta and the residual. */
  y: tf.Tensor4D;
  /** The moving averages updated with this batch's mean and unbiased variance, as PyTorch updates them. */
  movingMean: tf.Tensor1D;
  movingVariance: tf.Tensor1D;
}

type Body = Parameters<typeof tf.customGrad<tf.Tensor4D>>[0];

/**
 * Batch norm in training mode over NHWC x, optionally followed by a residual add and a ReLU (the way every ResNet
 * block and SPN block ends), with the moving averages' update: one kernel forward and one back where the backend
 * registers them (WASM, CPU), the same arithmetic from TensorFlow.js ops elsewhere. The caller disposes the results.
 */
export function batchNormTrain(x: tf.Tensor4D, p: BatchNormParameters, options: { residual?: tf.Tensor4D | null; relu: boolean }): BatchNormTrainResult {
  const residual = options.residual ?? null;
  const attrs: BatchNormTrainAttrs = { epsilon: p.epsilon, relu: options.relu, hasResidual: residual !== null, momentum: p.momentum };
  if (!tf.getKernel(BATCH_NORM_TRAIN, tf.getBackend())) {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      let y = tf.batchNorm(x, mean, variance, p.beta, p.gamma, p.epsilon) as tf.Tensor4D;
      if (residual) y = tf.add(y, residual);
      if (options.relu) y = tf.relu(y);
      const update = (moving: tf.Tensor1D, batch: tf.Tensor): tf.Tensor1D => tf.sub(moving, tf.mul(tf.sub(moving, batch), 1 - p.momentum));
      const unbiased = tf.mul(variance, unbiasingFactor(x.size / x.shape[3]));
      return { y, movingMean: update(p.movingMean, mean), movingVariance: update(p.movingVariance, unbiased) };
    });
  }
  let moving: tf.Tensor1D[] = [];
  const op = tf.customGrad<tf.Tensor4D>(((...args: unknown[]) => {
    const [input, gamma, beta] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
    const save = args.at(-1) as tf.GradSaveFunc;
    const inputs: tf.NamedTensorMap = { x: input, gamma, beta, movingMean: p.movingMean, movingVariance: p.movingVariance, ...(residual ? { residual: args[3] as tf.Tensor4D } : {}) };
    const [y, mean, invStd, newMean, newVariance] = tf.engine().runKernel(BATCH_NORM_TRAIN, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    // Kept to leave the custom gradient's own scope.
    moving = [tf.keep(newMean as tf.Tensor1D), tf.keep(newVariance as tf.Tensor1D)];
    save([input, y!, mean!, invStd!, gamma]);
    return {
      value: y as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedX, savedY, savedMean, savedInvStd, savedGamma] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD, { dy, x: savedX, y: savedY, mean: savedMean, invStd: savedInvStd, gamma: savedGamma }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      },
    };
  }) as unknown as Body);
  const y = (residual ? op(x, p.gamma, p.beta, residual) : op(x, p.gamma, p.beta)) as tf.Tensor4D;
  // Clones belong to the caller's scope (and tidy) as usual.
  const [movingMean, movingVariance] = moving.map((t) => t.clone()) as [tf.Tensor1D, tf.Tensor1D];
  tf.dispose(moving);
  return { y, movingMean, movingVariance };
}
