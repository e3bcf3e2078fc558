import * as tf from '@tensorflow/tfjs';

import { generateDemoDataset } from '../data/demoDataset';
import { StudioError } from '../errors';
import { buildStudioModel, disposeStudioModel, trainableVariables } from '../model/buildModel';
import { createRandom } from '../random';
import { disposeBatch, makeBatch } from '../data/makeBatch';
import type { TrainConfig } from './trainConfig';
import { modelConfigOf } from './trainConfig';
import { StudioAdam } from './adam';
import type { BackendCounts } from './backendCounters';
import { countBackendCalls } from './backendCounters';
import { LossReader } from './lossReader';
import { LOSS_READ_EVERY } from './trainLoop';
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
  /** Kernel calls in one step (op-level wrappers not counted). */
  kernelsPerStep: number;
  /** Reads back to the CPU per step, with losses read as the training loop reads them (every LOSS_READ_EVERY steps). */
  readsPerStep: number;
  /** WebGPU only: compute dispatches and command-buffer submits per step (null on other backends). */
  dispatchesPerStep: number | null;
  submitsPerStep: number | null;
  /** JavaScript time to issue one step (on WASM and CPU that includes the kernels' own work, which runs inline). */
  jsMsPerStep: number;
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
  options: { warmupSteps?: number; profile?: boolean; signal?: AbortSignal; onStep?: (done: number, total: number) => void; memoryLimit?: { bytes: number; backend: string } } = {},
): Promise<TrainingBenchmark> {
  const { warmupSteps = 2, profile: shouldProfile = true, signal, onStep, memoryLimit } = options;
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
  const tensorCounts: number[] = [];
  let finalLoss = NaN;
  let topKernels: TrainingBenchmark['topKernels'] = [];
  let kernelsPerStep = 0;
  let jsMs = 0;
  let timedSeconds = 0;
  let counts: BackendCounts = { reads: 0, dispatches: null, submits: null };
  const reader = new LossReader(LOSS_READ_EVERY);
  const between = async (step: number): Promise<void> => {
    // A step can take minutes on a software GPU: let a cancel in, and stop between steps.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (signal?.aborted) throw new StudioError('cancelled', 'the speed check was cancelled');
    onStep?.(step, warmupSteps + steps + (shouldProfile ? 1 : 0));
  };
  try {
    for (let step = 0; step < warmupSteps; step++) {
      await between(step);
      reader.push(trainStep(model, optimizer, variables, batch, config, random));
      finalLoss = (await reader.flush())[0]!.total;
    }
    // Timed steps read their losses as the training loop does: a group at a time.
    ({ counts } = await countBackendCalls(async () => {
      for (let step = 0; step < steps; step++) {
        await between(warmupSteps + step);
        const start = performance.now();
        const issued = trainStep(model, optimizer, variables, batch, config, random);
        jsMs += performance.now() - start;
        reader.push(issued);
        if (reader.isDue || step === steps - 1) finalLoss = (await reader.flush()).at(-1)!.total;
        timedSeconds += (performance.now() - start) / 1000;
        tensorCounts.push(tf.memory().numTensors - reader.heldTensors);
      }
    }));
    // One more step under the profiler (after timing, so its overhead does not count), unless only the speed is wanted.
    if (shouldProfile) {
      const profile = await tf.profile(() => {
        const losses = trainStep(model, optimizer, variables, batch, config, random);
        tf.dispose([losses.classification, losses.localization]);
        return losses.total;
      });
      const kernels = profile.kernels.filter((k) => !k.name.endsWith('__op'));
      kernelsPerStep = kernels.length;
      topKernels = slowestKernels(await Promise.all(profile.kernels.map(async (k) => ({ name: k.name, kernelTimeMs: await k.kernelTimeMs }))), 5);
    }
  } finally {
    reader.dispose();
    disposeBatch(batch);
    optimizer.dispose();
    disposeStudioModel(model);
  }
  const secondsPerStep = timedSeconds / Math.max(1, steps);
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
    kernelsPerStep,
    readsPerStep: counts.reads / Math.max(1, steps),
    dispatchesPerStep: counts.dispatches === null ? null : counts.dispatches / Math.max(1, steps),
    submitsPerStep: counts.submits === null ? null : counts.submits / Math.max(1, steps),
    jsMsPerStep: jsMs / Math.max(1, steps),
  };
}
