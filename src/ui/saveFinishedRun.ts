import type { DatasetMeta } from '../browser/datasetDb';
import type { SavedExperimentRun } from '../browser/experimentsDb';
import type { RunResult } from '../core/train/trainingEvents';
import { useBackendStore } from './stores/backendStore';
import { studioWorker } from './studioWorker';

/**
 * Keeps the run the worker just finished (an experiment's or the Train page's): its model exported as a bundle
 * named `name`, and its record with the backend and adapter it ran on, stored by `save`.
 */
export async function saveFinishedRun(
  result: RunResult,
  dataset: DatasetMeta,
  name: string,
  save: (entry: Omit<SavedExperimentRun, 'id' | 'savedAt'>, bytes: Uint8Array) => Promise<SavedExperimentRun>,
): Promise<SavedExperimentRun> {
  const status = useBackendStore.getState().status;
  const adapter = status?.adapter ? `${status.adapter.vendor} ${status.adapter.architecture}`.trim() || status.adapter.description : 'none';
  const { bytes } = await studioWorker.exportBundle({ name, test: result.test, saliency: result.saliency, dataset: null });
  return save({ datasetId: dataset.id, datasetName: dataset.name, run: { ...result, backend: status?.backend ?? 'unknown', adapter } }, bytes);
}
