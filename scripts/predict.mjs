#!/usr/bin/env node
// `npm run predict -- --bundle FILE.zip --images DIR --out DIR`: predictions, SPN masks and Grad-CAM figures for a
// folder of images, through the studio's own Models page in headless Chromium (the same code as a user's clicks).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import cliProgress from 'cli-progress';
import { unzipSync } from 'fflate';

import { downloadFrom, openStudioPage, serveStudio } from './lib/headlessStudio.mjs';

const USAGE = 'usage: npm run predict -- --bundle FILE.zip --images DIR --out DIR';

function fail(message, code = 1) {
  console.error(`predict: ${message}`);
  process.exit(code);
}

let options;
try {
  ({ values: options } = parseArgs({ options: { bundle: { type: 'string' }, images: { type: 'string' }, out: { type: 'string' }, port: { type: 'string', default: '4327' } } }));
} catch (error) {
  fail(`${error.message}\n${USAGE}`, 2);
}
for (const name of ['bundle', 'images', 'out']) if (!options[name]) fail(`--${name} is required\n${USAGE}`, 2);
const bundlePath = resolve(options.bundle);
const imagesDir = resolve(options.images);
const outDir = resolve(options.out);
if (!existsSync(bundlePath) || !statSync(bundlePath).isFile()) fail(`${options.bundle}: no such bundle file`, 2);
if (!existsSync(imagesDir) || !statSync(imagesDir).isDirectory()) fail(`${options.images}: no such folder of images`, 2);

const server = await serveStudio(Number(options.port));
const { browser, page } = await openStudioPage(`${server.url}#/models`);
try {
  await page.getByLabel('Choose a bundle file').setInputFiles(bundlePath);
  const opened = page.getByTestId('bundle-list').locator('tr[aria-current="true"]');
  const failed = page.getByTestId('models-error');
  await Promise.race([opened.waitFor({ timeout: 300_000 }), failed.waitFor({ timeout: 300_000 })]);
  if (await failed.isVisible()) fail(await failed.innerText());
  console.log(`Opened ${basename(bundlePath)}: ${(await opened.locator('td').allInnerTexts()).slice(0, 3).join(' · ').replace(/\s+/g, ' ')}`);

  await page.getByLabel('Choose a folder of images to predict').setInputFiles(imagesDir);
  const bar = new cliProgress.SingleBar({ format: 'Predicting [{bar}] {value}/{total} images | {duration_formatted}' }, cliProgress.Presets.shades_classic);
  bar.start(1, 0);
  const count = page.getByTestId('prediction-count');
  for (;;) {
    const state = await page.evaluate(() => ({
      status: document.querySelector('[role="status"] progress')?.getAttribute('value') ?? null,
      max: document.querySelector('[role="status"] progress')?.getAttribute('max') ?? null,
      error: document.querySelector('[data-testid="models-error"]')?.textContent ?? null,
    }));
    if (state.max) bar.setTotal(Number(state.max));
    if (state.status) bar.update(Number(state.status));
    if (state.error) {
      bar.stop();
      fail(state.error);
    }
    if (await count.isVisible()) break;
    await page.waitForTimeout(500);
  }
  bar.update(bar.getTotal());
  bar.stop();
  const leftOut = await page.locator('.problems li').allInnerTexts();
  for (const line of leftOut) console.error(`skipped ${line}`);

  mkdirSync(join(outDir, 'overlays'), { recursive: true });
  await (await downloadFrom(page.getByRole('button', { name: 'Download predictions (JSON)' }))).saveAs(join(outDir, 'predictions.json'));
  const figuresZip = await downloadFrom(page.getByRole('button', { name: /Download figures/ }), 600_000);
  const figures = unzipSync(readFileSync(await figuresZip.path()));
  for (const [name, data] of Object.entries(figures)) writeFileSync(join(outDir, 'overlays', name), data);

  const { predictions } = JSON.parse(readFileSync(join(outDir, 'predictions.json'), 'utf8'));
  console.table(predictions.map((p) => ({ image: p.image, predicted: p.predicted, confidence: `${(100 * p.confidence).toFixed(1)} %` })));
  console.log(`Wrote ${join(outDir, 'predictions.json')} (${predictions.length} images) and ${Object.keys(figures).length} figures in ${join(outDir, 'overlays')}`);
} finally {
  await browser.close();
  await server.close();
}
