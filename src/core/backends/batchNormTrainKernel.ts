// Batch norm in training mode, with the residual add and ReLU that follow it in a ResNet, as one pass forward and one
// pass back over the activation, for the WASM and CPU backends. TensorFlow.js composes it from moments, batchNorm and
// the moving-average updates forward and about fifteen element-wise kernels back: some 30 kernel calls per layer.
import type * as tf from '@tensorflow/tfjs';

import type { WasmHeapBackend } from './wasmKernelKit';

export const BATCH_NORM_TRAIN = 'StudioBatchNormTrain';
export const BATCH_NORM_TRAIN_GRAD = 'StudioBatchNormTrainGrad';

export interface BatchNormTrainAttrs {
  epsilon: number;
  relu: boolean;
  hasResidual: boolean;
  /** The moving averages' momentum (TensorFlow.js's convention: 0.9 keeps 90 % of the old value). */
  momentum: number;
}

/**
 * y = relu?(gamma·(x − mean)·invStd + beta + residual?) over NHWC data with `channels` innermost; fills `mean`,
 * `variance` (biased, as TensorFlow.js normalizes in training) and `invStd` = 1/√(variance + ε) per channel.
 */
export function batchNormTrainForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  residual: Float32Array | null,
  attrs: BatchNormTrainAttrs,
  out: { y: Float32Array; mean: Float32Array; variance: Float32Array; invStd: Float32Array },
): void {
  const channels = gamma.length;
  const count = x.length / channels;
  const sum = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) for (let c = 0; c < channels; c++) sum[c] = sum[c]! + x[i + c]!;
  for (let c = 0; c < channels; c++) out.mean[c] = sum[c]! / count;
  // A second pass for the variance keeps it exact when the mean is large against the spread.
  const squares = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const d = x[i + c]! - out.mean[c]!;
      squares[c] = squares[c]! + d * d;
    }
  }
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    out.variance[c] = squares[c]! / count;
    out.invStd[c] = 1 / Math.sqrt(out.variance[c]! + attrs.epsilon);
    scale[c] = gamma[c]! * out.invStd[c]!;
    shift[c] = beta[c]! - out.mean[c]! * scale[c]!;
  }
  const { y } = out;
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      let v = x[i + c]! * scale[c]! + shift[c]!;
      if (residual) v += residual[i + c]!;
      y[i + c] = attrs.relu && v < 0 ? 0 : v;
    }
  }
}

/**
 * The gradients of batchNormTrainForward: dx, dgamma, dbeta and, when there is a residual, dresidual (the gradient
 * before the normalization, which the residual branch receives as it is). `y` is the forward output (its sign is the
 * ReLU's mask).
 */
export function batchNormTrainBackward(
  dy: Float32Array,
  x: Float32Array,
  y: Float32Array,
  mean: Float32Array,
  invStd: Float32Array,
  gamma: Float32Array,
  attrs: BatchNormTrainAttrs,
  out: { dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array; dresidual: Float32Array | null },
): void {
  const channels = gamma.length;
  const count = x.length / channels;
  const sumD = new Float64Array(channels);
  const sumDX = new Float64Array(channels);
  const pre = out.dresidual ?? new Float32Array(dy.length);
  for (let i = 0; i < dy.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const d = attrs.relu && y[i + c]! <= 0 ? 0 : dy[i + c]!;
      pre[i + c] = d;
      sumD[c] = sumD[c]! + d;
      sumDX[c] = sumDX[c]! + d * (x[i + c]! - mean[c]!) * invStd[c]!;
    }
  }
  const a = new Float32Array(channels);
  const b = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    out.dbeta[c] = sumD[c]!;
    out.dgamma[c] = sumDX[c]!;
    // dx = gamma·invStd·(d − mean(d) − x̂·mean(d·x̂)), written as a·d + b·(x − mean) + constant.
    a[c] = gamma[c]! * invStd[c]!;
    b[c] = (-a[c]! * invStd[c]! * sumDX[c]!) / count;
  }
  for (let i = 0; i < dy.length; i += channels) {
    for (let c = 0; c < channels; c++) out.dx[i + c] = a[c]! * (pre[i + c]! - sumD[c]! / count) + b[c]! * (x[i + c]! - mean[c]!);
  }
}

interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

type Inputs = Record<string, tf.TensorInfo | undefined>;
type Arrays = { read: (t: tf.TensorInfo) => Float32Array; outputs: Float32Array[] };
/** Runs `compute` over a backend's arrays: `allocate` makes the outputs, `view` gives a tensor's values. */
type Runner = (backend: tf.KernelBackend, shapes: number[][], compute: (arrays: Arrays) => void) => tf.TensorInfo[];

const wasmRunner: Runner = (anyBackend, shapes, compute) => {
  const backend = anyBackend as WasmHeapBackend;
  const infos = shapes.map((shape) => backend.makeOutput(shape, 'float32'));
  // Views of the heap are taken after the last allocation: allocating can grow (and so move) the heap.
  compute({ read: (t) => backend.typedArrayFromHeap(t) as Float32Array, outputs: infos.map((info) => backend.typedArrayFromHeap(info) as Float32Array) });
  return infos;
};

const cpuRunner: Runner = (anyBackend, shapes, compute) => {
  const backend = anyBackend as unknown as CpuBackend;
  const outputs = shapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
  compute({ read: (t) => backend.data.get(t.dataId).values, outputs });
  return outputs.map((values, i) => backend.makeTensorInfo(shapes[i]!, 'float32', values));
};

/**
 * n/(n − 1) for n values per channel: the moving variance takes the *unbiased* batch variance, as PyTorch's
 * running_var does (the batch itself is normalized with the biased one). TensorFlow.js's layer keeps the biased
 * one, which at 64 px (layer4's 2×2 maps, batch 16: n = 64) makes evaluation differ from PyTorch's.
 */
export const unbiasingFactor = (n: number): number => (n > 1 ? n / (n - 1) : 1);

/**
 * Inputs x, gamma, beta, movingMean, movingVariance (and residual); outputs [y, mean, invStd, the new moving mean,
 * the new moving variance].
 */
function forwardKernel(run: Runner): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, gamma, beta, residual, movingMean, movingVariance } = inputs as Inputs;
    const a = attrs as unknown as BatchNormTrainAttrs;
    const channels = gamma!.shape[0]!;
    const c = [channels];
    return run(backend as tf.KernelBackend, [x!.shape, c, c, c, c], ({ read, outputs: [y, mean, invStd, newMean, newVariance] }) => {
      const variance = new Float32Array(channels);
      batchNormTrainForward(read(x!), read(gamma!), read(beta!), a.hasResidual ? read(residual!) : null, a, { y: y!, mean: mean!, variance, invStd: invStd! });
      const [oldMean, oldVariance] = [read(movingMean!), read(movingVariance!)];
      const unbias = unbiasingFactor(x!.shape.reduce((a, b) => a * b, 1) / channels);
      for (let k = 0; k < channels; k++) {
        newMean![k] = oldMean[k]! - (oldMean[k]! - mean![k]!) * (1 - a.momentum);
        newVariance![k] = oldVariance[k]! - (oldVariance[k]! - variance[k]! * unbias) * (1 - a.momentum);
      }
    });
  };
}

/** Inputs dy, x, y, mean, invStd, gamma; outputs [dx, dgamma, dbeta] and, with a residual, dresidual. */
function backwardKernel(run: Runner): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, x, y, mean, invStd, gamma } = inputs as Inputs;
    const a = attrs as unknown as BatchNormTrainAttrs;
    const channels = gamma!.shape[0]!;
    const shapes = [x!.shape, [channels], [channels], ...(a.hasResidual ? [x!.shape] : [])];
    return run(backend as tf.KernelBackend, shapes, ({ read, outputs: [dx, dgamma, dbeta, dresidual] }) =>
      batchNormTrainBackward(read(dy!), read(x!), read(y!), read(mean!), read(invStd!), read(gamma!), a, { dx: dx!, dgamma: dgamma!, dbeta: dbeta!, dresidual: dresidual ?? null }),
    );
  };
}

export const BATCH_NORM_KERNELS = {
  wasm: { forward: forwardKernel(wasmRunner), backward: backwardKernel(wasmRunner) },
  cpu: { forward: forwardKernel(cpuRunner), backward: backwardKernel(cpuRunner) },
};
