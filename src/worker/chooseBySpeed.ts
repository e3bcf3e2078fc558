// auto's second half: where WebGPU and WASM both run, a couple of timed training steps of the form's configuration
// on each decide which one trains it; the answer is kept per step cost (backbone, width, size, batch, method).
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';

import { StudioError } from '../core/errors';
import { benchmarkTraining } from '../core/train/benchmarkTraining';
import type { BackendDecision, BackendMeasurement } from '../core/train/chooseFasterBackend';
import { chooseFasterBackend, costKey } from '../core/train/chooseFasterBackend';
import { WASM_MEMORY_LIMIT_BYTES } from '../core/train/estimateMemory';
import type { TrainConfig } from '../core/train/trainConfig';
import { gpuLoss, watchGpuDevice } from './gpuDeviceWatch';
import type { BackendStatus } from './protocol';
import { tryBackend } from './selectBackend';

/** Timed steps per backend, after one untimed step that compiles its programs. */
export const MEASURED_STEPS = 2;

const decisions = new Map<string, BackendDecision>();

async function measure(backend: string, config: TrainConfig, signal: AbortSignal, onStep: (done: number, total: number) => void): Promise<BackendMeasurement> {
  if (backend === 'webgpu' && gpuLoss()) return { backend, imagesPerSecond: null, failure: 'lost its device' };
  if (!(await tryBackend(backend))) return { backend, imagesPerSecond: null, failure: 'did not start' };
  if (backend === 'webgpu') watchGpuDevice();
  try {
    const memoryLimit = backend === 'wasm' ? { memoryLimit: { bytes: WASM_MEMORY_LIMIT_BYTES, backend } } : {};
    const result = await benchmarkTraining(config, MEASURED_STEPS, { warmupSteps: 1, profile: false, signal, onStep, ...memoryLimit });
    return { backend, imagesPerSecond: result.imagesPerSecond };
  } catch (error) {
    if (signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { backend, imagesPerSecond: null, failure: backend === 'webgpu' && gpuLoss() ? 'lost its device' : `failed to train (${message})` };
  }
}

/**
 * Switches to whichever of `status.candidates` trains `config` faster (measuring them the first time this step cost
 * is seen) and returns the status to show: both figures and the choice.
 */
export async function chooseBySpeed(status: BackendStatus, config: TrainConfig, signal: AbortSignal, onStep: (backend: string, done: number, total: number) => void): Promise<BackendStatus> {
  const key = costKey(config);
  let decision = decisions.get(key);
  if (!decision) {
    const measurements: BackendMeasurement[] = [];
    for (const backend of status.candidates) measurements.push(await measure(backend, config, signal, (done, total) => onStep(backend, done, total)));
    const decided = chooseFasterBackend(measurements);
    if (!decided) throw new StudioError('backend-unavailable', `neither ${status.candidates.join(' nor ')} could train this configuration: ${measurements.map((m) => `${m.backend} ${m.failure ?? 'failed'}`).join('; ')}`);
    decisions.set(key, (decision = decided));
  }
  if (tf.getBackend() !== decision.backend && !(await tryBackend(decision.backend))) {
    throw new StudioError('backend-unavailable', `${decision.backend} was measured faster but did not start again`);
  }
  if (decision.backend === 'webgpu') watchGpuDevice();
  return {
    ...status,
    backend: decision.backend,
    reason: decision.reason,
    warning: decision.backend === status.backend ? status.warning : null,
    threads: decision.backend === 'wasm' ? getThreadsCount() : null,
  };
}

/** Forgets every measurement (a new backend choice, or a lost device, changes what is there to compare). */
export function forgetSpeedChoices(): void {
  decisions.clear();
}
