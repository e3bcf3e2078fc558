import * as tf from '@tensorflow/tfjs';

import { generateDemoDataset } from '../data/demoDataset';
import { StudioError } from '../errors';
import { buildStudioModel, disposeStudioModel, trainableVariables } from '../model/buildModel';
import { createRandom } from '../random';
import { disposeBatch, makeBatch } from '../data/makeBatch';
import type { TrainConfig } from './trainConfig';
import { modelConfigOf } from './trainConfig';
import { StudioAdam } from './adam';
import { assertStepFits } from './estimateMemory';
import { trainStep } from './trainStep';

export interface TrainingBenchmark {
  backend: string;
  method: TrainConfig['method'];
  batchSize: number;
  imageSizePx: number;
  steps: number;
  secondsPerStep: number;
  imagesPerSecond: number;
  finalLoss: number;
  isTensorCountFlat: boolean;
  /** Where one profiled step spends its time, by kernel, slowest first (empty when the backend cannot time kernels). */
  topKernels: Array<{ name: string; milliseconds: number; share: number }>;
}

/** Sums a profiled step's kernel times by kernel name. */
function slowestKernels(kernels: Array<{ name: string; kernelTimeMs: number | { error: string } }>, count: number): TrainingBenchmark['topKernels'] {
  const byName = new Map<string, number>();
  // "fusedConv2d__op" and the like are op-level wrappers around a kernel that is listed too: counting both
  // would count that time twice.
  for (const k of kernels) if (typeof k.kernelTimeMs === 'number' && !k.name.endsWith('__op')) byName.set(k.name, (byName.get(k.name) ?? 0) + k.kernelTimeMs);
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, milliseconds]) => ({ name, milliseconds, share: total > 0 ? milliseconds / total : 0 }));
}

/**
 * Times the studio's own training step (augmentation, forward, loss, Adam) on the current backend:
 * `warmupSteps` untimed steps (kernel compilation), then the mean of `steps`, each ending with a loss read.
 */
export async function benchmarkTraining(
  config: TrainConfig,
  steps: number,
  options: { warmupSteps?: number; signal?: AbortSignal; onStep?: (done: number, total: number) => void; memoryLimit?: { bytes: number; backend: string } } = {},
): Promise<TrainingBenchmark> {
  const { warmupSteps = 2, signal, onStep, memoryLimit } = options;
  const dataset = generateDemoDataset({ sizePx: config.imageSizePx, imagesPerClass: Math.ceil(config.batchSize / 3) });
  const model = buildStudioModel(modelConfigOf(config, dataset.classNames.length), config.seed);
  if (memoryLimit) {
    try {
      assertStepFits(model, config.batchSize, memoryLimit.bytes, memoryLimit.backend);
    } catch (error) {
      disposeStudioModel(model);
      throw error;
    }
  }
  const variables = trainableVariables(model);
  const optimizer = new StudioAdam(variables, config.learningRate);
  const batch = makeBatch(dataset.samples.slice(0, config.batchSize), config.imageSizePx, () => true);
  const random = createRandom(1);
  const stepSeconds: number[] = [];
  const tensorCounts: number[] = [];
  let finalLoss = NaN;
  let topKernels: TrainingBenchmark['topKernels'] = [];
  try {
    for (let step = 0; step < warmupSteps + steps; step++) {
      // A step can take minutes on a software GPU: let a cancel in, and stop between steps.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (signal?.aborted) throw new StudioError('cancelled', 'the speed check was cancelled');
      onStep?.(step, warmupSteps + steps + 1);
      const start = performance.now();
      const losses = trainStep(model, optimizer, variables, batch, config, random);
      finalLoss = (await losses.total.data())[0]!;
      tf.dispose([losses.total, losses.classification, losses.localization]);
      if (step >= warmupSteps) {
        stepSeconds.push((performance.now() - start) / 1000);
        tensorCounts.push(tf.memory().numTensors);
      }
    }
    // One more step under the profiler (after timing, so its overhead does not count).
    const profile = await tf.profile(() => {
      const losses = trainStep(model, optimizer, variables, batch, config, random);
      tf.dispose([losses.classification, losses.localization]);
      return losses.total;
    });
    topKernels = slowestKernels(await Promise.all(profile.kernels.map(async (k) => ({ name: k.name, kernelTimeMs: await k.kernelTimeMs }))), 5);
  } finally {
    disposeBatch(batch);
    optimizer.dispose();
    disposeStudioModel(model);
  }
  const secondsPerStep = stepSeconds.reduce((a, b) => a + b, 0) / Math.max(1, stepSeconds.length);
  return {
    backend: tf.getBackend(),
    method: config.method,
    batchSize: config.batchSize,
    imageSizePx: config.imageSizePx,
    steps,
    secondsPerStep,
    imagesPerSecond: config.batchSize / secondsPerStep,
    finalLoss,
    isTensorCountFlat: tensorCounts.every((c) => c === tensorCounts[0]),
    topKernels,
  };
}
