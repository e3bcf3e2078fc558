import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, launchStudioWithProfile, test } from './fixtures/studio';

test('a project file carries the datasets, runs and bundles to a fresh browser profile, and a damaged one stores nothing', async ({ studio, page }, testInfo) => {
  test.setTimeout(8 * 60_000);
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(1);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  const f1 = await page.getByTestId('test-f1').textContent();
  await studio.goTo('Models');
  await page.getByLabel('Bundle name').fill('Project shapes');
  await page.getByRole('button', { name: /Export bundle/ }).click();
  await expect(page.getByTestId('bundle-list')).toContainText('Project shapes');

  await studio.goTo('Data');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download project file' }).click();
  const projectPath = testInfo.outputPath('project.zip');
  await (await download).saveAs(projectPath);

  const { context, studio: fresh } = await launchStudioWithProfile(mkdtempSync(join(tmpdir(), 'studio-project-')));
  try {
    const other = fresh.page;
    await fresh.open('#/data');
    const cut = testInfo.outputPath('cut.zip');
    writeFileSync(cut, readFileSync(projectPath).subarray(0, 20_000));
    await other.getByLabel('Choose a project file').setInputFiles(cut);
    await expect(other.getByTestId('project-error')).toContainText('cut.zip: is a zip file cut short');
    await expect(other.getByTestId('empty-state')).toContainText('No datasets yet');

    await other.getByLabel('Choose a project file').setInputFiles(projectPath);
    await expect(other.getByTestId('project-done')).toHaveText('Opened project.zip: 1 dataset(s), 1 run(s), 1 bundle(s).', { timeout: 120_000 });
    await expect(other.getByTestId('total-images')).toHaveText('90');
    await fresh.screenshot('project-opened');
    await fresh.goTo('Train');
    const kept = other.getByTestId('kept-runs');
    await expect(kept.locator('tbody tr')).toHaveCount(1);
    await expect(kept).toContainText(`${f1} %`);
    await kept.getByRole('button', { name: /Open the SPN run/ }).click();
    await expect(other.getByRole('heading', { level: 2, name: 'Explain' })).toBeVisible();
    await other.getByRole('button', { name: 'Explain every image' }).click({ timeout: 120_000 });
    await expect(other.getByTestId('gallery').getByRole('img').first()).toBeVisible({ timeout: 120_000 });
    await fresh.goTo('Models');
    await expect(other.getByTestId('bundle-list')).toContainText('Project shapes');
    expect(fresh.consoleErrors).toEqual([]);
  } finally {
    await context.close();
  }
});
