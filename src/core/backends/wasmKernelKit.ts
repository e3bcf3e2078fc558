// What the studio's own WASM kernels share: running one of the backend's kernels from inside another, tensors
// that live only for one kernel call, and direct access to the module's heap for the copies no kernel does fast.
import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-backend-wasm's BackendWasm these kernels use (not in its public typings as a type we can import in core). */
export interface WasmHeapBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export function runWasmKernel(name: string, backend: tf.KernelBackend, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the WASM backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

export type Keep = (tensor: tf.TensorInfo) => tf.TensorInfo;

/** Runs `body`, then frees every tensor it passed to `keep` (whatever it returns must not be kept). */
export function withTemporaries<T>(backend: tf.KernelBackend, body: (keep: Keep) => T): T {
  const temporary: tf.TensorInfo[] = [];
  try {
    return body((tensor) => (temporary.push(tensor), tensor));
  } finally {
    for (const tensor of temporary) backend.disposeData(tensor.dataId);
  }
}

/** A float32 output filled by `fill` with views of the heap taken after the output exists (allocation can move the heap). */
export function makeFloatOutput(
  backend: WasmHeapBackend,
  shape: number[],
  sources: readonly tf.TensorInfo[],
  fill: (out: Float32Array, ...inputs: Float32Array[]) => void,
): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  fill(backend.typedArrayFromHeap(out) as Float32Array, ...sources.map((s) => backend.typedArrayFromHeap(s) as Float32Array));
  return out;
}

export type ConvPadding = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** The attributes both convolution gradients carry (each adds the shape of what it computes). */
export interface ConvGradientAttrs {
  strides: [number, number] | number;
  pad: ConvPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** One NHWC convolution's sizes, as its gradients need them. */
export interface ConvGeometry {
  kh: number;
  kw: number;
  inC: number;
  outC: number;
  batch: number;
  height: number;
  width: number;
  outH: number;
  outW: number;
  strideH: number;
  strideW: number;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function convGeometry(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: [number, number] | number,
  pad: ConvPadding,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const [batch, height, width, inC] = xShape;
  const [kh, kw, , outC] = filterShape;
  return { kh, kw, inC, outC, batch, height, width, outH: info.outHeight, outW: info.outWidth, strideH: info.strideHeight, strideW: info.strideWidth, top: info.padInfo.top, left: info.padInfo.left, bottom: info.padInfo.bottom, right: info.padInfo.right };
}

/** The output columns x whose input column x·sw + j − left, for filter column j, lies inside the image: [lo, hi]. */
export function columnsInside(g: ConvGeometry, j: number): [number, number] {
  return [Math.max(0, Math.ceil((g.left - j) / g.strideW)), Math.min(g.outW - 1, Math.floor((g.width - 1 + g.left - j) / g.strideW))];
}

/** Where a tensor's first float sits in the module memory, in floats. */
export function floatOffset(backend: WasmHeapBackend, tensor: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(tensor).byteOffset / 4;
}

/** A Float32Array over the whole module memory; take it after the last allocation (growing replaces the buffer). */
export function heapFloats(backend: WasmHeapBackend, anyTensor: tf.TensorInfo): Float32Array {
  return new Float32Array(backend.typedArrayFromHeap(anyTensor).buffer);
}

/**
 * a [rows, inner] · b [inner, cols] → [1, 1, rows, cols], as a 1×1 convolution over `rows` pixels of `inner`
 * channels: XNNPACK's convolution spreads over the thread pool, where this backend's BatchMatMul gained nothing
 * from a second thread (measured in Chromium, 2 threads: 1×1-conv products 1.7× faster, BatchMatMul 1.1×).
 */
export function matMulByConv(backend: tf.KernelBackend, a: tf.TensorInfo, b: tf.TensorInfo, rows: number, inner: number, cols: number): tf.TensorInfo {
  return withTemporaries(backend, (keep) => {
    const image = keep(runWasmKernel('Reshape', backend, { x: a }, { shape: [1, 1, rows, inner] }));
    const filter = keep(runWasmKernel('Reshape', backend, { x: b }, { shape: [1, 1, inner, cols] }));
    return runWasmKernel('Conv2D', backend, { x: image, filter }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] });
  });
}
