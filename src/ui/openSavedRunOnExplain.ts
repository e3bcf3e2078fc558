import type { SavedExperimentRun } from '../browser/experimentsDb';
import { loadExperimentBundle } from '../browser/experimentsDb';
import { loadKeptRunBundle } from '../browser/trainRunsDb';
import { useTrainingStore } from './stores/trainingStore';
import { restoreSavedRun, runLabel, showAsSessionModel } from './sessionModelActions';

/** Where a saved run is kept: a finished Train-page run, or an experiment's. */
export type SavedRunKind = 'train' | 'experiment';

/** A saved run and where it is kept. */
export interface SavedRunChoice {
  saved: SavedExperimentRun;
  kind: SavedRunKind;
}

const SOURCES = {
  train: { origin: 'kept', from: 'kept on the Train page', loadBundle: loadKeptRunBundle },
  experiment: { origin: 'experiment', from: 'an experiment run', loadBundle: loadExperimentBundle },
} as const;

/** The saved run's model, as a bundle's bytes. */
export function loadSavedRunBundle({ saved, kind }: SavedRunChoice): Promise<Uint8Array> {
  return SOURCES[kind].loadBundle(saved.id);
}

/**
 * Makes a kept run (an experiment's or the Train page's) the session's model again and shows it on Explain (going
 * there unless `stay`: Explain's own picker and its reopening after a reload must not pull a user back who left).
 */
export async function openSavedRunOnExplain(saved: SavedExperimentRun, kind: SavedRunKind, { stay = false }: { stay?: boolean } = {}): Promise<void> {
  const source = SOURCES[kind];
  useTrainingStore.setState({ openingRun: `Opening ${runLabel(saved.run)} on ${saved.datasetName}: loading its model and decoding its images…` });
  try {
    await restoreSavedRun(saved, source.loadBundle);
  } finally {
    useTrainingStore.setState({ openingRun: null });
  }
  showAsSessionModel(saved.run, saved.datasetId, { origin: source.origin, label: `${runLabel(saved.run)}, ${source.from}`, datasetName: saved.datasetName, keptId: kind === 'train' ? saved.id : null, savedId: saved.id });
  if (!stay) window.location.hash = '#/explain';
}
