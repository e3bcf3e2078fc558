import { create } from 'zustand';

import type { KeptRun } from '../../browser/trainRunsDb';
import type { SavedRun } from '../../browser/checkpointDb';
import type { HistoryEntry, RunResult } from '../../core/train/trainingEvents';
import type { Failure } from '../errorMessages';

/** Where the model the pages show came from, when it was not trained on the Train page just now. */
export interface SessionModelInfo {
  origin: 'train' | 'kept' | 'experiment' | 'lesson';
  /** In words: "Mask-guided, seed 1, from the shortcut lesson". */
  label: string;
  datasetName: string;
  /** The kept run that holds it, so it can be restored after other work replaced it in the worker. */
  keptId: string | null;
  /** The stored run it was opened from (a kept or an experiment run), for Explain's run picker. */
  savedId?: string;
}

export type TrainingPhase = 'idle' | 'preparing' | 'running' | 'paused' | 'finished' | 'cancelled' | 'failed';

export interface TrainingState {
  phase: TrainingPhase;
  /** Images decoded so far while a run is being prepared. */
  preparing: { done: number; total: number } | null;
  /** WebGPU: the run's programs compiled before its first step (seconds once done). */
  compile: { done: number; total: number; seconds: number | null } | null;
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  /** Losses of each batch so far, for the live chart between epochs. */
  batchLosses: { step: number; loss: number; classificationLoss: number; localizationLoss: number }[];
  /** When the first batch finished (ms, page clock) and how many images trained since, for images/s and ETA. */
  timing: { firstBatchAt: number; lastBatchAt: number; imagesSince: number; batchesSince: number } | null;
  history: HistoryEntry[];
  /** Live tensors in the worker after each epoch: flat when nothing leaks. */
  tensorsPerEpoch: number[];
  result: RunResult | null;
  /** The stored dataset the run trained on: Explain compares runs on the same one. */
  datasetId: string | null;
  /** What the session's model is and where it came from (null before any). */
  sessionModel: SessionModelInfo | null;
  /** A kept run being opened on Explain (loading its model and images takes seconds): what the page says meanwhile. */
  openingRun: string | null;
  /** Why a run ended without a result (stopped before an epoch finished, or discarded). */
  stopNote: string | null;
  error: Failure | null;
  /** A run that stopped before its end (reload, crash, lost GPU) and can be resumed from its last epoch. */
  interrupted: SavedRun | null;
  /** Finished runs kept in this browser, newest last: they survive a reload and open on Explain. */
  kept: KeptRun[];
}

export const initialTrainingState: Omit<TrainingState, 'interrupted' | 'kept'> = {
  phase: 'idle',
  preparing: null,
  compile: null,
  epoch: 0,
  epochs: 0,
  batch: 0,
  batchesPerEpoch: 0,
  batchLosses: [],
  timing: null,
  history: [],
  tensorsPerEpoch: [],
  result: null,
  datasetId: null,
  sessionModel: null,
  openingRun: null,
  stopNote: null,
  error: null,
};

export const useTrainingStore = create<TrainingState>(() => ({ ...initialTrainingState, interrupted: null, kept: [] }));
