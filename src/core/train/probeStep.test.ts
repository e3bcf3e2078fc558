import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { probeTrainingStep } from './probeStep';

describe('probeTrainingStep', () => {
  it('returns a finite loss, moves the weights and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const { loss, weightChange } = await probeTrainingStep();
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(0);
    expect(weightChange).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
