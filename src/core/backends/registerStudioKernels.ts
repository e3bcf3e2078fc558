import * as tf from '@tensorflow/tfjs';

import { cpuTransformKernel } from './cpuTransformKernel';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

let isCpuFixed = false;

/** Registers every kernel the studio adds or corrects: the WASM training kernels and the CPU backend's Transform. */
export function registerStudioKernels(): void {
  registerWasmTrainingKernels();
  if (isCpuFixed) return;
  const native = tf.getKernel('Transform', 'cpu');
  if (native) {
    tf.unregisterKernel('Transform', 'cpu');
    tf.registerKernel({ ...native, kernelFunc: cpuTransformKernel(native.kernelFunc) });
  }
  isCpuFixed = true;
}
