import { expect, test } from './fixtures/studio';

test('a run whose loss turns NaN mid-run stops with one sentence and keeps its last finished epoch to resume from', async ({ studio, page }) => {
  test.setTimeout(6 * 60_000);
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(6);
  await studio.useBackend('wasm');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('f1-chart')).toHaveAttribute('data-points', '1', { timeout: 120_000 });
  // An overflow mid-run, as a too-high learning rate causes: every trainable weight in the worker becomes NaN.
  const worker = page.workers().find((w) => w.url().includes('trainingWorker'));
  expect(await worker!.evaluate(() => (self as unknown as { studioDebug: { poisonWeights(): number } }).studioDebug.poisonWeights())).toBeGreaterThan(0);

  const error = page.getByTestId('training-error');
  await expect(error).toHaveAttribute('data-code', 'diverged', { timeout: 120_000 });
  await expect(error).toContainText('Training diverged');
  const text = (await error.innerText()).replace(/\s+/g, ' ');
  const found = /the loss became NaN at epoch (\d+), step (\d+); the last finished epoch \((\d+)\) is kept to resume from; lower the learning rate \(now ([\d.]+)\) and train again/.exec(text);
  expect(found, text).not.toBeNull();
  const [stoppedIn, kept] = [Number(found![1]), Number(found![3])];
  expect(kept).toBe(stoppedIn - 1);
  expect(text).not.toMatch(/invalid_type|"expected"|\[ \{/);
  // What the sentence promises is there: the run can be resumed from that epoch, and no NaN reached the charts.
  await expect(page.getByTestId('interrupted-run')).toContainText(`stopped after epoch ${kept} of 6`);
  await expect(page.getByTestId('f1-chart')).toHaveAttribute('data-points', String(kept));
  await studio.screenshot('diverged');
});
