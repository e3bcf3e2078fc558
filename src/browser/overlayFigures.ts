import { zipSync } from 'fflate';

import type { OverlaySource } from '../core/explain/overlayPixels';
import { composeOverlay } from '../core/explain/overlayPixels';

export interface FigureItem extends OverlaySource {
  id: string;
  caption: string;
}

const PANEL_PX = 224;
const CAPTION_PX = 28;

function panel(source: OverlaySource, layers: { spn: boolean; cam: boolean; groundTruth: boolean }, opacity: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(source.sizePx, source.sizePx);
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(source.sizePx, source.sizePx);
  image.data.set(composeOverlay(source, layers, opacity));
  context.putImageData(image, 0, 0);
  return canvas;
}

/**
 * A figure per image, ready for a paper or slide: the image, Grad-CAM over it and (when there is one) the SPN mask,
 * each 224 px with the ground-truth outline, under a caption. Same colours as the gallery.
 */
export async function figurePng(item: FigureItem, opacity: number): Promise<Blob> {
  const panels = [
    panel(item, { cam: false, spn: false, groundTruth: true }, opacity),
    panel(item, { cam: true, spn: false, groundTruth: true }, opacity),
    ...(item.spn ? [panel(item, { cam: false, spn: true, groundTruth: true }, opacity)] : []),
  ];
  const canvas = new OffscreenCanvas(panels.length * PANEL_PX, PANEL_PX + CAPTION_PX);
  const context = canvas.getContext('2d')!;
  context.fillStyle = 'white';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = 'black';
  context.font = '14px sans-serif';
  context.fillText(item.caption, 6, 19, canvas.width - 12);
  context.imageSmoothingEnabled = false;
  panels.forEach((p, i) => context.drawImage(p, i * PANEL_PX, CAPTION_PX, PANEL_PX, PANEL_PX));
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
