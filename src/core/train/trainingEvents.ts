import type { ClassificationMetrics } from '../metrics/classification';
import type { TrainConfig } from './trainConfig';

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
  saliency: { spnIoU: number | null; spnDice: number | null; camEnergyInMask: number | null; camPointingGame: number | null; maskedTestImages: number };
  history: HistoryEntry[];
  /** The epoch whose weights were tested: the best validation macro-F1, ties to the lower validation loss. */
  bestEpoch: number;
  timing: { imagesPerSecond: number; totalSeconds: number };
  /** Image counts per split, and which images were tested (so two runs can be checked for the same split). */
  split: { train: number; val: number; test: number; maskedTrain: number; testIds: string[] };
}

/** What a training run reports while it runs, in order: started, then batches and epochs, then finished. */
export type TrainingEvent =
  | { type: 'started'; split: RunResult['split']; batchesPerEpoch: number }
  | { type: 'batch'; epoch: number; batch: number; batchesPerEpoch: number; loss: number; classificationLoss: number; localizationLoss: number; images: number }
  | { type: 'epoch'; entry: HistoryEntry; isBest: boolean }
  | { type: 'finished'; result: RunResult };
