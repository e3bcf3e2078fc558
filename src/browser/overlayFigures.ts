import { zipSync } from 'fflate';

import type { OverlayLayers, OverlaySource } from '../core/explain/overlayPixels';
import { composeOverlay } from '../core/explain/overlayPixels';

export interface FigureItem extends OverlaySource {
  id: string;
  caption: string;
  /** Another run's Grad-CAM of the same image, drawn as a last panel. */
  compare?: { label: string; saliency: Uint8Array } | null;
}

const PANEL_PX = 224;
const CAPTION_PX = 28;
/** A grid figure holds at most this many images, so it stays a readable page. */
export const MAX_GRID_ROWS = 24;

function panel(source: OverlaySource, layers: OverlayLayers, opacity: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(source.sizePx, source.sizePx);
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(source.sizePx, source.sizePx);
  image.data.set(composeOverlay(source, layers, opacity));
  context.putImageData(image, 0, 0);
  return canvas;
}

/** The image, Grad-CAM over it, the SPN mask when there is one, and another run's Grad-CAM when compared; each with the ground-truth outline. */
function panelsOf(item: FigureItem, opacity: number): OffscreenCanvas[] {
  return [
    panel(item, { saliency: false, spn: false, groundTruth: true }, opacity),
    panel(item, { saliency: true, spn: false, groundTruth: true }, opacity),
    ...(item.spn ? [panel(item, { saliency: false, spn: true, groundTruth: true }, opacity)] : []),
    ...(item.compare ? [panel({ ...item, saliency: item.compare.saliency }, { saliency: true, spn: false, groundTruth: true }, opacity)] : []),
  ];
}

function drawRow(context: OffscreenCanvasRenderingContext2D, item: FigureItem, y: number, opacity: number): void {
  const panels = panelsOf(item, opacity);
  const titles = ['image', 'Grad-CAM', ...(item.spn ? ['SPN mask'] : []), ...(item.compare ? [`Grad-CAM of ${item.compare.label}`] : [])];
  context.fillStyle = 'black';
  context.font = '14px sans-serif';
  context.fillText(`${item.caption}  (${titles.join(' · ')})`, 6, y + 19, panels.length * PANEL_PX - 12);
  context.imageSmoothingEnabled = false;
  panels.forEach((p, i) => context.drawImage(p, i * PANEL_PX, y + CAPTION_PX, PANEL_PX, PANEL_PX));
}

function whiteCanvas(width: number, height: number): { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D } {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = 'white';
  context.fillRect(0, 0, width, height);
  return { canvas, context };
}

const rowWidth = (item: FigureItem): number => (2 + (item.spn ? 1 : 0) + (item.compare ? 1 : 0)) * PANEL_PX;

/** One image's figure row as a PNG, for `npm run predict` and the per-image zip. */
export async function figurePng(item: FigureItem, opacity: number): Promise<Blob> {
  const { canvas, context } = whiteCanvas(rowWidth(item), PANEL_PX + CAPTION_PX);
  drawRow(context, item, 0, opacity);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** The report-style figure: one row per image (at most MAX_GRID_ROWS), panels side by side, in one PNG. */
export async function figureGridPng(items: readonly FigureItem[], opacity: number): Promise<Blob> {
  const rows = items.slice(0, MAX_GRID_ROWS);
  const { canvas, context } = whiteCanvas(Math.max(...rows.map(rowWidth)), rows.length * (PANEL_PX + CAPTION_PX));
  rows.forEach((item, i) => drawRow(context, item, i * (PANEL_PX + CAPTION_PX), opacity));
  return canvas.convertToBlob({ type: 'image/png' });
}

/** A zip of one figure PNG per image, named after the image. */
export async function figuresZip(items: readonly FigureItem[], opacity: number): Promise<Uint8Array> {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const item of items) {
    const name = `${item.id.replace(/\.[^./]+$/, '').replaceAll('/', '__')}.png`;
    files[name] = [new Uint8Array(await (await figurePng(item, opacity)).arrayBuffer()), { level: 0 }];
  }
  return zipSync(files);
}
