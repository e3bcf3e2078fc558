import { useEffect, useState } from 'react';

import { formatDateTime, formatDuration } from '../../core/format';
import { configProblems, trainConfigSchema } from '../../core/train/trainConfigSchema';
import { refreshBundles } from '../bundleActions';
import { EmptyState } from '../components/EmptyState';
import { KeptRuns } from '../components/KeptRuns';
import { refreshKeptRuns } from '../keptRunActions';
import { ErrorNotice } from '../components/ErrorNotice';
import { SpeedCheck } from '../components/SpeedCheck';
import { TestResults } from '../components/TestResults';
import { TrainForm } from '../components/TrainForm';
import { TrainingCharts } from '../components/TrainingCharts';
import { useBackendStore } from '../stores/backendStore';
import { refreshDatasets, selectDataset, useDatasetStore } from '../stores/datasetStore';
import { useExperimentStore } from '../stores/experimentStore';
import { useTrainFormStore } from '../stores/trainFormStore';
import { useTrainingStore } from '../stores/trainingStore';
import { discardInterruptedRun, discardTraining, pauseTraining, refreshInterruptedRun, resumeTraining, startTraining, stopTraining } from '../trainingActions';

/** Backends that compile shader programs the first time each kernel runs, so their first steps are slow. */
const COMPILES_KERNELS = new Set(['webgpu', 'webgl']);

export function TrainPage() {
  const { datasets, selectedId, isLoaded } = useDatasetStore();
  const config = useTrainFormStore((s) => s.config);
  const training = useTrainingStore();
  const backend = useBackendStore((s) => s.status?.backend ?? null);
  const isExperimentRunning = useExperimentStore((s) => s.phase === 'running');
  const [pretrainedFile, setPretrainedFile] = useState<File | null>(null);
  const [formProblems, setFormProblems] = useState<Array<{ field: string; message: string }>>([]);
  useEffect(() => {
    void refreshDatasets();
    void refreshBundles();
    void refreshKeptRuns();
  }, []);
  useEffect(() => {
    if (training.phase === 'idle') void refreshInterruptedRun();
  }, [training.phase]);
  const dataset = datasets.find((d) => d.id === selectedId) ?? null;
  const isTraining = training.phase === 'preparing' || training.phase === 'running' || training.phase === 'paused';
  const isBusy = isTraining || isExperimentRunning;
  const interrupted = training.interrupted;

  const start = (): void => {
    const checked = trainConfigSchema.safeParse(config);
    if (!checked.success) {
      setFormProblems(configProblems(checked.error));
      return;
    }
    setFormProblems([]);
    if (dataset) void startTraining({ config: checked.data, dataset, pretrainedFile });
  };
  const resume = (): void => {
    if (!interrupted) return;
    const meta = datasets.find((d) => d.id === interrupted.datasetId);
    if (!meta) {
      useTrainingStore.setState({ error: { code: 'bad-dataset', message: `the dataset of the interrupted run (${interrupted.datasetName}) is no longer stored, so the run cannot be resumed` } });
      return;
    }
    // The form shows the run being resumed, not the values typed since.
    useTrainFormStore.setState({ config: interrupted.config });
    void startTraining({ config: interrupted.config, dataset: meta, resume: interrupted });
  };

  if (isLoaded && datasets.length === 0) {
    return (
      <>
        <h2 id="page-title">Train</h2>
        <EmptyState title="No dataset to train on">
          <p>
            Add one on the <a href="#/data">Data</a> page: drop a folder, or load the demo dataset.
          </p>
        </EmptyState>
      </>
    );
  }

  const totalBatches = training.epochs * training.batchesPerEpoch;
  const doneBatches = (training.epoch - 1) * training.batchesPerEpoch + training.batch;
  const timing = training.timing;
  const elapsedSeconds = timing ? (timing.lastBatchAt - timing.firstBatchAt) / 1000 : 0;
  const speed =
    timing && timing.batchesSince > 0 && elapsedSeconds > 0
      ? { imagesPerSecond: timing.imagesSince / elapsedSeconds, etaSeconds: ((totalBatches - doneBatches) * elapsedSeconds) / timing.batchesSince }
      : null;
  const compiles = backend !== null && COMPILES_KERNELS.has(backend);
  return (
    <>
      <h2 id="page-title">Train</h2>
      <div className="card row">
        <label>
          Dataset{' '}
          <select value={selectedId ?? ''} onChange={(e) => selectDataset(e.target.value)} disabled={isBusy}>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.imageCount} images, {d.maskedCount} masks)
              </option>
            ))}
          </select>
        </label>
        <button onClick={start} disabled={isBusy || !dataset}>
          Start training
        </button>
        {training.phase === 'running' && (
          <button className="secondary" onClick={pauseTraining}>
            Pause
          </button>
        )}
        {training.phase === 'paused' && <button onClick={resumeTraining}>Resume</button>}
        {(training.phase === 'running' || training.phase === 'paused') && (
          <>
            <button
              className="secondary"
              onClick={stopTraining}
              title={training.history.length > 0 ? 'End now: the best finished epoch is tested and kept' : 'No epoch has finished yet: nothing would be kept'}
            >
              {training.history.length === 0 ? 'Stop' : training.history.length === 1 ? 'Stop and keep epoch 1' : `Stop and keep epochs 1–${training.history.length}`}
            </button>
            <button className="secondary" onClick={discardTraining}>
              Discard run
            </button>
          </>
        )}
        {isExperimentRunning && <span className="muted">An experiment is running on the Experiments page; training starts when it ends.</span>}
      </div>
      {interrupted && !isBusy && (
        <div className="card warning" role="alert" data-testid="interrupted-run">
          <p>
            A run on {interrupted.datasetName} stopped after epoch {interrupted.checkpoint.epoch} of {interrupted.config.epochs} (saved{' '}
            {formatDateTime(interrupted.savedAt)}). Resume it from there, or discard it.
          </p>
          <button onClick={resume}>Resume run</button>{' '}
          <button className="secondary" onClick={() => void discardInterruptedRun()}>
            Discard
          </button>
        </div>
      )}
      {/* On a wide screen the form and the run sit side by side, so the progress and charts are in view while it trains. */}
      <div className="train-layout">
      <div className="train-setup">
      <TrainForm disabled={isBusy} onPretrainedFile={setPretrainedFile} problems={formProblems} />
      <SpeedCheck disabled={isBusy} />
      </div>
      <div className="train-live">
      {training.preparing && (
        <div className="card" role="status">
          Preparing images at {config.imageSizePx} px: {training.preparing.done} of {training.preparing.total}
          <progress value={training.preparing.done} max={Math.max(1, training.preparing.total)} />
        </div>
      )}
      {training.phase === 'finished' && training.sessionModel && training.sessionModel.origin !== 'train' && (
        <p className="card notice" data-testid="shown-run">
          Showing {training.sessionModel.label}, trained on {training.sessionModel.datasetName}
          {training.datasetId !== selectedId ? ' (not the dataset selected above, which the next run trains on)' : ''}. Its losses per epoch are drawn; per-step losses
          are not kept with a run.
        </p>
      )}
      {training.phase !== 'idle' && (
        <section className="card progress-card" aria-label="Training progress" aria-live="polite">
          <p data-testid="training-phase" data-phase={training.phase}>
            {training.phase === 'preparing' && !training.preparing && (compiles ? 'Building the model in the worker (the first step compiles GPU kernels)…' : 'Building the model in the worker…')}
            {training.phase === 'running' && training.batchLosses.length === 0 && training.compile?.seconds === null && `Compiling GPU programs, ${training.compile.done} of ${training.compile.total}…`}
            {training.phase === 'running' && training.batchLosses.length === 0 && typeof training.compile?.seconds === 'number' && 'Training the first batch…'}
            {training.phase === 'running' && training.batchLosses.length === 0 && !training.compile && (compiles ? `Compiling ${backend === 'webgl' ? 'WebGL' : 'WebGPU'} kernels: the first steps take longer, especially on a software adapter.` : 'Training the first batch…')}
            {(training.phase === 'running' || training.phase === 'paused') && training.batchLosses.length > 0 &&
              `${training.phase === 'paused' ? 'Paused at' : 'Training:'} epoch ${training.epoch} of ${training.epochs}, step ${training.batch} of ${training.batchesPerEpoch}`}
            {training.phase === 'running' && speed && ` · ${speed.imagesPerSecond.toFixed(1)} images/s · about ${formatDuration(speed.etaSeconds)} left`}
            {training.phase === 'finished' && training.result?.stoppedAfterEpoch !== undefined &&
              `Stopped after epoch ${training.result.stoppedAfterEpoch} of ${training.result.config.epochs}: the best of the finished epochs (epoch ${training.result.bestEpoch}) was tested and kept.`}
            {training.phase === 'finished' && training.result?.stoppedAfterEpoch === undefined && 'Training finished: the best epoch by validation F1 was tested.'}
            {training.phase === 'cancelled' && (training.stopNote ?? 'The run was discarded: nothing of it was kept.')}
          </p>
          {training.error && <ErrorNotice failure={training.error} onRetry={start} testId="training-error" />}
          {training.compile?.seconds === null && <progress aria-label="GPU programs compiled" value={training.compile.done} max={Math.max(1, training.compile.total)} />}
          {typeof training.compile?.seconds === 'number' && (
            <p className="muted" data-testid="gpu-compile" data-programs={training.compile.total} data-seconds={training.compile.seconds}>
              {training.compile.total > 0
                ? `Compiled ${training.compile.total} GPU programs in ${training.compile.seconds.toFixed(1)} s before the first step (kept for the next run).`
                : 'GPU programs ready: compiled by an earlier run in this tab.'}
            </p>
          )}
          {totalBatches > 0 && training.compile?.seconds !== null && <progress aria-label="Training progress" value={Math.max(0, doneBatches)} max={totalBatches} />}
          {training.tensorsPerEpoch.length > 0 && (
            <details className="advanced">
              <summary>Advanced</summary>
              <p className="muted" data-testid="tensor-counts">
                Live tensors in the worker after each epoch (flat when nothing leaks): {training.tensorsPerEpoch.join(', ')}
              </p>
            </details>
          )}
        </section>
      )}
      {training.phase === 'idle' && training.error && <ErrorNotice failure={training.error} testId="training-error" />}
      {/* Always there, empty before the first step: mounting the charts costs over 100 ms of the page's thread, which
          must not land while a run trains with the worker on every core. */}
      <TrainingCharts batchLosses={training.batchLosses} history={training.history} batchesPerEpoch={training.batchesPerEpoch} />
      </div>
      </div>
      {training.result && <TestResults result={training.result} />}
      <KeptRuns runs={training.kept} disabled={isBusy} />
    </>
  );
}
