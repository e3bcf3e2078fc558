// The models a worker session holds between requests: the last trained run's (for Explain, export and
// predictions) and the bundle opened last (for predictions), and how bundles become models.
import type { StudioJson } from '../core/bundle/bundleSchema';
import { loadBundleModel, readBundle } from '../core/bundle/readBundle';
import type { PixelDataset, SplitName } from '../core/data/datasetTypes';
import { splitDataset } from '../core/data/splitDataset';
import { StudioError } from '../core/errors';
import type { SaliencyChoice } from '../core/explain/saliencyMethods';
import type { StudioModel } from '../core/model/buildModel';
import { buildStudioModel, disposeStudioModel } from '../core/model/buildModel';
import type { InputSpec } from '../core/model/normalizeImages';
import { transferWeights } from '../core/model/transferWeights';
import type { TrainConfig } from '../core/train/trainConfig';
import { modelConfigOf } from '../core/train/trainConfig';
import { parseTrainConfig } from '../core/train/trainConfigSchema';
import type { ModelSource, StartFrom } from './protocol';

export interface Trained {
  model: StudioModel;
  dataset: PixelDataset;
  config: TrainConfig;
  splits: SplitName[];
}
// The last finished run's model stays here for the Explain page until the next run replaces it.
let lastTrained: Trained | null = null;
// The bundle opened last, for predictions; opening another replaces it.
let opened: { model: StudioModel; studio: StudioJson } | null = null;

export function requireTrained(): Trained {
  if (!lastTrained) throw new StudioError('bad-config', 'there is no trained model in this session yet: train one first');
  return lastTrained;
}

/** Makes `model` the session's trained model (for Explain, export and predictions), disposing the one it replaces. */
export function setLastTrained(model: StudioModel, dataset: PixelDataset, config: TrainConfig): void {
  if (lastTrained) disposeStudioModel(lastTrained.model);
  lastTrained = { model, dataset, config, splits: splitDataset(dataset.samples, config.seed) };
}

/** Checks a bundle in full, then loads it; the caller owns the model. */
export async function loadBundle(bytes: ArrayBuffer, file: string): Promise<{ model: StudioModel; studio: StudioJson }> {
  const parsed = await readBundle(new Uint8Array(bytes), file);
  return { model: await loadBundleModel(parsed, file), studio: parsed.studio };
}

/** Makes `bundle` the one predictions use, disposing the one it replaces. */
export function replaceOpenedBundle(bundle: { model: StudioModel; studio: StudioJson }): void {
  if (opened) disposeStudioModel(opened.model);
  opened = bundle;
}

/** A fresh model for this run's classes whose F-Net (and optionally SPN) come from a bundle. */
export async function modelStartingFrom(startFrom: StartFrom, config: TrainConfig, classCount: number): Promise<StudioModel> {
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

/** The model that answers predictions, with what it takes and how it explains. */
export function modelFor(source: ModelSource): { model: StudioModel; input: InputSpec; saliency: SaliencyChoice } {
  if (source === 'trained') {
    const { model, config } = requireTrained();
    return { model, input: config, saliency: config.saliency };
  }
  if (!opened) throw new StudioError('bad-bundle', 'no bundle is open: open one on the Models page first');
  const { studio } = opened;
  // Bundles record how their run was explained; one from before the saliency choice used Grad-CAM on layer4.
  const config = parseTrainConfig(studio.trainConfig, 'studio.json › trainConfig');
  return { model: opened.model, input: { imageSizePx: studio.inputSizePx, normalization: studio.normalization }, saliency: config.saliency };
}
