import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PixelSample } from '../data/datasetTypes';
import { generateDemoDataset } from '../data/demoDataset';
import { disposeBatch, makeBatch } from '../data/makeBatch';
import { splitDataset } from '../data/splitDataset';
import { gradCam } from '../explain/gradCam';
import { energyInMask } from '../metrics/saliency';
import { disposeStudioModel } from '../model/buildModel';
import { normalizeImages } from '../model/normalizeImages';
import { isBetterEpoch } from './bestEpoch';
import type { Checkpoint } from './checkpoint';
import type { TrainConfig } from './trainConfig';
import { QUICK_CONFIG } from './trainConfig';
import type { TrainingEvent } from './trainingEvents';
import { trainModel } from './trainLoop';

// 64 px gives a 2×2 feature map: the smallest on which Grad-CAM can point somewhere.
const config: TrainConfig = { ...QUICK_CONFIG, width: 1 / 16, imageSizePx: 64, epochs: 3, batchSize: 8, learningRate: 3e-3, augment: false };
const dataset = generateDemoDataset({ sizePx: 64, imagesPerClass: 10, seed: 3 });

/** Mean Grad-CAM energy inside the mask over the test images, computed here independently of evaluate(). */
function camEnergyOnTest(model: Parameters<typeof gradCam>[0], samples: readonly PixelSample[]): number {
  const masked = samples.filter((s) => s.mask);
  const batch = makeBatch(masked, 64, () => true);
  const maps = tf.tidy(() => gradCam(model, normalizeImages(batch.images, config.normalization), null)).dataSync();
  disposeBatch(batch);
  const energies = masked.map((s, i) => energyInMask(maps.subarray(i * 64 * 64, (i + 1) * 64 * 64), s.mask!));
  return energies.reduce((a, b) => a + b, 0) / energies.length;
}

// The studio's WASM training path: the CPU backend's filter gradient is a scalar loop, 40× slower at 64 px.
beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainModel', () => {

  it('lowers the training loss, keeps tensors flat, and reports the test metrics of the model it returns', async () => {
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
    expect(result.history.every((h) => h.trainLocLoss !== null && h.trainLocLoss > 0 && h.valLocLoss !== null && h.valLocLoss > 0)).toBe(true);
    // The total is L_cls + λ·L_loc with λ = 1 here (every training image has a mask).
    for (const h of result.history) expect(h.trainLoss).toBeCloseTo(h.trainClsLoss + h.trainLocLoss!, 5);
    // Epoch 1 may add the best-weights snapshot; after that the count must not grow.
    expect(tensorsAfterEpoch[2]).toBe(tensorsAfterEpoch[1]);
    expect(result.test.perClass).toHaveLength(3);
    expect(result.saliency.maskedTestImages).toBe(3);
    // The reported CAM energy is the returned (best-epoch) model's, on the test images named in the result.
    const test = dataset.samples.filter((_, i) => splitDataset(dataset.samples, config.seed)[i] === 'test');
    expect(result.split.testIds).toEqual(test.map((s) => s.id));
    expect(result.saliency.camEnergyInMask).toBeCloseTo(camEnergyOnTest(model, test), 5);
    expect(events[0]!.type).toBe('started');
    expect(events.at(-1)!.type).toBe('finished');
    disposeStudioModel(model);
  });

  it('replays a run bit for bit from its config and seed, and another seed gives other numbers', async () => {
    const short = { ...config, epochs: 2, augment: true };
    const [a, b, c] = [await trainModel(dataset, short, { now: () => 0 }), await trainModel(dataset, short, { now: () => 0 }), await trainModel(dataset, { ...short, seed: 2 }, { now: () => 0 })];
    expect(b.result.history).toEqual(a.result.history);
    expect(b.result.test).toEqual(a.result.test);
    expect(c.result.history[0]!.trainLoss).not.toBe(a.result.history[0]!.trainLoss);
    [a, b, c].forEach((r) => disposeStudioModel(r.model));
  });

  it('trains the baseline with no localization loss, no SPN metrics, and records label ratio 0', async () => {
    const before = tf.memory().numTensors;
    const { model, result } = await trainModel(dataset, { ...config, method: 'baseline', epochs: 1, augment: true });
    expect(result.config.labelRatio).toBe(0);
    expect(result.history[0]!.trainLocLoss).toBeNull();
    expect(result.history[0]!.valLocLoss).toBeNull();
    expect(result.saliency.spnIoU).toBeNull();
    expect(result.saliency.camEnergyInMask).not.toBeNull();
    disposeStudioModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes from a checkpoint with Adam’s moments and ends exactly where an uninterrupted run ends', async () => {
    const quick = { ...config, epochs: 2, augment: true };
    const checkpoints: Checkpoint[] = [];
    const whole = await trainModel(dataset, quick, { onCheckpoint: (c) => checkpoints.push(c), now: () => 0 });
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2]);
    // 24 training images in batches of 8: three Adam steps by the end of epoch 1.
    expect(checkpoints[0]!.optimizer.step).toBe(3);
    const resumed = await trainModel(dataset, quick, { resume: checkpoints[0]!, now: () => 0 });
    expect(resumed.result.history).toEqual(whole.result.history);
    expect(resumed.result.test).toEqual(whole.result.test);
    disposeStudioModel(whole.model);
    disposeStudioModel(resumed.model);
  });

  it('stops before the next batch when cancelled and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let batches = 0;
    let epochs = 0;
    await expect(
      trainModel(dataset, config, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'batch') batches++;
          if (e.type === 'epoch' && ++epochs === 1) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    // Cancelled after epoch 1 (3 batches of 8): not one batch of epoch 2 ran.
    expect([batches, epochs]).toEqual([3, 1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('finishes early on request, keeping the finished epochs and testing the best of them as a full run would', async () => {
    const finish = new AbortController();
    let batchesAfterStop = 0;
    const stopped = await trainModel(dataset, config, {
      finishEarly: finish.signal,
      onEvent: (e) => {
        if (e.type === 'batch' && finish.signal.aborted) batchesAfterStop++;
        // Asked as epoch 1 ends: no step of epoch 2 runs, epoch 1 is kept and tested.
        if (e.type === 'epoch' && e.entry.epoch === 1) finish.abort();
      },
    });
    expect(stopped.result.stoppedAfterEpoch).toBe(1);
    expect(stopped.result.history.map((h) => h.epoch)).toEqual([1]);
    expect(stopped.result.bestEpoch).toBe(1);
    expect(batchesAfterStop).toBe(0);
    // The same weights as a 1-epoch run of the same seed: what finished is what is tested.
    const oneEpoch = await trainModel(dataset, { ...config, epochs: 1 });
    expect(stopped.result.test).toEqual(oneEpoch.result.test);
    disposeStudioModel(stopped.model);
    disposeStudioModel(oneEpoch.model);
  });

  it('refuses to finish early before any epoch finished: there is nothing to keep', async () => {
    const finish = new AbortController();
    finish.abort();
    await expect(trainModel(dataset, config, { finishEarly: finish.signal })).rejects.toMatchObject({ code: 'cancelled', message: expect.stringContaining('nothing to keep') as string });
  });
});

describe('a diverging run', () => {
  // Adam at the largest learning rate the schema takes blows the loss up within a few steps: the run must stop there
  // with one sentence, keep only finished epochs, and write no NaN anywhere.
  it('stops at the first non-finite or exploded loss with a diverged error that says where and what is kept', async () => {
    const before = tf.memory().numTensors;
    const checkpoints: Checkpoint[] = [];
    const epochs: number[] = [];
    const error = await trainModel(dataset, { ...config, learningRate: 1, epochs: 6 }, {
      onCheckpoint: (c) => checkpoints.push(c),
      onEvent: (e) => {
        if (e.type === 'epoch') epochs.push(e.entry.epoch);
      },
    }).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'diverged' });
    const message = (error as Error).message;
    expect(message).toMatch(/^the (validation )?loss (became NaN|became infinite|exploded to [\d,.e+]+ \(over 100 times its first value, [\d.]+\)) (at epoch \d+, step \d+|after epoch \d+); /);
    expect(message).toMatch(/lower the learning rate \(now 1\) and train again$/);
    expect(message).not.toContain('\n');
    // Only epochs that finished healthy were reported and checkpointed, and the sentence names the last of them.
    expect(checkpoints.map((c) => c.epoch)).toEqual(epochs);
    expect(checkpoints.every((c) => c.history.every((h) => Number.isFinite(h.trainLoss) && Number.isFinite(h.valLoss)))).toBe(true);
    expect(message).toContain(epochs.length === 0 ? 'no epoch had finished, so nothing is kept' : `the last finished epoch (${epochs.length}) is kept to resume from`);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is not stopped by a healthy run at the same seed', async () => {
    const { model, result } = await trainModel(dataset, { ...config, epochs: 1 });
    expect(result.history).toHaveLength(1);
    disposeStudioModel(model);
  });
});

describe('best epoch', () => {
  it('is the higher validation macro-F1, and on a tie the lower validation cross-entropy', () => {
    expect(isBetterEpoch({ valF1: 0.5, valLoss: 1 }, null)).toBe(true);
    expect(isBetterEpoch({ valF1: 0.6, valLoss: 2 }, { f1: 0.5, classificationLoss: 1 })).toBe(true);
    expect(isBetterEpoch({ valF1: 0.5, valLoss: 0.9 }, { f1: 0.5, classificationLoss: 1 })).toBe(true);
    expect(isBetterEpoch({ valF1: 0.5, valLoss: 1.1 }, { f1: 0.5, classificationLoss: 1 })).toBe(false);
    expect(isBetterEpoch({ valF1: 0.4, valLoss: 0.1 }, { f1: 0.5, classificationLoss: 1 })).toBe(false);
  });
});
