import type { SavedExperimentRun } from '../browser/experimentsDb';
import { loadPixelDataset } from '../browser/loadPixelDataset';
import { useDatasetStore } from './stores/datasetStore';
import { studioWorker } from './studioWorker';
import { showAsSessionModel } from './trainingActions';

/** Makes a kept run (an experiment's or the Train page's) the session's model again and shows it on Explain. */
export async function openSavedRunOnExplain(saved: SavedExperimentRun, loadBundle: (id: string) => Promise<Uint8Array>): Promise<void> {
  const meta = useDatasetStore.getState().datasets.find((d) => d.id === saved.datasetId);
  if (!meta) throw new Error(`the run's dataset (${saved.datasetName}) is no longer stored, so its images cannot be explained`);
  const config = saved.run.config;
  const pixels = await loadPixelDataset(meta, config.imageSizePx, () => undefined);
  await studioWorker.restoreTrained(await loadBundle(saved.id), `${saved.datasetName}.zip`, config, pixels);
  showAsSessionModel(saved.run, saved.datasetId);
  window.location.hash = '#/explain';
}
