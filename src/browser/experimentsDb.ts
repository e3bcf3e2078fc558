import { createStore, del, get, update } from 'idb-keyval';

import type { ExperimentRun, RunFailure } from '../core/experiments/summarizeRuns';
import { storedWithBytes } from './storedWithBytes';

/** A finished experiment run: its results.json entry, where its data came from, and its model as a bundle. */
export interface SavedExperimentRun {
  id: string;
  datasetId: string;
  datasetName: string;
  savedAt: string;
  run: ExperimentRun;
}

const store = createStore('saliency-studio-experiments', 'runs');
const runs = storedWithBytes<SavedExperimentRun>(store, { list: 'runs', bytesPrefix: 'bundle:', idPrefix: 'exp' });

export async function listExperimentRuns(): Promise<{ runs: SavedExperimentRun[]; failures: RunFailure[] }> {
  const [saved, failures] = await Promise.all([runs.list(), get('failures', store)]);
  return { runs: saved, failures: (failures as RunFailure[] | undefined) ?? [] };
}

export const saveExperimentRun = runs.save;

export async function saveExperimentFailure(failure: RunFailure): Promise<void> {
  await update('failures', (list: RunFailure[] | undefined) => [...(list ?? []), failure], store);
}

export async function loadExperimentBundle(id: string): Promise<Uint8Array> {
  return runs.loadBytes(id, 'this run’s model is no longer stored in this browser');
}

export async function clearExperimentRuns(): Promise<void> {
  await runs.clear();
  await del('failures', store);
}
