/// <reference lib="webworker" />
// The training worker: checks each message, calls core, posts events. No training logic lives here.
import * as tf from '@tensorflow/tfjs';

import type { StudioJson } from '../core/bundle/bundleSchema';
import { loadBundleModel, readBundle } from '../core/bundle/readBundle';
import { writeBundle } from '../core/bundle/writeBundle';
import type { PixelDataset, PixelSample, SplitName } from '../core/data/datasetTypes';
import { splitDataset } from '../core/data/splitDataset';
import { explainSamples } from '../core/explain/explainSamples';
import type { StudioModel } from '../core/model/buildModel';
import { StudioError } from '../core/errors';
import { buildStudioModel, disposeStudioModel } from '../core/model/buildModel';
import { readSafetensors } from '../core/model/safetensors';
import { loadTorchvisionWeights } from '../core/model/torchvisionWeights';
import { transferWeights } from '../core/model/transferWeights';
import { benchmarkTraining } from '../core/train/benchmarkTraining';
import { probeTrainingStep } from '../core/train/probeStep';
import type { TrainConfig } from '../core/train/trainConfig';
import { modelConfigOf } from '../core/train/trainConfig';
import { trainModel } from '../core/train/trainLoop';
import type { ExplainItem, ModelSource, StartFrom, WorkerEvent, WorkerRequest } from './protocol';
import { assertNever, parseRequest } from './protocol';
import { selectBackend } from './selectBackend';

const scope = self as unknown as DedicatedWorkerGlobalScope;

interface ActiveRun {
  runId: string;
  controller: AbortController;
  isPaused: boolean;
  resume: (() => void) | null;
}

let active: ActiveRun | null = null;
// The last finished run's model stays here for the Explain page until the next run replaces it.
let lastTrained: { model: StudioModel; dataset: PixelDataset; config: TrainConfig; splits: SplitName[] } | null = null;
// The bundle opened last, for predictions; opening another replaces it.
let opened: { model: StudioModel; studio: StudioJson } | null = null;

function requireTrained(): NonNullable<typeof lastTrained> {
  if (!lastTrained) throw new StudioError('bad-config', 'there is no trained model in this session yet: train one first');
  return lastTrained;
}

/** Makes `model` the session's trained model (for Explain, export and predictions), disposing the one it replaces. */
function setLastTrained(model: StudioModel, dataset: PixelDataset, config: TrainConfig): void {
  if (lastTrained) disposeStudioModel(lastTrained.model);
  lastTrained = { model, dataset, config, splits: splitDataset(dataset.samples, config.seed) };
}

/** Checks a bundle in full, then loads it; the caller owns the model. */
async function loadBundle(bytes: ArrayBuffer, file: string): Promise<{ model: StudioModel; studio: StudioJson }> {
  const parsed = readBundle(new Uint8Array(bytes), file);
  return { model: await loadBundleModel(parsed, file), studio: parsed.studio };
}

function post(event: WorkerEvent): void {
  scope.postMessage(event);
}

function postError(runId: string, error: unknown): void {
  if (error instanceof StudioError) {
    post({ type: 'error', runId, code: error.code, message: error.message, ...(error.file ? { file: error.file } : {}) });
  } else {
    post({ type: 'error', runId, code: 'internal', message: error instanceof Error ? error.message : String(error) });
  }
}

/** A fresh model for this run's classes whose F-Net (and optionally SPN) come from a bundle. */
async function modelStartingFrom(startFrom: StartFrom, config: TrainConfig, classCount: number): Promise<StudioModel> {
  const { model: source } = await loadBundle(startFrom.bytes, startFrom.file);
  const target = buildStudioModel(modelConfigOf(config, classCount), config.seed);
  try {
    transferWeights(source, target, { spn: startFrom.spn });
    return target;
  } catch (error) {
    disposeStudioModel(target);
    throw error;
  } finally {
    disposeStudioModel(source);
  }
}

/**
 * Explains `samples` batch by batch and sends each batch with its images' pixels and masks (copied, so the
 * worker keeps its own), then says it is done.
 */
async function explainAndPost(
  runId: string,
  model: StudioModel,
  samples: readonly PixelSample[],
  splits: readonly SplitName[],
  config: Pick<TrainConfig, 'imageSizePx' | 'normalization'>,
  classIndex: number | null,
): Promise<void> {
  const byId = new Map(samples.map((s) => [s.id, s]));
  for await (const batch of explainSamples(model, samples, splits, config, classIndex)) {
    const items: ExplainItem[] = batch.map((e) => {
      const sample = byId.get(e.id)!;
      return { ...e, pixels: sample.pixels.slice(), mask: sample.mask ? sample.mask.slice() : null };
    });
    const transfer = items.flatMap((i) => [i.pixels.buffer, i.cam.buffer, ...(i.spn ? [i.spn.buffer] : []), ...(i.mask ? [i.mask.buffer] : [])]);
    scope.postMessage({ type: 'explain-batch', runId, items, total: samples.length } satisfies WorkerEvent, transfer);
  }
  post({ type: 'explain-done', runId });
}

function modelFor(source: ModelSource): { model: StudioModel; config: Pick<TrainConfig, 'imageSizePx' | 'normalization'> } {
  if (source === 'trained') return requireTrained();
  if (!opened) throw new StudioError('bad-bundle', 'no bundle is open: open one on the Models page first');
  return { model: opened.model, config: { imageSizePx: opened.studio.inputSizePx, normalization: opened.studio.normalization } };
}

async function train(request: Extract<WorkerRequest, { type: 'train' }>): Promise<void> {
  const run: ActiveRun = { runId: request.runId, controller: new AbortController(), isPaused: false, resume: null };
  active = run;
  const dataset: PixelDataset = request.dataset;
  let pretrained: StudioModel | null = null;
  try {
    if (request.startFrom) {
      pretrained = await modelStartingFrom(request.startFrom, request.config, dataset.classNames.length);
    } else if (request.pretrainedWeights) {
      const file = request.config.pretrained ?? 'weights.safetensors';
      pretrained = buildStudioModel(modelConfigOf(request.config, dataset.classNames.length), request.config.seed);
      loadTorchvisionWeights(pretrained.fnet, readSafetensors(request.pretrainedWeights, file), file);
    }
    const { model } = await trainModel(dataset, request.config, {
      ...(pretrained ? { model: pretrained } : {}),
      signal: run.controller.signal,
      whilePaused: () => (run.isPaused ? new Promise<void>((resolve) => (run.resume = resolve)) : Promise.resolve()),
      onEvent: (event) => post({ type: 'training', runId: run.runId, event, numTensors: tf.memory().numTensors }),
      onCheckpoint: (checkpoint) => {
        const transfer = [...checkpoint.weights, ...(checkpoint.best?.weights ?? [])].map((w) => w.buffer);
        scope.postMessage({ type: 'checkpoint', runId: run.runId, checkpoint } satisfies WorkerEvent, transfer);
      },
      ...(request.resume ? { resume: request.resume } : {}),
    });
    setLastTrained(model, dataset, request.config);
  } catch (error) {
    if (pretrained) disposeStudioModel(pretrained);
    postError(run.runId, error);
  } finally {
    if (active === run) active = null;
  }
}

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'init':
      post({ type: 'ready', runId: request.runId, status: await selectBackend(request.backend, request.threads) });
      return;
    case 'probe-step': {
      const start = performance.now();
      const result = await probeTrainingStep();
      post({ type: 'probe-result', runId: request.runId, ...result, seconds: (performance.now() - start) / 1000 });
      return;
    }
    case 'train':
      await train(request);
      return;
    case 'explain': {
      const { model, dataset, config, splits } = requireTrained();
      const wanted = request.ids ? new Set(request.ids) : null;
      const picked = dataset.samples.map((s, i) => ({ s, split: splits[i]! })).filter(({ s }) => !wanted || wanted.has(s.id));
      const samples = picked.map((p) => p.s);
      await explainAndPost(request.runId, model, samples, picked.map((p) => p.split), config, request.classIndex);
      return;
    }
    case 'predict': {
      const { model, config } = modelFor(request.source);
      const size = config.imageSizePx;
      const bad = request.images.find((image) => image.pixels.length !== size * size * 3);
      if (bad) throw new StudioError('bad-dataset', `was decoded at the wrong size for this ${size} px model`, bad.id);
      const samples: PixelSample[] = request.images.map((image) => ({ id: image.id, label: -1, split: null, pixels: image.pixels, mask: null }));
      await explainAndPost(request.runId, model, samples, samples.map(() => 'test'), config, null);
      return;
    }
    case 'export-bundle': {
      const trained = requireTrained();
      const { bytes, studio } = await writeBundle(trained.model, { ...request.description, classNames: trained.dataset.classNames, trainConfig: trained.config });
      scope.postMessage({ type: 'bundle-exported', runId: request.runId, bytes: bytes.buffer as ArrayBuffer, studio } satisfies WorkerEvent, [bytes.buffer]);
      return;
    }
    case 'explain-compare': {
      // Another run's model explains the same images as the trained one, then goes away.
      const { dataset, config, splits } = requireTrained();
      const { model: other } = await loadBundle(request.bytes, request.file);
      try {
        if (other.config.imageSizePx !== config.imageSizePx) {
          throw new StudioError('bad-config', `the other run works at ${other.config.imageSizePx} px and this one at ${config.imageSizePx} px: their maps cannot be compared`);
        }
        await explainAndPost(request.runId, other, dataset.samples, splits, config, null);
      } finally {
        disposeStudioModel(other);
      }
      return;
    }
    case 'restore-trained': {
      // A finished experiment run becomes "the trained model" again, so the Explain page can show it.
      const { model, studio } = await loadBundle(request.bytes, request.file);
      setLastTrained(model, request.dataset, request.config);
      post({ type: 'bundle-opened', runId: request.runId, studio });
      return;
    }
    case 'open-bundle': {
      // Checked and loaded in full before the open bundle is replaced, so a bad file changes nothing.
      const bundle = await loadBundle(request.bytes, request.file);
      if (opened) disposeStudioModel(opened.model);
      opened = bundle;
      post({ type: 'bundle-opened', runId: request.runId, studio: bundle.studio });
      return;
    }
    case 'benchmark':
      post({ type: 'benchmark-result', runId: request.runId, result: await benchmarkTraining(request.config, request.steps) });
      return;
    case 'pause':
    case 'resume':
      if (active?.runId === request.runId) {
        active.isPaused = request.type === 'pause';
        if (!active.isPaused) {
          active.resume?.();
          active.resume = null;
        }
        post({ type: 'paused', runId: request.runId, isPaused: active.isPaused });
      }
      return;
    case 'cancel':
      if (active?.runId === request.runId) {
        active.controller.abort();
        active.resume?.();
      }
      return;
    default:
      assertNever(request);
  }
}

// Backend switches, probes and runs must not overlap (a probe started mid-switch hangs), so they queue;
// pause, resume and cancel act at once on the run in progress.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (message: MessageEvent<unknown>) => {
  const parsed = parseRequest(message.data);
  if (!parsed.ok) {
    post({ type: 'error', runId: 'unknown', code: 'bad-message', message: parsed.reason });
    return;
  }
  const { request } = parsed;
  const run = (): Promise<void> => handle(request).catch((error: unknown) => postError(request.runId, error));
  if (request.type === 'pause' || request.type === 'resume' || request.type === 'cancel') void run();
  else queue = queue.then(run);
};
