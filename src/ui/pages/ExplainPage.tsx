import { useMemo, useState } from 'react';

import { explainAll } from '../../worker/trainingClient';
import type { ExplainItem } from '../../worker/protocol';
import { DetailView } from '../components/DetailView';
import { EmptyState } from '../components/EmptyState';
import { Gallery } from '../components/Gallery';
import { useExplainStore } from '../stores/explainStore';
import { useTrainingStore } from '../stores/trainingStore';
import { ClassOptions } from '../components/ClassOptions';

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

export function ExplainPage() {
  const result = useTrainingStore((s) => s.result);
  const { phase, items, total, error } = useExplainStore();
  const [split, setSplit] = useState('test');
  const [classFilter, setClassFilter] = useState(-1);
  const [correctness, setCorrectness] = useState<'all' | 'correct' | 'wrong'>('all');
  const [maskFilter, setMaskFilter] = useState<'all' | 'with' | 'without'>('all');
  const [sort, setSort] = useState<'none' | 'confidence-asc' | 'confidence-desc'>('none');
  const [detail, setDetail] = useState<ExplainItem | null>(null);

  const filtered = useMemo(() => {
    const list = items.filter(
      (i) =>
        (split === 'all' || i.split === split) &&
        (classFilter < 0 || i.label === classFilter) &&
        (correctness === 'all' || (correctness === 'correct') === (i.predicted === i.label)) &&
        (maskFilter === 'all' || (maskFilter === 'with') === (i.mask !== null)),
    );
    const confidence = (i: ExplainItem): number => i.probabilities[i.predicted]!;
    if (sort !== 'none') list.sort((a, b) => (sort === 'confidence-asc' ? confidence(a) - confidence(b) : confidence(b) - confidence(a)));
    return list;
  }, [items, split, classFilter, correctness, maskFilter, sort]);

  if (!result) {
    return (
      <>
        <h2 id="page-title">Explain</h2>
        <EmptyState title="No trained model to explain yet">
          <p>
            Train a model on the <a href="#/train">Train</a> page. Its SPN masks and Grad-CAM maps will then be overlaid on every image here, next to the
            ground-truth masks.
          </p>
        </EmptyState>
      </>
    );
  }
  const { classNames, saliency, config } = result;
  const sizePx = config.imageSizePx;
  const isBaseline = config.method === 'baseline';
  return (
    <>
      <h2 id="page-title">Explain</h2>
      <section className="card" aria-label="Saliency metrics">
        <p>
          {isBaseline ? 'Baseline' : 'SPN'} model, {config.backbone} at width {config.width}, {sizePx} px. On {saliency.maskedTestImages} test images with a mask:
          Grad-CAM energy inside the object <strong data-testid="cam-energy">{pct(saliency.camEnergyInMask)}</strong>, pointing game{' '}
          <strong>{pct(saliency.camPointingGame)}</strong>
          {!isBaseline && (
            <>
              , SPN IoU <strong>{pct(saliency.spnIoU)}</strong>, Dice <strong>{pct(saliency.spnDice)}</strong>
            </>
          )}
          .
        </p>
        {sizePx / 32 < 2 && (
          <p className="warning" role="note">
            Grad-CAM has the resolution of the feature map, {sizePx / 32}×{sizePx / 32} at {sizePx} px: it cannot point anywhere. Train at 64 px or more for a
            spatial map (224 px gives 7×7).
          </p>
        )}
        {phase === 'idle' && <button onClick={explainAll}>Explain every image</button>}
        {phase === 'loading' && (
          <div role="status">
            Computing predictions, SPN masks and Grad-CAM: {items.length} of {total || '…'}
            <progress value={items.length} max={Math.max(1, total)} />
          </div>
        )}
        {phase === 'failed' && <p className="error">{error}</p>}
      </section>
      {items.length > 0 && (
        <Gallery
          items={filtered}
          classNames={classNames}
          sizePx={sizePx}
          hasSpn={!isBaseline}
          figureName={`explain-${config.method}-${split}`}
          onOpen={setDetail}
          filters={
            <>
              <label>
                Split{' '}
                <select value={split} onChange={(e) => setSplit(e.target.value)}>
                  <option value="test">test</option>
                  <option value="val">validation</option>
                  <option value="train">train</option>
                  <option value="all">all</option>
                </select>
              </label>
              <label>
                True class{' '}
                <select value={classFilter} onChange={(e) => setClassFilter(Number(e.target.value))}>
                  <option value={-1}>all</option>
                  <ClassOptions classNames={classNames} />
                </select>
              </label>
              <label>
                Prediction{' '}
                <select value={correctness} onChange={(e) => setCorrectness(e.target.value as typeof correctness)}>
                  <option value="all">all</option>
                  <option value="correct">correct</option>
                  <option value="wrong">wrong</option>
                </select>
              </label>
              <label>
                Mask{' '}
                <select value={maskFilter} onChange={(e) => setMaskFilter(e.target.value as typeof maskFilter)}>
                  <option value="all">all</option>
                  <option value="with">with a mask</option>
                  <option value="without">without</option>
                </select>
              </label>
              <label>
                Sort{' '}
                <select value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
                  <option value="none">dataset order</option>
                  <option value="confidence-asc">least confident first</option>
                  <option value="confidence-desc">most confident first</option>
                </select>
              </label>
              <span className="muted" data-testid="gallery-count">
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
