// tfjs-backend-wasm 4.22 cannot train a convolution (it has no Conv2DBackpropFilter), and the kernels a training
// step leans on besides the XNNPACK convolutions are scalar loops: its Conv2DBackpropInput and its Tile (which
// every batch-norm gradient calls) each took longer than the forward pass, and its Sum and Mean transpose a whole
// activation before reducing it. The studio registers its own, built from the backend's XNNPACK kernels plus
// passes over the module's heap, and a one-pass Adam update (core/train/adam.ts uses it where registered).
import * as tf from '@tensorflow/tfjs';

import { ADAM_UPDATE_KERNEL, wasmAdamUpdateKernel } from './adamUpdateKernel';
import { conv2dBackpropFilterKernel } from './conv2dBackpropFilter';
import { conv2dBackpropInputKernel } from './conv2dBackpropInput';
import { reduceLeadingAxesKernel } from './reduceLeadingAxesKernel';
import { tileKernel } from './tileKernel';

/** The kernels a studio training step needs that tfjs-backend-wasm lacks. */
export const WASM_MISSING_TRAINING_KERNELS = ['Conv2DBackpropFilter'] as const;

/** Kernels the backend has but the studio replaces, each given the backend's own to fall back on. */
const REPLACEMENTS: Record<string, (native: tf.KernelFunc) => tf.KernelFunc> = {
  Conv2DBackpropInput: conv2dBackpropInputKernel,
  Tile: tileKernel,
  Sum: (native) => reduceLeadingAxesKernel(native, 'sum'),
  Mean: (native) => reduceLeadingAxesKernel(native, 'mean'),
};

let isRegistered = false;

/** Registers the training kernels for the 'wasm' backend (once, before the backend starts; later calls do nothing). */
export function registerWasmTrainingKernels(): void {
  if (isRegistered) return;
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilterKernel });
  tf.registerKernel({ kernelName: ADAM_UPDATE_KERNEL, backendName: 'wasm', kernelFunc: wasmAdamUpdateKernel });
  for (const [name, replace] of Object.entries(REPLACEMENTS)) {
    const native = tf.getKernel(name, 'wasm');
    if (!native) continue;
    tf.unregisterKernel(name, 'wasm');
    // The native kernel's setup binds its WASM function, so it stays registered through `setupFunc`.
    tf.registerKernel({ ...native, kernelFunc: replace(native.kernelFunc) });
  }
  isRegistered = true;
}
