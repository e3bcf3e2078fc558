import { create } from 'zustand';

import type { SavedExperimentRun } from '../../browser/experimentsDb';
import type { GridText } from '../../core/experiments/experimentGrid';
import { DEFAULT_GRID_TEXT } from '../../core/experiments/experimentGrid';
import type { RunFailure } from '../../core/experiments/summarizeRuns';
import type { TrainConfig } from '../../core/train/trainConfig';
import { QUICK_CONFIG } from '../../core/train/trainConfig';

/** The settings every run of a grid shares. */
export type SharedSettings = Pick<TrainConfig, 'width' | 'imageSizePx' | 'epochs' | 'batchSize' | 'learningRate' | 'lambda'>;

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
  /** Finished runs, kept in IndexedDB across reloads. */
  saved: SavedExperimentRun[];
  failures: RunFailure[];
  error: string | null;
}

export const useExperimentStore = create<ExperimentState>(() => ({
  gridText: { ...DEFAULT_GRID_TEXT, seeds: '1,2' },
  settings: { width: QUICK_CONFIG.width, imageSizePx: QUICK_CONFIG.imageSizePx, epochs: QUICK_CONFIG.epochs, batchSize: QUICK_CONFIG.batchSize, learningRate: QUICK_CONFIG.learningRate, lambda: QUICK_CONFIG.lambda },
  datasetId: null,
  phase: 'idle',
  queue: [],
  current: 0,
  saved: [],
  failures: [],
  error: null,
}));
