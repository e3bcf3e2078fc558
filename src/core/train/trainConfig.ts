import type { BackboneName, ModelConfig } from '../model/modelConfig';
import type { Normalization } from '../model/normalizeImages';
import { IMAGENET_NORMALIZATION } from '../model/normalizeImages';
import type { LocalizationLossKind } from './losses';

export type Method = 'spn' | 'baseline';

/** Everything that defines a run; recorded in results.json and in bundles. */
export interface TrainConfig {
  method: Method;
  backbone: BackboneName;
  width: number;
  imageSizePx: number;
  spnBlocks: 3 | 4;
  epochs: number;
  batchSize: number;
  learningRate: number;
  loss: LocalizationLossKind;
  lambda: number;
  labelRatio: number;
  seed: number;
  augment: boolean;
  /** File name of the torchvision/timm .safetensors the F-Net started from, or null for random initialization. */
  pretrained: string | null;
  /** A saved model (bundle) whose F-Net, and optionally SPN, this run starts from (fine-tuning); its C-Net is new. */
  startFrom: { bundleId: string; bundleName: string; spn: boolean } | null;
  /** Per-channel mean and std applied to pixels in [0, 1]; ImageNet's by default, as pretrained weights expect. */
  normalization: Normalization;
}

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
  loss: 'bce',
  lambda: 1,
  labelRatio: 1,
  seed: 1,
  augment: true,
  pretrained: null,
  startFrom: null,
  normalization: IMAGENET_NORMALIZATION,
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
    spn: config.method === 'spn' ? { blocks: config.spnBlocks } : null,
  };
}

/** The config as a run records it: a baseline uses no masks, so its label ratio is 0 (the report's notation). */
export function recordedConfig(config: TrainConfig): TrainConfig {
  return config.method === 'baseline' ? { ...config, labelRatio: 0 } : config;
}
