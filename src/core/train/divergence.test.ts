import { describe, expect, it } from 'vitest';

import { divergenceError } from './divergence';

const at = { epoch: 2, step: 14, firstLoss: 1.1, learningRate: 0.005, isCheckpointed: true };

describe('divergenceError', () => {
  it('lets a healthy loss through, including one that rises less than a hundredfold', () => {
    expect(divergenceError({ ...at, loss: 1.2 })).toBeNull();
    expect(divergenceError({ ...at, loss: 109 })).toBeNull();
    expect(divergenceError({ ...at, loss: 500, firstLoss: null })).toBeNull();
  });

  it('names NaN, infinity and an explosion, where it happened, what is kept and what to change', () => {
    expect(divergenceError({ ...at, loss: Number.NaN })?.message).toBe(
      'the loss became NaN at epoch 2, step 14; the last finished epoch (1) is kept to resume from; lower the learning rate (now 0.005) and train again',
    );
    expect(divergenceError({ ...at, loss: Number.POSITIVE_INFINITY, epoch: 1 })?.message).toMatch(/^the loss became infinite at epoch 1, step 14; no epoch had finished, so nothing is kept;/);
    expect(divergenceError({ ...at, loss: 2500 })?.message).toMatch(/^the loss exploded to 2,500 \(over 100 times its first value, 1\.10\) at epoch 2/);
    const validation = divergenceError({ ...at, step: null, loss: Number.NaN, epoch: 3, isCheckpointed: false });
    expect(validation?.code).toBe('diverged');
    expect(validation?.message).toMatch(/^the validation loss became NaN after epoch 3; the run stopped after 2 finished epochs;/);
  });
});
