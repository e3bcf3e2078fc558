import { createStore, del, get, set } from 'idb-keyval';

import type { TrainConfig } from '../core/train/trainConfig';
import type { Checkpoint } from '../core/train/checkpoint';

/** The last epoch of a run that has not finished, so a reload, crash or lost GPU loses at most one epoch. */
export interface SavedRun {
  runId: string;
  config: TrainConfig;
  datasetId: string;
  datasetName: string;
  checkpoint: Checkpoint;
  savedAt: string;
}

const store = createStore('saliency-studio-runs', 'checkpoints');
const KEY = 'interrupted-run';

export async function saveRunCheckpoint(run: SavedRun): Promise<void> {
  await set(KEY, run, store);
}

export async function loadRunCheckpoint(): Promise<SavedRun | null> {
  const saved: unknown = await get(KEY, store);
  // A checkpoint without Adam's moments comes from a studio before seeded, exactly resumable runs: it cannot resume.
  if (typeof saved !== 'object' || saved === null || !('checkpoint' in saved) || !('config' in saved)) return null;
  if (typeof saved.checkpoint !== 'object' || saved.checkpoint === null || !('optimizer' in saved.checkpoint)) return null;
  return saved as SavedRun;
}

export async function clearRunCheckpoint(): Promise<void> {
  await del(KEY, store);
}
