import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, SCREENSHOTS, test } from './fixtures/studio';

test('the Experiments page runs a 2 methods × 2 seeds grid on the demo dataset, tabulates it, keeps it and opens a run on Explain', async ({ studio, page }) => {
  test.setTimeout(15 * 60_000);
  await studio.loadDemoDataset();
  // The WASM training path, whatever this machine's adapter would make auto pick.
  await studio.useBackend('wasm');
  await studio.goTo('Experiments');
  await expect(page.getByLabel('Dataset')).toHaveValue(/demo-/);
  await page.getByLabel('Methods').fill('baseline,spn');
  // Tiny: one epoch at 32 px keeps four runs within minutes on a software GPU.
  await page.getByLabel('Image size (px)').fill('32');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByLabel('Seeds', { exact: true }).fill('1,x');
  await expect(page.getByTestId('experiment-error')).toContainText('--seeds: "x" is not a whole number ≥ 0');
  await page.getByLabel('Seeds', { exact: true }).fill('1,2');
  await page.getByRole('button', { name: 'Run 4 run(s)' }).click();

  const progress = page.getByTestId('experiment-progress');
  await expect(progress).toHaveAttribute('data-phase', 'running');
  await expect(progress).toContainText('Run 1 of 4');
  await studio.screenshot('experiments-running');
  await expect(progress).toHaveAttribute('data-phase', 'finished', { timeout: 12 * 60_000 });
  await expect(progress).toContainText('4 of 4 runs done');

  const table = page.getByTestId('experiment-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody tr').nth(0)).toContainText('Baseline');
  await expect(table.locator('tbody tr').nth(1)).toContainText('SPN');
  for (const row of await table.locator('tbody tr').all()) await expect(row.locator('td').nth(4)).toHaveText('2');
  // The lesson's view belongs to the lesson's own data (e2e/lesson.spec.ts), not to any grid.
  await expect(page.getByTestId('shortcut-lesson')).toHaveCount(0);
  await studio.screenshot('experiments-finished');
  // Every column, Pointing game and SPN Dice included, fits its card at 1280 px: nothing hides behind a sideways scroll.
  const fits = await table.evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }));
  expect(fits.table).toBeLessThanOrEqual(fits.box);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download results.json' }).click();
  const results = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { runs: Array<{ seed: number; backend: string; config: { method: string } }>; summary: Array<{ n: number }> };
  expect(results.runs.map((r) => `${r.config.method}/${r.seed}`)).toEqual(['baseline/1', 'baseline/2', 'spn/1', 'spn/2']);
  expect(results.runs.every((r) => r.backend === 'wasm')).toBe(true);
  expect(results.summary.map((s) => s.n)).toEqual([2, 2]);

  // Finished runs survive a reload, and one opens on the Explain page with its model.
  await page.reload();
  await expect(page.getByTestId('experiment-table').locator('tbody tr')).toHaveCount(2);
  await page.getByText('Every run (4)').click();
  await page.getByRole('button', { name: 'Open spn, ratio 1, seed 2 on the Explain page' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Explain' })).toBeVisible();
  await page.getByRole('button', { name: 'Explain every image' }).click();
  await expect(page.getByTestId('gallery-count')).toHaveText('9 image(s)', { timeout: 180_000 });

  // Side by side with the baseline of the same seed (same split): its Grad-CAM and prediction under every image.
  const baseline = await page.getByLabel('Compare with').locator('option', { hasText: 'Baseline, seed 2' }).getAttribute('value');
  await page.getByLabel('Compare with').selectOption(baseline!);
  await expect(page.getByTestId('compare-prediction')).toHaveCount(9, { timeout: 180_000 });
  await studio.screenshot('explain-compare');
  await page.getByRole('button', { name: /^Open / }).first().click();
  await expect(page.getByRole('dialog')).toContainText('Baseline, seed 2: predicted');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // The confusion matrix is a way in: a cell filters the gallery to its true and predicted class.
  const matrix = page.getByTestId('confusion-matrix');
  const cell = matrix.getByRole('button', { name: /test image\(s\) of disc predicted as disc/ });
  const count = Number((await cell.innerText()).trim());
  await cell.click();
  await expect(page.getByTestId('gallery-count')).toHaveText(`${count} image(s)`);
  await expect(page.getByLabel('True class')).toHaveValue('0');
  await expect(page.getByLabel('Predicted class')).toHaveValue('0');

  await page.getByLabel('Split').selectOption('all');
  const figure = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download figure (PNG)' }).click();
  const png = readFileSync(await (await figure).path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  // One row per image (224 px panels under a 28 px caption): image, Grad-CAM, SPN mask, the baseline's Grad-CAM.
  expect(png.readUInt32BE(16)).toBe(4 * 224);
  expect(png.readUInt32BE(20)).toBeGreaterThan(0);
  expect(png.readUInt32BE(20) % (224 + 28)).toBe(0);
  writeFileSync(join(SCREENSHOTS, 'explain-figure.png'), png);
  expect(studio.consoleErrors).toEqual([]);
});
