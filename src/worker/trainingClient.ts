// The training worker behind the interface of calling core in-process: each call sends one request and resolves
// with its reply (or rejects with a StudioError carrying the worker's code); progress arrives through callbacks.
// It imports nothing from the page's stores: the page decides what to do with each event.
import type { StudioJson } from '../core/bundle/bundleSchema';
import { copyForTransfer } from '../core/data/copyForTransfer';
import type { PixelDataset } from '../core/data/datasetTypes';
import type { SaliencyChoice } from '../core/explain/saliencyMethods';
import type { PauseSignal } from '../core/pauseController';
import type { TrainingBenchmark } from '../core/train/benchmarkTraining';
import type { PackedCheckpoint } from '../browser/packedCheckpoint';
import type { Checkpoint } from '../core/train/checkpoint';
import type { TrainConfig } from '../core/train/trainConfig';
import type { RunResult, TrainingEvent } from '../core/train/trainingEvents';
import type { BackendChoice, BackendStatus, ExplainItem, ExportDescription, ModelSource, PredictImage, ProbeResult, StartFrom, WorkerProgress } from './protocol';
import { WorkerTransport } from './workerTransport';

export interface RunOptions {
  /** Every training event, with the worker's live tensor count when it was sent. */
  onEvent?: (event: TrainingEvent, numTensors: number) => void;
  /** After every epoch: everything needed to resume the run. */
  onCheckpoint?: (checkpoint: PackedCheckpoint) => void;
  /** When the worker has actually paused or resumed. */
  onPaused?: (isPaused: boolean) => void;
  signal?: AbortSignal;
  /** Aborting it ends the run early, keeping (and testing) the epochs that finished. */
  finishEarly?: AbortSignal;
  pause?: PauseSignal;
  resume?: Checkpoint | null;
  pretrainedWeights?: ArrayBuffer | null;
  startFrom?: StartFrom | null;
}

export interface ExplainOptions {
  onBatch: (items: ExplainItem[], total: number) => void;
}

/** Ties a signal to a request in the worker: aborting it cancels that request there. */
function cancelOnAbort(transport: WorkerTransport, target: string, signal: AbortSignal | undefined, type: 'cancel' | 'finish-early' = 'cancel'): () => void {
  if (!signal) return () => {};
  const cancel = (): void => transport.control({ type, runId: transport.nextRunId(), target });
  if (signal.aborted) cancel();
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

/** The studio's worker as functions; the worker starts on the first call. */
export function createTrainingClient(createWorker: () => Worker = () => new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module', name: 'training' })) {
  const transport = new WorkerTransport(createWorker);
  const id = (): string => transport.nextRunId();
  const explainBatches = (options: ExplainOptions) => (event: WorkerProgress) => {
    if (event.type === 'explain-batch') options.onBatch(event.items, event.total);
  };
  return {
    /** Starts (or restarts) TensorFlow.js on a backend and says which runs and why. */
    async startBackend(backend: BackendChoice, threads: number | null, compareSoftwareGpu = false): Promise<BackendStatus> {
      return (await transport.request({ type: 'init', runId: id(), backend, threads, compareSoftwareGpu })).status;
    },

    /** auto between WebGPU and WASM: times the configuration on each (once per step cost) and trains on the faster. */
    async chooseBySpeed(config: TrainConfig, options: { signal?: AbortSignal; onStep?: (backend: string, done: number, total: number) => void } = {}): Promise<BackendStatus> {
      const runId = id();
      const stopCancel = cancelOnAbort(transport, runId, options.signal);
      try {
        const onProgress = (event: WorkerProgress): void => {
          if (event.type === 'backend-measuring') options.onStep?.(event.backend, event.done, event.total);
        };
        return (await transport.request({ type: 'choose-by-speed', runId, config }, { onProgress })).status;
      } finally {
        stopCancel();
      }
    },

    /** One real training step of a small network, proving the backend trains. */
    async probeStep(): Promise<ProbeResult> {
      return (await transport.request({ type: 'probe-step', runId: id() })).probe;
    },

    /** Trains in the worker (which keeps the model for explain and export); pixel buffers are copied, then moved. */
    async startRun(config: TrainConfig, dataset: PixelDataset, options: RunOptions = {}): Promise<RunResult> {
      const runId = id();
      const { dataset: copy, buffers } = copyForTransfer(dataset);
      const weights = options.pretrainedWeights ?? null;
      const startFrom = options.startFrom ?? null;
      const stopCancel = cancelOnAbort(transport, runId, options.signal);
      const stopFinish = cancelOnAbort(transport, runId, options.finishEarly, 'finish-early');
      const stopPause = options.pause?.onChange((isPaused) => transport.control({ type: isPaused ? 'pause' : 'resume', runId: id(), target: runId }));
      try {
        const reply = await transport.request(
          { type: 'train', runId, config, dataset: copy, resume: options.resume ?? null, keepCheckpoints: options.onCheckpoint !== undefined, pretrainedWeights: weights, startFrom },
          {
            transfer: [...buffers, ...(weights ? [weights] : []), ...(startFrom ? [startFrom.bytes] : [])],
            onProgress: (event) => {
              if (event.type === 'training') options.onEvent?.(event.event, event.numTensors);
              else if (event.type === 'checkpoint') options.onCheckpoint?.(event.checkpoint);
              else if (event.type === 'paused') options.onPaused?.(event.isPaused);
            },
          },
        );
        return reply.result;
      } finally {
        stopCancel();
        stopFinish();
        stopPause?.();
      }
    },

    /** Explains the session's trained model on its dataset (or the listed images), batch by batch. */
    async explain(request: { ids: string[] | null; classIndex: number | null }, options: ExplainOptions): Promise<SaliencyChoice> {
      return (await transport.request({ type: 'explain', runId: id(), ...request }, { onProgress: explainBatches(options) })).saliency;
    },

    /** Another run's model (a bundle) explained on the session model's images, the same way. */
    async explainComparison(bytes: Uint8Array, file: string, options: ExplainOptions): Promise<void> {
      const copy = bytes.slice().buffer;
      await transport.request({ type: 'explain-compare', runId: id(), bytes: copy, file }, { transfer: [copy], onProgress: explainBatches(options) });
    },

    /** Predictions, SPN masks and saliency maps for decoded images (their buffers move to the worker). */
    async predict(source: ModelSource, images: PredictImage[], options: ExplainOptions): Promise<void> {
      await transport.request({ type: 'predict', runId: id(), source, images }, { transfer: images.map((i) => i.pixels.buffer), onProgress: explainBatches(options) });
    },

    /** Times training steps of one configuration on the current backend. */
    async benchmark(config: TrainConfig, steps: number, options: { signal?: AbortSignal; onStep?: (done: number, total: number) => void } = {}): Promise<TrainingBenchmark> {
      const runId = id();
      const stopCancel = cancelOnAbort(transport, runId, options.signal);
      try {
        const onProgress = (event: WorkerProgress): void => {
          if (event.type === 'benchmark-step') options.onStep?.(event.done, event.total);
        };
        return (await transport.request({ type: 'benchmark', runId, config, steps }, { onProgress })).result;
      } finally {
        stopCancel();
      }
    },

    /** Writes the session's trained model as a bundle zip (in the worker, off the page's thread). */
    async exportBundle(description: ExportDescription): Promise<{ bytes: Uint8Array; studio: StudioJson }> {
      const reply = await transport.request({ type: 'export-bundle', runId: id(), description });
      return { bytes: new Uint8Array(reply.bytes), studio: reply.studio };
    },

    /** Checks and loads a bundle; it becomes the model that predicts. Rejects with the reason. */
    async openBundle(bytes: Uint8Array, file: string): Promise<StudioJson> {
      const copy = bytes.slice().buffer;
      return (await transport.request({ type: 'open-bundle', runId: id(), bytes: copy, file }, { transfer: [copy] })).studio;
    },

    /** Checks a bundle as opening it would (every check, weights loaded), without opening it. */
    async checkBundle(bytes: Uint8Array, file: string): Promise<StudioJson> {
      const copy = bytes.slice().buffer;
      return (await transport.request({ type: 'check-bundle', runId: id(), bytes: copy, file }, { transfer: [copy] })).studio;
    },

    /** Makes a saved run's model (its bundle) the session's trained model again, with its dataset. */
    async restoreTrained(bytes: Uint8Array, file: string, config: TrainConfig, dataset: PixelDataset): Promise<StudioJson> {
      const copy = bytes.slice().buffer;
      const { dataset: pixels, buffers } = copyForTransfer(dataset);
      return (await transport.request({ type: 'restore-trained', runId: id(), bytes: copy, file, config, dataset: pixels }, { transfer: [copy, ...buffers] })).studio;
    },
  };
}

export type TrainingClient = ReturnType<typeof createTrainingClient>;
