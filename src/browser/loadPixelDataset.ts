import type { PixelDataset, PixelSample } from '../core/data/datasetTypes';
import type { DatasetMeta } from './datasetDb';
import { loadSamples } from './datasetDb';
import { decodeImagePixels, decodeMaskPixels } from './imageCodec';

/** Decodes a stored dataset once at training size, so epochs never decode files again. */
export async function loadPixelDataset(meta: DatasetMeta, sizePx: number, onProgress: (done: number, total: number) => void): Promise<PixelDataset> {
  const stored = await loadSamples(meta.id);
  const samples: PixelSample[] = [];
  for (const [i, s] of stored.entries()) {
    samples.push({
      id: s.id,
      label: meta.classNames.indexOf(s.className),
      split: s.split,
      pixels: await decodeImagePixels(s.image, sizePx),
      mask: s.masks.length ? await decodeMaskPixels(s.masks, sizePx) : null,
    });
    onProgress(i + 1, stored.length);
  }
  return { name: meta.name, classNames: meta.classNames, sizePx, samples: samples.filter((s) => s.label >= 0) };
}
