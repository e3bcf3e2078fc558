// The studio's training kernels as WGSL for the WebGPU backend: batch norm in training mode (with the residual add
// and ReLU) forward and back, the Adam step, and the half-pixel resize's gradient. TensorFlow.js composes these from
// element-wise ops (some 30 kernels per batch norm, a dozen per variable for Adam); a step is bound by per-kernel
// overhead on a GPU, so each is one or two dispatches here. Same arithmetic as the CPU kernels beside them, in float32.
import type * as tf from '@tensorflow/tfjs';

import type { AdamUpdateAttrs } from './adamUpdateKernel';
import type { BatchNormTrainAttrs } from './batchNormTrainKernel';
import { unbiasingFactor } from './batchNormTrainKernel';
import type { ResizeGradAttrs } from './resizeBilinearGradKernel';
import type { StudioGpuProgram, WebGpuBackendLike } from './webgpuKernelKit';
import { FLAT_INDEX, MAIN, runStudioProgram, TO_FLOAT, TREE_SUMS, WORKGROUP } from './webgpuKernelKit';

type Inputs = Record<string, tf.TensorInfo | undefined>;
const groupsFor = (size: number): number => Math.ceil(size / WORKGROUP);

// One workgroup per channel: its threads stride over the channel's values (NHWC, channel innermost).
const PER_CHANNEL = `let c = i32(wg.x + wg.y * nwg.x); let local = lid.x;`;

/** Batch statistics and the moving averages' update, one workgroup per channel (two passes for an exact variance). */
export const BATCH_NORM_STATS: StudioGpuProgram = {
  key: 'studio-bn-stats',
  outputs: ['mean', 'invStd', 'newMean', 'newVariance'],
  inputs: ['x', 'movingMean', 'movingVariance'],
  params: [['channels', 'i32'], ['count', 'i32'], ['epsilon', 'f32'], ['keep', 'f32'], ['unbias', 'f32']],
  body: `${TREE_SUMS}
${MAIN} {
  ${PER_CHANNEL}
  var s = 0.0;
  for (var i = i32(local); i < params.count; i = i + ${WORKGROUP}) { s = s + x[i * params.channels + c]; }
  a[local] = s; b[local] = 0.0;
  treeSums(local);
  let m = a[0] / f32(params.count);
  workgroupBarrier();
  var q = 0.0;
  for (var i = i32(local); i < params.count; i = i + ${WORKGROUP}) { let d = x[i * params.channels + c] - m; q = q + d * d; }
  a[local] = q;
  treeSums(local);
  if (local == 0u) {
    let v = a[0] / f32(params.count);
    mean[c] = m;
    invStd[c] = 1.0 / sqrt(v + params.epsilon);
    newMean[c] = movingMean[c] - (movingMean[c] - m) * params.keep;
    newVariance[c] = movingVariance[c] - (movingVariance[c] - v * params.unbias) * params.keep;
  }
}`,
};

/** y = relu?(gamma·(x − mean)·invStd + beta + residual?), element-wise. */
export function batchNormApply(hasResidual: boolean, relu: boolean): StudioGpuProgram {
  return {
    key: `studio-bn-apply-${hasResidual}-${relu}`,
    outputs: ['y'],
    inputs: ['x', 'gamma', 'beta', 'mean', 'invStd', ...(hasResidual ? ['residual'] : [])],
    params: [['channels', 'i32'], ['size', 'i32']],
    body: `${MAIN} {
  ${FLAT_INDEX}
  if (i32(index) >= params.size) { return; }
  let c = i32(index) % params.channels;
  var v = (x[index] - mean[c]) * invStd[c] * gamma[c] + beta[c];
  ${hasResidual ? 'v = v + residual[index];' : ''}
  ${relu ? 'v = max(v, 0.0);' : ''}
  y[index] = v;
}`,
  };
}

/** dbeta = Σd and dgamma = Σd·x̂ per channel, with d the gradient before the ReLU (kept: it is the residual's). */
export function batchNormGradSums(relu: boolean): StudioGpuProgram {
  return {
    key: `studio-bn-grad-sums-${relu}`,
    outputs: ['dgamma', 'dbeta', 'pre'],
    inputs: ['dy', 'x', ...(relu ? ['y'] : []), 'mean', 'invStd'],
    params: [['channels', 'i32'], ['count', 'i32']],
    body: `${TREE_SUMS}
${MAIN} {
  ${PER_CHANNEL}
  var sd = 0.0;
  var sdx = 0.0;
  let m = mean[c];
  let s = invStd[c];
  for (var i = i32(local); i < params.count; i = i + ${WORKGROUP}) {
    let j = i * params.channels + c;
    ${relu ? 'let d = select(dy[j], 0.0, y[j] <= 0.0);' : 'let d = dy[j];'}
    pre[j] = d;
    sd = sd + d;
    sdx = sdx + d * (x[j] - m) * s;
  }
  a[local] = sdx; b[local] = sd;
  treeSums(local);
  if (local == 0u) { dgamma[c] = a[0]; dbeta[c] = b[0]; }
}`,
  };
}

/** dx = gamma·invStd·(d − mean(d)) − gamma·invStd²·mean(d·x̂)·(x − mean), element-wise. */
export const BATCH_NORM_GRAD_INPUT: StudioGpuProgram = {
  key: 'studio-bn-grad-input',
  outputs: ['dx'],
  inputs: ['pre', 'x', 'mean', 'invStd', 'gamma', 'dgamma', 'dbeta'],
  params: [['channels', 'i32'], ['size', 'i32'], ['count', 'f32']],
  body: `${MAIN} {
  ${FLAT_INDEX}
  if (i32(index) >= params.size) { return; }
  let c = i32(index) % params.channels;
  let scale = gamma[c] * invStd[c];
  let slope = -scale * invStd[c] * dgamma[c] / params.count;
  dx[index] = scale * (pre[index] - dbeta[c] / params.count) + slope * (x[index] - mean[c]);
}`,
};

/** Adam's step for one variable: x′, m′, v′ in one pass. */
export const ADAM_STEP: StudioGpuProgram = {
  key: 'studio-adam',
  outputs: ['x2', 'm2', 'v2'],
  inputs: ['x', 'm', 'v', 'g'],
  params: [['size', 'i32'], ['learningRate', 'f32'], ['beta1', 'f32'], ['beta2', 'f32'], ['epsilon', 'f32'], ['correction1', 'f32'], ['correction2', 'f32']],
  body: `${MAIN} {
  ${FLAT_INDEX}
  if (i32(index) >= params.size) { return; }
  let gi = g[index];
  let mi = m[index] * params.beta1 + gi * (1.0 - params.beta1);
  let vi = v[index] * params.beta2 + gi * gi * (1.0 - params.beta2);
  m2[index] = mi;
  v2[index] = vi;
  x2[index] = x[index] - (params.learningRate * (mi / params.correction1)) / (sqrt(vi / params.correction2) + params.epsilon);
}`,
};

/**
 * The half-pixel resize's adjoint as a gather: each input pixel sums the output gradients whose taps (as
 * sourceTaps computes them) land on it, so no two invocations write one value.
 */
export const RESIZE_GRAD: StudioGpuProgram = {
  key: 'studio-resize-grad',
  outputs: ['dx'],
  inputs: ['dy'],
  params: [['size', 'i32'], ['channels', 'i32'], ['inHeight', 'i32'], ['inWidth', 'i32'], ['outHeight', 'i32'], ['outWidth', 'i32']],
  body: `
fn tapWeight(o: i32, dst: i32, outSize: i32, inSize: i32) -> f32 {
  let source = max(0.0, (f32(o) + 0.5) * (f32(inSize) / f32(outSize)) - 0.5);
  let low = min(i32(floor(source)), inSize - 1);
  let high = min(low + 1, inSize - 1);
  let w = source - f32(low);
  return select(0.0, 1.0 - w, low == dst) + select(0.0, w, high == dst);
}
fn firstTap(dst: i32, outSize: i32, inSize: i32) -> i32 {
  return max(0, i32(floor((f32(dst) - 1.0 + 0.5) * (f32(outSize) / f32(inSize)) - 0.5)) - 1);
}
fn lastTap(dst: i32, outSize: i32, inSize: i32) -> i32 {
  return min(outSize - 1, i32(ceil((f32(dst) + 1.0 + 0.5) * (f32(outSize) / f32(inSize)) - 0.5)) + 1);
}
${MAIN} {
  ${FLAT_INDEX}
  if (i32(index) >= params.size) { return; }
  let c = i32(index) % params.channels;
  let ix = (i32(index) / params.channels) % params.inWidth;
  let iy = (i32(index) / (params.channels * params.inWidth)) % params.inHeight;
  let batch = i32(index) / (params.channels * params.inWidth * params.inHeight);
  var total = 0.0;
  for (var oy = firstTap(iy, params.outHeight, params.inHeight); oy <= lastTap(iy, params.outHeight, params.inHeight); oy = oy + 1) {
    let wy = tapWeight(oy, iy, params.outHeight, params.inHeight);
    if (wy == 0.0) { continue; }
    for (var ox = firstTap(ix, params.outWidth, params.inWidth); ox <= lastTap(ix, params.outWidth, params.inWidth); ox = ox + 1) {
      let wx = tapWeight(ox, ix, params.outWidth, params.inWidth);
      total = total + wy * wx * dy[((batch * params.outHeight + oy) * params.outWidth + ox) * params.channels + c];
    }
  }
  dx[index] = total;
}`,
};

/** The masked BCE localization loss in one workgroup: a scalar. */
export const MASKED_BCE_FORWARD: StudioGpuProgram = {
  key: 'studio-masked-bce',
  outputs: ['loss'],
  inputs: ['z', 'y', 'hasMask'],
  params: [['size', 'i32'], ['pixels', 'i32'], ['images', 'i32']],
  body: `${TREE_SUMS}
${MAIN} {
  let local = lid.x;
  var s = 0.0;
  for (var i = i32(local); i < params.size; i = i + ${WORKGROUP}) {
    let zi = z[i];
    s = s + (max(zi, 0.0) - zi * y[i] + log(1.0 + exp(-abs(zi)))) * hasMask[i / params.pixels];
  }
  var m = 0.0;
  for (var k = i32(local); k < params.images; k = k + ${WORKGROUP}) { m = m + hasMask[k]; }
  a[local] = s; b[local] = m;
  treeSums(local);
  if (local == 0u) { loss[0] = a[0] / f32(params.pixels) / max(b[0], 1.0); }
}`,
};

/** Its gradient, element-wise: (sigmoid(z) − y)·hasMask / (pixels · masked images), times the upstream gradient. */
export const MASKED_BCE_BACKWARD: StudioGpuProgram = {
  key: 'studio-masked-bce-grad',
  outputs: ['dz'],
  inputs: ['dy', 'z', 'y', 'hasMask'],
  params: [['size', 'i32'], ['pixels', 'i32'], ['images', 'i32']],
  body: `${MAIN} {
  ${FLAT_INDEX}
  if (i32(index) >= params.size) { return; }
  var m = 0.0;
  for (var k = 0; k < params.images; k = k + 1) { m = m + hasMask[k]; }
  let scale = dy[0] / f32(params.pixels) / max(m, 1.0);
  dz[index] = (1.0 / (1.0 + exp(-z[index])) - y[index]) * hasMask[i32(index) / params.pixels] * scale;
}`,
};

/** Every studio program a training step can use, for compiling them ahead of the first step. */
export const STUDIO_GPU_PROGRAMS: readonly StudioGpuProgram[] = [
  BATCH_NORM_STATS,
  ...[false, true].flatMap((residual) => [false, true].map((relu) => batchNormApply(residual, relu))),
  batchNormGradSums(false),
  batchNormGradSums(true),
  BATCH_NORM_GRAD_INPUT,
  ADAM_STEP,
  RESIZE_GRAD,
  MASKED_BCE_FORWARD,
  MASKED_BCE_BACKWARD,
  TO_FLOAT,
];

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Inputs x, gamma, beta, movingMean, movingVariance (and residual); outputs [y, mean, invStd, new moving mean, new moving variance]. */
export const webgpuBatchNormForward: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const { x, gamma, beta, residual, movingMean, movingVariance } = inputs as Inputs;
  const a = attrs as unknown as BatchNormTrainAttrs;
  const channels = gamma!.shape[0]!;
  const count = size(x!.shape) / channels;
  const stats = runStudioProgram(backend, BATCH_NORM_STATS, [x!, movingMean!, movingVariance!], [[channels], [channels], [channels], [channels]], [channels, count, a.epsilon, 1 - a.momentum, unbiasingFactor(count)], channels);
  const [mean, invStd] = stats as [tf.TensorInfo, tf.TensorInfo];
  const apply = batchNormApply(a.hasResidual, a.relu);
  const [y] = runStudioProgram(backend, apply, [x!, gamma!, beta!, mean, invStd, ...(a.hasResidual ? [residual!] : [])], [x!.shape], [channels, size(x!.shape)], groupsFor(size(x!.shape)));
  return [y!, ...stats];
};

/** Inputs dy, x, y, mean, invStd, gamma; outputs [dx, dgamma, dbeta] and, with a residual, dresidual. */
export const webgpuBatchNormBackward: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const { dy, x, y, mean, invStd, gamma } = inputs as Inputs;
  const a = attrs as unknown as BatchNormTrainAttrs;
  const channels = gamma!.shape[0]!;
  const count = size(x!.shape) / channels;
  const sumInputs = [dy!, x!, ...(a.relu ? [y!] : []), mean!, invStd!];
  const [dgamma, dbeta, pre] = runStudioProgram(backend, batchNormGradSums(a.relu), sumInputs, [[channels], [channels], x!.shape], [channels, count], channels) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const [dx] = runStudioProgram(backend, BATCH_NORM_GRAD_INPUT, [pre, x!, mean!, invStd!, gamma!, dgamma, dbeta], [x!.shape], [channels, size(x!.shape), count], groupsFor(size(x!.shape)));
  if (a.hasResidual) return [dx!, dgamma, dbeta, pre];
  backend.disposeData(pre.dataId);
  return [dx!, dgamma, dbeta];
};

/** Inputs x0, m0, v0, g0, x1, …; outputs [x0′, m0′, v0′, x1′, …]: one dispatch per variable. */
export const webgpuAdamUpdate: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const a = attrs as unknown as AdamUpdateAttrs;
  const all = inputs as Record<string, tf.TensorInfo>;
  return Array.from({ length: a.count }, (_, k) => {
    const x = all[`x${k}`]!;
    const n = size(x.shape);
    const params = [n, a.learningRate, a.beta1, a.beta2, a.epsilon, a.oneMinusAccBeta1, a.oneMinusAccBeta2];
    return runStudioProgram(backend, ADAM_STEP, [x, all[`m${k}`]!, all[`v${k}`]!, all[`g${k}`]!], [x.shape, x.shape, x.shape], params, groupsFor(n));
  }).flat();
};

/** dy [B, outH, outW, C] → dx [B, inH, inW, C], the half-pixel resize's exact adjoint. */
export const webgpuResizeBilinearGrad: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const { dy } = inputs as Inputs;
  const { inHeight, inWidth } = attrs as unknown as ResizeGradAttrs;
  const [batch, outHeight, outWidth, channels] = dy!.shape as [number, number, number, number];
  const shape = [batch, inHeight, inWidth, channels];
  const [dx] = runStudioProgram(backend, RESIZE_GRAD, [dy!], [shape], [size(shape), channels, inHeight, inWidth, outHeight, outWidth], groupsFor(size(shape)));
  return dx!;
};

/** Inputs z (mask logits), y (targets), hasMask [B]; output the loss, a scalar. */
export const webgpuMaskedBce: tf.KernelFunc = ({ inputs, backend: anyBackend }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const { z, y, hasMask } = inputs as Inputs;
  const images = hasMask!.shape[0]!;
  const [loss] = runStudioProgram(backend, MASKED_BCE_FORWARD, [z!, y!, hasMask!], [[]], [size(z!.shape), size(z!.shape) / images, images], 1);
  return loss!;
};

/** Inputs dy (scalar), z, y, hasMask; output dz. */
export const webgpuMaskedBceGrad: tf.KernelFunc = ({ inputs, backend: anyBackend }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const { dy, z, y, hasMask } = inputs as Inputs;
  const images = hasMask!.shape[0]!;
  const [dz] = runStudioProgram(backend, MASKED_BCE_BACKWARD, [dy!, z!, y!, hasMask!], [z!.shape], [size(z!.shape), size(z!.shape) / images, images], groupsFor(size(z!.shape)));
  return dz!;
};
