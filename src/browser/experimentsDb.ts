import { createStore, del, get, set, update } from 'idb-keyval';

import type { ExperimentRun, RunFailure } from '../core/experiments/summarizeRuns';

/** A finished experiment run: its results.json entry, where its data came from, and its model as a bundle. */
export interface SavedExperimentRun {
  id: string;
  datasetId: string;
  datasetName: string;
  savedAt: string;
  run: ExperimentRun;
}

const store = createStore('saliency-studio-experiments', 'runs');

export async function listExperimentRuns(): Promise<{ runs: SavedExperimentRun[]; failures: RunFailure[] }> {
  const [runs, failures] = await Promise.all([get('runs', store), get('failures', store)]);
  return { runs: (runs as SavedExperimentRun[] | undefined) ?? [], failures: (failures as RunFailure[] | undefined) ?? [] };
}

export async function saveExperimentRun(run: Omit<SavedExperimentRun, 'id' | 'savedAt'>, bundle: Uint8Array): Promise<SavedExperimentRun> {
  const saved: SavedExperimentRun = { ...run, id: `exp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`, savedAt: new Date().toISOString() };
  await set(`bundle:${saved.id}`, bundle, store);
  await update('runs', (list: SavedExperimentRun[] | undefined) => [...(list ?? []), saved], store);
  return saved;
}

export async function saveExperimentFailure(failure: RunFailure): Promise<void> {
  await update('failures', (list: RunFailure[] | undefined) => [...(list ?? []), failure], store);
}

export async function loadExperimentBundle(id: string): Promise<Uint8Array> {
  const bytes = (await get(`bundle:${id}`, store)) as Uint8Array | undefined;
  if (!bytes) throw new Error('this run’s model is no longer stored in this browser');
  return bytes;
}

export async function clearExperimentRuns(): Promise<void> {
  const { runs } = await listExperimentRuns();
  await Promise.all(runs.map((r) => del(`bundle:${r.id}`, store)));
  await Promise.all([del('runs', store), del('failures', store)]);
}
