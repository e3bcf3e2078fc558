import { useEffect, useMemo, useState } from 'react';

import { formatPercent } from '../../core/format';
import { saliencyLabel, saliencyMapSidePx } from '../../core/explain/saliencyMethods';
import { METHOD_LABELS } from '../../core/train/trainConfig';
import { ErrorNotice } from '../components/ErrorNotice';
import { explainAll } from '../explainActions';
import type { ExplainItem } from '../../worker/protocol';
import { DetailView } from '../components/DetailView';
import { EmptyState } from '../components/EmptyState';
import { Gallery } from '../components/Gallery';
import type { GalleryFilter } from '../stores/explainStore';
import { setGalleryFilter, useExplainStore } from '../stores/explainStore';
import { CompareControl } from '../components/CompareControl';
import { ConfusionMatrix } from '../components/ConfusionMatrix';
import { openConfusionCell } from '../galleryLinks';
import { useTrainingStore } from '../stores/trainingStore';
import { useBackendStore } from '../stores/backendStore';
import { ClassFilter } from '../components/ClassOptions';
import { OpeningRunNotice } from '../components/OpeningRunNotice';
import { RunPicker } from '../components/RunPicker';
import type { Failure } from '../errorMessages';
import { toFailure } from '../errorMessages';
import { reopenLatestRun } from '../latestRunActions';
import { useOpenableRuns } from '../useOpenableRuns';


/** No model in this session (after a reload, say): the newest finished run kept in this browser opens by itself. */
function NoRunShown() {
  const [looking, setLooking] = useState<'looking' | 'none' | Failure>('looking');
  useEffect(() => {
    reopenLatestRun().then(
      (found) => !found && setLooking('none'),
      (error: unknown) => setLooking(toFailure(error)),
    );
  }, []);
  return (
    <>
      <h2 id="page-title">Explain</h2>
      {looking === 'looking' && (
        <OpeningRunNotice fallback="Looking for a finished run kept in this browser…" />
      )}
      {typeof looking === 'object' && <ErrorNotice failure={looking} testId="explain-error" />}
      {looking !== 'looking' && (
        <EmptyState title="No trained model to explain yet">
          <p>
            Train a model on the <a href="#/train">Train</a> page. Its SPN masks and Grad-CAM maps will then be overlaid on every image here, next to the
            ground-truth masks.
          </p>
        </EmptyState>
      )}
    </>
  );
}

export function ExplainPage() {
  const result = useTrainingStore((s) => s.result);
  const datasetId = useTrainingStore((s) => s.datasetId);
  const { phase, items, total, error, filter, compare, seconds } = useExplainStore();
  const backendName = useBackendStore((s) => s.status?.backend ?? 'this backend');
  const { split, trueClass, predicted, correctness, mask, sort } = filter;
  const [detail, setDetail] = useState<ExplainItem | null>(null);
  // Listed once for the run picker and Compare with.
  const keptRuns = useOpenableRuns();

  const filtered = useMemo(() => {
    const list = items.filter(
      (i) =>
        (split === 'all' || i.split === split) &&
        (trueClass < 0 || i.label === trueClass) &&
        (predicted < 0 || i.predicted === predicted) &&
        (correctness === 'all' || (correctness === 'correct') === (i.predicted === i.label)) &&
        (mask === 'all' || (mask === 'with') === (i.mask !== null)),
    );
    const confidence = (i: ExplainItem): number => i.probabilities[i.predicted]!;
    if (sort !== 'none') list.sort((a, b) => (sort === 'confidence-asc' ? confidence(a) - confidence(b) : confidence(b) - confidence(a)));
    return list;
  }, [items, split, trueClass, predicted, correctness, mask, sort]);

  if (!result) return <NoRunShown />;
  const { classNames, saliency, config } = result;
  const sizePx = config.imageSizePx;
  const isBaseline = config.method === 'baseline';
  const mapSide = saliencyMapSidePx(sizePx, config.saliency.stage);
  // "an 8×8 map", "a 2×2 map": the article follows how the number is said.
  const mapName = `${saliencyLabel(config.saliency)}, ${/^(8|11|18)/.test(String(mapSide)) ? 'an' : 'a'} ${mapSide}×${mapSide} map`;
  return (
    <>
      <h2 id="page-title">Explain</h2>
      <section className="card" aria-label="Saliency metrics">
        <RunPicker choices={keptRuns} />
        <OpeningRunNotice />
        <p>
          {METHOD_LABELS[config.method]} model, {config.backbone} at width {config.width}, {sizePx} px. On {saliency.maskedTestImages} test images with a mask, {mapName}:
          energy inside the object <strong data-testid="cam-energy">{formatPercent(saliency.camEnergyInMask)}</strong>, pointing game{' '}
          <strong>{formatPercent(saliency.camPointingGame)}</strong>
          {!isBaseline && (
            <>
              , SPN IoU <strong>{formatPercent(saliency.spnIoU)}</strong>, Dice <strong>{formatPercent(saliency.spnDice)}</strong>
            </>
          )}
          .
        </p>
        {mapSide < 2 && (
          <p className="warning" role="note">
            Grad-CAM has the resolution of the stage it reads, {mapSide}×{mapSide} for {config.saliency.stage} at {sizePx} px: it cannot point anywhere. Train with
            an earlier Grad-CAM stage (layer2 gives {saliencyMapSidePx(sizePx, 'layer2')}×{saliencyMapSidePx(sizePx, 'layer2')}) or larger images.
          </p>
        )}
        {phase === 'idle' && <button onClick={() => void explainAll()}>Explain every image</button>}
        {phase === 'loading' && (
          <div role="status">
            Computing predictions, SPN masks and Grad-CAM: {items.length} of {total || '…'}
            <progress value={items.length} max={Math.max(1, total)} />
          </div>
        )}
        {error && <ErrorNotice failure={error} onRetry={() => void explainAll()} testId="explain-error" />}
        {phase === 'ready' && seconds !== null && (
          <p className="muted" data-testid="explain-speed" data-images-per-second={(items.length / seconds).toFixed(2)}>
            {items.length} images explained (prediction, SPN mask, Grad-CAM) in {seconds.toFixed(1)} s: {(items.length / seconds).toFixed(1)} images/s on {backendName}.
          </p>
        )}
        <ConfusionMatrix confusion={result.test.confusion} classNames={classNames} onCellClick={openConfusionCell} />
        <CompareControl result={result} datasetId={datasetId} choices={keptRuns} />
      </section>
      {items.length > 0 && (
        <Gallery
          items={filtered}
          classNames={classNames}
          sizePx={sizePx}
          hasSpn={!isBaseline}
          figureName={`explain-${config.method}-${split}`}
          onOpen={setDetail}
          compare={compare}
          filters={
            <>
              <label>
                Split{' '}
                <select value={split} onChange={(e) => setGalleryFilter({ split: e.target.value as GalleryFilter['split'] })}>
                  <option value="test">test</option>
                  <option value="val">validation</option>
                  <option value="train">train</option>
                  <option value="all">all</option>
                </select>
              </label>
              <ClassFilter label="True class" value={trueClass} classNames={classNames} onChange={(k) => setGalleryFilter({ trueClass: k })} />
              <ClassFilter label="Predicted class" value={predicted} classNames={classNames} onChange={(k) => setGalleryFilter({ predicted: k })} />
              <label>
                Prediction{' '}
                <select value={correctness} onChange={(e) => setGalleryFilter({ correctness: e.target.value as GalleryFilter['correctness'] })}>
                  <option value="all">all</option>
                  <option value="correct">correct</option>
                  <option value="wrong">wrong</option>
                </select>
              </label>
              <label>
                Mask{' '}
                <select value={mask} onChange={(e) => setGalleryFilter({ mask: e.target.value as GalleryFilter['mask'] })}>
                  <option value="all">all</option>
                  <option value="with">with a mask</option>
                  <option value="without">without</option>
                </select>
              </label>
              <label>
                Sort{' '}
                <select value={sort} onChange={(e) => setGalleryFilter({ sort: e.target.value as GalleryFilter['sort'] })}>
                  <option value="none">dataset order</option>
                  <option value="confidence-asc">least confident first</option>
                  <option value="confidence-desc">most confident first</option>
                </select>
              </label>
              <span className="muted gallery-count" data-testid="gallery-count">
                {filtered.length} image(s)
              </span>
            </>
          }
        />
      )}
      {detail && <DetailView item={detail} classNames={classNames} sizePx={sizePx} onClose={() => setDetail(null)} />}
    </>
  );
}
