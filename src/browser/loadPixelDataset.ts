import type { PixelDataset, PixelSample } from '../core/data/datasetTypes';
import { marginSizeOf } from '../core/data/datasetTypes';
import type { DatasetMeta } from './datasetDb';
import { loadSamples } from './datasetDb';
import { decodeImagePixels, decodeMaskPixels } from './imageCodec';

/**
 * Decodes a stored dataset once at training size, so epochs never decode files again; with `withMargin`, also at
 * the margin size that augmentation crops from (see marginSizeOf).
 */
export async function loadPixelDataset(meta: DatasetMeta, sizePx: number, onProgress: (done: number, total: number) => void, withMargin = false): Promise<PixelDataset> {
  const stored = await loadSamples(meta.id);
  const marginSizePx = withMargin ? marginSizeOf(sizePx) : null;
  const samples: PixelSample[] = [];
  for (const [i, s] of stored.entries()) {
    const sample: PixelSample = {
      id: s.id,
      label: meta.classNames.indexOf(s.className),
      split: s.split,
      pixels: await decodeImagePixels(s.image, sizePx),
      mask: s.masks.length ? await decodeMaskPixels(s.masks, sizePx) : null,
    };
    if (marginSizePx !== null) {
      sample.margin = { pixels: await decodeImagePixels(s.image, marginSizePx), mask: s.masks.length ? await decodeMaskPixels(s.masks, marginSizePx) : null };
    }
    samples.push(sample);
    onProgress(i + 1, stored.length);
  }
  return { name: meta.name, classNames: meta.classNames, sizePx, marginSizePx, samples: samples.filter((s) => s.label >= 0) };
}
