#!/usr/bin/env node
// `npm run bench:explain`: Grad-CAM throughput in the worker, as a user sees it on the Explain page. It trains a tiny
// model on the demo dataset (one epoch), then times "Explain every image" (90 images: prediction, SPN mask, Grad-CAM).
// Usage: npm run bench:explain -- [--size 64] [--width 0.0625]
import { parseArgs } from 'node:util';

import { goToPage, openStudioPage, serveStudio } from './lib/headlessStudio.mjs';

const { values } = parseArgs({ options: { size: { type: 'string', default: '64' }, width: { type: 'string', default: '0.0625' }, port: { type: 'string', default: '4331' } } });
const server = await serveStudio(Number(values.port));
const { browser, page } = await openStudioPage(`${server.url}#/data`);
try {
  await page.getByRole('button', { name: 'Load demo dataset' }).click();
  await page.getByTestId('total-images').waitFor();
  await goToPage(page, 'Train');
  await page.waitForFunction(() => document.querySelector('[data-testid="backend-phase"]')?.getAttribute('data-phase') === 'ready', null, { timeout: 300_000 });
  await page.getByRole('button', { name: /Classroom demo preset/ }).click();
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByLabel('Image size (px)').selectOption(values.size);
  await page.getByLabel('Width multiplier').selectOption(values.width);
  await page.getByRole('button', { name: 'Start training' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="training-phase"]')?.getAttribute('data-phase') === 'finished', null, { timeout: 1_800_000, polling: 1000 });
  await goToPage(page, 'Explain');
  await page.getByRole('button', { name: 'Explain every image' }).click();
  const speed = page.getByTestId('explain-speed');
  await speed.waitFor({ timeout: 1_800_000 });
  const backend = await page.getByTestId('backend-name').innerText();
  const adapter = (await page.getByTestId('adapter').innerText()).replace(/^Adapter: /, '');
  console.log(`Grad-CAM in the worker, ResNet18 ×${values.width} + SPN, ${values.size} px, Chromium ${browser.version()}, ${backend} on ${adapter}:`);
  console.log(await speed.innerText());
} finally {
  await browser.close();
  await server.close();
}
