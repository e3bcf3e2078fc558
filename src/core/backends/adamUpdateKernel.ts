// Adam's step for every variable of a model in one kernel call and one pass over each variable's values, for the
// WASM and CPU backends. TensorFlow.js's Adam runs about a dozen element-wise kernels per variable, each a full pass
// over memory (~10 % of a ResNet18 + SPN step on two cores); one kernel per variable still made 60-odd calls a step.
// Same formula, in double precision, written back as float32.
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
  /** How many variables the inputs hold (x0, m0, v0, g0, x1, …). */
  count: number;
}

/** One variable's update: x′, m′, v′ from x, m, v and its gradient g. */
export function adamUpdateInto(x: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, out: [Float32Array, Float32Array, Float32Array], a: AdamUpdateAttrs): void {
  const [x2, m2, v2] = out;
  const [keep1, keep2] = [1 - a.beta1, 1 - a.beta2];
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const mi = m[i]! * a.beta1 + gi * keep1;
    const vi = v[i]! * a.beta2 + gi * gi * keep2;
    m2[i] = mi;
    v2[i] = vi;
    x2[i] = x[i]! - (a.learningRate * (mi / a.oneMinusAccBeta1)) / (Math.sqrt(vi / a.oneMinusAccBeta2) + a.epsilon);
  }
}

const names = (k: number): [string, string, string, string] => [`x${k}`, `m${k}`, `v${k}`, `g${k}`];

/** Inputs x0, m0, v0, g0, x1, …; outputs [x0′, m0′, v0′, x1′, m1′, v1′, …]. */
export const wasmAdamUpdateKernel: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as WasmHeapBackend;
  const a = attrs as unknown as AdamUpdateAttrs;
  const all = inputs as Record<string, tf.TensorInfo>;
  const outputs = Array.from({ length: a.count }, (_, k) => [0, 1, 2].map(() => backend.makeOutput(all[`x${k}`]!.shape, 'float32')));
  // Views of the heap are taken after the last allocation: allocating can grow (and so move) the heap.
  const view = (t: tf.TensorInfo): Float32Array => backend.typedArrayFromHeap(t) as Float32Array;
  outputs.forEach((out, k) => {
    const [x, m, v, g] = names(k).map((n) => view(all[n]!)) as [Float32Array, Float32Array, Float32Array, Float32Array];
    adamUpdateInto(x, m, v, g, out.map(view) as [Float32Array, Float32Array, Float32Array], a);
  });
  return outputs.flat();
};

interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

export const cpuAdamUpdateKernel: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as CpuBackend;
  const a = attrs as unknown as AdamUpdateAttrs;
  const all = inputs as Record<string, tf.TensorInfo>;
  return Array.from({ length: a.count }, (_, k) => {
    const [x, m, v, g] = names(k).map((n) => backend.data.get(all[n]!.dataId).values) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const out: [Float32Array, Float32Array, Float32Array] = [new Float32Array(x.length), new Float32Array(x.length), new Float32Array(x.length)];
    adamUpdateInto(x, m, v, g, out, a);
    return out.map((values) => backend.makeTensorInfo(all[`x${k}`]!.shape, 'float32', values));
  }).flat();
};
