import type { ReactNode } from 'react';
import { useState } from 'react';

import { downloadFile } from '../../browser/download';
import { figureGridPng, figuresZip, MAX_GRID_ROWS } from '../../browser/overlayFigures';
import { VIRIDIS_CSS_GRADIENT } from '../../core/explain/colormap';
import { formatPrediction } from '../../core/format';
import type { OverlayLayers } from '../../core/explain/overlayPixels';
import type { ExplainItem } from '../../worker/protocol';
import type { CompareEntry } from '../stores/explainStore';
import { OverlayCanvas } from './OverlayCanvas';
import { VirtualGrid } from './VirtualGrid';

interface Props {
  items: ExplainItem[];
  classNames: string[];
  sizePx: number;
  hasSpn: boolean;
  /** Name of the figures zip, without extension. */
  figureName: string;
  /** Filter controls of the page that owns the gallery. */
  filters?: ReactNode;
  onOpen?: (item: ExplainItem) => void;
  /** Another run's Grad-CAM for the same images, drawn beside each image's own. */
  compare?: { label: string; entries: Record<string, CompareEntry> } | null;
}

export function captionOf(item: ExplainItem, classNames: readonly string[]): string {
  const predicted = formatPrediction(classNames, item.predicted, item.probabilities);
  if (item.label < 0) return `${item.id}: ${predicted}`;
  return `${item.id}: predicted ${predicted}, true ${classNames[item.label]}`;
}

/** The overlay gallery of the Explain page and of predictions: overlay switches, figure export and a virtualized grid. */
export function Gallery({ items, classNames, sizePx, hasSpn, figureName, filters, onOpen, compare }: Props) {
  const [layers, setLayers] = useState<OverlayLayers>({ spn: false, saliency: true, groundTruth: true });
  const [opacity, setOpacity] = useState(0.5);
  const [exporting, setExporting] = useState(false);
  // Predictions on new images have no masks: no outline toggle where there is nothing to outline.
  const hasGroundTruth = items.some((item) => item.mask !== null);
  const exportFigures = async (kind: 'grid' | 'zip'): Promise<void> => {
    setExporting(true);
    try {
      const figures = items.map((item) => {
        const other = compare?.entries[item.id];
        return { ...item, sizePx, caption: captionOf(item, classNames), compare: other && compare ? { label: compare.label, saliency: other.saliency } : null };
      });
      if (kind === 'zip') downloadFile(`${figureName}.zip`, await figuresZip(figures, opacity), 'application/zip');
      else downloadFile(`${figureName}.png`, new Uint8Array(await (await figureGridPng(figures, opacity)).arrayBuffer()), 'image/png');
    } finally {
      setExporting(false);
    }
  };
  return (
    <section className="card" aria-label="Gallery">
      {/* Two groups that wrap as wholes: overlays on the left, downloads on the right, never a lone button on a line. */}
      <div className="toolbar">
        <div className="toolbar-group" role="group" aria-label="Overlays">
          <label>
            <input type="checkbox" checked={layers.saliency} onChange={(e) => setLayers({ ...layers, saliency: e.target.checked })} /> Grad-CAM
          </label>
          <label>
            <input type="checkbox" checked={layers.spn} disabled={!hasSpn} onChange={(e) => setLayers({ ...layers, spn: e.target.checked })} /> SPN mask
          </label>
          {hasGroundTruth && (
            <label>
              <input type="checkbox" checked={layers.groundTruth} onChange={(e) => setLayers({ ...layers, groundTruth: e.target.checked })} /> Ground-truth outline
            </label>
          )}
          <label>
            Opacity <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
          </label>
          <span className="legend" aria-label="Grad-CAM colour scale from low to high">
            low <span className="legend-bar" style={{ background: VIRIDIS_CSS_GRADIENT }} /> high
          </span>
        </div>
        <div className="toolbar-group downloads" role="group" aria-label="Downloads">
          <button onClick={() => void exportFigures('grid')} disabled={exporting || items.length === 0} title={`One PNG, one row per image (the first ${MAX_GRID_ROWS} shown)`}>
            Download figure (PNG)
          </button>
          <button className="secondary" onClick={() => void exportFigures('zip')} disabled={exporting || items.length === 0}>
            {exporting ? 'Writing figures…' : `Download figures (${items.length} PNG)`}
          </button>
        </div>
      </div>
      {filters && (
        <div className="toolbar-group filters" role="group" aria-label="Filters">
          {filters}
        </div>
      )}
      <VirtualGrid
        items={items}
        cellWidthPx={compare ? 290 : 152}
        cellHeightPx={compare ? 224 : 196}
        heightPx={640}
        itemKey={(item) => item.id}
        label="Gallery"
        testId="gallery"
        renderItem={(item) => {
          const known = item.label >= 0;
          const isCorrect = item.predicted === item.label;
          const other = compare?.entries[item.id];
          const content = (
            <>
              {compare && <span className="muted">this model · {compare.label}</span>}
              <span className="row" style={{ gap: '0.3rem', justifyContent: 'center' }}>
              <OverlayCanvas
                pixels={item.pixels}
                sizePx={sizePx}
                saliency={item.saliency}
                spn={item.spn}
                mask={item.mask}
                layers={layers}
                opacity={opacity}
                displayPx={128}
                label={captionOf(item, classNames)}
              />
              {compare &&
                (other ? (
                  <OverlayCanvas
                    pixels={item.pixels}
                    sizePx={sizePx}
                    saliency={other.saliency}
                    mask={item.mask}
                    layers={{ ...layers, spn: false }}
                    opacity={opacity}
                    displayPx={128}
                    label={`${item.id}, ${compare.label}: predicted ${classNames[other.predicted]}`}
                  />
                ) : (
                  <span className="muted" style={{ width: 128 }}>…</span>
                ))}
              </span>
              <span className={known ? (isCorrect ? 'correct' : 'wrong') : undefined} data-testid="gallery-prediction" title={formatPrediction(classNames, item.predicted, item.probabilities)}>
                {known && (isCorrect ? '✓ ' : '✗ ')}
                {formatPrediction(classNames, item.predicted, item.probabilities)}
              </span>
              {known && !isCorrect && (
                <span className="muted" title={`true: ${classNames[item.label]}`}>
                  true: {classNames[item.label]}
                </span>
              )}
              {!known && (
                <span className="muted" title={item.id}>
                  {item.id}
                </span>
              )}
              {other && (
                <span className="muted" data-testid="compare-prediction">
                  {compare!.label}: {formatPrediction(classNames, other.predicted, other.probabilities)}
                </span>
              )}
            </>
          );
          return onOpen ? (
            <button className="gallery-item" onClick={() => onOpen(item)} aria-label={`Open ${item.id}`}>
              {content}
            </button>
          ) : (
            <div className="gallery-item">{content}</div>
          );
        }}
      />
    </section>
  );
}
