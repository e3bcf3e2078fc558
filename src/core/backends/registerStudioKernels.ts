import * as tf from '@tensorflow/tfjs';

import { cpuTransformKernel } from './cpuTransformKernel';
import { cpuResizeBilinearGradKernel, RESIZE_BILINEAR_HALF_PIXEL_GRAD, wasmResizeBilinearGradKernel } from './resizeBilinearGradKernel';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

let isCpuFixed = false;

/**
 * Registers every kernel the studio adds or corrects: the WASM training kernels, the half-pixel resize gradient
 * (WASM and CPU; other backends use its matrix-product form) and the CPU backend's Transform.
 */
export function registerStudioKernels(): void {
  registerWasmTrainingKernels();
  if (isCpuFixed) return;
  tf.registerKernel({ kernelName: RESIZE_BILINEAR_HALF_PIXEL_GRAD, backendName: 'wasm', kernelFunc: wasmResizeBilinearGradKernel });
  tf.registerKernel({ kernelName: RESIZE_BILINEAR_HALF_PIXEL_GRAD, backendName: 'cpu', kernelFunc: cpuResizeBilinearGradKernel });
  const native = tf.getKernel('Transform', 'cpu');
  if (native) {
    tf.unregisterKernel('Transform', 'cpu');
    tf.registerKernel({ ...native, kernelFunc: cpuTransformKernel(native.kernelFunc) });
  }
  isCpuFixed = true;
}
