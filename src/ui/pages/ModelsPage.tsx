import { useEffect, useState } from 'react';

import { downloadFile } from '../../browser/download';
import { takeInputFiles } from '../../browser/walkDroppedFiles';
import { predictionRecords, predictionsCsv } from '../../core/explain/predictionRecords';
import { formatPercent } from '../../core/format';
import { METHOD_LABELS } from '../../core/train/trainConfig';
import { bundleFileName, exportSessionModel, openBundleFile, predictOnFiles, refreshBundles } from '../bundleActions';
import { BundleLinkOffer } from '../components/BundleLinkOffer';
import { BundleList } from '../components/BundleList';
import { ErrorNotice } from '../components/ErrorNotice';
import { DetailView } from '../components/DetailView';
import { DropZone } from '../components/DropZone';
import { EmptyState } from '../components/EmptyState';
import { Gallery } from '../components/Gallery';
import { ProblemList } from '../components/ProblemList';
import { useDatasetStore } from '../stores/datasetStore';
import { initialPredictions, useModelsStore } from '../stores/modelsStore';
import type { ExplainItem, ModelSource } from '../../worker/protocol';
import { useTrainingStore } from '../stores/trainingStore';

function SessionModel() {
  const result = useTrainingStore((s) => s.result);
  const origin = useTrainingStore((s) => s.sessionModel);
  // The model's own dataset, not whichever the Train page has selected since.
  const datasetId = useTrainingStore((s) => s.datasetId);
  const dataset = useDatasetStore((s) => s.datasets.find((d) => d.id === datasetId) ?? null);
  const busy = useModelsStore((s) => s.busy);
  const [name, setName] = useState('');
  if (!result) return null;
  const c = result.config;
  const defaultName = `${dataset?.name ?? origin?.datasetName ?? 'model'} ${METHOD_LABELS[c.method]} ${c.backbone} seed ${c.seed}`;
  const exportIt = async (): Promise<void> => {
    const exported = await exportSessionModel(name.trim() || defaultName, result, dataset);
    if (exported) downloadFile(exported.fileName, exported.bytes, 'application/zip');
  };
  return (
    <section className="card" aria-labelledby="session-model">
      <h3 id="session-model">This session's model</h3>
      <p data-testid="session-model-origin">
        {origin && origin.origin !== 'train' ? `${origin.label}` : `${METHOD_LABELS[c.method]}, seed ${c.seed}, trained on the Train page`}, on{' '}
        {origin?.datasetName ?? dataset?.name ?? 'its dataset'}: {c.backbone} ×{c.width}, {c.imageSizePx} px, classes {result.classNames.join(', ')}; test F1{' '}
        {formatPercent(result.test.f1)}.
      </p>
      <div className="row">
        <label>
          Bundle name <input value={name} placeholder={defaultName} onChange={(e) => setName(e.target.value)} />
        </label>
        <button disabled={busy !== null} onClick={() => void exportIt()}>
          Export bundle ({bundleFileName(name.trim() || defaultName)})
        </button>
      </div>
    </section>
  );
}

function Predictions() {
  const { active, predictions, busy, predictSource } = useModelsStore();
  const trained = useTrainingStore((s) => s.result);
  const hasTrained = trained !== null;
  const [detail, setDetail] = useState<ExplainItem | null>(null);
  const chosen = (predictSource === 'bundle' || !hasTrained) && active ? 'bundle' : hasTrained ? 'trained' : null;
  if (!chosen) return null;
  const model =
    chosen === 'bundle' && active
      ? { sizePx: active.inputSizePx, classNames: active.classNames, hasSpn: active.spn !== null, name: active.name }
      : { sizePx: trained!.config.imageSizePx, classNames: trained!.classNames, hasSpn: trained!.config.method !== 'baseline', name: "this session's model" };
  const start = (files: Parameters<typeof predictOnFiles>[0]): void => void predictOnFiles(files, chosen, model.sizePx, model.classNames, model.hasSpn);
  const records = predictionRecords(predictions.items, predictions.classNames);
  const isWorking = predictions.phase === 'decoding' || predictions.phase === 'predicting';
  return (
    <section className="card" aria-labelledby="predict-title">
      <h3 id="predict-title">Predict on new images</h3>
      {active && hasTrained && (
        <label>
          Model{' '}
          <select value={chosen} onChange={(e) => useModelsStore.setState({ predictSource: e.target.value as ModelSource, predictions: initialPredictions })}>
            <option value="bundle">open bundle: {active.name}</option>
            <option value="trained">this session's model</option>
          </select>
        </label>
      )}
      <DropZone onFiles={start} testId="predict-drop-zone">
        <p>
          Drop images or a folder of images to predict with <strong>{model.name}</strong> ({model.classNames.join(', ')}; resized to {model.sizePx} px).
        </p>
        <div className="row" style={{ justifyContent: 'center' }}>
          <label>
            Images: <input type="file" accept="image/*" multiple aria-label="Choose images to predict" disabled={isWorking || busy !== null} onChange={(e) => start(takeInputFiles(e.target))} />
          </label>
          <label>
            or a folder: <input type="file" webkitdirectory="" multiple aria-label="Choose a folder of images to predict" disabled={isWorking || busy !== null} onChange={(e) => start(takeInputFiles(e.target))} />
          </label>
        </div>
      </DropZone>
      {isWorking && (
        <div role="status">
          {predictions.phase === 'decoding' ? 'Decoding images…' : 'Predicting classes, SPN masks and Grad-CAM:'} {predictions.items.length} of {predictions.total}
          <progress value={predictions.items.length} max={Math.max(1, predictions.total)} />
        </div>
      )}
      {predictions.problems.length > 0 && (
        <>
          <p className="warning">{predictions.problems.length} file(s) left out:</p>
          <ProblemList problems={predictions.problems} />
        </>
      )}
      {predictions.phase === 'ready' && (
        <div className="row">
          <span data-testid="prediction-count">{records.length} prediction(s)</span>
          <button onClick={() => downloadFile('predictions.csv', predictionsCsv(records, predictions.classNames), 'text/csv')}>Download predictions (CSV)</button>
          <button className="secondary" onClick={() => downloadFile('predictions.json', JSON.stringify({ model: model.name, classNames: predictions.classNames, predictions: records }, null, 2), 'application/json')}>
            Download predictions (JSON)
          </button>
        </div>
      )}
      {predictions.items.length > 0 && (
        <Gallery items={predictions.items} classNames={predictions.classNames} sizePx={predictions.sizePx} hasSpn={predictions.hasSpn} figureName="prediction-figures" onOpen={setDetail} />
      )}
      {detail && <DetailView item={detail} classNames={predictions.classNames} sizePx={predictions.sizePx} onClose={() => setDetail(null)} isPrediction />}
    </section>
  );
}

export function ModelsPage() {
  const { bundles, activeId, busy, error, link, notice } = useModelsStore();
  const hasTrained = useTrainingStore((s) => s.result !== null);
  useEffect(() => {
    void refreshBundles();
  }, []);
  const openFirst = (files: { file: File }[]): void => {
    const first = files[0];
    if (first) void openBundleFile(first.file);
  };
  return (
    <>
      <h2 id="page-title">Models</h2>
      {bundles.length === 0 && !hasTrained && !link && (
        <EmptyState title="No models yet">
          <p>
            Models you train on the <a href="#/train">Train</a> page can be exported here as bundles; bundles that others share with you open here to predict
            with. Drop one below.
          </p>
        </EmptyState>
      )}
      <BundleLinkOffer />
      <SessionModel />
      <section className="card" aria-labelledby="bundles-title">
        <h3 id="bundles-title">Model bundles</h3>
        <DropZone onFiles={openFirst} testId="bundle-drop-zone">
          <p>
            Drop a model bundle (<code>.zip</code> with <code>studio.json</code>) here to open it, or choose one:{' '}
            <input type="file" accept=".zip,application/zip" aria-label="Choose a bundle file" disabled={busy !== null} onChange={(e) => openFirst(takeInputFiles(e.target))} />
          </p>
          <p className="muted">
            For a classroom, host one bundle and share the studio's address with <code>?bundle=&lt;url of the zip&gt;</code>: it opens on every student's page.
          </p>
        </DropZone>
        {busy && (
          <p role="status" className="busy" aria-busy="true">
            <span className="spinner" aria-hidden="true" /> {busy}
          </p>
        )}
        {!busy && notice && (
          <p role="status" className="notice" data-testid="models-notice">
            {notice}
          </p>
        )}
        {error && <ErrorNotice failure={error} testId="models-error" />}
        <BundleList bundles={bundles} activeId={activeId} busy={busy !== null} />
      </section>
      <Predictions />
    </>
  );
}
