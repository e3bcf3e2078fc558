// The session's model: the one Explain, Models and export use. Runs that pass through the worker (an experiment's,
// the lesson's) do not take its place: the model the user trained or opened comes back when they end.
import type { SavedExperimentRun } from '../browser/experimentsDb';
import { loadPixelDataset } from '../browser/loadPixelDataset';
import { loadKeptRunBundle } from '../browser/trainRunsDb';
import { batchesPerEpoch } from '../core/train/batchesPerEpoch';
import { METHOD_LABELS } from '../core/train/trainConfig';
import type { RunResult } from '../core/train/trainingEvents';
import { resetExplanations } from './stores/explainStore';
import { useDatasetStore } from './stores/datasetStore';
import type { SessionModelInfo } from './stores/trainingStore';
import { initialTrainingState, useTrainingStore } from './stores/trainingStore';
import { studioWorker } from './studioWorker';

/** "Mask-guided, seed 1" */
export const runLabel = (result: RunResult): string => `${METHOD_LABELS[result.config.method]}, seed ${result.seed}`;

/** The worker's trained model is now `result`'s (a kept run reopened, an experiment's): the pages show it, saying where it came from. */
export function showAsSessionModel(result: RunResult, datasetId: string, info: SessionModelInfo): void {
  const steps = batchesPerEpoch(result.split.train, result.config.batchSize);
  useTrainingStore.setState({
    ...initialTrainingState,
    phase: 'finished',
    result,
    history: result.history,
    // Epoch points of the loss chart sit where each epoch ended; the progress bar shows the epochs that ran.
    batchesPerEpoch: steps,
    epoch: result.history.length,
    batch: steps,
    epochs: result.history.length,
    datasetId,
    sessionModel: info,
  });
  resetExplanations(result.classNames);
}

/** Puts a saved run's model (a kept or an experiment run) in the worker with its dataset, showing nothing new. */
export async function restoreSavedRun(saved: SavedExperimentRun, loadBundle: (id: string) => Promise<Uint8Array>): Promise<void> {
  const meta = useDatasetStore.getState().datasets.find((d) => d.id === saved.datasetId);
  if (!meta) throw new Error(`the run's dataset (${saved.datasetName}) is no longer stored, so its images cannot be explained`);
  const pixels = await loadPixelDataset(meta, saved.run.config.imageSizePx, () => undefined);
  await studioWorker.restoreTrained(await loadBundle(saved.id), `${saved.datasetName}.zip`, saved.run.config, pixels);
}

/**
 * Runs work that trains or restores other models in the worker, then gives the session its own model back when that
 * one is kept in this browser. Returns whether it did: when not (none yet, or not kept), the caller shows its own.
 */
export async function keepingSessionModel(work: () => Promise<void>): Promise<boolean> {
  const before = useTrainingStore.getState();
  const keptId = before.result ? before.sessionModel?.keptId ?? null : null;
  let restored = false;
  try {
    await work();
  } finally {
    const kept = keptId ? useTrainingStore.getState().kept.find((k) => k.id === keptId) : undefined;
    restored = kept !== undefined && (await restoreSavedRun(kept, loadKeptRunBundle).then(() => true, () => false));
  }
  return restored;
}
