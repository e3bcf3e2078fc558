import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import { encodePng } from './encodePng';

describe('encodePng', () => {
  it('writes RGB pixels and binary masks that a PNG decoder reads back exactly', () => {
    const rgb = Uint8Array.from({ length: 5 * 5 * 3 }, (_, i) => (i * 37) % 256);
    const decoded = PNG.sync.read(Buffer.from(encodePng(rgb, 5, 3)));
    expect([decoded.width, decoded.height]).toEqual([5, 5]);
    expect(Array.from({ length: 25 }, (_, p) => [0, 1, 2].map((c) => decoded.data[p * 4 + c]))).toEqual(Array.from({ length: 25 }, (_, p) => [0, 1, 2].map((c) => rgb[p * 3 + c])));
    const mask = Uint8Array.from({ length: 16 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const back = PNG.sync.read(Buffer.from(encodePng(mask, 4, 1)));
    expect(Array.from({ length: 16 }, (_, p) => back.data[p * 4])).toEqual(Array.from(mask, (v) => (v ? 255 : 0)));
  });
});
