import type { ReactNode } from 'react';
import { useState } from 'react';

import { downloadFile } from '../../browser/download';
import { figuresZip } from '../../browser/overlayFigures';
import { VIRIDIS_CSS_GRADIENT } from '../../core/explain/colormap';
import type { OverlayLayers } from '../../core/explain/overlayPixels';
import type { ExplainItem } from '../../worker/protocol';
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
}

export function captionOf(item: ExplainItem, classNames: readonly string[]): string {
  const predicted = `${classNames[item.predicted]} ${(100 * item.probabilities[item.predicted]!).toFixed(0)} %`;
  if (item.label < 0) return `${item.id}: ${predicted}`;
  return `${item.id}: predicted ${predicted}, true ${classNames[item.label]}`;
}

/** The overlay gallery of the Explain page and of predictions: overlay switches, figure export and a virtualized grid. */
export function Gallery({ items, classNames, sizePx, hasSpn, figureName, filters, onOpen }: Props) {
  const [layers, setLayers] = useState<OverlayLayers>({ spn: false, cam: true, groundTruth: true });
  const [opacity, setOpacity] = useState(0.5);
  const [exporting, setExporting] = useState(false);
  const exportFigures = async (): Promise<void> => {
    setExporting(true);
    try {
      const figures = items.map((item) => ({ ...item, sizePx, caption: captionOf(item, classNames) }));
      downloadFile(`${figureName}.zip`, await figuresZip(figures, opacity), 'application/zip');
    } finally {
      setExporting(false);
    }
  };
  return (
    <section className="card" aria-label="Gallery">
      <div className="row" role="group" aria-label="Overlays">
        <label>
          <input type="checkbox" checked={layers.cam} onChange={(e) => setLayers({ ...layers, cam: e.target.checked })} /> Grad-CAM
        </label>
        <label>
          <input type="checkbox" checked={layers.spn} disabled={!hasSpn} onChange={(e) => setLayers({ ...layers, spn: e.target.checked })} /> SPN mask
        </label>
        <label>
          <input type="checkbox" checked={layers.groundTruth} onChange={(e) => setLayers({ ...layers, groundTruth: e.target.checked })} /> Ground-truth outline
        </label>
        <label>
          Opacity <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
        </label>
        <span className="legend" aria-label="Grad-CAM colour scale from low to high">
          low <span className="legend-bar" style={{ background: VIRIDIS_CSS_GRADIENT }} /> high
        </span>
        <button onClick={() => void exportFigures()} disabled={exporting || items.length === 0}>
          {exporting ? 'Writing figures…' : `Download figures (${items.length} PNG)`}
        </button>
      </div>
      {filters && (
        <div className="row" role="group" aria-label="Filters" style={{ marginTop: '0.5rem' }}>
          {filters}
        </div>
      )}
      <VirtualGrid
        items={items}
        cellWidthPx={152}
        cellHeightPx={196}
        heightPx={640}
        itemKey={(item) => item.id}
        label="Gallery"
        testId="gallery"
        renderItem={(item) => {
          const known = item.label >= 0;
          const isCorrect = item.predicted === item.label;
          const content = (
            <>
              <OverlayCanvas
                pixels={item.pixels}
                sizePx={sizePx}
                cam={item.cam}
                spn={item.spn}
                mask={item.mask}
                layers={layers}
                opacity={opacity}
                displayPx={128}
                label={captionOf(item, classNames)}
              />
              <span className={known ? (isCorrect ? 'correct' : 'wrong') : undefined} data-testid="gallery-prediction">
                {known && (isCorrect ? '✓ ' : '✗ ')}
                {classNames[item.predicted]} {(100 * item.probabilities[item.predicted]!).toFixed(0)} %
              </span>
              {known && !isCorrect && <span className="muted">true: {classNames[item.label]}</span>}
              {!known && <span className="muted">{item.id}</span>}
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
