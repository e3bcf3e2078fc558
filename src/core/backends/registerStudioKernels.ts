import * as tf from '@tensorflow/tfjs';

import { ADAM_UPDATE_KERNEL, cpuAdamUpdateKernel } from './adamUpdateKernel';
import { BATCH_NORM_KERNELS, BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD } from './batchNormTrainKernel';
import { cpuTransformKernel } from './cpuTransformKernel';
import { cpuResizeBilinearGradKernel, RESIZE_BILINEAR_HALF_PIXEL_GRAD, wasmResizeBilinearGradKernel } from './resizeBilinearGradKernel';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

let isCpuFixed = false;

/**
 * Registers every kernel the studio adds or corrects: the WASM training kernels, the half-pixel resize gradient and
 * the fused batch norm (WASM and CPU; other backends compose them from TensorFlow.js ops) and the CPU backend's
 * Transform.
 */
export function registerStudioKernels(): void {
  registerWasmTrainingKernels();
  if (isCpuFixed) return;
  tf.registerKernel({ kernelName: RESIZE_BILINEAR_HALF_PIXEL_GRAD, backendName: 'wasm', kernelFunc: wasmResizeBilinearGradKernel });
  tf.registerKernel({ kernelName: RESIZE_BILINEAR_HALF_PIXEL_GRAD, backendName: 'cpu', kernelFunc: cpuResizeBilinearGradKernel });
  tf.registerKernel({ kernelName: ADAM_UPDATE_KERNEL, backendName: 'cpu', kernelFunc: cpuAdamUpdateKernel });
  for (const backendName of ['wasm', 'cpu'] as const) {
    tf.registerKernel({ kernelName: BATCH_NORM_TRAIN, backendName, kernelFunc: BATCH_NORM_KERNELS[backendName].forward });
    tf.registerKernel({ kernelName: BATCH_NORM_TRAIN_GRAD, backendName, kernelFunc: BATCH_NORM_KERNELS[backendName].backward });
  }
  const native = tf.getKernel('Transform', 'cpu');
  if (native) {
    tf.unregisterKernel('Transform', 'cpu');
    tf.registerKernel({ ...native, kernelFunc: cpuTransformKernel(native.kernelFunc) });
  }
  isCpuFixed = true;
}
