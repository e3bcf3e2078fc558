import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { expect, test } from '@playwright/test';

import { writeBundle } from '../src/core/bundle/writeBundle';
import { buildStudioModel, disposeStudioModel } from '../src/core/model/buildModel';
import { QUICK_CONFIG } from '../src/core/train/trainConfig';

const run = promisify(execFile);
const PH2 = join(process.cwd(), '..', 'shared', 'data', 'ph2', 'images');

async function predict(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['scripts/predict.mjs', ...args], { timeout: 300_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Playwright needs the fixtures argument even when a test uses none.
// eslint-disable-next-line no-empty-pattern
test('npm run predict writes predictions.json and overlay figures for a folder of images, and refuses bad input', async ({}, testInfo) => {
  test.setTimeout(8 * 60_000);
  const model = buildStudioModel({ backbone: 'resnet18', width: 1 / 16, imageSizePx: 64, classCount: 3, spn: { blocks: 4 } }, 1);
  const { bytes } = await writeBundle(model, { name: 'PH2 random', classNames: ['atypical_nevus', 'common_nevus', 'melanoma'], trainConfig: QUICK_CONFIG, test: null, saliency: null, dataset: null });
  disposeStudioModel(model);
  const bundle = testInfo.outputPath('ph2-random.zip');
  writeFileSync(bundle, bytes);

  const images = testInfo.outputPath('images');
  mkdirSync(join(images, 'more'), { recursive: true });
  const sources = readdirSync(join(PH2, 'melanoma')).slice(0, 3);
  sources.forEach((f, i) => copyFileSync(join(PH2, 'melanoma', f), i === 2 ? join(images, 'more', f) : join(images, f)));
  writeFileSync(join(images, 'readme.txt'), 'not an image');
  const out = testInfo.outputPath('out');

  const ok = await predict(['--bundle', bundle, '--images', images, '--out', out]);
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stderr).toContain('readme.txt: not an image file');
  const written = JSON.parse(readFileSync(join(out, 'predictions.json'), 'utf8')) as { classNames: string[]; predictions: Array<{ image: string; confidence: number; probabilities: Record<string, number> }> };
  expect(written.classNames).toEqual(['atypical_nevus', 'common_nevus', 'melanoma']);
  expect(written.predictions.map((p) => p.image.split('/').pop()).sort()).toEqual([...sources].sort());
  for (const p of written.predictions) {
    expect(p.confidence).toBeGreaterThan(0);
    expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  }
  const figures = readdirSync(join(out, 'overlays'));
  expect(figures).toHaveLength(3);
  // A figure is a PNG: image, Grad-CAM and SPN panels.
  expect(readFileSync(join(out, 'overlays', figures[0]!)).subarray(1, 4).toString()).toBe('PNG');

  const notBundle = testInfo.outputPath('not-a-bundle.zip');
  writeFileSync(notBundle, 'plain text');
  const bad = await predict(['--bundle', notBundle, '--images', images, '--out', testInfo.outputPath('bad')]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('not-a-bundle.zip: is not a zip file');
  expect(existsSync(join(testInfo.outputPath('bad'), 'predictions.json'))).toBe(false);

  const missing = await predict(['--bundle', bundle, '--out', out]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('--images is required');
});
