import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';

import { registerStudioKernels } from './core/backends/registerStudioKernels';

// Node tests run core on the CPU backend; the edges (worker, scripts) pick their own.
beforeAll(async () => {
  registerStudioKernels();
  await tf.setBackend('cpu');
  await tf.ready();
});
