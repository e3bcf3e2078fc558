import * as tf from '@tensorflow/tfjs';

import type { PixelDataset, PixelSample } from '../data/datasetTypes';
import { disposeBatch, makeBatch } from '../data/makeBatch';
import { selectLabelRatio } from '../data/selectLabelRatio';
import { swapBackgrounds } from '../data/swapBackgrounds';
import { splitDataset } from '../data/splitDataset';
import { StudioError } from '../errors';
import type { StudioModel } from '../model/buildModel';
import { buildStudioModel, disposeStudioModel, trainableVariables } from '../model/buildModel';
import { createRandom, shuffled, streamSeed } from '../random';
import { StudioAdam } from './adam';
import type { Checkpoint } from './checkpoint';
import { readWeights, restoreWeights, snapshotWeights, weightsFromArrays } from './checkpoint';
import { isBetterEpoch } from './bestEpoch';
import { divergenceError } from './divergence';
import { LossReader } from './lossReader';
import { batchesPerEpoch as stepsPerEpoch } from './batchesPerEpoch';
import { evaluate } from './evaluate';
import { learningRateAt } from './learningRateSchedule';
import { assertStepFits } from './estimateMemory';
import { saliencyMapSidePx } from '../explain/saliencyMethods';
import type { TrainConfig } from './trainConfig';
import { modelConfigOf, recordedConfig } from './trainConfig';
import { trainStep } from './trainStep';
import { precompileGpuPrograms } from './precompileGpuPrograms';
import type { HistoryEntry, RunResult, TrainingEvent } from './trainingEvents';

export interface TrainOptions {
  onEvent?: (event: TrainingEvent) => void;
  /** Checked between batches: an aborted run stops after the current batch with a 'cancelled' error. */
  signal?: AbortSignal;
  /**
   * Checked between batches: once aborted, the run ends early, keeping what finished. The epoch in progress is
   * dropped and the best finished epoch is tested as at a normal end; with no epoch finished it is a 'cancelled' error.
   */
  finishEarly?: AbortSignal;
  /** Awaited between batches, so a paused run holds still without losing anything. */
  whilePaused?: () => Promise<void>;
  /** Start from this model (pretrained or fine-tuned) instead of one drawn from the seed; it must match the config. */
  model?: StudioModel;
  /** Seconds since epoch start, injectable so tests stay deterministic. */
  now?: () => number;
  /** Continue an interrupted run from its last checkpoint: weights, best weights, history and Adam's moments. */
  resume?: Checkpoint;
  /** Called after every epoch with everything needed to resume; the arrays are copies the callee owns. */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
  /** What the backend can hold (WASM: 4 GiB); a run that cannot fit is refused before its first step. */
  memoryLimit?: { bytes: number; backend: string };
}

export interface TrainOutcome {
  model: StudioModel;
  result: RunResult;
}

interface Best {
  epoch: number;
  f1: number;
  classificationLoss: number;
  weights: tf.Tensor[];
}

/** Losses are read back every this many steps (and at the end of each epoch), not after every step. */
export const LOSS_READ_EVERY = 10;

/**
 * Lets queued messages (pause, cancel) in. On a synchronous backend such as WASM every await resolves as a
 * microtask, so without this a worker would not read its messages until the whole run ended.
 */
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StudioError('cancelled', 'training was cancelled');
}

/**
 * Trains F-Net + C-Net (+ SPN) with Adam on the dataset's train split, validates every epoch, keeps the best
 * weights, and evaluates them on the test split. Every random draw (weights, split, masks kept, batch order,
 * augmentation) comes from the config's seed. The returned model is the caller's to dispose.
 */
export async function trainModel(dataset: PixelDataset, requested: TrainConfig, options: TrainOptions = {}): Promise<TrainOutcome> {
  const config = recordedConfig(requested);
  const { onEvent = () => {}, signal, whilePaused, now = () => performance.now() / 1000 } = options;
  if (dataset.sizePx !== config.imageSizePx) {
    throw new StudioError('bad-config', `dataset is cached at ${dataset.sizePx} px but the run asks for ${config.imageSizePx} px`);
  }
  const splits = splitDataset(dataset.samples, config.seed);
  const bySplit = (name: string): PixelSample[] => dataset.samples.filter((_, i) => splits[i] === name);
  const [train, val, test] = [bySplit('train'), bySplit('val'), bySplit('test')];
  if (train.length === 0 || val.length === 0 || test.length === 0) {
    throw new StudioError('bad-dataset', `a run needs train, validation and test images (got ${train.length}/${val.length}/${test.length})`);
  }
  const keptIndices = selectLabelRatio(train.map((s) => ({ label: s.label, hasMask: s.mask !== null })), config.labelRatio, config.seed);
  const keptIds = new Set([...keptIndices].map((i) => train[i]!.id));
  const keepsMask = (s: PixelSample): boolean => keptIds.has(s.id);
  const split = { train: train.length, val: val.length, test: test.length, maskedTrain: keptIds.size, testIds: test.map((s) => s.id) };
  const batchesPerEpoch = stepsPerEpoch(train.length, config.batchSize);
  // Augmented batches are cut from the margin images, when the dataset was decoded with them.
  const batchSidePx = config.augment && dataset.marginSizePx !== null ? dataset.marginSizePx : config.imageSizePx;
  // The guided method pastes each masked object onto another image's background before the step.
  const swapsBackgrounds = config.method === 'guided' && config.guidance.backgroundSwap;
  onEvent({ type: 'started', split, batchesPerEpoch });

  const model = options.model ?? buildStudioModel(modelConfigOf(config, dataset.classNames.length), config.seed);
  if (options.memoryLimit) {
    try {
      assertStepFits(model, config.batchSize, options.memoryLimit.bytes, options.memoryLimit.backend);
    } catch (error) {
      if (!options.model) disposeStudioModel(model);
      throw error;
    }
  }
  const variables = trainableVariables(model);
  const optimizer = new StudioAdam(variables, config.learningRate);
  const lossReader = new LossReader(LOSS_READ_EVERY);
  const history: HistoryEntry[] = [...(options.resume?.history ?? [])];
  let best: Best | null = null;
  try {
    if (options.resume) {
      const current = weightsFromArrays(model, options.resume.weights);
      restoreWeights(model, current);
      tf.dispose(current);
      optimizer.restoreState(options.resume.optimizer);
      const saved = options.resume.best;
      if (saved) best = { epoch: saved.epoch, f1: saved.f1, classificationLoss: saved.classificationLoss, weights: weightsFromArrays(model, saved.weights) };
    }
    const compiled = await precompileGpuPrograms(config, dataset.classNames.length, () => makeBatch(train.slice(0, config.batchSize), batchSidePx, keepsMask, batchSidePx !== config.imageSizePx), (done, total) =>
      onEvent({ type: 'compiling', done, total }),
    );
    if (compiled) onEvent({ type: 'compiled', ...compiled });
    const runStart = now();
    // A run that diverges stops at once, never writing NaN into its history or its checkpoint.
    let firstLoss: number | null = null;
    const isCheckpointed = options.onCheckpoint !== undefined;
    let trainedImages = 0;
    let trainingSeconds = 0;
    let stoppedAfterEpoch: number | undefined;
    for (let epoch = (options.resume?.epoch ?? 0) + 1; epoch <= config.epochs; epoch++) {
      const epochStart = now();
      // Batch order and augmentation draws of an epoch come from the seed and the epoch alone, so a resumed run
      // replays them, and the SPN and baseline runs of one seed see the same batches.
      const random = createRandom(streamSeed(config.seed, `epoch ${epoch}`));
      const order = shuffled(train, random);
      const sums = { total: 0, cls: 0, loc: 0, images: 0, masked: 0 };
      const pending: Array<{ batch: number; images: number; masked: number }> = [];
      const report = async (): Promise<void> => {
        for (const [i, losses] of (await lossReader.flush()).entries()) {
          const step = pending[i]!;
          const diverged = divergenceError({ epoch, step: step.batch, loss: losses.total, firstLoss, learningRate: config.learningRate, isCheckpointed });
          if (diverged) throw diverged;
          firstLoss ??= losses.total;
          sums.total += losses.total * step.images;
          sums.cls += losses.classification * step.images;
          sums.loc += losses.localization * step.masked;
          onEvent({ type: 'batch', epoch, batch: step.batch, batchesPerEpoch, loss: losses.total, classificationLoss: losses.classification, localizationLoss: losses.localization, images: step.images });
        }
        pending.length = 0;
      };
      for (let b = 0; b < batchesPerEpoch; b++) {
        await yieldToEvents();
        throwIfAborted(signal);
        if (whilePaused) await whilePaused();
        throwIfAborted(signal);
        if (options.finishEarly?.aborted) {
          if (history.length === 0) throw new StudioError('cancelled', 'training was stopped before its first epoch finished, so there was nothing to keep');
          stoppedAfterEpoch = history.at(-1)!.epoch;
          break;
        }
        const chunk = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
        optimizer.setLearningRate(learningRateAt(config.learningRate, config.schedule, (epoch - 1) * batchesPerEpoch + b, config.epochs, batchesPerEpoch));
        const batch = makeBatch(chunk, batchSidePx, keepsMask, batchSidePx !== config.imageSizePx, swapsBackgrounds ? (pixels, masks, flags, side) => swapBackgrounds(pixels, masks, flags, side, random) : undefined);
        try {
          lossReader.push(trainStep(model, optimizer, variables, batch, config, random));
        } finally {
          disposeBatch(batch);
        }
        pending.push({ batch: b + 1, images: chunk.length, masked: batch.maskedCount });
        sums.images += chunk.length;
        sums.masked += batch.maskedCount;
        if (lossReader.isDue) await report();
      }
      if (stoppedAfterEpoch !== undefined) break;
      await report();
      trainedImages += sums.images;
      trainingSeconds += now() - epochStart;
      const validation = await evaluate(model, val, dataset.classNames, config);
      const diverged = divergenceError({ epoch, step: null, loss: validation.classificationLoss, firstLoss: null, learningRate: config.learningRate, isCheckpointed });
      if (diverged) throw diverged;
      const entry: HistoryEntry = {
        epoch,
        trainLoss: sums.total / sums.images,
        trainClsLoss: sums.cls / sums.images,
        trainLocLoss: model.spn && sums.masked > 0 ? sums.loc / sums.masked : null,
        valLoss: validation.classificationLoss,
        valLocLoss: validation.localizationLoss,
        valF1: validation.metrics.f1,
        valAccuracy: validation.metrics.accuracy,
        seconds: now() - epochStart,
      };
      history.push(entry);
      const isBest = isBetterEpoch(entry, best);
      if (isBest) {
        if (best) tf.dispose(best.weights);
        best = { epoch, f1: entry.valF1, classificationLoss: entry.valLoss, weights: snapshotWeights(model) };
      }
      onEvent({ type: 'epoch', entry, isBest });
      if (options.onCheckpoint) {
        const current = snapshotWeights(model);
        const weights = await readWeights(current);
        tf.dispose(current);
        const bestArrays = best && { epoch: best.epoch, f1: best.f1, classificationLoss: best.classificationLoss, weights: await readWeights(best.weights) };
        options.onCheckpoint({ epoch, history: [...history], weights, best: bestArrays, optimizer: await optimizer.readState() });
      }
    }
    if (best) restoreWeights(model, best.weights);
    const testEvaluation = await evaluate(model, test, dataset.classNames, config, { withSaliency: true });
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
        method: config.saliency.method,
        stage: config.saliency.stage,
        mapSidePx: saliencyMapSidePx(config.imageSizePx, config.saliency.stage),
      },
      history,
      bestEpoch: best?.epoch ?? 0,
      ...(stoppedAfterEpoch !== undefined ? { stoppedAfterEpoch } : {}),
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
    lossReader.dispose();
    optimizer.dispose();
  }
}
