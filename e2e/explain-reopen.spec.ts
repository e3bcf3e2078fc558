import { expect, test } from './fixtures/studio';

test('after a reload Explain shows the newest kept run with its gallery, picks any other kept run, and compares with a Train-page run', async ({ studio, page }) => {
  test.setTimeout(8 * 60_000);
  await studio.loadDemoDataset();
  await studio.useBackend('wasm');
  await studio.openTrainWithQuickPreset(1);
  const train = async (): Promise<void> => {
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
    await expect(page.getByTestId('kept-runs')).toBeVisible();
  };
  await train();
  await page.getByLabel('Method').selectOption('baseline');
  await train();
  await expect(page.getByTestId('kept-runs').locator('tbody tr')).toHaveCount(2);

  await page.reload();
  await studio.waitForBackend();
  await studio.goTo('Explain');
  // No click: the newest kept run (the baseline) opens and every image is explained.
  await expect(page.getByTestId('gallery').getByRole('img').first()).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/^Baseline model, resnet18/)).toBeVisible();
  const picker = page.getByLabel('Run shown');
  await expect(picker.locator('option:checked')).toHaveText(/^Baseline, seed 1, on Demo shapes, small .*\(Train page, /);
  await expect(picker.locator('option')).toHaveCount(2);

  // The other kept Train-page run is offered to compare with, and its maps arrive beside this model's.
  const compare = page.getByLabel('Compare with');
  const spnValue = await compare.locator('option', { hasText: 'SPN ratio 1, seed 1, Train page' }).getAttribute('value');
  await compare.selectOption(spnValue!);
  await expect(page.getByTestId('compare-prediction')).toHaveCount(9, { timeout: 180_000 });
  await studio.screenshot('explain-reopened');

  // Picking the SPN run shows it, explained, without leaving the page.
  const spnOption = await picker.locator('option', { hasText: /^SPN, seed 1/ }).getAttribute('value');
  await picker.selectOption(spnOption!);
  await expect(page.getByText(/^SPN model, resnet18/)).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('gallery').getByRole('img').first()).toBeVisible({ timeout: 120_000 });
  await expect(picker.locator('option:checked')).toHaveText(/^SPN, seed 1/);
  await expect(page).toHaveURL(/#\/explain$/);
  expect(studio.consoleErrors).toEqual([]);
});
