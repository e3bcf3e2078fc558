// Page side of the worker: typed requests out, events into the stores, cancel and pause.
import type { SavedRun } from '../browser/checkpointDb';
import { clearRunCheckpoint, saveRunCheckpoint } from '../browser/checkpointDb';
import { copyForTransfer } from '../core/data/copyForTransfer';
import type { PixelDataset } from '../core/data/datasetTypes';
import type { TrainConfig } from '../core/train/trainConfig';
import type { TrainingEvent } from '../core/train/trainingEvents';
import { useBackendStore } from '../ui/stores/backendStore';
import { resetExplanations, useExplainStore } from '../ui/stores/explainStore';
import { initialTrainingState, useTrainingStore } from '../ui/stores/trainingStore';
import type { StudioJson } from '../core/bundle/bundleSchema';
import { useModelsStore } from '../ui/stores/modelsStore';
import type { BackendChoice, ExportDescription, ModelSource, PredictImage, StartFrom, WorkerEvent, WorkerRequest } from './protocol';

let worker: Worker | null = null;
// Where the current run's data came from, recorded with each checkpoint so the run can be resumed after a reload.
let currentRun: { runId: string; config: TrainConfig; datasetId: string; datasetName: string } | null = null;
let counter = 0;
const nextRunId = (): string => `run-${Date.now().toString(36)}-${++counter}`;

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module', name: 'training' });
    worker.onmessage = (message: MessageEvent<WorkerEvent>) => onWorkerEvent(message.data);
    worker.onerror = (error) => {
      const message = error.message || 'the training worker stopped';
      useBackendStore.setState({ phase: 'failed', error: message });
      const { phase } = useTrainingStore.getState();
      if (phase === 'running' || phase === 'paused' || phase === 'preparing') {
        useTrainingStore.setState({ phase: 'failed', error: `${message}. The last finished epoch was saved: reload the page to resume.` });
      }
    };
  }
  return worker;
}

function send(request: WorkerRequest, transfer: Transferable[] = []): void {
  getWorker().postMessage(request, transfer);
}

function onTrainingEvent(event: TrainingEvent, numTensors: number): void {
  const set = useTrainingStore.setState;
  switch (event.type) {
    case 'started':
      set({ phase: 'running', batchesPerEpoch: event.batchesPerEpoch, epoch: 1 });
      return;
    case 'batch':
      set((s) => {
        const now = performance.now();
        // Timing starts after the first batch, which mostly compiles GPU kernels.
        const timing = s.timing ? { ...s.timing, lastBatchAt: now, imagesSince: s.timing.imagesSince + event.images, batchesSince: s.timing.batchesSince + 1 } : { firstBatchAt: now, lastBatchAt: now, imagesSince: 0, batchesSince: 0 };
        return {
          epoch: event.epoch,
          batch: event.batch,
          timing,
          batchLosses: [...s.batchLosses, { step: s.batchLosses.length + 1, loss: event.loss, classificationLoss: event.classificationLoss, localizationLoss: event.localizationLoss }],
        };
      });
      return;
    case 'epoch':
      set((s) => ({ history: [...s.history, event.entry], tensorsPerEpoch: [...s.tensorsPerEpoch, numTensors] }));
      return;
    case 'finished':
      set({ phase: 'finished', result: event.result });
      void clearRunCheckpoint();
      resetExplanations(event.result.classNames);
      return;
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled training event ${JSON.stringify(unhandled)}`);
    }
  }
}

// Requests that answer once (export, open) wait here for their reply or their error.
const waiting = new Map<string, { resolve: (event: WorkerEvent) => void; reject: (error: Error) => void }>();

function ask(request: WorkerRequest, transfer: Transferable[] = []): Promise<WorkerEvent> {
  return new Promise((resolve, reject) => {
    waiting.set(request.runId, { resolve, reject });
    send(request, transfer);
  });
}

function onPredictionBatch(event: Extract<WorkerEvent, { type: 'explain-batch' | 'explain-done' | 'error' }>): void {
  useModelsStore.setState((s) => {
    const p = s.predictions;
    if (event.type === 'explain-batch') return { predictions: { ...p, items: [...p.items, ...event.items], total: event.total } };
    if (event.type === 'explain-done') return { predictions: { ...p, phase: 'ready' } };
    return { predictions: { ...p, phase: 'failed' }, error: event.message };
  });
}

function onComparisonBatch(event: Extract<WorkerEvent, { type: 'explain-batch' | 'explain-done' | 'error' }>): void {
  useExplainStore.setState((s) => {
    if (!s.compare) return {};
    if (event.type === 'explain-done') return { compare: { ...s.compare, phase: 'ready' } };
    if (event.type === 'error') return { compare: { ...s.compare, phase: 'failed' }, error: event.message };
    const entries = { ...s.compare.entries };
    for (const item of event.items) entries[item.id] = { cam: item.cam, predicted: item.predicted, probabilities: item.probabilities };
    return { compare: { ...s.compare, entries } };
  });
}

function onWorkerEvent(event: WorkerEvent): void {
  const waiter = waiting.get(event.runId);
  if (waiter) {
    waiting.delete(event.runId);
    if (event.type === 'error') waiter.reject(new Error(event.message));
    else waiter.resolve(event);
    return;
  }
  // Explanation streams for predictions and comparisons go to their own stores.
  const isExplainStream = event.type === 'explain-batch' || event.type === 'explain-done' || event.type === 'error';
  if (isExplainStream && event.runId === useModelsStore.getState().predictions.runId) {
    onPredictionBatch(event);
    return;
  }
  if (isExplainStream && event.runId === useExplainStore.getState().compare?.runId) {
    onComparisonBatch(event);
    return;
  }
  switch (event.type) {
    case 'ready':
      useBackendStore.setState({ phase: 'ready', status: event.status, error: null });
      return;
    case 'probe-result':
      useBackendStore.setState({ probe: { loss: event.loss, weightChange: event.weightChange, seconds: event.seconds } });
      return;
    case 'training':
      if (event.runId === useTrainingStore.getState().runId) onTrainingEvent(event.event, event.numTensors);
      return;
    case 'checkpoint':
      if (currentRun?.runId === event.runId) {
        void saveRunCheckpoint({ ...currentRun, checkpoint: event.checkpoint, savedAt: new Date().toISOString() }).catch((error: unknown) =>
          console.warn('checkpoint not saved:', error),
        );
      }
      return;
    case 'paused':
      if (event.runId === useTrainingStore.getState().runId) useTrainingStore.setState({ phase: event.isPaused ? 'paused' : 'running' });
      return;
    case 'explain-batch': {
      const explain = useExplainStore.getState();
      if (event.runId === explain.runId) {
        useExplainStore.setState({ items: [...explain.items, ...event.items], total: event.total });
      } else if (event.runId === detailRunId) {
        const cams = { ...explain.detailCams };
        for (const item of event.items) cams[`${item.id}:${item.camClass}`] = item.cam;
        useExplainStore.setState({ detailCams: cams });
      }
      return;
    }
    case 'benchmark-result':
      useBackendStore.setState((s) => ({ benchmarks: [...s.benchmarks, event.result] }));
      return;
    case 'bundle-exported':
    case 'bundle-opened':
      return;
    case 'explain-done':
      if (event.runId === useExplainStore.getState().runId) useExplainStore.setState((s) => ({ phase: 'ready', seconds: s.startedAt === null ? null : (performance.now() - s.startedAt) / 1000 }));
      return;
    case 'error':
      if (event.runId === useExplainStore.getState().runId) {
        useExplainStore.setState({ phase: 'failed', error: event.message });
      } else if (event.runId === useTrainingStore.getState().runId) {
        const phase = event.code === 'cancelled' ? 'cancelled' : 'failed';
        if (phase === 'cancelled') void clearRunCheckpoint();
        const hasCheckpoint = useTrainingStore.getState().history.length > 0;
        const hint = hasCheckpoint ? '. The last finished epoch was saved: reload the page to resume, on another backend if this one keeps failing.' : '';
        useTrainingStore.setState({ phase, error: phase === 'failed' ? `${event.message}${hint}` : null });
      } else {
        useBackendStore.setState({ phase: 'failed', error: event.message });
      }
      return;
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled worker event ${JSON.stringify(unhandled)}`);
    }
  }
}

/** `?threads=N` in the page's address: WASM threads wanted (e.g. 1 to leave a core free, or to measure scaling). */
function threadsFromAddress(): number | null {
  const value = Number(new URLSearchParams(self.location.search).get('threads'));
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** Starts (or restarts) TensorFlow.js in the worker on a backend, then proves a training step there. */
export function initBackend(choice: BackendChoice): void {
  useBackendStore.setState({ choice, phase: 'starting', status: null, error: null, probe: null });
  send({ type: 'init', runId: nextRunId(), backend: choice, threads: threadsFromAddress() });
  send({ type: 'probe-step', runId: nextRunId() });
}

/**
 * Trains in the worker; progress arrives in the training store and a checkpoint is saved after every epoch.
 * With `resume`, the run continues from that checkpoint. Pixel buffers are transferred, not copied.
 */
export function startRun(
  config: TrainConfig,
  dataset: PixelDataset,
  source: { datasetId: string; datasetName: string },
  resume: SavedRun | null = null,
  pretrainedWeights: ArrayBuffer | null = null,
  startFrom: StartFrom | null = null,
): string {
  const runId = nextRunId();
  currentRun = { runId, config, ...source };
  const history = resume?.checkpoint.history ?? [];
  useTrainingStore.setState({ ...initialTrainingState, runId, phase: 'preparing', epochs: config.epochs, history, datasetId: source.datasetId });
  const { dataset: copy, buffers: transfer } = copyForTransfer(dataset);
  // A resumed run's checkpoint already holds the (fine-tuned) backbone, so pretrained weights matter only at the start.
  const weights = resume ? null : pretrainedWeights;
  const start = resume ? null : startFrom;
  send({ type: 'train', runId, config, dataset: copy, resume: resume?.checkpoint ?? null, pretrainedWeights: weights, startFrom: start }, [
    ...transfer,
    ...(weights ? [weights] : []),
    ...(start ? [start.bytes] : []),
  ]);
  return runId;
}

export function pauseRun(): void {
  const { runId } = useTrainingStore.getState();
  if (runId) send({ type: 'pause', runId });
}

export function resumeRun(): void {
  const { runId } = useTrainingStore.getState();
  if (runId) send({ type: 'resume', runId });
}

export function cancelRun(): void {
  const { runId } = useTrainingStore.getState();
  if (runId) send({ type: 'cancel', runId });
}

let detailRunId: string | null = null;

/** Explains every image of the last trained model, in batches, into the explain store. */
export function explainAll(): void {
  const runId = nextRunId();
  useExplainStore.setState({ runId, phase: 'loading', items: [], total: 0, error: null, startedAt: performance.now(), seconds: null });
  send({ type: 'explain', runId, classIndex: null, ids: null });
}

/** Grad-CAM of one image for a chosen class, for the detail view. */
export function explainForClass(id: string, classIndex: number): void {
  detailRunId = nextRunId();
  send({ type: 'explain', runId: detailRunId, classIndex, ids: [id] });
}

/** Times training steps of one configuration on the current backend; the result lands in the backend store. */
export function benchmarkBackend(config: TrainConfig, steps: number): void {
  send({ type: 'benchmark', runId: nextRunId(), config, steps });
}

/** Writes the session's trained model as a bundle zip (in the worker, off the page's thread). */
export async function exportTrainedBundle(description: ExportDescription): Promise<{ bytes: Uint8Array; studio: StudioJson }> {
  const reply = await ask({ type: 'export-bundle', runId: nextRunId(), description });
  if (reply.type !== 'bundle-exported') throw new Error(`unexpected reply ${reply.type}`);
  return { bytes: new Uint8Array(reply.bytes), studio: reply.studio };
}

/** Checks and loads a bundle in the worker, where it becomes the model that predicts; rejects with the reason. */
export async function openBundleInWorker(bytes: Uint8Array, file: string): Promise<StudioJson> {
  const copy = bytes.slice().buffer;
  const reply = await ask({ type: 'open-bundle', runId: nextRunId(), bytes: copy, file }, [copy]);
  if (reply.type !== 'bundle-opened') throw new Error(`unexpected reply ${reply.type}`);
  return reply.studio;
}

/** Predicts classes, SPN masks and Grad-CAM for decoded images; results fill the models store's predictions. */
export function predictImages(source: ModelSource, images: PredictImage[]): void {
  const runId = nextRunId();
  useModelsStore.setState((s) => ({ predictions: { ...s.predictions, runId, source, phase: 'predicting', items: [], total: images.length } }));
  send({ type: 'predict', runId, source, images }, images.map((i) => i.pixels.buffer));
}

/** Makes a saved run's model (its bundle) the session's trained model again, with its dataset, for the Explain page. */
export async function restoreTrainedModel(bytes: Uint8Array, file: string, config: TrainConfig, dataset: PixelDataset): Promise<void> {
  const copy = bytes.slice().buffer;
  const transfer = dataset.samples.flatMap((s) => [s.pixels.buffer, ...(s.mask ? [s.mask.buffer] : [])]);
  const reply = await ask({ type: 'restore-trained', runId: nextRunId(), bytes: copy, file, config, dataset }, [copy, ...transfer]);
  if (reply.type !== 'bundle-opened') throw new Error(`unexpected reply ${reply.type}`);
}

/** Grad-CAM of another run's model (a bundle) on the trained model's images, shown beside this run's maps. */
export function explainComparison(bytes: Uint8Array, label: string): void {
  const runId = nextRunId();
  useExplainStore.setState({ compare: { runId, label, phase: 'loading', entries: {} } });
  const copy = bytes.slice().buffer;
  send({ type: 'explain-compare', runId, bytes: copy, file: `${label}.zip` }, [copy]);
}
