import { composeOverlay } from '../core/explain/overlayPixels';

export interface LessonFigureRow {
  pixels: Uint8Array;
  mask: Uint8Array | null;
  sizePx: number;
  panels: Array<{ title: string; saliency?: Uint8Array | null; spn?: Uint8Array | null }>;
}

const PANEL_PX = 192;
const TITLE_PX = 24;
const MARGIN_PX = 12;

/** Wraps text into lines that fit `width` px in the context's font. */
function wrap(context: OffscreenCanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (context.measureText(candidate).width > width && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** The lesson as one slide-sized PNG: a heading, the sentences, then a row of panels per test image. */
export async function lessonFigurePng(heading: string, sentences: readonly string[], rows: readonly LessonFigureRow[]): Promise<Blob> {
  const columns = Math.max(1, ...rows.map((r) => r.panels.length));
  const width = columns * PANEL_PX + (columns + 1) * MARGIN_PX;
  const measure = new OffscreenCanvas(width, 10).getContext('2d')!;
  measure.font = '15px sans-serif';
  const textLines = sentences.flatMap((s) => wrap(measure, s, width - 2 * MARGIN_PX));
  const top = 40 + textLines.length * 20 + MARGIN_PX;
  const canvas = new OffscreenCanvas(width, top + rows.length * (PANEL_PX + TITLE_PX + MARGIN_PX));
  const context = canvas.getContext('2d')!;
  context.fillStyle = 'white';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#16213e';
  context.font = 'bold 20px sans-serif';
  context.fillText(heading, MARGIN_PX, 28);
  context.font = '15px sans-serif';
  textLines.forEach((line, i) => context.fillText(line, MARGIN_PX, 52 + i * 20));
  context.imageSmoothingEnabled = false;
  rows.forEach((row, r) => {
    const y = top + r * (PANEL_PX + TITLE_PX + MARGIN_PX);
    row.panels.forEach((panel, c) => {
      const x = MARGIN_PX + c * (PANEL_PX + MARGIN_PX);
      const layers = { saliency: Boolean(panel.saliency), spn: Boolean(panel.spn), groundTruth: true };
      const image = new OffscreenCanvas(row.sizePx, row.sizePx);
      const imageContext = image.getContext('2d')!;
      const data = imageContext.createImageData(row.sizePx, row.sizePx);
      data.data.set(composeOverlay({ pixels: row.pixels, sizePx: row.sizePx, saliency: panel.saliency ?? null, spn: panel.spn ?? null, mask: row.mask }, layers, 0.55));
      imageContext.putImageData(data, 0, 0);
      context.fillStyle = 'black';
      context.font = '13px sans-serif';
      context.fillText(panel.title, x, y + 16, PANEL_PX);
      context.drawImage(image, x, y + TITLE_PX, PANEL_PX, PANEL_PX);
    });
  });
  return canvas.convertToBlob({ type: 'image/png' });
}
