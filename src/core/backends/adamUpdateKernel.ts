// One Adam step for one variable in a single pass over its values, for the WASM backend. TensorFlow.js's Adam
// runs about a dozen element-wise kernels per variable, each a full pass over memory: ~10 % of a ResNet18 + SPN
// step on two cores. Same formula, in double precision, written back as float32.
import type * as tf from '@tensorflow/tfjs';

import type { WasmHeapBackend } from './wasmKernelKit';

export const ADAM_UPDATE_KERNEL = 'StudioAdamUpdate';

export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β1ᵗ and 1 − β2ᵗ for this step t (bias correction). */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

/** Inputs x (the variable), m, v (its moments) and g (its gradient); outputs [x′, m′, v′]. */
export const adamUpdateKernel: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as WasmHeapBackend;
  const { x, m, v, g } = inputs as { x: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo; g: tf.TensorInfo };
  const { learningRate, beta1, beta2, epsilon, oneMinusAccBeta1, oneMinusAccBeta2 } = attrs as unknown as AdamUpdateAttrs;
  const outputs = [x, m, v].map((t) => backend.makeOutput(t.shape, 'float32'));
  const [X, M, V, G, X2, M2, V2] = [x, m, v, g, ...outputs].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const [keep1, keep2] = [1 - beta1, 1 - beta2];
  for (let i = 0; i < X.length; i++) {
    const gi = G[i]!;
    const mi = M[i]! * beta1 + gi * keep1;
    const vi = V[i]! * beta2 + gi * gi * keep2;
    M2[i] = mi;
    V2[i] = vi;
    X2[i] = X[i]! - (learningRate * (mi / oneMinusAccBeta1)) / (Math.sqrt(vi / oneMinusAccBeta2) + epsilon);
  }
  return outputs;
};
