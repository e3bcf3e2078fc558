// The WASM backend as shipped (tfjs-backend-wasm 4.22) has no Conv2DBackpropFilter kernel, so it cannot train a
// convolution, and its Conv2DBackpropInput is a slow loop (two thirds of a ResNet18 step). The studio registers
// both, composed from the backend's own XNNPACK-backed kernels (Conv2D, Pad, Transpose, Reverse, Reshape, Slice):
// - the filter gradient is a convolution of the padded input, transposed so the batch becomes the channels,
//   with the output gradient as the filter, at a dilation equal to the stride;
// - the input gradient is a stride-1 convolution of the output gradient, spread out by the stride (zeros in
//   between) and padded, with the filter turned 180° and its in/out channels swapped.
import * as tf from '@tensorflow/tfjs';

/** The kernels a studio training step needs that tfjs-backend-wasm lacks. */
export const WASM_MISSING_TRAINING_KERNELS = ['Conv2DBackpropFilter'] as const;

interface WasmBackend {
  disposeData(dataId: tf.DataId): boolean;
}

function run(name: string, backend: tf.KernelBackend, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the WASM backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/**
 * dW[i, j, ci, co] = Σ_{n, y, x} xPadded[n, y·sh + i, x·sw + j, ci] · dy[n, y, x, co]: with xᵀ = [Cin, H, W, N] and
 * dyᵀ = [Ho, Wo, N, Cout], that is a valid convolution of xᵀ by dyᵀ at dilation (sh, sw), cut to the filter size.
 */
const conv2DBackpropFilter: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as tf.KernelBackend;
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (dataFormat !== 'NHWC') throw new Error('the WASM Conv2DBackpropFilter handles NHWC only');
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { top, bottom, left, right } = info.padInfo;
  const temporary: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo): tf.TensorInfo => (temporary.push(t), t);
  try {
    const padded = top || bottom || left || right ? keep(run('PadV2', backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 })) : x;
    const xT = keep(run('Transpose', backend, { x: padded }, { perm: [3, 1, 2, 0] }));
    const dyT = keep(run('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }));
    const full = keep(run('Conv2D', backend, { x: xT, filter: dyT }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] }));
    const [kh, kw, inChannels, outChannels] = filterShape;
    const cut = keep(run('Slice', backend, { x: full }, { begin: [0, 0, 0, 0], size: [inChannels, kh, kw, outChannels] }));
    return run('Transpose', backend, { x: cut }, { perm: [1, 2, 0, 3] });
  } finally {
    for (const t of temporary) (backend as unknown as WasmBackend).disposeData(t.dataId);
  }
};

interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * dx[h] = Σ_i dyDilated[h + top − i] · W[i]: a stride-1 correlation of the output gradient, dilated by the stride
 * and padded by (k − 1 − top) before and whatever makes the input size after, with W reversed in space and
 * transposed to [kh, kw, Cout, Cin]. Padding wider than the kernel falls back to the backend's own kernel.
 */
function conv2DBackpropInputFast(native: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const backend = args.backend as tf.KernelBackend;
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
    const filterShape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const [kh, kw, inChannels] = filterShape;
    const [batch, height, width] = inputShape;
    const { top, left } = info.padInfo;
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    const [outH, outW] = [info.outHeight, info.outWidth];
    const spreadH = (outH - 1) * sh + 1;
    const spreadW = (outW - 1) * sw + 1;
    const pads = { top: kh - 1 - top, left: kw - 1 - left, bottom: height + top - spreadH, right: width + left - spreadW };
    if (dataFormat !== 'NHWC' || Object.values(pads).some((p) => p < 0)) return native(args);
    const temporary: tf.TensorInfo[] = [];
    const keep = (t: tf.TensorInfo): tf.TensorInfo => (temporary.push(t), t);
    try {
      let spread = dy;
      if (sh > 1 || sw > 1) {
        // [N, Ho, Wo, C] → [N, Ho, 1, Wo, 1, C] → zeros after each value → [N, Ho·sh, Wo·sw, C] → cut the trailing zeros.
        const channels = dy.shape[3]!;
        const expanded = keep(run('Reshape', backend, { x: dy }, { shape: [batch, outH, 1, outW, 1, channels] }));
        const zeros = keep(run('PadV2', backend, { x: expanded }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 }));
        const flat = keep(run('Reshape', backend, { x: zeros }, { shape: [batch, outH * sh, outW * sw, channels] }));
        spread = keep(run('Slice', backend, { x: flat }, { begin: [0, 0, 0, 0], size: [batch, spreadH, spreadW, channels] }));
      }
      const padded = keep(run('PadV2', backend, { x: spread }, { paddings: [[0, 0], [pads.top, pads.bottom], [pads.left, pads.right], [0, 0]], constantValue: 0 }));
      const turned = keep(run('Reverse', backend, { x: filter }, { dims: [0, 1] }));
      const swapped = keep(run('Transpose', backend, { x: turned }, { perm: [0, 1, 3, 2] }));
      const dx = run('Conv2D', backend, { x: padded, filter: swapped }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] });
      if (dx.shape[3] !== inChannels) throw new Error(`Conv2DBackpropInput produced ${dx.shape[3]} channels, expected ${inChannels}`);
      return dx;
    } finally {
      for (const t of temporary) (backend as unknown as WasmBackend).disposeData(t.dataId);
    }
  };
}

let isRegistered = false;

/** Registers the training kernels for the 'wasm' backend (once, before the backend starts; later calls do nothing). */
export function registerWasmTrainingKernels(): void {
  if (isRegistered) return;
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
  const native = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (native) {
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    // The native kernel's setup binds its WASM function; it still serves as the fallback.
    tf.registerKernel({ ...native, kernelFunc: conv2DBackpropInputFast(native.kernelFunc) });
  }
  isRegistered = true;
}
