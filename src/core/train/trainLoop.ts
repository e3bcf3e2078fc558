import * as tf from '@tensorflow/tfjs';

import type { PixelDataset, PixelSample } from '../data/datasetTypes';
import { selectLabelRatio } from '../data/selectLabelRatio';
import { splitDataset } from '../data/splitDataset';
import { StudioError } from '../errors';
import type { StudioModel } from '../model/buildModel';
import { buildStudioModel, disposeStudioModel, modelParts, trainableVariables } from '../model/buildModel';
import { createRandom, shuffled } from '../random';
import { evaluate } from './evaluate';
import { disposeBatch, makeBatch } from './makeBatch';
import type { TrainConfig } from './trainConfig';
import { modelConfigOf } from './trainConfig';
import { trainStep } from './trainStep';
import type { HistoryEntry, RunResult, TrainingEvent } from './trainingEvents';
import { createAdam } from './fusedAdam';

export interface TrainOptions {
  onEvent?: (event: TrainingEvent) => void;
  /** Checked between batches: an aborted run stops after the current batch with a 'cancelled' error. */
  signal?: AbortSignal;
  /** Awaited between batches, so a paused run holds still without losing anything. */
  whilePaused?: () => Promise<void>;
  /** Start from this model (e.g. pretrained or resumed) instead of a fresh one; it must match the config. */
  model?: StudioModel;
  /** Seconds since epoch start, injectable so tests stay deterministic. */
  now?: () => number;
  /** Continue an interrupted run from its last checkpoint (the optimizer's moments start afresh). */
  resume?: Checkpoint;
  /** Called after every epoch with everything needed to resume; weights are copies the callee owns. */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
}

/** A run's state at the end of an epoch, as plain arrays (in the order of the model parts' getWeights()). */
export interface Checkpoint {
  epoch: number;
  history: HistoryEntry[];
  weights: Float32Array[];
  best: { epoch: number; f1: number; weights: Float32Array[] } | null;
}

export interface TrainOutcome {
  model: StudioModel;
  result: RunResult;
}

type Weights = tf.Tensor[];

function snapshot(model: StudioModel): Weights {
  return modelParts(model).flatMap((m) => m.getWeights().map((w) => tf.clone(w)));
}

function restore(model: StudioModel, weights: Weights): void {
  let offset = 0;
  for (const part of modelParts(model)) {
    const count = part.getWeights().length;
    part.setWeights(weights.slice(offset, offset + count));
    offset += count;
  }
}

async function readWeights(weights: Weights): Promise<Float32Array[]> {
  return Promise.all(weights.map(async (w) => Float32Array.from(await w.data())));
}

function weightsFromArrays(model: StudioModel, arrays: Float32Array[]): Weights {
  const shapes = modelParts(model).flatMap((m) => m.getWeights().map((w) => w.shape));
  if (shapes.length !== arrays.length) throw new StudioError('bad-config', `the checkpoint has ${arrays.length} weight tensors, the model ${shapes.length}`);
  return arrays.map((a, i) => tf.tensor(a, shapes[i]));
}

/**
 * Lets queued messages (pause, cancel) in. On a synchronous backend such as WASM every await resolves as a
 * microtask, so without this a worker would not read its messages until the whole run ended.
 */
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StudioError('cancelled', 'training was cancelled');
}

/**
 * Trains F-Net + C-Net (+ SPN) with Adam on the dataset's train split, validates every epoch, keeps the
 * best weights by validation macro-F1, and evaluates them on the test split. The returned model is the
 * caller's to dispose.
 */
export async function trainModel(dataset: PixelDataset, config: TrainConfig, options: TrainOptions = {}): Promise<TrainOutcome> {
  const { onEvent = () => {}, signal, whilePaused, now = () => performance.now() / 1000 } = options;
  if (dataset.sizePx !== config.imageSizePx) {
    throw new StudioError('bad-config', `dataset is cached at ${dataset.sizePx} px but the run asks for ${config.imageSizePx} px`);
  }
  const splits = splitDataset(dataset.samples, config.seed);
  const bySplit = (name: string): PixelSample[] => dataset.samples.filter((_, i) => splits[i] === name);
  const train = bySplit('train');
  const val = bySplit('val');
  const test = bySplit('test');
  if (train.length === 0 || val.length === 0 || test.length === 0) {
    throw new StudioError('bad-dataset', `a run needs train, validation and test images (got ${train.length}/${val.length}/${test.length})`);
  }
  const keptIndices = selectLabelRatio(train.map((s) => ({ label: s.label, hasMask: s.mask !== null })), config.method === 'spn' ? config.labelRatio : 0, config.seed);
  const keptIds = new Set([...keptIndices].map((i) => train[i]!.id));
  const split = { train: train.length, val: val.length, test: test.length, maskedTrain: keptIds.size };
  const batchesPerEpoch = Math.ceil(train.length / config.batchSize);
  onEvent({ type: 'started', split, batchesPerEpoch });

  const model =
    options.model ??
    buildStudioModel(modelConfigOf(config, dataset.classNames.length));
  const optimizer = createAdam(config.learningRate);
  const variables = trainableVariables(model);
  const history: HistoryEntry[] = [...(options.resume?.history ?? [])];
  let best: { epoch: number; f1: number; weights: Weights } | null = null;
  if (options.resume) {
    const current = weightsFromArrays(model, options.resume.weights);
    restore(model, current);
    tf.dispose(current);
    const saved = options.resume.best;
    if (saved) best = { epoch: saved.epoch, f1: saved.f1, weights: weightsFromArrays(model, saved.weights) };
  }
  const runStart = now();
  let trainedImages = 0;
  let trainingSeconds = 0;
  try {
    for (let epoch = (options.resume?.epoch ?? 0) + 1; epoch <= config.epochs; epoch++) {
      const epochStart = now();
      const random = createRandom(config.seed * 100_003 + epoch);
      const order = shuffled(train, random);
      const sums = { total: 0, cls: 0, loc: 0 };
      for (let b = 0; b < batchesPerEpoch; b++) {
        await yieldToEvents();
        throwIfAborted(signal);
        if (whilePaused) await whilePaused();
        throwIfAborted(signal);
        const chunk = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
        const batch = makeBatch(chunk, config.imageSizePx, (s) => keptIds.has(s.id));
        const losses = trainStep(model, optimizer, variables, batch, config, random);
        try {
          const [total, cls, loc] = await Promise.all([losses.total.data(), losses.classification.data(), losses.localization.data()]);
          sums.total += total[0]! * chunk.length;
          sums.cls += cls[0]! * chunk.length;
          sums.loc += loc[0]! * chunk.length;
          trainedImages += chunk.length;
          onEvent({ type: 'batch', epoch, batch: b + 1, batchesPerEpoch, loss: total[0]!, classificationLoss: cls[0]!, localizationLoss: loc[0]!, images: chunk.length });
        } finally {
          tf.dispose([losses.total, losses.classification, losses.localization]);
          disposeBatch(batch);
        }
      }
      trainingSeconds += now() - epochStart;
      const validation = await evaluate(model, val, dataset.classNames, config);
      const entry: HistoryEntry = {
        epoch,
        trainLoss: sums.total / train.length,
        trainClsLoss: sums.cls / train.length,
        trainLocLoss: sums.loc / train.length,
        valLoss: validation.loss,
        valF1: validation.metrics.f1,
        valAccuracy: validation.metrics.accuracy,
        seconds: now() - epochStart,
      };
      history.push(entry);
      const isBest = best === null || entry.valF1 > best.f1;
      if (isBest) {
        if (best) tf.dispose(best.weights);
        best = { epoch, f1: entry.valF1, weights: snapshot(model) };
      }
      onEvent({ type: 'epoch', entry, isBest });
      if (options.onCheckpoint) {
        const current = snapshot(model);
        const weights = await readWeights(current);
        tf.dispose(current);
        options.onCheckpoint({ epoch, history: [...history], weights, best: best && { epoch: best.epoch, f1: best.f1, weights: await readWeights(best.weights) } });
      }
    }
    if (best) restore(model, best.weights);
    const testEvaluation = await evaluate(model, test, dataset.classNames, config, { withGradCam: true });
    const result: RunResult = {
      config,
      classNames: dataset.classNames,
      seed: config.seed,
      test: testEvaluation.metrics,
      saliency: {
        spnIoU: testEvaluation.spnIoU,
        spnDice: testEvaluation.spnDice,
        camEnergyInMask: testEvaluation.camEnergyInMask,
        camPointingGame: testEvaluation.camPointingGame,
        maskedTestImages: testEvaluation.maskedImages,
      },
      history,
      bestEpoch: best?.epoch ?? 0,
      timing: { imagesPerSecond: trainingSeconds > 0 ? trainedImages / trainingSeconds : 0, totalSeconds: now() - runStart },
      split,
    };
    onEvent({ type: 'finished', result });
    return { model, result };
  } catch (error) {
    if (!options.model) disposeStudioModel(model);
    throw error;
  } finally {
    if (best) tf.dispose(best.weights);
    optimizer.dispose();
  }
}
