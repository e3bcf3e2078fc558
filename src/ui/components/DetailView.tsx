import { useEffect, useRef, useState } from 'react';

import { formatPercent } from '../../core/format';
import { explainForClass } from '../explainActions';
import type { ExplainItem } from '../../worker/protocol';
import { useExplainStore } from '../stores/explainStore';
import { OverlayCanvas } from './OverlayCanvas';
import { ClassOptions } from './ClassOptions';

const NONE = { spn: false, saliency: false, groundTruth: false };

/** One image side by side with its ground truth, SPN mask and Grad-CAM (for any class), in a modal dialog. */
export function DetailView({ item, classNames, sizePx, onClose, isPrediction = false }: { item: ExplainItem; classNames: string[]; sizePx: number; onClose: () => void; isPrediction?: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [saliencyClass, setCamClass] = useState(item.saliencyClass);
  const detailCam = useExplainStore((s) => s.detailMaps[`${item.id}:${saliencyClass}`]);
  // A prediction comes from an opened bundle: the session's comparison and per-class maps belong to another model.
  const compare = useExplainStore((s) => (isPrediction ? null : s.compare));
  const other = compare?.entries[item.id];
  const cam = saliencyClass === item.saliencyClass ? item.saliency : (detailCam ?? null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (saliencyClass !== item.saliencyClass && !detailCam) void explainForClass(item.id, saliencyClass);
  }, [saliencyClass, item, detailCam]);
  const empty = new Uint8Array(sizePx * sizePx * 3);
  const maskPixels = (mask: Uint8Array | null, scale: number): Uint8Array => (mask ? Uint8Array.from({ length: sizePx * sizePx * 3 }, (_, i) => Math.min(255, mask[Math.floor(i / 3)]! * scale)) : empty);
  return (
    <dialog ref={dialog} className="detail" onClose={onClose} aria-label={`Details of ${item.id}`}>
      <h3>
        {item.id}: {item.label >= 0 ? `true ${classNames[item.label]}, ` : ''}predicted {classNames[item.predicted]} ({formatPercent(item.probabilities[item.predicted])})
      </h3>
      <div className="detail-panels">
        <figure>
          <OverlayCanvas pixels={item.pixels} sizePx={sizePx} layers={NONE} opacity={0} displayPx={224} label="image" />
          <figcaption>Image</figcaption>
        </figure>
        <figure>
          <OverlayCanvas pixels={maskPixels(item.mask, 255)} sizePx={sizePx} layers={NONE} opacity={0} displayPx={224} label="ground-truth mask" />
          <figcaption>{item.mask ? 'Ground truth' : 'No ground-truth mask'}</figcaption>
        </figure>
        <figure>
          <OverlayCanvas pixels={maskPixels(item.spn, 1)} sizePx={sizePx} layers={NONE} opacity={0} displayPx={224} label="SPN mask" />
          <figcaption>{item.spn ? 'SPN mask' : 'No SPN (baseline)'}</figcaption>
        </figure>
        <figure>
          {cam ? (
            <OverlayCanvas pixels={item.pixels} sizePx={sizePx} saliency={cam} mask={item.mask} layers={{ spn: false, saliency: true, groundTruth: true }} opacity={0.6} displayPx={224} label={`Grad-CAM for ${classNames[saliencyClass]}`} />
          ) : (
            <p role="status">Computing Grad-CAM…</p>
          )}
          <figcaption>
            <label>
              Grad-CAM for{' '}
              <select
                aria-label="Class for Grad-CAM"
                value={saliencyClass}
                disabled={isPrediction}
                title={isPrediction ? 'Predictions show Grad-CAM for the predicted class' : undefined}
                onChange={(e) => setCamClass(Number(e.target.value))}
              >
                <ClassOptions classNames={classNames} />
              </select>
            </label>
          </figcaption>
        </figure>
        {compare && other && (
          <figure>
            <OverlayCanvas pixels={item.pixels} sizePx={sizePx} saliency={other.saliency} mask={item.mask} layers={{ spn: false, saliency: true, groundTruth: true }} opacity={0.6} displayPx={224} label={`Grad-CAM of ${compare.label}`} />
            <figcaption>
              {compare.label}: predicted {classNames[other.predicted]} ({formatPercent(other.probabilities[other.predicted])})
            </figcaption>
          </figure>
        )}
      </div>
      <p className="muted">
        Class probabilities: {item.probabilities.map((p, k) => `${classNames[k]} ${formatPercent(p)}`).join(' · ')}
      </p>
      <button onClick={() => dialog.current?.close()}>Close</button>
    </dialog>
  );
}
