#!/usr/bin/env node
// `npm run bench:browser`: training images/s of one fixed configuration on every backend that starts in the
// same headless Chromium session (webgpu, webgl, cpu), through the studio's own worker and training step.
// Usage: npm run bench:browser -- [--backends wasm,webgpu,webgl,cpu] [--size 32] [--width 0.125] [--batch 8] [--backbone resnet18] [--repeats 3] [--threads N]
import { goToPage, openStudioPage, serveStudio } from './lib/headlessStudio.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const server = await serveStudio(Number(arg('port', '4319')));
const threads = arg('threads', '');
const { browser, page } = await openStudioPage(`${server.url}${threads ? `?threads=${threads}` : ''}#/data`);
try {
  await page.getByRole('button', { name: 'Load demo dataset' }).click();
  await page.getByTestId('total-images').waitFor();
  await goToPage(page, 'Train');
  await page.getByRole('combobox', { name: 'Backbone', exact: true }).selectOption(arg('backbone', 'resnet18'));
  await page.getByLabel('Width multiplier').selectOption(arg('width', '0.125'));
  await page.getByLabel('Image size (px)').selectOption(arg('size', '32'));
  await page.getByLabel('Batch size').fill(arg('batch', '8'));
  const rows = [];
  for (const backend of arg('backends', 'wasm,webgpu,webgl,cpu').split(',')) {
    await page.getByLabel('Backend choice').selectOption(backend);
    await page.waitForFunction(() => document.querySelector('[data-testid="backend-phase"]')?.getAttribute('data-phase') !== 'starting', null, { timeout: 120_000 });
    const name = await page.getByTestId('backend-name').innerText().catch(() => 'unavailable');
    const threads = await page.getByTestId('backend-threads').getAttribute('data-threads').catch(() => null);
    const adapter = await page.getByTestId('adapter').innerText().catch(() => '');
    if (name !== backend) {
      rows.push({ backend, adapter, note: `did not start (got ${name})` });
      continue;
    }
    // The page times 3 steps after 2 warm-ups; on a shared 2-core machine one measurement swings by ±30 %, so the
    // table reports the median of several, and every one of them.
    const measured = [];
    for (let i = 0; i < Number(arg('repeats', '3')); i++) {
      const before = await page.locator('[data-testid="speed-table"] tbody tr').count();
      await page.getByRole('button', { name: 'Measure training speed' }).click();
      await page.locator('[data-testid="speed-table"] tbody tr').nth(before).waitFor({ timeout: 20 * 60_000 });
      const cells = await page.locator('[data-testid="speed-table"] tbody tr').nth(before).locator('td').allInnerTexts();
      measured.push({ secondsPerStep: Number(cells[3]), imagesPerSecond: Number(cells[4]), kernels: cells[5] });
    }
    measured.sort((a, b) => a.secondsPerStep - b.secondsPerStep);
    const median = measured[Math.floor(measured.length / 2)];
    rows.push({ backend, adapter: threads ? `${threads} threads` : adapter, ...median, all: measured.map((m) => m.imagesPerSecond) });
    console.log(JSON.stringify(rows.at(-1)));
  }
  console.log(`\nResNet18 + SPN, width ${arg('width', '0.125')}, ${arg('size', '32')} px, batch ${arg('batch', '8')}, Chromium ${browser.version()}`);
  console.log('| backend | adapter | s/step (median) | images/s (median) | every measurement, images/s | slowest kernels (one profiled step) |\n|---|---|---:|---:|---|---|');
  for (const r of rows) console.log(`| ${r.backend} | ${r.adapter} | ${r.secondsPerStep ?? '–'} | ${r.imagesPerSecond ?? r.note} | ${r.all?.join(', ') ?? ''} | ${r.kernels ?? ''} |`);
} finally {
  await browser.close();
  await server.close();
}
