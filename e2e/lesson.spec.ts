import { readFileSync } from 'node:fs';

import { expect, test } from './fixtures/studio';

test('the shortcut lesson runs from one button, shows each model’s Grad-CAM on test images and says only what its numbers carry', async ({ studio, page }) => {
  test.setTimeout(10 * 60_000);
  await studio.open('#/experiments');
  await studio.useBackend('wasm');
  // The grid form holds the user's own values: the lesson must leave them as typed.
  await page.getByLabel('Methods').fill('spn');
  await page.getByLabel('Seeds', { exact: true }).fill('7');
  await page.getByLabel('Epochs', { exact: true }).fill('4');
  // One seed instead of the page's two: the reduced lesson.
  await page.getByLabel('Lesson seeds').fill('1');
  // Before any lesson ran here, the card says it has no measurement rather than quoting a figure.
  await expect(page.getByTestId('lesson-estimate')).toContainText('this browser has not run the lesson yet');
  await page.getByRole('button', { name: 'Run the shortcut lesson' }).click();
  const progress = page.getByTestId('experiment-progress');
  await expect(progress).toHaveAttribute('data-phase', 'running', { timeout: 60_000 });
  await expect(progress).toContainText('Run 1 of 3: Baseline, seed 1');
  // The time left comes from this run's own pace and moves within the run.
  await expect(progress).toContainText(/about \d+ (s|min)[^·]* left, at this browser's pace so far/, { timeout: 60_000 });
  await expect(page.getByLabel('Queue').locator('li')).toHaveCount(3);
  await expect(progress).toHaveAttribute('data-phase', 'finished', { timeout: 8 * 60_000 });
  await expect(page.getByLabel('Methods')).toHaveValue('spn');
  await expect(page.getByLabel('Seeds', { exact: true })).toHaveValue('7');
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('4');
  // Now measured here: the card's estimate is this browser's own lesson runs.
  await expect(page.getByTestId('lesson-estimate')).toContainText(/About .+ per seed in this browser \(its last lesson runs took Baseline \d+ s, SPN \d+ s, Mask-guided \d+ s\)/);
  // One seed has no spread: no "±" beside its figures.
  await expect(page.getByTestId('lesson-column-guided')).not.toContainText('±');

  const lesson = page.getByTestId('shortcut-lesson');
  const rows = lesson.getByTestId('lesson-row');
  await expect(rows).toHaveCount(6, { timeout: 120_000 });
  for (const row of await rows.all()) {
    await expect(row.getByRole('img', { name: /^Baseline Grad-CAM: Baseline says/ })).toBeVisible();
    await expect(row.getByRole('img', { name: /^Mask-guided Grad-CAM: Mask-guided says/ })).toBeVisible();
    await expect(row.getByRole('img', { name: /SPN mask/ })).toBeVisible();
    // Each row is a test image whose background belonged to another shape in training.
    await expect(row).toContainText(/(disc on a (green|cool)|square on a (warm|cool)|triangle on a (warm|green)) background/);
  }

  // The numbers beside the picture are the runs' own (results.json), and the text follows them.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download results.json' }).click();
  const results = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { runs: Array<{ config: { method: string; saliency: { stage: string } }; test: { f1: number }; saliency: { camEnergyInMask: number } }> };
  expect(results.runs.map((r) => r.config.method).sort()).toEqual(['baseline', 'guided', 'spn']);
  for (const run of results.runs) {
    expect(run.config.saliency.stage).toBe('layer2');
    await expect(lesson.getByTestId(`lesson-f1-${run.config.method}`)).toHaveText(`${Math.round(100 * run.test.f1)} %`);
    await expect(lesson.getByTestId(`lesson-cam-${run.config.method}`)).toHaveText(`${Math.round(100 * run.saliency.camEnergyInMask)} %`);
  }
  const f1 = (m: string): number => results.runs.find((r) => r.config.method === m)!.test.f1;
  const cam = (m: string): number => results.runs.find((r) => r.config.method === m)!.saliency.camEnergyInMask;
  const numbersSay = f1('guided') - f1('baseline') >= 0.25 && cam('guided') >= 2 * cam('baseline') && cam('guided') > 0.5;
  await expect(lesson).toHaveAttribute('data-looks-at-object', String(numbersSay));
  const text = lesson.getByTestId('lesson-text');
  if (numbersSay) await expect(text).toContainText('model (trained on images whose backgrounds were swapped using the masks, and told to keep its attention inside them) looks at the object');
  else await expect(text).not.toContainText('looks at the object');
  await studio.screenshot('lesson-view');

  const png = page.waitForEvent('download');
  await lesson.getByRole('button', { name: 'Download the lesson (PNG for slides)' }).click();
  expect(readFileSync(await (await png).path()).subarray(1, 4).toString()).toBe('PNG');

  // The lesson survives a reload and opens again from the saved runs.
  await page.reload();
  await studio.waitForBackend();
  await expect(page.getByTestId('shortcut-lesson')).toBeVisible();
  await page.getByRole('button', { name: 'Show the lesson’s pictures' }).click();
  await expect(page.getByTestId('lesson-row')).toHaveCount(6, { timeout: 120_000 });
  expect(studio.consoleErrors).toEqual([]);
});
