import { describe, expect, it } from 'vitest';

import { binarizeMask } from './binarizeMask';

const rgba = (...pixels: number[][]): number[] => pixels.flat();

describe('binarizeMask', () => {
  it('counts a pixel above half its range as object, in grey or colour, and 128 as the first object value', () => {
    const mask = binarizeMask(rgba([0, 0, 0, 255], [127, 127, 127, 255], [128, 128, 128, 255], [0, 200, 0, 255], [255, 255, 255, 255]), new Uint8Array(5));
    expect([...mask]).toEqual([0, 0, 1, 1, 1]);
  });

  it('treats transparent pixels as background', () => {
    expect([...binarizeMask(rgba([255, 255, 255, 0]), new Uint8Array(1))]).toEqual([0]);
  });

  it('merges several masks of one image by union', () => {
    const merged = binarizeMask(rgba([255, 255, 255, 255], [0, 0, 0, 255]), new Uint8Array(2));
    binarizeMask(rgba([0, 0, 0, 255], [255, 255, 255, 255]), merged);
    expect([...merged]).toEqual([1, 1]);
  });
});
