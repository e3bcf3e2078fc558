import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { countBackendCalls } from './backendCounters';
import { LossReader } from './lossReader';

describe('LossReader', () => {
  it('reads 25 steps of losses in 3 reads (every 10 and the rest), in order, keeping no tensors', async () => {
    const before = tf.memory().numTensors;
    const reader = new LossReader(10);
    const read: number[] = [];
    const { counts } = await countBackendCalls(async () => {
      for (let step = 0; step < 25; step++) {
        reader.push({ total: tf.scalar(step), classification: tf.scalar(step / 2), localization: tf.scalar(-step) });
        if (reader.isDue) read.push(...(await reader.flush()).map((l) => l.total));
      }
      const rest = await reader.flush();
      read.push(...rest.map((l) => l.total));
      expect(rest.at(-1)).toEqual({ total: 24, classification: 12, localization: -24 });
    });
    expect(counts.reads).toBe(3);
    expect(read).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(tf.memory().numTensors).toBe(before);
  });
});
