import { VIRIDIS_LUT } from './colormap';

export interface OverlayLayers {
  spn: boolean;
  saliency: boolean;
  groundTruth: boolean;
}

/** An image and its maps at sizePx × sizePx: RGB pixels, 0–255 saliency (Grad-CAM) and SPN maps, {0, 1} ground truth. */
export interface OverlaySource {
  pixels: Uint8Array;
  sizePx: number;
  saliency: Uint8Array | null;
  spn: Uint8Array | null;
  mask: Uint8Array | null;
}

function isEdge(mask: Uint8Array, p: number, size: number, isInside: (v: number) => boolean): boolean {
  if (!isInside(mask[p]!)) return false;
  const x = p % size;
  const y = (p - x) / size;
  return x === 0 || y === 0 || x === size - 1 || y === size - 1 || !isInside(mask[p - 1]!) || !isInside(mask[p + 1]!) || !isInside(mask[p - size]!) || !isInside(mask[p + size]!);
}

/**
 * RGBA pixels of an image with its saliency map (viridis), the SPN mask (cyan tint and outline) and the ground-truth outline
 * (yellow) over it: one function for the gallery's canvases and for exported figures, so both look the same.
 */
export function composeOverlay({ pixels, sizePx, saliency, spn, mask }: OverlaySource, layers: OverlayLayers, opacity: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(sizePx * sizePx * 4);
  for (let p = 0; p < sizePx * sizePx; p++) {
    let r = pixels[p * 3]!;
    let g = pixels[p * 3 + 1]!;
    let b = pixels[p * 3 + 2]!;
    if (layers.saliency && saliency) {
      const v = saliency[p]!;
      r = r * (1 - opacity) + VIRIDIS_LUT[v * 3]! * opacity;
      g = g * (1 - opacity) + VIRIDIS_LUT[v * 3 + 1]! * opacity;
      b = b * (1 - opacity) + VIRIDIS_LUT[v * 3 + 2]! * opacity;
    }
    if (layers.spn && spn) {
      const v = (spn[p]! / 255) * opacity;
      r = r * (1 - v);
      g = g * (1 - v) + 230 * v;
      b = b * (1 - v) + 255 * v;
      if (isEdge(spn, p, sizePx, (x) => x >= 128)) [r, g, b] = [0, 230, 255];
    }
    if (layers.groundTruth && mask && isEdge(mask, p, sizePx, (x) => x > 0)) [r, g, b] = [255, 221, 0];
    out[p * 4] = r;
    out[p * 4 + 1] = g;
    out[p * 4 + 2] = b;
    out[p * 4 + 3] = 255;
  }
  return out;
}
