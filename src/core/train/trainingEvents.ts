import type { ClassificationMetrics } from '../metrics/classification';
import type { TrainConfig } from './trainConfig';

export interface HistoryEntry {
  epoch: number;
  trainLoss: number;
  trainClsLoss: number;
  trainLocLoss: number;
  valLoss: number;
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
  bestEpoch: number;
  timing: { imagesPerSecond: number; totalSeconds: number };
  split: { train: number; val: number; test: number; maskedTrain: number };
}

/** What a training run reports while it runs, in order: started, then batches and epochs, then finished. */
export type TrainingEvent =
  | { type: 'started'; split: RunResult['split']; batchesPerEpoch: number }
  | { type: 'batch'; epoch: number; batch: number; batchesPerEpoch: number; loss: number; classificationLoss: number; localizationLoss: number; images: number }
  | { type: 'epoch'; entry: HistoryEntry; isBest: boolean }
  | { type: 'finished'; result: RunResult };
