import type { PixelDataset, PixelSample } from './datasetTypes';

/** A copy of a decoded dataset whose pixel buffers can be transferred to a worker, leaving the original intact. */
export function copyForTransfer(dataset: PixelDataset): { dataset: PixelDataset; buffers: ArrayBuffer[] } {
  const buffers: ArrayBuffer[] = [];
  const copy = (bytes: Uint8Array): Uint8Array => {
    const out = bytes.slice();
    buffers.push(out.buffer);
    return out;
  };
  const samples = dataset.samples.map((s): PixelSample => {
    const copied: PixelSample = { ...s, pixels: copy(s.pixels), mask: s.mask ? copy(s.mask) : null };
    if (s.margin) copied.margin = { pixels: copy(s.margin.pixels), mask: s.margin.mask ? copy(s.margin.mask) : null };
    return copied;
  });
  return { dataset: { ...dataset, samples }, buffers };
}
