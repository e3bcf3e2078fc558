/// <reference lib="webworker" />
// The training worker: checks each message, calls core, posts progress and one reply per request. No training
// logic lives here.
import * as tf from '@tensorflow/tfjs';

import { packCheckpoint } from '../browser/packedCheckpoint';
import { checkStudioKernels } from '../core/backends/checkStudioKernels';
import { setStudioWebGpuKernels } from '../core/backends/registerStudioKernels';
import { writeBundle } from '../core/bundle/writeBundle';
import type { PixelSample, SplitName } from '../core/data/datasetTypes';
import { asStudioError, StudioError } from '../core/errors';
import { explainSamples } from '../core/explain/explainSamples';
import type { SaliencyChoice } from '../core/explain/saliencyMethods';
import type { StudioModel } from '../core/model/buildModel';
import { buildStudioModel, disposeStudioModel } from '../core/model/buildModel';
import type { InputSpec } from '../core/model/normalizeImages';
import { readSafetensors } from '../core/model/safetensors';
import { loadTorchvisionWeights } from '../core/model/torchvisionWeights';
import { PauseController } from '../core/pauseController';
import { benchmarkTraining } from '../core/train/benchmarkTraining';
import { WASM_MEMORY_LIMIT_BYTES } from '../core/train/estimateMemory';
import type { Checkpoint } from '../core/train/checkpoint';
import { probeTrainingStep } from '../core/train/probeStep';
import { modelConfigOf } from '../core/train/trainConfig';
import { trainModel } from '../core/train/trainLoop';
import type { AskRequest, BackendStatus, ControlRequest, ExplainItem, ReplyTo, WorkerEvent, WorkerRequest } from './protocol';
import { assertNever, parseRequest } from './protocol';
import { gpuLoss, gpuLossSettled, loseGpuDevice, onGpuLoss } from './gpuDeviceWatch';
import { runParity } from './parityHook';
import { poisonWeights } from './poisonWeights';
import { selectBackend } from './selectBackend';
import { chooseBySpeed, forgetSpeedChoices } from './chooseBySpeed';
import { loadBundle, modelFor, modelStartingFrom, replaceOpenedBundle, requireTrained, setLastTrained } from './sessionModels';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** Work in progress that controls can reach: its cancel, its pause and its early finish. */
interface Controls {
  abort: AbortController;
  pause: PauseController;
  finishEarly: AbortController;
}
const running = new Map<string, Controls>();

// A lost GPU stops every run at once (its kernels would fail or never answer); the error says what happened.
onGpuLoss(() => {
  for (const controls of running.values()) {
    controls.abort.abort();
    controls.pause.resume();
  }
});
// Cancelled before they started (they wait in the queue): refused when their turn comes.
const cancelledEarly = new Set<string>();

function post(event: WorkerEvent, transfer: Transferable[] = []): void {
  scope.postMessage(event, transfer);
}

/** Work that failed on a WebGPU backend whose device is gone failed because of it, whatever the symptom was. */
async function blamingLostGpu(error: unknown): Promise<unknown> {
  if (tf.getBackend() !== 'webgpu' || (error instanceof StudioError && error.code === 'cancelled' && !gpuLoss())) return error;
  const lost = await gpuLossSettled();
  if (!lost) return error;
  return new StudioError('backend-lost', `the GPU device was lost (${lost.reason}: ${lost.message.replace(/\.$/, '')}), so the work on it stopped`);
}

async function postError(runId: string, failure: unknown): Promise<void> {
  const e = asStudioError(await blamingLostGpu(failure));
  post({ type: 'error', runId, code: e.code, message: e.message, ...(e.file ? { file: e.file } : {}) });
}

/**
 * Explains `samples` batch by batch and sends each batch with its images' pixels and masks (copied, so the
 * worker keeps its own); returns how many it explained.
 */
async function explainAndPost(runId: string, model: StudioModel, samples: readonly PixelSample[], splits: readonly SplitName[], input: InputSpec, saliency: SaliencyChoice, classIndex: number | null): Promise<number> {
  const byId = new Map(samples.map((s) => [s.id, s]));
  for await (const batch of explainSamples(model, samples, splits, input, classIndex, saliency)) {
    const items: ExplainItem[] = batch.map((e) => {
      const sample = byId.get(e.id)!;
      return { ...e, pixels: sample.pixels.slice(), mask: sample.mask ? sample.mask.slice() : null };
    });
    const transfer = items.flatMap((i) => [i.pixels.buffer, i.saliency.buffer, ...(i.spn ? [i.spn.buffer] : []), ...(i.mask ? [i.mask.buffer] : [])]);
    post({ type: 'explain-batch', runId, items, total: samples.length }, transfer);
  }
  return samples.length;
}

/** The WASM backend addresses at most 4 GiB: runs that cannot fit are refused before they start. */
function memoryLimit(): { memoryLimit?: { bytes: number; backend: string } } {
  return tf.getBackend() === 'wasm' ? { memoryLimit: { bytes: WASM_MEMORY_LIMIT_BYTES, backend: 'wasm' } } : {};
}

function controlsFor(runId: string): Controls {
  const controls = { abort: new AbortController(), pause: new PauseController(), finishEarly: new AbortController() };
  running.set(runId, controls);
  controls.pause.signal.onChange((isPaused) => post({ type: 'paused', runId, isPaused }));
  return controls;
}

async function train(request: Extract<WorkerRequest, { type: 'train' }>, controls: Controls): Promise<ReplyTo<typeof request>> {
  const { dataset, config, runId } = request;
  let start: StudioModel | null = null;
  try {
    if (request.startFrom) {
      start = await modelStartingFrom(request.startFrom, config, dataset.classNames.length);
    } else if (request.pretrainedWeights) {
      const file = config.pretrained ?? 'weights.safetensors';
      start = buildStudioModel(modelConfigOf(config, dataset.classNames.length), config.seed);
      loadTorchvisionWeights(start.fnet, readSafetensors(request.pretrainedWeights, file), file);
    }
    const { model, result } = await trainModel(dataset, config, {
      ...(start ? { model: start } : {}),
      signal: controls.abort.signal,
      finishEarly: controls.finishEarly.signal,
      whilePaused: () => controls.pause.signal.whenRunning(),
      onEvent: (event) => post({ type: 'training', runId, event, numTensors: tf.memory().numTensors }),
      // Only a caller that keeps checkpoints gets them: reading every weight back each epoch costs time on a GPU.
      ...(request.keepCheckpoints ? { onCheckpoint: (checkpoint: Checkpoint) => post({ type: 'checkpoint', runId, checkpoint: packCheckpoint(checkpoint) }) } : {}),
      ...(request.resume ? { resume: request.resume } : {}),
      ...memoryLimit(),
    });
    setLastTrained(model, dataset, config);
    return { type: 'trained', runId, result };
  } catch (error) {
    if (start) disposeStudioModel(start);
    throw error;
  }
}

/** The backend status last reported (what auto would compare, and the figures once measured). */
let lastStatus: BackendStatus | null = null;

async function answer(request: AskRequest): Promise<WorkerEvent> {
  const { runId } = request;
  switch (request.type) {
    case 'init':
      forgetSpeedChoices();
      lastStatus = await selectBackend(request.backend, request.threads, request.compareSoftwareGpu);
      return { type: 'ready', runId, status: lastStatus };
    case 'choose-by-speed': {
      if (!lastStatus || lastStatus.candidates.length < 2) throw new StudioError('bad-message', 'there is no backend choice to measure: start auto first');
      const controls = controlsFor(runId);
      lastStatus = await chooseBySpeed(lastStatus, request.config, controls.abort.signal, (backend, done, total) => post({ type: 'backend-measuring', runId, backend, done, total }));
      return { type: 'ready', runId, status: lastStatus };
    }
    case 'probe-step': {
      const start = performance.now();
      const result = await probeTrainingStep();
      return { type: 'probe-result', runId, probe: { ...result, seconds: (performance.now() - start) / 1000 } };
    }
    case 'train':
      return train(request, controlsFor(runId));
    case 'explain': {
      const { model, dataset, config, splits } = requireTrained();
      const wanted = request.ids ? new Set(request.ids) : null;
      const picked = dataset.samples.map((s, i) => ({ s, split: splits[i]! })).filter(({ s }) => !wanted || wanted.has(s.id));
      const total = await explainAndPost(runId, model, picked.map((p) => p.s), picked.map((p) => p.split), config, config.saliency, request.classIndex);
      return { type: 'explained', runId, total, saliency: config.saliency };
    }
    case 'predict': {
      const { model, input, saliency } = modelFor(request.source);
      const size = input.imageSizePx;
      const bad = request.images.find((image) => image.pixels.length !== size * size * 3);
      if (bad) throw new StudioError('bad-dataset', `was decoded at the wrong size for this ${size} px model`, bad.id);
      const samples: PixelSample[] = request.images.map((image) => ({ id: image.id, label: -1, split: null, pixels: image.pixels, mask: null }));
      const total = await explainAndPost(runId, model, samples, samples.map(() => 'test'), input, saliency, null);
      return { type: 'explained', runId, total, saliency };
    }
    case 'export-bundle': {
      const trained = requireTrained();
      const { bytes, studio } = await writeBundle(trained.model, { ...request.description, classNames: trained.dataset.classNames, trainConfig: trained.config });
      return { type: 'bundle-exported', runId, bytes: bytes.buffer as ArrayBuffer, studio };
    }
    case 'explain-compare': {
      // Another run's model explains the same images as the trained one, the same way, then goes away.
      const { dataset, config, splits } = requireTrained();
      const { model: other } = await loadBundle(request.bytes, request.file);
      try {
        if (other.config.imageSizePx !== config.imageSizePx) {
          throw new StudioError('bad-config', `the other run works at ${other.config.imageSizePx} px and this one at ${config.imageSizePx} px: their maps cannot be compared`);
        }
        const total = await explainAndPost(runId, other, dataset.samples, splits, config, config.saliency, null);
        return { type: 'explained', runId, total, saliency: config.saliency };
      } finally {
        disposeStudioModel(other);
      }
    }
    case 'restore-trained': {
      // A finished run becomes "the trained model" again, so the Explain page can show it.
      const { model, studio } = await loadBundle(request.bytes, request.file);
      setLastTrained(model, request.dataset, request.config);
      return { type: 'bundle-opened', runId, studio };
    }
    case 'check-bundle': {
      // Checked and loaded in full, then let go: a project file's bundles are proven before anything is stored.
      const bundle = await loadBundle(request.bytes, request.file);
      disposeStudioModel(bundle.model);
      return { type: 'bundle-opened', runId, studio: bundle.studio };
    }
    case 'open-bundle': {
      // Checked and loaded in full before the open bundle is replaced, so a bad file changes nothing.
      const bundle = await loadBundle(request.bytes, request.file);
      replaceOpenedBundle(bundle);
      return { type: 'bundle-opened', runId, studio: bundle.studio };
    }
    case 'benchmark': {
      const controls = controlsFor(runId);
      const result = await benchmarkTraining(request.config, request.steps, { signal: controls.abort.signal, onStep: (done, total) => post({ type: 'benchmark-step', runId, done, total }), ...memoryLimit() });
      return { type: 'benchmark-result', runId, result };
    }
    default:
      return assertNever(request);
  }
}

function control(request: ControlRequest): void {
  const target = running.get(request.target);
  if (!target) {
    if (request.type === 'cancel') cancelledEarly.add(request.target);
    return;
  }
  if (request.type === 'cancel') {
    target.abort.abort();
    target.pause.resume();
  } else if (request.type === 'finish-early') {
    target.finishEarly.abort();
    target.pause.resume();
  } else if (request.type === 'pause') target.pause.pause();
  else target.pause.resume();
}

// Backend switches, probes and runs must not overlap (a probe started mid-switch hangs), so they queue; controls
// act at once on the work in progress.
let queue: Promise<void> = Promise.resolve();

(scope as unknown as { studioDebug: object }).studioDebug = { loseGpuDevice, poisonWeights, checkStudioKernels, setStudioWebGpuKernels, runParity };

scope.onmessage = (message: MessageEvent<unknown>) => {
  const parsed = parseRequest(message.data);
  if (!parsed.ok) {
    post({ type: 'error', runId: parsed.runId, code: 'bad-message', message: `the worker refused a message: ${parsed.reason}` });
    return;
  }
  const { request } = parsed;
  if (request.type === 'pause' || request.type === 'resume' || request.type === 'cancel' || request.type === 'finish-early') {
    control(request);
    return;
  }
  queue = queue.then(async () => {
    try {
      if (cancelledEarly.delete(request.runId)) throw new StudioError('cancelled', 'cancelled before it started');
      const reply = await answer(request);
      post(reply, reply.type === 'bundle-exported' ? [reply.bytes] : []);
    } catch (error) {
      await postError(request.runId, error);
    } finally {
      running.delete(request.runId);
    }
  });
};
