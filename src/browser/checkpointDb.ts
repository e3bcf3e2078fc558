import { createStore, del, get, set } from 'idb-keyval';
import { z } from 'zod';

import { checkpointSchema } from '../core/train/checkpoint';
import { trainConfigSchema } from '../core/train/trainConfigSchema';
import { packedCheckpointSchema, unpackCheckpoint } from './packedCheckpoint';
import { storageFailure } from './storageFailure';

/** The last epoch of a run that has not finished, so a reload, crash or lost GPU loses at most one epoch. */
const savedRunSchema = z.object({
  config: trainConfigSchema,
  datasetId: z.string(),
  datasetName: z.string(),
  checkpoint: checkpointSchema,
  savedAt: z.string(),
});
export type SavedRun = z.infer<typeof savedRunSchema>;

/** The record as stored: the checkpoint as the worker packed it (see PackedCheckpoint). */
const storedRunSchema = savedRunSchema.omit({ checkpoint: true }).extend({ checkpoint: packedCheckpointSchema });
export type StoredRun = z.infer<typeof storedRunSchema>;

const store = createStore('saliency-studio-runs', 'checkpoints');
const KEY = 'interrupted-run';

/** Keeps the run's last epoch; a full disk rejects with a storage-full error and leaves the previous one in place. */
export async function saveRunCheckpoint(run: StoredRun): Promise<void> {
  try {
    await set(KEY, run, store);
  } catch (error) {
    throw await storageFailure(error, `the checkpoint of epoch ${run.checkpoint.epoch}`, run.checkpoint.floats.size);
  }
}

/**
 * The interrupted run, if one is kept and it can still resume. A record of another shape (an older studio's, whose
 * checkpoints had no optimizer state) or with missing bytes cannot resume exactly: it is dropped rather than trusted.
 */
export async function loadRunCheckpoint(): Promise<SavedRun | null> {
  const stored = storedRunSchema.safeParse(await get(KEY, store));
  const checkpoint = stored.success ? await unpackCheckpoint(stored.data.checkpoint) : null;
  const parsed = stored.success && checkpoint ? savedRunSchema.safeParse({ ...stored.data, checkpoint }) : null;
  if (parsed?.success) return parsed.data;
  await del(KEY, store);
  return null;
}

export async function clearRunCheckpoint(): Promise<void> {
  await del(KEY, store);
}
