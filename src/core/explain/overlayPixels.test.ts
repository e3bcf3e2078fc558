import { describe, expect, it } from 'vitest';

import { VIRIDIS_LUT } from './colormap';
import { composeOverlay } from './overlayPixels';

describe('composeOverlay', () => {
  const sizePx = 4;
  const pixels = new Uint8Array(sizePx * sizePx * 3).fill(100);
  const cam = new Uint8Array(sizePx * sizePx).fill(255);
  const mask = new Uint8Array(sizePx * sizePx);
  mask[5] = mask[6] = mask[9] = mask[10] = 1;

  it('leaves the image as it is with every layer off', () => {
    const out = composeOverlay({ pixels, sizePx, saliency: cam, spn: null, mask }, { saliency: false, spn: false, groundTruth: false }, 0.5);
    expect([...out.slice(0, 4)]).toEqual([100, 100, 100, 255]);
  });

  it('blends Grad-CAM in viridis at the given opacity and outlines the ground truth in yellow', () => {
    const out = composeOverlay({ pixels, sizePx, saliency: cam, spn: null, mask }, { saliency: true, spn: false, groundTruth: true }, 0.25);
    expect(out[0]).toBe(Math.round(100 * 0.75 + VIRIDIS_LUT[765]! * 0.25));
    expect([...out.slice(5 * 4, 5 * 4 + 3)]).toEqual([255, 221, 0]);
  });
});
