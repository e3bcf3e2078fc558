// A newcomer's first hour (issue 27): stopping keeps what finished, a reopened run is drawn and named as what it
// is, the session's model stays the user's own, opening takes a visible moment, diagnostics wait behind Advanced.
import { expect, test } from './fixtures/studio';

test('Stop keeps the finished epochs and tests the best; Discard throws the run away; diagnostics sit behind Advanced', async ({ studio, page }) => {
  test.setTimeout(8 * 60_000);
  await studio.loadDemoDataset();
  await studio.useBackend('wasm');
  await studio.openTrainWithQuickPreset(10);
  await page.getByRole('button', { name: 'Start training' }).click();
  const phase = page.getByTestId('training-phase');
  await expect.poll(async () => Number(await page.getByTestId('f1-chart').getAttribute('data-points')), { timeout: 180_000 }).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: /^Stop and keep epochs? 1(–\d+)?$/ }).click();
  await expect(phase).toHaveAttribute('data-phase', 'finished', { timeout: 120_000 });
  const stoppedAt = Number(/Stopped after epoch (\d+) of 10/.exec(await phase.innerText())?.[1]);
  expect(stoppedAt).toBeGreaterThanOrEqual(1);
  expect(stoppedAt).toBeLessThan(10);
  await expect(page.getByTestId('test-table')).toBeVisible();
  await expect(page.getByRole('heading', { name: new RegExp(`Test results: epoch \\d+ of the ${stoppedAt} trained before Stop`) })).toBeVisible();
  await expect(page.getByTestId('kept-runs').locator('tbody tr')).toHaveCount(1);
  // Every figure is read against the largest class on the same test images (the demo: 50 of each, so 33 %).
  await expect(page.getByTestId('majority-reference')).toContainText('guessing at random, 33.3 %');

  // The tensor counts are a diagnostic: hidden until Advanced is opened.
  const counts = page.getByTestId('tensor-counts');
  await expect(counts).toBeHidden();
  await page.getByTestId('training-phase').locator('xpath=..').getByText('Advanced', { exact: true }).click();
  await expect(counts).toBeVisible();
  await expect(counts).toContainText(/after each epoch \(flat when nothing leaks\): \d+/);
  await studio.screenshot('train-stopped-kept');

  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'running', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Discard run' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'cancelled', { timeout: 120_000 });
  await expect(phase).toContainText('The run was discarded: nothing of it was kept.');
  await expect(page.getByTestId('kept-runs').locator('tbody tr')).toHaveCount(1);
  expect(studio.consoleErrors).toEqual([]);
});

test('an older kept run opened on Explain shows a busy state, then Train draws its epochs where they ended and names its dataset; Models keeps the user’s model and names methods', async ({ studio, page }) => {
  test.setTimeout(10 * 60_000);
  await studio.loadDemoDataset();
  await studio.useBackend('wasm');
  // Two kept runs: a mask-guided one (older), then an SPN one.
  await studio.openTrainWithQuickPreset(2);
  await page.getByLabel('Method').selectOption('guided');
  await page.getByRole('button', { name: 'Start training' }).click();
  const phase = page.getByTestId('training-phase');
  await expect(phase).toHaveAttribute('data-phase', 'finished', { timeout: 240_000 });
  await expect(page.getByTestId('kept-runs').locator('tbody tr')).toHaveCount(1);
  await page.getByLabel('Method').selectOption('spn');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(phase).toHaveAttribute('data-phase', 'finished', { timeout: 240_000 });
  await expect(page.getByTestId('kept-runs').locator('tbody tr')).toHaveCount(2);

  // A second dataset selected on Train: the reopened run's results must not pass for it.
  await studio.goTo('Data');
  await page.getByLabel('Demo size').selectOption('classroom');
  await page.getByRole('button', { name: 'Load demo dataset' }).click();
  await expect(page.getByText(/Demo shapes, classroom/).first()).toBeVisible({ timeout: 120_000 });
  await studio.goTo('Train');
  // Loading it selected it: the Train page's next run would train on the classroom demo.
  await expect(page.getByLabel('Dataset').locator('option')).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByLabel('Dataset').locator('option:checked')).toContainText('classroom');

  // The older run: the mask-guided one.
  await page.getByRole('button', { name: /^Open the Mask-guided run on Demo shapes, small .* on the Explain page$/ }).click();
  await expect(page.getByTestId('opening-run')).toContainText('Opening Mask-guided, seed 1');
  await expect(page.getByRole('heading', { level: 2, name: 'Explain' })).toBeVisible({ timeout: 60_000 });
  await studio.goTo('Train');
  const shown = page.getByTestId('shown-run');
  await expect(shown).toContainText('Showing Mask-guided, seed 1, kept on the Train page, trained on Demo shapes, small');
  await expect(shown).toContainText('not the dataset selected above');
  // Its two epochs sit at the steps where they ended (5 steps of 16 per epoch on the small demo's 72 training images), not all at step 0.
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-last-step', String(2 * Math.ceil(72 / 16)));
  await studio.screenshot('train-reopened-run');

  // Models: the session's model is the reopened one, named for what it is; the exported bundle lists its method.
  await studio.goTo('Models');
  await expect(page.getByTestId('session-model-origin')).toContainText('Mask-guided, seed 1, kept on the Train page, on Demo shapes, small');
  await page.getByRole('button', { name: /^Export bundle/ }).click();
  const row = page.locator('tbody tr', { hasText: 'Mask-guided, resnet18' });
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  // Reopening a bundle says what happened in words.
  await row.getByRole('button', { name: /^Open / }).click();
  await expect(page.getByTestId('models-notice')).toContainText(/^Opened .+ \(Mask-guided, classes disc, square, triangle\): predictions below now use it\.$/);
  await studio.screenshot('models-bundle-opened');
  expect(studio.consoleErrors).toEqual([]);
});

test('an experiment leaves the session’s model as the one trained on the Train page', async ({ studio, page }) => {
  test.setTimeout(8 * 60_000);
  await studio.loadDemoDataset();
  await studio.useBackend('wasm');
  await studio.openTrainWithQuickPreset(1);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 240_000 });
  await expect(page.getByTestId('kept-runs').locator('tbody tr')).toHaveCount(1);

  await studio.goTo('Experiments');
  await page.getByLabel('Methods').fill('guided');
  await page.getByLabel('Image size (px)').fill('32');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByLabel('Seeds', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Run 1 run(s)' }).click();
  const progress = page.getByTestId('experiment-progress');
  await expect(progress).toHaveAttribute('data-phase', 'finished', { timeout: 240_000 });
  await expect(progress).toContainText('1 of 1 runs done');

  await studio.goTo('Models');
  await expect(page.getByTestId('session-model-origin')).toContainText('SPN, seed 1, trained on the Train page');
  expect(studio.consoleErrors).toEqual([]);
});
