import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from './fixtures/studio';

interface Case { file: string; size: number; image: string; mask: string }
const fixture = JSON.parse(readFileSync(join(process.cwd(), 'src', 'core', 'data', 'fixtures', 'pil-resize.json'), 'utf8')) as { cases: Case[] };
const PH2 = join(process.cwd(), '..', 'shared', 'data', 'ph2');

// The PyTorch reference evaluates on Pillow's bilinear resize of each file; the studio's decoder in the browser must
// give the same pixels (the canvas's own resampler differed by up to 38 levels on these files at 64 px).
test('the browser decodes PH2 images and masks to exactly the pixels the PyTorch reference evaluates on', async ({ studio, page }) => {
  await studio.open();
  for (const c of fixture.cases) {
    const files = { image: readFileSync(join(PH2, 'images', c.file)).toString('base64'), mask: readFileSync(join(PH2, 'masks', c.file)).toString('base64') };
    const decoded = await page.evaluate(async ({ files, size }) => {
      const blob = (b64: string): Blob => new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], { type: 'image/png' });
      const debug = (window as unknown as { studioDebug: { decodeImagePixels(b: Blob, s: number): Promise<Uint8Array>; decodeMaskPixels(b: Blob[], s: number): Promise<Uint8Array> } }).studioDebug;
      return { image: [...(await debug.decodeImagePixels(blob(files.image), size))], mask: [...(await debug.decodeMaskPixels([blob(files.mask)], size))] };
    }, { files, size: c.size });
    const expected = Buffer.from(c.image, 'base64');
    const worst = decoded.image.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i]!)), 0);
    expect(worst, `${c.file} at ${c.size} px`).toBe(0);
    // Pillow's mask is grey after the resize; the reference thresholds it above 127, as the studio does.
    const mask = Buffer.from(c.mask, 'base64');
    expect(decoded.mask, `${c.file} mask at ${c.size} px`).toEqual([...mask].map((v) => (v > 127 ? 1 : 0)));
  }
});
