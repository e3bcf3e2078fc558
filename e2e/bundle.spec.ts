import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { Page } from '@playwright/test';

import { writeBundle } from '../src/core/bundle/writeBundle';
import { buildStudioModel } from '../src/core/model/buildModel';
import { QUICK_CONFIG } from '../src/core/train/trainConfig';
import { expect, test } from './fixtures/studio';

/** A bundle written in Node at width 1/8: a different architecture from the classroom preset's 1/16. */
const tinyModel = buildStudioModel({ backbone: 'resnet18', width: 1 / 8, imageSizePx: 64, classCount: 3, spn: { blocks: 4 } }, 1);

const PH2 = join(process.cwd(), '..', 'shared', 'data', 'ph2', 'images');
/** Two images of each PH2 class: new images for a model trained on the demo shapes. */
const PH2_IMAGES = readdirSync(PH2).flatMap((c) => readdirSync(join(PH2, c)).slice(0, 2).map((f) => join(PH2, c, f)));

interface PredictionsJson {
  classNames: string[];
  predictions: Array<{ image: string; predicted: string; confidence: number; probabilities: Record<string, number> }>;
}

async function predictPh2(page: Page): Promise<PredictionsJson> {
  await page.getByLabel('Choose images to predict').setInputFiles(PH2_IMAGES);
  await expect(page.getByTestId('prediction-count')).toHaveText(`${PH2_IMAGES.length} prediction(s)`, { timeout: 180_000 });
  await expect(page.getByTestId('gallery').getByRole('img')).toHaveCount(PH2_IMAGES.length);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download predictions (JSON)' }).click();
  return JSON.parse(readFileSync(await (await download).path(), 'utf8')) as PredictionsJson;
}

test('a trained model exported as a bundle, reopened after a reload and from a ?bundle= URL, predicts exactly as before', async ({ studio, page }, testInfo) => {
  test.setTimeout(12 * 60_000);
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(1);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 480_000 });

  await studio.goTo('Models');
  const before = await predictPh2(page);
  expect(before.classNames).toEqual(['disc', 'square', 'triangle']);
  for (const p of before.predictions) expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

  await page.getByLabel('Bundle name').fill('Shapes tiny');
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export bundle/ }).click();
  const bundlePath = testInfo.outputPath('shapes-tiny.zip');
  await (await exported).saveAs(bundlePath);
  await expect(page.getByTestId('bundle-list')).toContainText('Shapes tiny');

  // A fresh page: only IndexedDB and the downloaded file remember the model.
  await page.reload();
  await expect(page.getByTestId('bundle-list')).toContainText('trained here');
  await expect(page.getByRole('heading', { name: "This session's model" })).toHaveCount(0);
  await page.getByLabel('Choose a bundle file').setInputFiles(bundlePath);
  await expect(page.getByTestId('bundle-list').locator('tr[aria-current="true"]')).toContainText('Shapes tiny', { timeout: 120_000 });
  const after = await predictPh2(page);
  expect(after.predictions).toEqual(before.predictions);
  await page.getByRole('checkbox', { name: 'SPN mask' }).check();
  // New images have no ground truth: no outline toggle; a prediction opens in the detail view.
  await expect(page.getByRole('checkbox', { name: 'Ground-truth outline' })).toHaveCount(0);
  await studio.screenshot('models-predictions');
  await page.getByTestId('gallery').getByRole('button', { name: /^Open / }).first().click();
  const detail = page.getByRole('dialog');
  await expect(detail.getByRole('heading', { level: 3 })).toHaveText(/^[^:]+: predicted (disc|square|triangle) \(\d+(\.\d)? %\)$/);
  await expect(detail.getByText('No ground-truth mask')).toBeVisible();
  await expect(detail.getByLabel('Class for Grad-CAM')).toBeDisabled();
  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(detail).toHaveCount(0);

  // Bad input changes nothing: the list and the open bundle stay as they were.
  const rows = await page.getByTestId('bundle-list').locator('tbody tr').count();
  const notZip = testInfo.outputPath('notes.zip');
  writeFileSync(notZip, 'this is not a zip');
  await page.getByLabel('Choose a bundle file').setInputFiles(notZip);
  await expect(page.getByTestId('models-error')).toContainText('notes.zip: is not a zip file (it does not start as a zip does)');
  const cut = testInfo.outputPath('cut.zip');
  writeFileSync(cut, readFileSync(bundlePath).subarray(0, 5000));
  await page.getByLabel('Choose a bundle file').setInputFiles(cut);
  await expect(page.getByTestId('models-error')).toContainText('cut.zip: is a zip file cut short');
  await expect(page.getByTestId('bundle-list').locator('tbody tr')).toHaveCount(rows);
  await expect(page.getByTestId('bundle-list').locator('tr[aria-current="true"]')).toContainText('Shapes tiny');

  // A teacher hosts the zip on another origin; the students' page offers it from ?bundle=, naming the host.
  const server = createServer((request, response) => {
    const headers = { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/zip' };
    if (request.url === '/class/shapes.zip') response.writeHead(200, headers).end(readFileSync(bundlePath));
    else if (request.url === '/class/page.zip') response.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in to download</body></html>');
    // Declares 2 GB and sends a little: refused by its Content-Length before the body is read.
    else if (request.url === '/class/huge.zip') {
      response.writeHead(200, { ...headers, 'Content-Length': String(2e9) });
      response.write(new Uint8Array(1000));
      setTimeout(() => response.destroy(), 2000);
    } else response.writeHead(404, headers).end();
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const host = `localhost:${(server.address() as AddressInfo).port}`;
  const origin = `http://${host}`;
  const openLink = async (path: string): Promise<void> => {
    await studio.open(`?bundle=${encodeURIComponent(`${origin}${path}`)}`);
    await expect(page.getByRole('heading', { level: 2, name: 'Models' })).toBeVisible();
    await expect(page.getByTestId('bundle-link-host')).toHaveText(host);
    await page.getByRole('button', { name: 'Download and open' }).click();
  };
  try {
    await openLink('/class/shapes.zip');
    // Nothing is open after a reload until the URL's bundle is; the same bundle is not stored twice.
    await expect(page.getByTestId('bundle-list').locator('tr[aria-current="true"]')).toContainText('Shapes tiny', { timeout: 120_000 });
    await expect(page.getByTestId('bundle-list').locator('tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('bundle-link')).toHaveCount(0);
    expect((await predictPh2(page)).predictions).toEqual(before.predictions);

    // Each bad link is refused with its reason; the list (read back from IndexedDB) keeps its one bundle.
    const refusals: Array<[string, string]> = [
      ['/class/missing.zip', `${origin}/class/missing.zip: could not be loaded (HTTP 404 Not Found)`],
      ['/class/page.zip', 'page.zip: is an HTML page, not a zip file: the link points to a web page rather than to the file itself'],
      ['/class/huge.zip', `${origin}/class/huge.zip: is 2.0 GB; bundles over 800.0 MB are refused`],
    ];
    for (const [path, message] of refusals) {
      await openLink(path);
      await expect(page.getByTestId('models-error')).toContainText(message);
      await expect(page.getByTestId('bundle-list').locator('tbody tr')).toHaveCount(1);
      expect(await page.evaluate(() => 1 + 1)).toBe(2);
    }
    // "Not now" fetches nothing and leaves the page as it was.
    await studio.open(`?bundle=${encodeURIComponent(`${origin}/class/shapes.zip`)}`);
    await page.getByRole('button', { name: 'Not now' }).click();
    await expect(page.getByTestId('bundle-link')).toHaveCount(0);
  } finally {
    server.close();
  }
  await studio.screenshot('models-list');

  // Fine-tuning: a new run starts from the bundle's F-Net and SPN (the C-Net is new) and trains to the end.
  await studio.openTrainWithQuickPreset(1);
  const startFrom = page.getByLabel('Start from a saved model (fine-tune)');
  const bundleId = await startFrom.locator('option', { hasText: 'Shapes tiny' }).getAttribute('value');
  await startFrom.selectOption(bundleId!);
  await expect(page.getByRole('checkbox', { name: 'also carry over its SPN' })).toBeChecked();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  await studio.goTo('Models');
  await page.getByRole('button', { name: /Export bundle/ }).click();
  await expect(page.getByTestId('bundle-list').locator('tbody tr')).toHaveCount(2);
  expect(studio.consoleErrors.filter((e) => !e.includes('404'))).toEqual([]);
});

test('a run whose starting bundle has another width is refused with both architectures named', async ({ studio, page }, testInfo) => {
  const { bytes } = await writeBundle(tinyModel, { name: 'Wide start', classNames: ['a', 'b', 'c'], trainConfig: QUICK_CONFIG, test: null, saliency: null, dataset: null });
  const path = testInfo.outputPath('wide.zip');
  writeFileSync(path, bytes);
  await studio.loadDemoDataset();
  await studio.goTo('Models');
  await page.getByLabel('Choose a bundle file').setInputFiles(path);
  await expect(page.getByTestId('bundle-list').locator('tr[aria-current="true"]')).toContainText('Wide start', { timeout: 120_000 });
  await studio.openTrainWithQuickPreset(1);
  const startFrom = page.getByLabel('Start from a saved model (fine-tune)');
  await startFrom.selectOption((await startFrom.locator('option', { hasText: 'Wide start' }).getAttribute('value'))!);
  // Choosing the bundle sets its width; changing it back makes the run unable to start from it.
  await page.getByLabel('Width multiplier').selectOption({ label: '1/16' });
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'failed', { timeout: 120_000 });
  await expect(page.getByTestId('training-error')).toContainText('the starting model is resnet18 at width 0.125; this run needs resnet18 at width 0.0625');
});

test('a bundle whose model and class names hold HTML shows them as text, running nothing', async ({ studio, page }, testInfo) => {
  const names = ['<img src=x onerror="window.hacked=1">', '<b>bold</b>', 'plain'];
  const { bytes } = await writeBundle(tinyModel, { name: '<script>window.hacked=2</script>Model', classNames: names, trainConfig: QUICK_CONFIG, test: null, saliency: null, dataset: null });
  const path = testInfo.outputPath('html.zip');
  writeFileSync(path, bytes);
  await studio.open();
  await studio.goTo('Models');
  await page.getByLabel('Choose a bundle file').setInputFiles(path);
  const row = page.getByTestId('bundle-list').locator('tr[aria-current="true"]');
  await expect(row).toContainText('<script>window.hacked=2</script>Model', { timeout: 120_000 });
  await expect(row).toContainText(names.join(', '));
  expect(await row.locator('img, b, script').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
});
