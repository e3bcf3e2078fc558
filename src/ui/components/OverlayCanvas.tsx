import { useEffect, useRef } from 'react';

import type { OverlayLayers } from '../../core/explain/overlayPixels';
import { composeOverlay } from '../../core/explain/overlayPixels';

export type { OverlayLayers };

interface Props {
  pixels: Uint8Array;
  sizePx: number;
  /** 0–255 maps at sizePx × sizePx. */
  saliency?: Uint8Array | null;
  spn?: Uint8Array | null;
  mask?: Uint8Array | null;
  layers: OverlayLayers;
  opacity: number;
  displayPx: number;
  label: string;
}

/** An image with its saliency map (viridis), the SPN mask (cyan tint and outline) and the ground-truth outline (yellow) over it. */
export function OverlayCanvas({ pixels, sizePx, saliency, spn, mask, layers, opacity, displayPx, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(sizePx, sizePx);
    image.data.set(composeOverlay({ pixels, sizePx, saliency: saliency ?? null, spn: spn ?? null, mask: mask ?? null }, layers, opacity));
    context.putImageData(image, 0, 0);
  }, [pixels, sizePx, saliency, spn, mask, layers, opacity]);
  return <canvas ref={canvas} width={sizePx} height={sizePx} style={{ width: displayPx, height: displayPx }} role="img" aria-label={label} />;
}
