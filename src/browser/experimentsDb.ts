import { createStore, del, get, update } from 'idb-keyval';
import { z } from 'zod';

import { runResultSchema } from '../core/train/runResultSchema';
import { trainConfigSchema } from '../core/train/trainConfigSchema';
import { storageFailure } from './storageFailure';
import { storedWithBytes } from './storedWithBytes';

/** A finished experiment run: its results.json entry, where its data came from, and its model as a bundle. */
export const savedExperimentRunSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  datasetName: z.string(),
  savedAt: z.string(),
  run: runResultSchema.extend({ backend: z.string(), adapter: z.string() }),
});
export type SavedExperimentRun = z.infer<typeof savedExperimentRunSchema>;

const runFailureSchema = z.object({ config: trainConfigSchema, seed: z.number(), error: z.string() });
export type StoredRunFailure = z.infer<typeof runFailureSchema>;

const store = createStore('saliency-studio-experiments', 'runs');
const runs = storedWithBytes(store, savedExperimentRunSchema, { list: 'runs', bytesPrefix: 'bundle:', idPrefix: 'exp', what: 'the finished run' });

export async function listExperimentRuns(): Promise<{ runs: SavedExperimentRun[]; failures: StoredRunFailure[] }> {
  const [saved, failures] = await Promise.all([runs.list(), get('failures', store)]);
  const parsed = z.array(runFailureSchema).safeParse(failures ?? []);
  return { runs: saved, failures: parsed.success ? parsed.data : [] };
}

export const saveExperimentRun = runs.save;
export const deleteExperimentRun = runs.remove;

export async function saveExperimentFailure(failure: StoredRunFailure): Promise<void> {
  try {
    await update('failures', (list: unknown[] | undefined) => [...(list ?? []), failure], store);
  } catch (error) {
    throw await storageFailure(error, 'the record of a failed run', JSON.stringify(failure).length);
  }
}

export async function loadExperimentBundle(id: string): Promise<Uint8Array> {
  return runs.loadBytes(id, 'this run’s model is no longer stored in this browser');
}

export async function clearExperimentRuns(): Promise<void> {
  await runs.clear();
  await del('failures', store);
}
