import { useEffect, useState } from 'react';

import type { SavedRun } from '../../browser/checkpointDb';
import { clearRunCheckpoint, loadRunCheckpoint } from '../../browser/checkpointDb';
import { loadBundleBytes } from '../../browser/bundleDb';
import { loadPixelDataset } from '../../browser/loadPixelDataset';
import { refreshBundles } from '../bundleActions';
import { cancelRun, pauseRun, resumeRun, startRun } from '../../worker/trainingClient';
import { formatDuration } from '../chartData';
import { EmptyState } from '../components/EmptyState';
import { SpeedCheck } from '../components/SpeedCheck';
import { TestResults } from '../components/TestResults';
import { TrainForm } from '../components/TrainForm';
import { TrainingCharts } from '../components/TrainingCharts';
import { refreshDatasets, selectDataset, useDatasetStore } from '../stores/datasetStore';
import { useTrainFormStore } from '../stores/trainFormStore';
import { useTrainingStore } from '../stores/trainingStore';

export function TrainPage() {
  const { datasets, selectedId, isLoaded } = useDatasetStore();
  const config = useTrainFormStore((s) => s.config);
  const training = useTrainingStore();
  const [preparing, setPreparing] = useState<{ done: number; total: number } | null>(null);
  const [prepareError, setPrepareError] = useState<string | null>(null);
  useEffect(() => {
    void refreshDatasets();
    void refreshBundles();
  }, []);
  const dataset = datasets.find((d) => d.id === selectedId) ?? null;
  const isBusy = preparing !== null || training.phase === 'preparing' || training.phase === 'running' || training.phase === 'paused';

  const [interrupted, setInterrupted] = useState<SavedRun | null>(null);
  const [pretrainedFile, setPretrainedFile] = useState<File | null>(null);
  useEffect(() => {
    if (training.phase === 'idle') void loadRunCheckpoint().then(setInterrupted);
  }, [training.phase]);

  const start = async (resume: SavedRun | null): Promise<void> => {
    const meta = resume ? datasets.find((d) => d.id === resume.datasetId) : dataset;
    const runConfig = resume?.config ?? config;
    if (!meta) {
      setPrepareError(`The dataset of the interrupted run (${resume?.datasetName}) is no longer stored, so the run cannot be resumed.`);
      return;
    }
    setPrepareError(null);
    setInterrupted(null);
    setPreparing({ done: 0, total: meta.imageCount });
    try {
      const pixels = await loadPixelDataset(meta, runConfig.imageSizePx, (done, total) => setPreparing({ done, total }), runConfig.augment);
      const weights = !resume && pretrainedFile && runConfig.pretrained ? await pretrainedFile.arrayBuffer() : null;
      const from = !resume && runConfig.startFrom ? runConfig.startFrom : null;
      const startFrom = from ? { bytes: (await loadBundleBytes(from.bundleId)).slice().buffer, file: from.bundleName, spn: from.spn } : null;
      startRun(runConfig, pixels, { datasetId: meta.id, datasetName: meta.name }, resume, weights, startFrom);
    } catch (error) {
      setPrepareError(`Could not prepare ${meta.name}: ${(error as Error).message}`);
    } finally {
      setPreparing(null);
    }
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
        <button onClick={() => void start(null)} disabled={isBusy || !dataset}>
          Start training
        </button>
        {training.phase === 'running' && (
          <button className="secondary" onClick={pauseRun}>
            Pause
          </button>
        )}
        {training.phase === 'paused' && <button onClick={resumeRun}>Resume</button>}
        {(training.phase === 'running' || training.phase === 'paused') && (
          <button className="secondary" onClick={cancelRun}>
            Stop
          </button>
        )}
      </div>
      {interrupted && !isBusy && (
        <div className="card warning" role="alert" data-testid="interrupted-run">
          <p>
            A run on {interrupted.datasetName} stopped after epoch {interrupted.checkpoint.epoch} of {interrupted.config.epochs} (saved{' '}
            {new Date(interrupted.savedAt).toLocaleString()}). Resume it from there, or discard it.
          </p>
          <button onClick={() => void start(interrupted)}>Resume run</button>{' '}
          <button className="secondary" onClick={() => void clearRunCheckpoint().then(() => setInterrupted(null))}>
            Discard
          </button>
        </div>
      )}
      <TrainForm disabled={isBusy} onPretrainedFile={setPretrainedFile} />
      <SpeedCheck disabled={isBusy} />
      {preparing && (
        <div className="card" role="status">
          Preparing images at {config.imageSizePx} px: {preparing.done} of {preparing.total}
          <progress value={preparing.done} max={Math.max(1, preparing.total)} />
        </div>
      )}
      {prepareError && <p className="error" role="alert">{prepareError}</p>}
      {training.phase !== 'idle' && (
        <section className="card" aria-label="Training progress" aria-live="polite">
          <p data-testid="training-phase" data-phase={training.phase}>
            {training.phase === 'preparing' && 'Building the model in the worker (the first step compiles GPU kernels)…'}
            {training.phase === 'running' && training.batchLosses.length === 0 && 'Compiling GPU kernels… the first steps take long, especially on a software adapter.'}
            {(training.phase === 'running' || training.phase === 'paused') && training.batchLosses.length > 0 &&
              `${training.phase === 'paused' ? 'Paused at' : 'Training:'} epoch ${training.epoch} of ${training.epochs}, step ${training.batch} of ${training.batchesPerEpoch}`}
            {training.phase === 'running' && speed && ` · ${speed.imagesPerSecond.toFixed(1)} images/s · about ${formatDuration(speed.etaSeconds)} left`}
            {training.phase === 'finished' && 'Training finished: the best epoch by validation F1 was tested.'}
            {training.phase === 'cancelled' && 'Training was stopped; nothing of the run was kept.'}
            {training.phase === 'failed' && <span className="error">Training failed: {training.error}</span>}
          </p>
          {totalBatches > 0 && <progress aria-label="Training progress" value={Math.max(0, doneBatches)} max={totalBatches} />}
          {training.tensorsPerEpoch.length > 0 && (
            <p className="muted" data-testid="tensor-counts">
              Live tensors in the worker after each epoch: {training.tensorsPerEpoch.join(', ')}
            </p>
          )}
        </section>
      )}
      {(training.batchLosses.length > 0 || training.history.length > 0) && (
        <TrainingCharts batchLosses={training.batchLosses} history={training.history} batchesPerEpoch={training.batchesPerEpoch} />
      )}
      {training.result && <TestResults result={training.result} />}
    </>
  );
}
