import { create } from 'zustand';

import type { SavedExperimentRun } from '../../browser/experimentsDb';
import type { GridText } from '../../core/experiments/experimentGrid';
import { DEFAULT_GRID_TEXT } from '../../core/experiments/experimentGrid';
import type { RunFailure } from '../../core/experiments/summarizeRuns';
import type { Method, TrainConfig } from '../../core/train/trainConfig';
import { QUICK_CONFIG } from '../../core/train/trainConfig';
import type { Failure } from '../errorMessages';

/** The settings every run of a grid shares. */
export type SharedSettings = Pick<TrainConfig, 'width' | 'imageSizePx' | 'epochs' | 'batchSize' | 'learningRate' | 'schedule' | 'lambda' | 'spnBlocks' | 'augment' | 'saliency' | 'guidance' | 'normalization'>;

/** One test image of the lesson's picture: its explanation by the baseline and by the best mask-trained model. */
export interface LessonRow {
  id: string;
  label: number;
  /** The background it sits on, which in training belonged to another class. */
  background: string;
  pixels: Uint8Array;
  mask: Uint8Array | null;
  baseline: { saliency: Uint8Array; predicted: number; probabilities: number[] };
  best: { saliency: Uint8Array; spn: Uint8Array | null; predicted: number; probabilities: number[] };
}

/** The lesson's picture for one seed, built from the saved runs of the lesson's dataset. */
export interface LessonPicture {
  datasetId: string;
  phase: 'building' | 'ready' | 'failed';
  seed: number;
  bestMethod: Method;
  classNames: string[];
  sizePx: number;
  rows: LessonRow[];
  error: Failure | null;
}

export interface QueuedRun {
  config: TrainConfig;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  error?: string;
  seconds?: number;
}

export interface ExperimentState {
  gridText: GridText;
  settings: SharedSettings;
  datasetId: string | null;
  phase: 'idle' | 'running' | 'finished' | 'cancelled';
  queue: QueuedRun[];
  current: number;
  /** The shortcut lesson's picture, when one has been built. */
  lesson: LessonPicture | null;
  /** The seeds the one-click lesson runs. */
  lessonSeeds: string;
  /** Where the run in progress is. */
  progress: { epoch: number; batch: number; batchesPerEpoch: number; firstStepAt: number; lastStepAt: number } | null;
  /** Finished runs, kept in IndexedDB across reloads. */
  saved: SavedExperimentRun[];
  failures: RunFailure[];
  error: Failure | null;
}

export const useExperimentStore = create<ExperimentState>(() => ({
  gridText: { ...DEFAULT_GRID_TEXT, seeds: '1,2' },
  settings: {
    width: QUICK_CONFIG.width,
    imageSizePx: QUICK_CONFIG.imageSizePx,
    epochs: QUICK_CONFIG.epochs,
    batchSize: QUICK_CONFIG.batchSize,
    learningRate: QUICK_CONFIG.learningRate,
    schedule: QUICK_CONFIG.schedule,
    lambda: QUICK_CONFIG.lambda,
    spnBlocks: QUICK_CONFIG.spnBlocks,
    augment: QUICK_CONFIG.augment,
    saliency: QUICK_CONFIG.saliency,
    guidance: QUICK_CONFIG.guidance,
    normalization: QUICK_CONFIG.normalization,
  },
  datasetId: null,
  phase: 'idle',
  queue: [],
  current: 0,
  progress: null,
  lesson: null,
  lessonSeeds: '1,2',
  saved: [],
  failures: [],
  error: null,
}));
