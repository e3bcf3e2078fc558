// Finished Train-page runs are kept in IndexedDB like experiment runs: listed, opened on Explain, exported, deleted.
import { downloadFile } from '../browser/download';
import type { DatasetMeta } from '../browser/datasetDb';
import type { KeptRun } from '../browser/trainRunsDb';
import { deleteKeptRun, listKeptRuns, loadKeptRunBundle, saveKeptRun } from '../browser/trainRunsDb';
import type { RunResult } from '../core/train/trainingEvents';
import { toFailure } from './errorMessages';
import { openSavedRunOnExplain } from './openSavedRunOnExplain';
import { saveFinishedRun } from './saveFinishedRun';
import { useTrainingStore } from './stores/trainingStore';

export async function refreshKeptRuns(): Promise<void> {
  useTrainingStore.setState({ kept: await listKeptRuns() });
}

/** Keeps the run the worker just finished, with its model as a bundle; a full disk says so without losing the result on screen. */
export async function keepFinishedRun(result: RunResult, dataset: DatasetMeta): Promise<KeptRun | null> {
  try {
    const kept = await saveFinishedRun(result, dataset, `${dataset.name} ${result.config.method} seed ${result.seed}`, saveKeptRun);
    await refreshKeptRuns();
    return kept;
  } catch (error) {
    useTrainingStore.setState({ error: toFailure(error) });
    return null;
  }
}

export async function openKeptRun(run: KeptRun): Promise<void> {
  try {
    await openSavedRunOnExplain(run, 'train');
  } catch (error) {
    useTrainingStore.setState({ error: toFailure(error) });
  }
}

export async function downloadKeptRun(run: KeptRun, what: 'bundle' | 'json'): Promise<void> {
  const base = `${run.run.config.method}-seed${run.run.seed}-${run.savedAt.slice(0, 10)}`;
  if (what === 'json') downloadFile(`${base}.json`, JSON.stringify(run.run, null, 2), 'application/json');
  else downloadFile(`${base}.zip`, await loadKeptRunBundle(run.id), 'application/zip');
}

export async function removeKeptRun(run: KeptRun): Promise<void> {
  await deleteKeptRun(run.id);
  await refreshKeptRuns();
}
