import type { SavedExperimentRun } from '../browser/experimentsDb';
import { loadPixelDataset } from '../browser/loadPixelDataset';
import { useDatasetStore } from './stores/datasetStore';
import { studioWorker } from './studioWorker';
import type { SessionModelInfo } from './stores/trainingStore';
import { useTrainingStore } from './stores/trainingStore';
import { runLabel, showAsSessionModel } from './sessionModelActions';

/** Makes a kept run (an experiment's or the Train page's) the session's model again and shows it on Explain. */
export async function openSavedRunOnExplain(saved: SavedExperimentRun, loadBundle: (id: string) => Promise<Uint8Array>, source: { origin: SessionModelInfo['origin']; keptId: string | null; from: string }): Promise<void> {
  const meta = useDatasetStore.getState().datasets.find((d) => d.id === saved.datasetId);
  if (!meta) throw new Error(`the run's dataset (${saved.datasetName}) is no longer stored, so its images cannot be explained`);
  const config = saved.run.config;
  useTrainingStore.setState({ openingRun: `Opening ${runLabel(saved.run)} on ${saved.datasetName}: loading its model and decoding its images…` });
  try {
    const pixels = await loadPixelDataset(meta, config.imageSizePx, () => undefined);
    await studioWorker.restoreTrained(await loadBundle(saved.id), `${saved.datasetName}.zip`, config, pixels);
  } finally {
    useTrainingStore.setState({ openingRun: null });
  }
  showAsSessionModel(saved.run, saved.datasetId, { origin: source.origin, label: `${runLabel(saved.run)}, ${source.from}`, datasetName: saved.datasetName, keptId: source.keptId });
  window.location.hash = '#/explain';
}
