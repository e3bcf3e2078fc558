import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { generateDemoDataset } from '../data/demoDataset';
import { disposeStudioModel } from '../model/buildModel';
import type { TrainConfig } from './trainConfig';
import { QUICK_CONFIG } from './trainConfig';
import type { TrainingEvent } from './trainingEvents';
import type { Checkpoint } from './trainLoop';
import { trainModel } from './trainLoop';

const config: TrainConfig = { ...QUICK_CONFIG, width: 1 / 16, imageSizePx: 32, epochs: 3, batchSize: 8, learningRate: 3e-3, augment: false };

describe('trainModel', () => {
  it('lowers the training loss over a few epochs, keeps tensors flat and reports the contract fields', async () => {
    const dataset = generateDemoDataset({ sizePx: 32, imagesPerClass: 10, seed: 3 });
    const events: TrainingEvent[] = [];
    const tensorsAfterEpoch: number[] = [];
    const { model, result } = await trainModel(dataset, config, {
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'epoch') tensorsAfterEpoch.push(tf.memory().numTensors);
      },
    });
    expect(result.history).toHaveLength(3);
    expect(result.history[2]!.trainLoss).toBeLessThan(result.history[0]!.trainLoss);
    expect(result.history.every((h) => Number.isFinite(h.trainLocLoss) && h.trainLocLoss > 0)).toBe(true);
    // Epoch 1 may add the best-weights snapshot; after that the count must not grow.
    expect(tensorsAfterEpoch[2]).toBe(tensorsAfterEpoch[1]);
    expect(result.test.perClass).toHaveLength(3);
    expect(result.saliency.spnIoU).toBeGreaterThanOrEqual(0);
    expect(result.saliency.maskedTestImages).toBe(3);
    expect(result.saliency.camEnergyInMask).toBeGreaterThanOrEqual(0);
    expect(result.saliency.camEnergyInMask).toBeLessThanOrEqual(1);
    expect([0, 1 / 3, 2 / 3, 1]).toContainEqual(result.saliency.camPointingGame);
    expect(events[0]!.type).toBe('started');
    expect(events.at(-1)!.type).toBe('finished');
    disposeStudioModel(model);
  });

  it('trains the baseline with no localization loss and no SPN metrics', async () => {
    const dataset = generateDemoDataset({ sizePx: 32, imagesPerClass: 10, seed: 3 });
    const before = tf.memory().numTensors;
    const { model, result } = await trainModel(dataset, { ...config, method: 'baseline', epochs: 1, augment: true });
    expect(result.history[0]!.trainLocLoss).toBe(0);
    expect(result.saliency.spnIoU).toBeNull();
    expect(result.saliency.camEnergyInMask).not.toBeNull();
    disposeStudioModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes from a checkpoint and ends where an uninterrupted run ends', async () => {
    const dataset = generateDemoDataset({ sizePx: 32, imagesPerClass: 10, seed: 4 });
    const quick = { ...config, epochs: 2 };
    const checkpoints: Checkpoint[] = [];
    const whole = await trainModel(dataset, quick, { onCheckpoint: (c) => checkpoints.push(c), now: () => 0 });
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2]);
    const resumed = await trainModel(dataset, quick, { resume: checkpoints[0]!, now: () => 0 });
    expect(resumed.result.history).toHaveLength(2);
    expect(resumed.result.history[0]).toEqual(whole.result.history[0]);
    // Adam's moments restart on resume, so epoch 2 differs a little but stays finite and close.
    expect(Number.isFinite(resumed.result.history[1]!.trainLoss)).toBe(true);
    expect(Math.abs(resumed.result.history[1]!.trainLoss - whole.result.history[1]!.trainLoss)).toBeLessThan(0.5);
    disposeStudioModel(whole.model);
    disposeStudioModel(resumed.model);
  });

  it('stops after the current batch when cancelled and leaks nothing', async () => {
    const dataset = generateDemoDataset({ sizePx: 32, imagesPerClass: 10, seed: 3 });
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let batches = 0;
    await expect(
      trainModel(dataset, config, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'batch' && ++batches === 2) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(batches).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });
});
