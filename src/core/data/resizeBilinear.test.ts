import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import { resizeBilinear } from './resizeBilinear';

interface Case { file: string; size: number; source: [number, number]; image: string; mask: string }
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'pil-resize.json'), 'utf8')) as { cases: Case[] };
const PH2 = join(process.cwd(), '..', 'shared', 'data', 'ph2');

/** A PNG's pixels with `channels` of its RGBA kept (1: the red channel, as a grey mask's L). */
function pngPixels(path: string, channels: 1 | 3): { pixels: Uint8Array; width: number; height: number } {
  const png = PNG.sync.read(readFileSync(path));
  const pixels = new Uint8Array(png.width * png.height * channels);
  for (let p = 0; p < png.width * png.height; p++) for (let c = 0; c < channels; c++) pixels[p * channels + c] = png.data[p * 4 + c]!;
  return { pixels, width: png.width, height: png.height };
}

const worst = (a: Uint8Array, b: Uint8Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('resizeBilinear', () => {
  // Pillow's outputs of the same PH2 files (scripts/fixtures/pilResize.py), as the PyTorch reference decodes them.
  it.each(fixture.cases.map((c) => [c.file, c.size, c] as const))('equals Pillow’s bilinear resize of %s at %i px, image and mask, to the bit', (file, size, c) => {
    const image = pngPixels(join(PH2, 'images', file), 3);
    expect([image.width, image.height]).toEqual(c.source);
    expect(worst(resizeBilinear(image.pixels, image.width, image.height, 3, size, size), Buffer.from(c.image, 'base64'))).toBe(0);
    const mask = pngPixels(join(PH2, 'masks', file), 1);
    expect(worst(resizeBilinear(mask.pixels, mask.width, mask.height, 1, size, size), Buffer.from(c.mask, 'base64'))).toBe(0);
  });

  it('averages every source pixel when shrinking (a 4:1 checkerboard becomes flat grey) and keeps an unchanged axis as it is', () => {
    const board = Uint8Array.from({ length: 64 }, (_, i) => ((i % 8) + Math.floor(i / 8)) % 2 ? 255 : 0);
    const small = resizeBilinear(board, 8, 8, 1, 2, 2);
    expect([...small].every((v) => v >= 126 && v <= 129)).toBe(true);
    const same = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    expect([...resizeBilinear(same, 2, 2, 3, 2, 2)]).toEqual([...same]);
  });
});
