import type { PixelDataset, PixelSample } from '../core/data/datasetTypes';
import { marginSizeOf } from '../core/data/datasetTypes';
import type { DatasetMeta } from './datasetDb';
import { loadSamples } from './datasetDb';
import { decodeImageSizes, decodeMaskSizes } from './imageCodec';

/**
 * Decodes a stored dataset once at training size, so epochs never decode files again; with `withMargin`, also at
 * the margin size that augmentation crops from (see marginSizeOf).
 */
export async function loadPixelDataset(meta: DatasetMeta, sizePx: number, onProgress: (done: number, total: number) => void, withMargin = false): Promise<PixelDataset> {
  const stored = await loadSamples(meta.id);
  const marginSizePx = withMargin ? marginSizeOf(sizePx) : null;
  const samples: PixelSample[] = [];
  const sizes = marginSizePx !== null ? [sizePx, marginSizePx] : [sizePx];
  for (const [i, s] of stored.entries()) {
    // One decode per file for both sizes; the file's own size goes along, for augmentation to rotate in.
    const image = await decodeImageSizes(s.image, sizes);
    const masks = s.masks.length ? await decodeMaskSizes(s.masks, sizes) : null;
    const sample: PixelSample = { id: s.id, label: meta.classNames.indexOf(s.className), split: s.split, pixels: image.pixels[0]!, mask: masks?.[0] ?? null, sourceSize: image.source };
    if (marginSizePx !== null) sample.margin = { pixels: image.pixels[1]!, mask: masks?.[1] ?? null };
    samples.push(sample);
    onProgress(i + 1, stored.length);
  }
  return { name: meta.name, classNames: meta.classNames, sizePx, marginSizePx, samples: samples.filter((s) => s.label >= 0) };
}
