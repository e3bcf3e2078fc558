import * as tf from '@tensorflow/tfjs';

/**
 * For tests: sets every trainable variable in the worker to NaN, as an overflow mid-run would, so the divergence
 * stop can be seen at a chosen epoch. Reachable as `self.studioDebug.poisonWeights()`; returns how many it set.
 */
export function poisonWeights(): number {
  const variables = Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
  tf.tidy(() => variables.forEach((v) => v.assign(tf.fill(v.shape, Number.NaN, v.dtype))));
  return variables.length;
}
