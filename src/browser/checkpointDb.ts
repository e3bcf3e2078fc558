import { createStore, del, get, set } from 'idb-keyval';
import { z } from 'zod';

import type { Checkpoint } from '../core/train/checkpoint';
import { checkpointSchema, historyEntrySchema } from '../core/train/checkpoint';
import { trainConfigSchema } from '../core/train/trainConfigSchema';
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

const lengths = z.array(z.number().int().nonnegative());

/**
 * The record as stored: every array of the checkpoint packed into one Blob. IndexedDB copies a Blob's bytes off the
 * page's main thread, where hundreds of typed arrays would be serialized on it, stalling the page once an epoch.
 */
const storedRunSchema = savedRunSchema.omit({ checkpoint: true }).extend({
  checkpoint: z.object({
    epoch: z.number().int().positive(),
    history: z.array(historyEntrySchema),
    best: z.object({ epoch: z.number().int().positive(), f1: z.number(), classificationLoss: z.number() }).nullable(),
    optimizerStep: z.number().int().nonnegative(),
    lengths: z.object({ weights: lengths, best: lengths.nullable(), firstMoments: lengths, secondMoments: lengths }),
    floats: z.instanceof(Blob),
  }),
});
type StoredRun = z.infer<typeof storedRunSchema>;

const store = createStore('saliency-studio-runs', 'checkpoints');
const KEY = 'interrupted-run';

function packed(checkpoint: Checkpoint): StoredRun['checkpoint'] {
  const { weights, best, optimizer } = checkpoint;
  const arrays = [...weights, ...(best?.weights ?? []), ...optimizer.firstMoments, ...optimizer.secondMoments];
  const sizes = (list: readonly Float32Array[]): number[] => list.map((a) => a.length);
  return {
    epoch: checkpoint.epoch,
    history: checkpoint.history,
    best: best ? { epoch: best.epoch, f1: best.f1, classificationLoss: best.classificationLoss } : null,
    optimizerStep: optimizer.step,
    lengths: { weights: sizes(weights), best: best ? sizes(best.weights) : null, firstMoments: sizes(optimizer.firstMoments), secondMoments: sizes(optimizer.secondMoments) },
    floats: new Blob(arrays as Float32Array<ArrayBuffer>[]),
  };
}

async function unpacked(stored: StoredRun['checkpoint']): Promise<Checkpoint | null> {
  const { lengths: n } = stored;
  const total = [n.weights, n.best ?? [], n.firstMoments, n.secondMoments].flat().reduce((a, b) => a + b, 0);
  if (stored.floats.size !== total * 4) return null;
  const all = new Float32Array(await stored.floats.arrayBuffer());
  let at = 0;
  const take = (sizes: readonly number[]): Float32Array[] => sizes.map((size) => all.subarray(at, (at += size)));
  const weights = take(n.weights);
  const bestWeights = n.best ? take(n.best) : null;
  const firstMoments = take(n.firstMoments);
  const secondMoments = take(n.secondMoments);
  return {
    epoch: stored.epoch,
    history: stored.history,
    weights,
    best: stored.best && bestWeights ? { ...stored.best, weights: bestWeights } : null,
    optimizer: { step: stored.optimizerStep, firstMoments, secondMoments },
  };
}

/** Keeps the run's last epoch; a full disk rejects with a storage-full error and leaves the previous one in place. */
export async function saveRunCheckpoint(run: SavedRun): Promise<void> {
  const checkpoint = packed(run.checkpoint);
  try {
    await set(KEY, { ...run, checkpoint } satisfies StoredRun, store);
  } catch (error) {
    throw await storageFailure(error, `the checkpoint of epoch ${run.checkpoint.epoch}`, checkpoint.floats.size);
  }
}

/**
 * The interrupted run, if one is kept and it can still resume. A record of another shape (an older studio's, whose
 * checkpoints had no optimizer state) or with missing bytes cannot resume exactly: it is dropped rather than trusted.
 */
export async function loadRunCheckpoint(): Promise<SavedRun | null> {
  const stored = storedRunSchema.safeParse(await get(KEY, store));
  const checkpoint = stored.success ? await unpacked(stored.data.checkpoint) : null;
  const parsed = stored.success && checkpoint ? savedRunSchema.safeParse({ ...stored.data, checkpoint }) : null;
  if (parsed?.success) return parsed.data;
  await del(KEY, store);
  return null;
}

export async function clearRunCheckpoint(): Promise<void> {
  await del(KEY, store);
}
