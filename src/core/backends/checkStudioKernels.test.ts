import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, describe, expect, it } from 'vitest';

import { ADAM_UPDATE_KERNEL } from './adamUpdateKernel';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD } from './batchNormTrainKernel';
import { checkStudioKernels } from './checkStudioKernels';
import { registerStudioKernels } from './registerStudioKernels';
import { RESIZE_BILINEAR_HALF_PIXEL_GRAD } from './resizeBilinearGradKernel';

registerStudioKernels();

describe('the in-browser check of the studio kernels against the CPU arithmetic', () => {
  afterEach(() => registerStudioKernels());

  it('passes every case of every kernel on WASM', async () => {
    await tf.setBackend('wasm');
    const { checks, tensorsLeft } = await checkStudioKernels();
    expect(tensorsLeft).toBe(0);
    expect(new Set(checks.map((c) => c.kernel))).toEqual(new Set([BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, ADAM_UPDATE_KERNEL, RESIZE_BILINEAR_HALF_PIXEL_GRAD]));
    expect(checks.length).toBe(19);
    for (const c of checks) expect(c.worstRelative, `${c.kernel} ${c.case}`).toBeLessThan(1e-4);
  });

  it('flags a kernel whose arithmetic is wrong', async () => {
    await tf.setBackend('wasm');
    const right = tf.getKernel(ADAM_UPDATE_KERNEL, 'wasm')!;
    tf.unregisterKernel(ADAM_UPDATE_KERNEL, 'wasm');
    // A learning rate off by half: the step (1e-3) is small beside the variables' values (~1), so this is a 5e-4 error.
    tf.registerKernel({ ...right, kernelFunc: (args) => right.kernelFunc({ ...args, attrs: { ...args.attrs, learningRate: (args.attrs!.learningRate as number) * 1.5 } }) });
    try {
      const adam = (await checkStudioKernels()).checks.filter((c) => c.kernel === ADAM_UPDATE_KERNEL);
      expect(adam.length).toBe(5);
      expect(Math.max(...adam.map((c) => c.worstRelative))).toBeGreaterThan(1e-4);
    } finally {
      tf.unregisterKernel(ADAM_UPDATE_KERNEL, 'wasm');
      tf.registerKernel(right);
    }
  });
});
