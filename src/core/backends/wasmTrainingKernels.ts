// The WASM backend as shipped (tfjs-backend-wasm 4.22) has no Conv2DBackpropFilter kernel, so it cannot train a
// convolution. The studio registers one composed from the backend's own XNNPACK-backed kernels: the filter
// gradient is a convolution of the padded input, transposed so the batch becomes the channels, with the output
// gradient as the filter, at a dilation equal to the stride.
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

let isRegistered = false;

/** Registers the missing training kernels for the 'wasm' backend (once; later calls do nothing). */
export function registerWasmTrainingKernels(): void {
  if (isRegistered) return;
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
  isRegistered = true;
}
