import type { ClassificationMetrics } from '../metrics/classification';
import type { SaliencyMethodName } from '../explain/saliencyMethods';
import type { FnetStage } from '../model/resnet';
import type { TrainConfig } from './trainConfig';

export interface SaliencyResult {
  spnIoU: number | null;
  spnDice: number | null;
  camEnergyInMask: number | null;
  camPointingGame: number | null;
  maskedTestImages: number;
  method: SaliencyMethodName;
  stage: FnetStage;
  /** The map's side before upsampling; absent in runs stored before it was recorded. */
  mapSidePx?: number | undefined;
}

export interface HistoryEntry {
  epoch: number;
  /** Mean total loss (L_cls + λ·L_loc) per training image. */
  trainLoss: number;
  /** Mean cross-entropy per training image. */
  trainClsLoss: number;
  /** Mean localization loss per training image with a mask; null for the baseline or an epoch without masks. */
  trainLocLoss: number | null;
  /** Validation cross-entropy (the classification loss only, as the PyTorch reference reports it). */
  valLoss: number;
  /** Validation localization loss over the validation images with a mask; null for the baseline. */
  valLocLoss: number | null;
  valF1: number;
  valAccuracy: number;
  seconds: number;
}

export interface RunResult {
  config: TrainConfig;
  classNames: string[];
  seed: number;
  test: ClassificationMetrics;
  /**
   * Test-set saliency: SPN IoU and Dice, the saliency map's energy inside the object and pointing game (the
   * contract keeps their Grad-CAM names), which method and F-Net stage made the map, and the map's side before
   * upsampling.
   */
  saliency: SaliencyResult;
  history: HistoryEntry[];
  /** The epoch whose weights were tested: the best validation macro-F1, ties to the lower validation loss. */
  bestEpoch: number;
  /** Set when the user stopped the run: the last epoch that finished (the best of those was tested). */
  stoppedAfterEpoch?: number | undefined;
  timing: { imagesPerSecond: number; totalSeconds: number };
  /** Image counts per split, and which images were tested (so two runs can be checked for the same split). */
  split: { train: number; val: number; test: number; maskedTrain: number; testIds: string[] };
}

/** What a training run reports while it runs, in order: started, then batches and epochs, then finished. */
export type TrainingEvent =
  | { type: 'started'; split: RunResult['split']; batchesPerEpoch: number }
  /** WebGPU only, before the first step: pipelines compiled so far of those the step needs. */
  | { type: 'compiling'; done: number; total: number }
  | { type: 'compiled'; programs: number; seconds: number }
  | { type: 'batch'; epoch: number; batch: number; batchesPerEpoch: number; loss: number; classificationLoss: number; localizationLoss: number; images: number }
  | { type: 'epoch'; entry: HistoryEntry; isBest: boolean }
  | { type: 'finished'; result: RunResult };
