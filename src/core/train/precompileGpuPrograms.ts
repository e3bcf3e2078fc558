// WebGPU compiles a pipeline the first time each program runs, so a run's first step used to stall for all of them
// at once, silently. Here every program a training step uses is compiled before the first step, in parallel
// (TensorFlow.js's compile-only mode and asynchronous pipeline creation), with progress; the backend keeps them for
// later runs in the same worker.
import * as tf from '@tensorflow/tfjs';

import type { WebGpuBackendLike } from '../backends/webgpuKernelKit';
import { compiledCount, precompileStudioPrograms } from '../backends/webgpuKernelKit';
import { STUDIO_GPU_PROGRAMS } from '../backends/webgpuTrainingKernels';
import type { Batch } from '../data/makeBatch';
import { disposeBatch } from '../data/makeBatch';
import { buildStudioModel, disposeStudioModel, trainableVariables } from '../model/buildModel';
import { createRandom } from '../random';
import { StudioAdam } from './adam';
import type { TrainConfig } from './trainConfig';
import { modelConfigOf } from './trainConfig';
import { trainStep } from './trainStep';

interface CompilingBackend extends WebGpuBackendLike {
  pipelineCache: Record<string, unknown>;
  checkCompileCompletionAsync(): Promise<void>;
}

const COMPILE_ONLY = 'WEBGPU_ENGINE_COMPILE_ONLY';

/**
 * On WebGPU, compiles every program of one training step of `config` (on a throwaway model, so the run's weights and
 * random streams are untouched) and reports `onProgress(done, total)`; returns how many it compiled and the seconds
 * it took, or null on other backends. Programs compiled by an earlier run are not compiled again.
 */
export async function precompileGpuPrograms(config: TrainConfig, classCount: number, makeFirstBatch: () => Batch, onProgress: (done: number, total: number) => void): Promise<{ programs: number; seconds: number } | null> {
  if (tf.getBackend() !== 'webgpu') return null;
  const backend = tf.backend() as unknown as CompilingBackend;
  const start = performance.now();
  const before = new Set(Object.keys(backend.pipelineCache));
  const batch = makeFirstBatch();
  const model = buildStudioModel(modelConfigOf(config, classCount), config.seed);
  const optimizer = new StudioAdam(trainableVariables(model), config.learningRate);
  let done = 0;
  let total = 0;
  try {
    // Compile-only: the step records nothing, every new program's pipeline is created asynchronously.
    tf.env().set(COMPILE_ONLY, true);
    try {
      const losses = trainStep(model, optimizer, trainableVariables(model), batch, config, createRandom(1));
      tf.dispose([losses.total, losses.classification, losses.localization]);
    } finally {
      tf.env().set(COMPILE_ONLY, false);
    }
    const pending = Object.entries(backend.pipelineCache).filter(([key, value]) => !before.has(key) && value instanceof Promise) as Array<[string, Promise<unknown>]>;
    total = pending.length + STUDIO_GPU_PROGRAMS.length - compiledCount(backend, STUDIO_GPU_PROGRAMS);
    onProgress(0, total);
    const tick = (): void => onProgress(++done, total);
    await Promise.all([...pending.map(([, promise]) => promise.then(tick)), precompileStudioPrograms(backend, STUDIO_GPU_PROGRAMS, tick)]);
    await backend.checkCompileCompletionAsync();
  } finally {
    optimizer.dispose();
    disposeStudioModel(model);
    disposeBatch(batch);
  }
  return { programs: total, seconds: (performance.now() - start) / 1000 };
}
