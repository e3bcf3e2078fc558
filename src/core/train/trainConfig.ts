import type { z } from 'zod';

import { DEFAULT_SALIENCY } from '../explain/saliencyMethods';
import type { ModelConfig } from '../model/modelConfig';
import { IMAGENET_NORMALIZATION } from '../model/normalizeImages';
import type { trainConfigSchema } from './trainConfigSchema';

/** Everything that defines a run; recorded in results.json and in bundles. Checked by trainConfigSchema. */
export type TrainConfig = z.output<typeof trainConfigSchema>;
export type Method = TrainConfig['method'];

/**
 * The classroom demo: tiny enough to train in a minute or two even on a software GPU, and 64 px so that
 * Grad-CAM has a 2×2 map that can point somewhere.
 */
export const QUICK_CONFIG: TrainConfig = {
  method: 'spn',
  backbone: 'resnet18',
  width: 1 / 16,
  imageSizePx: 64,
  spnBlocks: 4,
  epochs: 3,
  batchSize: 8,
  learningRate: 1e-3,
  schedule: { kind: 'constant', warmupEpochs: 0 },
  loss: 'bce',
  lambda: 1,
  labelRatio: 1,
  seed: 1,
  augment: true,
  pretrained: null,
  startFrom: null,
  normalization: IMAGENET_NORMALIZATION,
  guidance: { backgroundSwap: true, attentionWeight: 1 },
  saliency: DEFAULT_SALIENCY,
};

/**
 * The Train page's Classroom preset: the smallest model that learns the classroom shapes (ResNet18 at 1/8 width, the
 * 3-block SPN) in 10 epochs at 64 px, about 20 s on a 2-core laptop's WASM path; Grad-CAM on layer2 (8×8). Cosine decay
 * so that a short run ends at its best rather than at a large rate's last jump.
 */
export const CLASSROOM_CONFIG: TrainConfig = {
  ...QUICK_CONFIG,
  width: 1 / 8,
  spnBlocks: 3,
  epochs: 10,
  batchSize: 16,
  learningRate: 5e-3,
  schedule: { kind: 'cosine', warmupEpochs: 0 },
  augment: false,
  saliency: { method: 'grad-cam', stage: 'layer2' },
};

/** The report's settings with ResNet18 (Adam 1e-4, batch 16, 40 epochs, 224 px): needs a real GPU. */
export const REPORT_CONFIG: TrainConfig = {
  ...QUICK_CONFIG,
  backbone: 'resnet18',
  width: 1,
  imageSizePx: 224,
  epochs: 40,
  batchSize: 16,
  learningRate: 1e-4,
};

/** The model a run trains: its backbone, width, size and heads. */
export function modelConfigOf(config: TrainConfig, classCount: number): ModelConfig {
  return {
    backbone: config.backbone,
    width: config.width,
    imageSizePx: config.imageSizePx,
    classCount,
    spn: usesMasks(config.method) ? { blocks: config.spnBlocks } : null,
  };
}

/** Every method but the baseline learns from the masks (and has an SPN). */
export function usesMasks(method: Method): boolean {
  return method !== 'baseline';
}

export const METHOD_LABELS: Record<Method, string> = { baseline: 'Baseline', spn: 'SPN', guided: 'Mask-guided' };

/** The config as a run records it: a baseline uses no masks, so its label ratio is 0 (the report's notation). */
export function recordedConfig(config: TrainConfig): TrainConfig {
  return config.method === 'baseline' ? { ...config, labelRatio: 0 } : config;
}
