// After a reload the session has no model in the worker, though its finished runs are kept: Explain shows the newest
// of them (a Train-page run or an experiment's) and explains its images, as if the user had opened it.
import { listDatasets } from '../browser/datasetDb';
import { listExperimentRuns } from '../browser/experimentsDb';
import { listKeptRuns } from '../browser/trainRunsDb';
import { explainAll } from './explainActions';
import type { SavedRunChoice } from './openSavedRunOnExplain';
import { openSavedRunOnExplain } from './openSavedRunOnExplain';
import { refreshDatasets } from './stores/datasetStore';
import { useTrainingStore } from './stores/trainingStore';

/** Every finished run kept in this browser whose dataset is still stored, newest first. */
export async function listOpenableRuns(): Promise<SavedRunChoice[]> {
  const [datasets, kept, experiments] = await Promise.all([listDatasets(), listKeptRuns(), listExperimentRuns()]);
  const stored = new Set(datasets.map((d) => d.id));
  return [...kept.map((saved) => ({ saved, kind: 'train' as const })), ...experiments.runs.map((saved) => ({ saved, kind: 'experiment' as const }))]
    .filter((c) => stored.has(c.saved.datasetId))
    .sort((a, b) => b.saved.savedAt.localeCompare(a.saved.savedAt));
}

/** Opens a kept run as the session's model and explains every image of it, from the Explain page. */
export async function openAndExplain({ saved, kind }: SavedRunChoice): Promise<void> {
  await openSavedRunOnExplain(saved, kind, { stay: true });
  await explainAll();
}

let reopening: Promise<boolean> | null = null;

/**
 * Opens the newest kept run when the session has no model; resolves whether there was one. One at a time: the page
 * mounting twice (or twice quickly) opens it once.
 */
export function reopenLatestRun(): Promise<boolean> {
  reopening ??= (async () => {
    // Opening a run decodes its dataset from the page's list, which a page opened straight on Explain has not loaded.
    await refreshDatasets();
    const [newest] = await listOpenableRuns();
    if (!newest) return false;
    // A run the user opened or trained meanwhile wins.
    if (!useTrainingStore.getState().result) await openAndExplain(newest);
    return true;
  })().finally(() => {
    reopening = null;
  });
  return reopening;
}
