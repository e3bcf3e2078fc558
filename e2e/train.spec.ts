import type { Page } from '@playwright/test';

import { expect, test } from './fixtures/studio';

/** Starts watching every text the page shows for talk of compiling GPU kernels; the returned call says if any appeared. */
async function watchForKernelCompileText(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    const seen = { value: false };
    (window as unknown as { kernelText: typeof seen }).kernelText = seen;
    new MutationObserver(() => {
      if (/GPU kernels|Compiling/i.test(document.body.innerText)) seen.value = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { kernelText: { value: boolean } }).kernelText.value);
}

test('a tiny run on the demo dataset trains on the WASM path with live charts, pauses, resumes and shows the test table', async ({ studio, page }) => {
  test.setTimeout(12 * 60_000);
  await studio.loadDemoDataset();
  // WASM trains a batch in a fraction of a second: six epochs leave time to pause mid-run.
  await studio.openTrainWithQuickPreset(6);
  await studio.useBackend('wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const sawKernelText = await watchForKernelCompileText(page);
  await page.getByRole('button', { name: 'Start training' }).click();

  const phase = page.getByTestId('training-phase');
  await expect(phase).toHaveAttribute('data-phase', 'running', { timeout: 180_000 });
  await expect.poll(async () => Number(await page.getByTestId('loss-chart').getAttribute('data-points')), { timeout: 180_000 }).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'paused');
  const pausedAt = Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
  await page.waitForTimeout(3000); // a paused run must not move: check that nothing arrives for a while
  expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeLessThanOrEqual(pausedAt + 1);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'running');

  await expect.poll(async () => Number(await page.getByTestId('f1-chart').getAttribute('data-points')), { timeout: 300_000 }).toBeGreaterThanOrEqual(1);
  await studio.screenshot('train-running');
  await expect(phase).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  // WASM compiles no shaders: no text about compiling GPU kernels appeared at any time during the run.
  expect(await sawKernelText()).toBe(false);
  await expect(page.getByTestId('test-table')).toContainText('disc');
  const f1 = Number(await page.getByTestId('test-f1').innerText());
  expect(f1).toBeGreaterThanOrEqual(0);
  expect(f1).toBeLessThanOrEqual(100);
  const counts = (await page.getByTestId('tensor-counts').textContent() ?? '').split(':')[1]!.split(',').map(Number);
  expect(counts).toHaveLength(6);
  // The best-weights snapshot is held from epoch 1 on; after that the count must stay flat.
  expect(new Set(counts).size).toBe(1);
  await studio.screenshot('train-finished');
  expect(studio.consoleErrors).toEqual([]);
});

test('after a tiny run on WebGPU, the Explain page overlays Grad-CAM, SPN masks and ground truth on every image', async ({ studio, page }) => {
  test.setTimeout(12 * 60_000);
  await studio.loadDemoDataset();
  // Two epochs: the live tensor count after each must be the same (the WGSL kernels leak nothing).
  await studio.openTrainWithQuickPreset(2);
  // The WASM path is the default here; this run keeps the WebGPU training path under test.
  await page.getByLabel('Backend choice').selectOption('webgpu');
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu', { timeout: 120_000 });
  // 64 px gives a 2×2 feature map, the smallest on which Grad-CAM can point somewhere; width 1/16 keeps it quick.
  await page.getByLabel('Image size (px)').selectOption('64');
  await page.getByLabel('Width multiplier').selectOption({ label: '1/16' });
  const sawKernelText = await watchForKernelCompileText(page);
  await page.getByRole('button', { name: 'Start training' }).click();
  // Every program of a step is compiled before the first one, with progress, and the time it took is shown.
  await expect(page.getByTestId('training-phase')).toContainText(/Compiling GPU programs, \d+ of \d+…/, { timeout: 120_000 });
  await studio.screenshot('gpu-compiling');
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 480_000 });
  // WebGPU compiles its shaders before the first step, and the page says so (WASM never does: the first test).
  expect(await sawKernelText()).toBe(true);
  const compiled = page.getByTestId('gpu-compile');
  await expect(compiled).toContainText(/Compiled \d+ GPU programs in [\d.]+ s before the first step/);
  expect(Number(await compiled.getAttribute('data-programs'))).toBeGreaterThan(20);
  const counts = (await page.getByTestId('tensor-counts').textContent() ?? '').split(':')[1]!.split(',').map(Number);
  expect(counts).toHaveLength(2);
  expect(counts[1]).toBe(counts[0]);
  await studio.screenshot('gpu-compiled');

  await studio.goTo('Explain');
  await expect(page.getByTestId('cam-energy')).toHaveText(/\d+\.\d %/);
  await page.getByRole('button', { name: 'Explain every image' }).click();
  await expect(page.getByTestId('gallery-count')).toHaveText('9 image(s)', { timeout: 300_000 });
  const gallery = page.getByTestId('gallery');
  await expect(gallery.getByRole('img')).toHaveCount(9);
  await studio.screenshot('explain-gradcam');
  await page.getByRole('checkbox', { name: 'Grad-CAM' }).uncheck();
  await page.getByRole('checkbox', { name: 'SPN mask' }).check();
  await studio.screenshot('explain-spn');
  await page.getByRole('checkbox', { name: 'Ground-truth outline' }).uncheck();
  await page.getByLabel('Split').selectOption('all');
  await expect(page.getByTestId('gallery-count')).toHaveText('90 image(s)', { timeout: 300_000 });
  await page.getByLabel('Prediction').selectOption('wrong');
  const wrong = Number((await page.getByTestId('gallery-count').innerText()).split(' ')[0]);
  await page.getByLabel('Prediction').selectOption('correct');
  const correct = Number((await page.getByTestId('gallery-count').innerText()).split(' ')[0]);
  expect(wrong + correct).toBe(90);
  await page.getByLabel('Prediction').selectOption('all');
  await gallery.getByRole('button').first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('img', { name: /Grad-CAM for/ })).toBeVisible();
  const classSelect = dialog.getByLabel('Class for Grad-CAM');
  const other = ['disc', 'square', 'triangle'][(Number(await classSelect.inputValue()) + 1) % 3]!;
  await classSelect.selectOption(other);
  await expect(dialog.getByRole('img', { name: `Grad-CAM for ${other}` })).toBeVisible({ timeout: 120_000 });
  await studio.screenshot('explain-detail');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  expect(studio.consoleErrors).toEqual([]);
});

test('a run interrupted by a reload resumes from its last finished epoch', async ({ studio, page }) => {
  test.setTimeout(12 * 60_000);
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(8);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect.poll(async () => Number(await page.getByTestId('f1-chart').getAttribute('data-points')), { timeout: 300_000 }).toBeGreaterThanOrEqual(1);
  // One more batch after the epoch means the checkpoint message (sent right after the epoch) has been handled.
  const batchesPerEpoch = 9;
  await expect.poll(async () => Number(await page.getByTestId('loss-chart').getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(batchesPerEpoch + 1);
  await page.reload();
  await studio.waitForBackend();
  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/stopped after epoch [1-7] of 8/);
  // The form kept what was typed before the reload, not the preset's value.
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('8');
  await studio.screenshot('train-interrupted');
  await notice.getByRole('button', { name: 'Resume run' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  await expect(page.getByTestId('f1-chart')).toHaveAttribute('data-points', '8');
  await expect(page.getByTestId('test-table')).toBeVisible();
  await page.reload();
  await studio.waitForBackend();
  await expect(page.getByTestId('interrupted-run')).toHaveCount(0);
});

test('a finished run and the form’s values survive a reload: the run is listed, opens on Explain, downloads and deletes', async ({ studio, page }) => {
  test.setTimeout(6 * 60_000);
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(2);
  await page.getByLabel('Seed (split, masks, shuffling)').fill('7');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  const f1 = await page.getByTestId('test-f1').textContent();
  const kept = page.getByTestId('kept-runs');
  await expect(kept.locator('tbody tr')).toHaveCount(1);

  await page.reload();
  await studio.waitForBackend();
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('2');
  await expect(page.getByLabel('Seed (split, masks, shuffling)')).toHaveValue('7');
  await expect(kept.locator('tbody tr')).toHaveCount(1);
  await expect(kept).toContainText(`${f1} %`);
  await studio.screenshot('train-kept-runs');
  const download = page.waitForEvent('download');
  await kept.getByRole('button', { name: /Download the numbers of the SPN run/ }).click();
  expect((await (await download).suggestedFilename())).toMatch(/^spn-seed7-.*\.json$/);

  await kept.getByRole('button', { name: /Open the SPN run/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Explain' })).toBeVisible();
  await expect(page.getByText(`On 9 test images with a mask`)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Explain every image' }).click();
  await expect(page.getByTestId('gallery').getByRole('img').first()).toBeVisible({ timeout: 120_000 });

  await studio.goTo('Train');
  page.once('dialog', (dialog) => void dialog.accept());
  await kept.getByRole('button', { name: /Delete the SPN run/ }).click();
  await expect(page.getByTestId('kept-runs')).toHaveCount(0);
  await page.reload();
  await studio.waitForBackend();
  await expect(page.getByTestId('kept-runs')).toHaveCount(0);
  expect(studio.consoleErrors).toEqual([]);
});

test('the Classroom preset changes the settings, never the dataset a user chose', async ({ studio, page }, testInfo) => {
  const { copyFileSync, mkdirSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  // Two classes of three PH2 images: the user's own data.
  const own = testInfo.outputPath('own');
  const ph2 = join(process.cwd(), '..', 'shared', 'data', 'ph2', 'images');
  for (const c of ['common_nevus', 'melanoma']) {
    mkdirSync(join(own, c), { recursive: true });
    for (const f of readdirSync(join(ph2, c)).slice(0, 3)) copyFileSync(join(ph2, c, f), join(own, c, f));
  }
  await studio.loadDemoDataset();
  await page.getByLabel('Choose a dataset folder').setInputFiles(own);
  await page.getByTestId('import-review').getByRole('button', { name: 'Save dataset' }).click({ timeout: 60_000 });
  await expect(page.getByTestId('import-report')).toContainText('Imported own');
  await studio.goTo('Train');
  const dataset = page.getByRole('combobox', { name: 'Dataset', exact: true });
  await dataset.selectOption({ label: 'own (6 images, 0 masks)' });
  await page.getByRole('button', { name: /Classroom demo preset/ }).click();
  await expect(page.getByLabel('Learning rate (Adam)')).toHaveValue('0.005');
  await expect(dataset.locator('option:checked')).toHaveText('own (6 images, 0 masks)');
});
