// A Train-page run from the page's side: decode the data, train in the worker, route its events into the training
// store, and keep a checkpoint after every epoch so a reload or crash can resume it.
import { loadBundleBytes } from '../browser/bundleDb';
import { loadStoredWeights } from '../browser/pretrainedDb';
import { StudioError } from '../core/errors';
import { catalogEntry } from '../core/model/pretrainedCatalog';
import type { SavedRun } from '../browser/checkpointDb';
import { chooseBackend, switchToFasterBackendFor } from './backendActions';
import { keepFinishedRun } from './keptRunActions';
import { clearRunCheckpoint, loadRunCheckpoint, saveRunCheckpoint } from '../browser/checkpointDb';
import type { DatasetMeta } from '../browser/datasetDb';
import { loadPixelDataset } from '../browser/loadPixelDataset';
import { PauseController } from '../core/pauseController';
import type { TrainConfig } from '../core/train/trainConfig';
import type { TrainingEvent } from '../core/train/trainingEvents';
import { toFailure } from './errorMessages';
import { runLabel } from './sessionModelActions';
import { resetExplanations } from './stores/explainStore';
import { initialTrainingState, useTrainingStore } from './stores/trainingStore';
import { studioWorker } from './studioWorker';

let controls: { abort: AbortController; pause: PauseController; finishEarly: AbortController } | null = null;

type BatchEvent = Extract<TrainingEvent, { type: 'batch' }>;

/** Batch events arrive in bursts (losses are read every few steps); one store update per burst keeps each React render off the critical path. */
const BATCH_FLUSH_MS = 200;
let pendingBatches: BatchEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flushBatches(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  const events = pendingBatches;
  pendingBatches = [];
  const last = events.at(-1);
  if (!last) return;
  useTrainingStore.setState((s) => {
    const now = performance.now();
    const images = events.reduce((sum, e) => sum + e.images, 0);
    // Timing starts after the first burst, which also builds the model (and compiles GPU kernels there).
    const timing = s.timing
      ? { ...s.timing, lastBatchAt: now, imagesSince: s.timing.imagesSince + images, batchesSince: s.timing.batchesSince + events.length }
      : { firstBatchAt: now, lastBatchAt: now, imagesSince: 0, batchesSince: 0 };
    const losses = events.map((e, i) => ({ step: s.batchLosses.length + i + 1, loss: e.loss, classificationLoss: e.classificationLoss, localizationLoss: e.localizationLoss }));
    return { epoch: last.epoch, batch: last.batch, timing, batchLosses: [...s.batchLosses, ...losses] };
  });
}

function onTrainingEvent(event: TrainingEvent, numTensors: number): void {
  const set = useTrainingStore.setState;
  if (event.type !== 'batch') flushBatches();
  switch (event.type) {
    case 'started':
      set({ phase: 'running', batchesPerEpoch: event.batchesPerEpoch, epoch: 1 });
      return;
    case 'compiling':
      set({ compile: { done: event.done, total: event.total, seconds: null } });
      return;
    case 'compiled':
      set({ compile: { done: event.programs, total: event.programs, seconds: event.seconds } });
      return;
    case 'batch':
      pendingBatches.push(event);
      flushTimer ??= setTimeout(flushBatches, BATCH_FLUSH_MS);
      return;
    case 'epoch':
      set((s) => ({ history: [...s.history, event.entry], tensorsPerEpoch: [...s.tensorsPerEpoch, numTensors] }));
      return;
    case 'finished':
      return;
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled training event ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Shows the run a reload or crash interrupted, if one is kept. */
export async function refreshInterruptedRun(): Promise<void> {
  useTrainingStore.setState({ interrupted: await loadRunCheckpoint() });
}

export async function discardInterruptedRun(): Promise<void> {
  await clearRunCheckpoint();
  useTrainingStore.setState({ interrupted: null });
}

export interface TrainRequest {
  config: TrainConfig;
  dataset: DatasetMeta;
  /** Continue this interrupted run instead of starting afresh. */
  resume?: SavedRun | null;
  /** The torchvision .safetensors the form names in config.pretrained. */
  pretrainedFile?: File | null;
}

/** The weights a run starts from: the catalog's, as stored in this browser, or the file the user picked. */
async function startingWeights(pretrained: string, file: File | null): Promise<ArrayBuffer | null> {
  const entry = catalogEntry(pretrained);
  if (!entry) return file ? file.arrayBuffer() : null;
  const stored = await loadStoredWeights(entry.id);
  if (!stored) throw new StudioError('bad-weights', `the ${entry.label} weights are not stored in this browser: download them on the Train page first`);
  return stored;
}

/** Trains one run on a stored dataset; its progress, result or failure land in the training store. */
export async function startTraining({ config, dataset, resume = null, pretrainedFile = null }: TrainRequest): Promise<void> {
  const abort = new AbortController();
  const pause = new PauseController();
  const finishEarly = new AbortController();
  controls = { abort, pause, finishEarly };
  useTrainingStore.setState({ ...initialTrainingState, phase: 'preparing', preparing: { done: 0, total: dataset.imageCount }, epochs: config.epochs, history: resume?.checkpoint.history ?? [], datasetId: dataset.id, interrupted: null });
  try {
    const pixels = await loadPixelDataset(dataset, config.imageSizePx, (done, total) => useTrainingStore.setState({ preparing: { done, total } }), config.augment);
    useTrainingStore.setState({ preparing: null });
    // A resumed run's checkpoint already holds the (fine-tuned) backbone, so starting weights matter only at the start.
    const pretrainedWeights = !resume && config.pretrained ? await startingWeights(config.pretrained, pretrainedFile) : null;
    const from = !resume ? config.startFrom : null;
    const startFrom = from ? { bytes: (await loadBundleBytes(from.bundleId)).slice().buffer, file: from.bundleName, spn: from.spn } : null;
    await switchToFasterBackendFor(config, abort.signal);
    const result = await studioWorker.startRun(config, pixels, {
      signal: abort.signal,
      finishEarly: finishEarly.signal,
      pause: pause.signal,
      resume: resume?.checkpoint ?? null,
      pretrainedWeights,
      startFrom,
      onEvent: onTrainingEvent,
      onPaused: (isPaused) => useTrainingStore.setState({ phase: isPaused ? 'paused' : 'running' }),
      onCheckpoint: (checkpoint) => {
        // A checkpoint that cannot be kept (a full disk) does not stop the run, but the page says so at once.
        saveRunCheckpoint({ config, datasetId: dataset.id, datasetName: dataset.name, checkpoint, savedAt: new Date().toISOString() }).then(
          () => useTrainingStore.setState((s) => (s.error?.code === 'storage-full' ? { error: null } : {})),
          (error: unknown) => useTrainingStore.setState({ error: toFailure(error) }),
        );
      },
    });
    flushBatches();
    await clearRunCheckpoint();
    useTrainingStore.setState({ phase: 'finished', result, sessionModel: { origin: 'train', label: runLabel(result), datasetName: dataset.name, keptId: null } });
    resetExplanations(result.classNames);
    const kept = await keepFinishedRun(result, dataset);
    if (kept) useTrainingStore.setState((s) => (s.result === result && s.sessionModel ? { sessionModel: { ...s.sessionModel, keptId: kept.id } } : {}));
  } catch (error) {
    flushBatches();
    const failure = toFailure(error);
    if (failure.code === 'cancelled') {
      await clearRunCheckpoint();
      const stopNote = finishEarly.signal.aborted && !abort.signal.aborted ? 'Training was stopped before its first epoch finished, so there was nothing to keep.' : 'The run was discarded: nothing of it was kept.';
      useTrainingStore.setState({ phase: 'cancelled', preparing: null, error: null, stopNote });
      return;
    }
    const hasCheckpoint = useTrainingStore.getState().history.length > 0;
    // A divergence's own sentence already says which epoch is kept.
    const hint = !hasCheckpoint || failure.code === 'diverged'
      ? ''
      : failure.code === 'backend-lost'
        ? '. The last finished epoch was saved: resume it below; it continues on the next backend in the policy, which the studio has moved to.'
        : ' The last finished epoch was saved: resume it below, on another backend if this one keeps failing.';
    useTrainingStore.setState({ phase: 'failed', preparing: null, error: { ...failure, message: `${failure.message}${hint}` } });
    if (hasCheckpoint) await refreshInterruptedRun();
    // The lost GPU's backend is gone for this page: the worker moves to the next backend in the policy at once.
    if (failure.code === 'backend-lost') await chooseBackend('auto');
  } finally {
    if (controls?.abort === abort) controls = null;
  }
}

export function pauseTraining(): void {
  controls?.pause.pause();
}

export function resumeTraining(): void {
  controls?.pause.resume();
}

/** Ends the run after the current step, keeping the finished epochs: the best of them is tested and kept. */
export function stopTraining(): void {
  controls?.finishEarly.abort();
}

/** Throws the run away, finished epochs included. */
export function discardTraining(): void {
  controls?.abort.abort();
}

