import { useEffect, useRef } from 'react';

import { VIRIDIS_LUT } from '../colormap';

export interface OverlayLayers {
  spn: boolean;
  cam: boolean;
  groundTruth: boolean;
}

interface Props {
  pixels: Uint8Array;
  sizePx: number;
  /** 0–255 maps at sizePx × sizePx. */
  cam?: Uint8Array | null;
  spn?: Uint8Array | null;
  mask?: Uint8Array | null;
  layers: OverlayLayers;
  opacity: number;
  displayPx: number;
  label: string;
}

function isEdge(mask: Uint8Array, p: number, size: number, isInside: (v: number) => boolean): boolean {
  if (!isInside(mask[p]!)) return false;
  const x = p % size;
  const y = (p - x) / size;
  return x === 0 || y === 0 || x === size - 1 || y === size - 1 || !isInside(mask[p - 1]!) || !isInside(mask[p + 1]!) || !isInside(mask[p - size]!) || !isInside(mask[p + size]!);
}

/** An image with Grad-CAM (viridis), the SPN mask (cyan tint and outline) and the ground-truth outline (yellow) over it. */
export function OverlayCanvas({ pixels, sizePx, cam, spn, mask, layers, opacity, displayPx, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(sizePx, sizePx);
    const out = image.data;
    for (let p = 0; p < sizePx * sizePx; p++) {
      let r = pixels[p * 3]!;
      let g = pixels[p * 3 + 1]!;
      let b = pixels[p * 3 + 2]!;
      if (layers.cam && cam) {
        const v = cam[p]!;
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
    context.putImageData(image, 0, 0);
  }, [pixels, sizePx, cam, spn, mask, layers, opacity]);
  return <canvas ref={canvas} width={sizePx} height={sizePx} style={{ width: displayPx, height: displayPx }} role="img" aria-label={label} />;
}
