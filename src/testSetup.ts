import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';

// Node tests run core on the CPU backend; the edges (worker, scripts) pick their own.
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
