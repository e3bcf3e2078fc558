import * as tf from '@tensorflow/tfjs';

import { ADAM_UPDATE_KERNEL, cpuAdamUpdateKernel } from './adamUpdateKernel';
import { BATCH_NORM_KERNELS, BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD } from './batchNormTrainKernel';
import { cpuTransformKernel } from './cpuTransformKernel';
import { cpuResizeBilinearGradKernel, RESIZE_BILINEAR_HALF_PIXEL_GRAD, wasmResizeBilinearGradKernel } from './resizeBilinearGradKernel';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';
import { MASKED_BCE, MASKED_BCE_GRAD } from './maskedBceKernel';
import { webgpuAdamUpdate, webgpuBatchNormBackward, webgpuBatchNormForward, webgpuMaskedBce, webgpuMaskedBceGrad, webgpuResizeBilinearGrad } from './webgpuTrainingKernels';

const WEBGPU_KERNELS: Array<[string, tf.KernelFunc]> = [
  [BATCH_NORM_TRAIN, webgpuBatchNormForward],
  [BATCH_NORM_TRAIN_GRAD, webgpuBatchNormBackward],
  [ADAM_UPDATE_KERNEL, webgpuAdamUpdate],
  [RESIZE_BILINEAR_HALF_PIXEL_GRAD, webgpuResizeBilinearGrad],
  [MASKED_BCE, webgpuMaskedBce],
  [MASKED_BCE_GRAD, webgpuMaskedBceGrad],
];

/**
 * Turns the studio's WGSL kernels on or off (TensorFlow.js's composite ops run instead), so a benchmark can measure
 * both in one session. On by default.
 */
export function setStudioWebGpuKernels(enabled: boolean): void {
  for (const [kernelName, kernelFunc] of WEBGPU_KERNELS) {
    const registered = tf.getKernel(kernelName, 'webgpu') !== undefined;
    if (enabled && !registered) tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
    if (!enabled && registered) tf.unregisterKernel(kernelName, 'webgpu');
  }
}

export const areStudioWebGpuKernelsOn = (): boolean => tf.getKernel(BATCH_NORM_TRAIN, 'webgpu') !== undefined;

let isCpuFixed = false;

/**
 * Registers every kernel the studio adds or corrects: the WASM training kernels, the half-pixel resize gradient and
 * the fused batch norm and the one-pass Adam (WASM, CPU and WebGPU; WebGL composes them from TensorFlow.js ops) and
 * the CPU backend's Transform.
 */
export function registerStudioKernels(): void {
  registerWasmTrainingKernels();
  if (isCpuFixed) return;
  setStudioWebGpuKernels(true);
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
