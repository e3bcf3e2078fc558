import type { SavedExperimentRun } from '../browser/experimentsDb';
import type { SessionModelInfo } from './stores/trainingStore';
import { useTrainingStore } from './stores/trainingStore';
import { restoreSavedRun, runLabel, showAsSessionModel } from './sessionModelActions';

/** Makes a kept run (an experiment's or the Train page's) the session's model again and shows it on Explain. */
export async function openSavedRunOnExplain(saved: SavedExperimentRun, loadBundle: (id: string) => Promise<Uint8Array>, source: { origin: SessionModelInfo['origin']; keptId: string | null; from: string }): Promise<void> {
  useTrainingStore.setState({ openingRun: `Opening ${runLabel(saved.run)} on ${saved.datasetName}: loading its model and decoding its images…` });
  try {
    await restoreSavedRun(saved, loadBundle);
  } finally {
    useTrainingStore.setState({ openingRun: null });
  }
  showAsSessionModel(saved.run, saved.datasetId, { origin: source.origin, label: `${runLabel(saved.run)}, ${source.from}`, datasetName: saved.datasetName, keptId: source.keptId });
  window.location.hash = '#/explain';
}
