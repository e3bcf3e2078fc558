// Runs an experiment grid one run after another through the same worker training as the Train page,
// saving each finished run (results and model) before starting the next.
import { switchToFasterBackendFor } from './backendActions';
import { openSavedRunOnExplain } from './openSavedRunOnExplain';
import { saveFinishedRun } from './saveFinishedRun';
import { clearExperimentRuns, listExperimentRuns, loadExperimentBundle, saveExperimentFailure, saveExperimentRun } from '../browser/experimentsDb';
import type { SavedExperimentRun } from '../browser/experimentsDb';
import { loadPixelDataset } from '../browser/loadPixelDataset';
import type { DatasetMeta } from '../browser/datasetDb';
import type { PixelDataset } from '../core/data/datasetTypes';
import { expandGrid, parseGrid } from '../core/experiments/experimentGrid';
import type { TrainConfig } from '../core/train/trainConfig';
import { QUICK_CONFIG } from '../core/train/trainConfig';
import { parseTrainConfig } from '../core/train/trainConfigSchema';
import { downloadFile } from '../browser/download';
import { toFailure } from './errorMessages';
import { useDatasetStore } from './stores/datasetStore';
import { useExperimentStore } from './stores/experimentStore';
import { studioWorker } from './studioWorker';
import { keepingSessionModel, runLabel, showAsSessionModel } from './sessionModelActions';
import type { RunResult } from '../core/train/trainingEvents';

let stopRequested = false;
let currentRun: AbortController | null = null;

export async function refreshExperimentRuns(): Promise<void> {
  useExperimentStore.setState(await listExperimentRuns().then(({ runs, failures }) => ({ saved: runs, failures })));
}

/** The grid's runs, or the reason the grid is not valid. */
export function plannedRuns(): { configs: TrainConfig[]; error: string | null } {
  const { gridText, settings } = useExperimentStore.getState();
  try {
    const configs = expandGrid({ ...QUICK_CONFIG, ...settings, pretrained: null, startFrom: null }, parseGrid(gridText));
    // The same schema as every other door: a field out of range is named before anything runs.
    return { configs: configs.map((c) => parseTrainConfig(c, 'grid settings')), error: null };
  } catch (error) {
    return { configs: [], error: (error as Error).message };
  }
}

const setRun = (index: number, patch: Partial<ReturnType<typeof useExperimentStore.getState>['queue'][number]>): void =>
  useExperimentStore.setState((s) => ({ queue: s.queue.map((q, i) => (i === index ? { ...q, ...patch } : q)) }));

/** Runs of the page's own (the lesson's), given outright instead of read from the grid form, which they leave as it is. */
export interface ExperimentPlan {
  configs: TrainConfig[];
  datasetId: string;
  /** How the session's model is described if the last run becomes it. */
  origin: 'experiment' | 'lesson';
}

/**
 * Runs every cell × seed of the grid (or the plan's runs) on the chosen dataset; a failed run is recorded and the rest
 * go on. The session's model stays the one the user trained, when it is kept; otherwise the last run becomes it.
 */
export async function runExperiment(pretrained: File | null, plan: ExperimentPlan | null = null): Promise<void> {
  const { configs, error } = plan ? { configs: plan.configs, error: null } : plannedRuns();
  const datasetId = plan?.datasetId ?? useExperimentStore.getState().datasetId;
  const meta = useDatasetStore.getState().datasets.find((d) => d.id === datasetId);
  if (error || !meta) {
    useExperimentStore.setState({ error: { code: 'bad-config', message: error ?? 'choose a dataset first (add one on the Data page)' } });
    return;
  }
  stopRequested = false;
  const withWeights = configs.map((c) => ({ ...c, pretrained: pretrained?.name ?? null }));
  useExperimentStore.setState({ phase: 'running', error: null, current: 0, queue: withWeights.map((config) => ({ config, status: 'queued' })) });
  let last: RunResult | null = null;
  const restored = await keepingSessionModel(async () => {
    last = await runQueue(withWeights, meta, pretrained);
  });
  const from = plan?.origin === 'lesson' ? 'from the shortcut lesson' : 'the experiment’s last run';
  if (!restored && last) showAsSessionModel(last, meta.id, { origin: plan?.origin ?? 'experiment', label: `${runLabel(last)}, ${from}`, datasetName: meta.name, keptId: null });
  useExperimentStore.setState({ phase: stopRequested ? 'cancelled' : 'finished' });
}

/** Trains the queue's runs one after another, saving each; returns the last run that finished. */
async function runQueue(withWeights: TrainConfig[], meta: DatasetMeta, pretrained: File | null): Promise<RunResult | null> {
  const decoded = new Map<string, PixelDataset>();
  let last: RunResult | null = null;
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
      currentRun = new AbortController();
      // One backend for the whole grid (the first run's measurement), so no comparison mixes backends.
      if (index === 0) await switchToFasterBackendFor(config, currentRun.signal);
      const result = await studioWorker.startRun(config, pixels, {
        signal: currentRun.signal,
        pretrainedWeights: weights,
        onEvent: (event) => {
          if (event.type !== 'batch') return;
          const firstStepAt = useExperimentStore.getState().progress?.firstStepAt ?? performance.now();
          useExperimentStore.setState({ progress: { epoch: event.epoch, batch: event.batch, batchesPerEpoch: event.batchesPerEpoch, firstStepAt, lastStepAt: performance.now() } });
        },
      });
      await saveFinishedRun(result, meta, `${meta.name} ${config.method} ratio ${result.config.labelRatio} seed ${config.seed}`, saveExperimentRun);
      last = result;
      setRun(index, { status: 'done', seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      const failure = toFailure(error);
      const seconds = (performance.now() - started) / 1000;
      if (failure.code === 'cancelled') {
        setRun(index, { status: 'cancelled', seconds });
      } else {
        setRun(index, { status: 'failed', error: failure.message, seconds });
        await saveExperimentFailure({ config, seed: config.seed, error: failure.message });
      }
    } finally {
      currentRun = null;
      useExperimentStore.setState({ progress: null });
    }
    await refreshExperimentRuns();
  }
  return last;
}

export function cancelExperiment(): void {
  stopRequested = true;
  currentRun?.abort();
}

export async function clearExperiments(): Promise<void> {
  await clearExperimentRuns();
  await refreshExperimentRuns();
}

/** Makes a saved run the session's model again and shows it on the Explain page. */
export async function openRunOnExplain(saved: SavedExperimentRun): Promise<void> {
  try {
    await openSavedRunOnExplain(saved, 'experiment');
  } catch (error) {
    useExperimentStore.setState({ error: toFailure(error) });
  }
}

/** Saves a finished run's model (its bundle) to the downloads. */
export async function downloadRunBundle(saved: SavedExperimentRun): Promise<void> {
  const c = saved.run.config;
  try {
    downloadFile(`${c.method}-ratio${c.labelRatio}-seed${c.seed}.zip`, await loadExperimentBundle(saved.id), 'application/zip');
  } catch (error) {
    useExperimentStore.setState({ error: toFailure(error) });
  }
}
