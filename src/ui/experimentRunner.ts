// Runs an experiment grid one run after another through the same worker training as the Train page,
// saving each finished run (results and model) before starting the next.
import { clearExperimentRuns, listExperimentRuns, loadExperimentBundle, saveExperimentFailure, saveExperimentRun } from '../browser/experimentsDb';
import type { SavedExperimentRun } from '../browser/experimentsDb';
import { loadPixelDataset } from '../browser/loadPixelDataset';
import type { PixelDataset } from '../core/data/datasetTypes';
import { expandGrid, parseGrid } from '../core/experiments/experimentGrid';
import type { TrainConfig } from '../core/train/trainConfig';
import { QUICK_CONFIG } from '../core/train/trainConfig';
import type { RunResult } from '../core/train/trainingEvents';
import { cancelRun, exportTrainedBundle, restoreTrainedModel, startRun } from '../worker/trainingClient';
import { useBackendStore } from './stores/backendStore';
import { useDatasetStore } from './stores/datasetStore';
import { useExperimentStore } from './stores/experimentStore';
import { resetExplanations } from './stores/explainStore';
import { initialTrainingState, useTrainingStore } from './stores/trainingStore';

let stopRequested = false;

export async function refreshExperimentRuns(): Promise<void> {
  useExperimentStore.setState(await listExperimentRuns().then(({ runs, failures }) => ({ saved: runs, failures })));
}

/** The grid's runs, or the reason the grid is not valid. */
export function plannedRuns(): { configs: TrainConfig[]; error: string | null } {
  const { gridText, settings } = useExperimentStore.getState();
  try {
    return { configs: expandGrid({ ...QUICK_CONFIG, ...settings, pretrained: null, startFrom: null }, parseGrid(gridText)), error: null };
  } catch (error) {
    return { configs: [], error: (error as Error).message };
  }
}

function waitForRunEnd(runId: string): Promise<{ phase: 'finished' | 'failed' | 'cancelled'; result: RunResult | null; error: string | null }> {
  return new Promise((resolve) => {
    const check = (s: ReturnType<typeof useTrainingStore.getState>): boolean => {
      if (s.runId !== runId || (s.phase !== 'finished' && s.phase !== 'failed' && s.phase !== 'cancelled')) return false;
      resolve({ phase: s.phase, result: s.result, error: s.error });
      return true;
    };
    if (check(useTrainingStore.getState())) return;
    const unsubscribe = useTrainingStore.subscribe((s) => check(s) && unsubscribe());
  });
}

const setRun = (index: number, patch: Partial<ReturnType<typeof useExperimentStore.getState>['queue'][number]>): void =>
  useExperimentStore.setState((s) => ({ queue: s.queue.map((q, i) => (i === index ? { ...q, ...patch } : q)) }));

/** Runs every cell × seed of the grid on the chosen dataset; a failed run is recorded and the rest go on. */
export async function runExperiment(pretrained: File | null): Promise<void> {
  const { configs, error } = plannedRuns();
  const { datasetId } = useExperimentStore.getState();
  const meta = useDatasetStore.getState().datasets.find((d) => d.id === datasetId);
  if (error || !meta) {
    useExperimentStore.setState({ error: error ?? 'Choose a dataset first (add one on the Data page).' });
    return;
  }
  stopRequested = false;
  const withWeights = configs.map((c) => ({ ...c, pretrained: pretrained?.name ?? null }));
  useExperimentStore.setState({ phase: 'running', error: null, current: 0, queue: withWeights.map((config) => ({ config, status: 'queued' })) });
  const decoded = new Map<string, PixelDataset>();
  for (const [index, config] of withWeights.entries()) {
    if (stopRequested) {
      setRun(index, { status: 'cancelled' });
      continue;
    }
    useExperimentStore.setState({ current: index });
    setRun(index, { status: 'running' });
    const started = performance.now();
    try {
      const key = `${config.imageSizePx}:${config.augment}`;
      const pixels = decoded.get(key) ?? (await loadPixelDataset(meta, config.imageSizePx, () => undefined, config.augment));
      decoded.set(key, pixels);
      const weights = pretrained ? await pretrained.arrayBuffer() : null;
      const end = await waitForRunEnd(startRun(config, pixels, { datasetId: meta.id, datasetName: meta.name }, null, weights));
      const seconds = (performance.now() - started) / 1000;
      if (end.phase === 'finished' && end.result) {
        const status = useBackendStore.getState().status;
        const adapter = status?.adapter ? `${status.adapter.vendor} ${status.adapter.architecture}`.trim() || status.adapter.description : 'none';
        const name = `${meta.name} ${config.method} ratio ${config.labelRatio} seed ${config.seed}`;
        const { bytes } = await exportTrainedBundle({ name, test: end.result.test, saliency: end.result.saliency, dataset: null });
        const run = { ...end.result, backend: status?.backend ?? 'unknown', adapter };
        await saveExperimentRun({ datasetId: meta.id, datasetName: meta.name, run }, bytes);
        setRun(index, { status: 'done', seconds });
      } else if (end.phase === 'cancelled') {
        setRun(index, { status: 'cancelled', seconds });
      } else {
        throw new Error(end.error ?? 'the run failed');
      }
    } catch (failure) {
      const message = (failure as Error).message;
      setRun(index, { status: 'failed', error: message, seconds: (performance.now() - started) / 1000 });
      await saveExperimentFailure({ config, seed: config.seed, error: message });
    }
    await refreshExperimentRuns();
  }
  useExperimentStore.setState({ phase: stopRequested ? 'cancelled' : 'finished' });
}

export function cancelExperiment(): void {
  stopRequested = true;
  cancelRun();
}

export async function clearExperiments(): Promise<void> {
  await clearExperimentRuns();
  await refreshExperimentRuns();
}

/** Makes a saved run the session's model again and shows it on the Explain page. */
export async function openRunOnExplain(saved: SavedExperimentRun): Promise<void> {
  try {
    const meta = useDatasetStore.getState().datasets.find((d) => d.id === saved.datasetId);
    if (!meta) throw new Error(`the run's dataset (${saved.datasetName}) is no longer stored, so its images cannot be explained`);
    const config = saved.run.config;
    const pixels = await loadPixelDataset(meta, config.imageSizePx, () => undefined);
    await restoreTrainedModel(await loadExperimentBundle(saved.id), `${saved.datasetName}.zip`, config, pixels);
    useTrainingStore.setState({ ...initialTrainingState, phase: 'finished', result: saved.run, history: saved.run.history, epochs: config.epochs, datasetId: saved.datasetId });
    resetExplanations(saved.run.classNames);
    window.location.hash = '#/explain';
  } catch (error) {
    useExperimentStore.setState({ error: (error as Error).message });
  }
}
