import type { Page } from '@playwright/test';

import { expect, test } from './fixtures/studio';

/** Every table fits its box and the page never scrolls sideways: nothing hides behind a horizontal scroll. */
async function expectNothingOverflows(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const tables = [...document.querySelectorAll('table')].map((t) => ({ name: t.getAttribute('data-testid') ?? t.getAttribute('aria-label') ?? 'table', width: t.scrollWidth, box: t.parentElement!.clientWidth }));
    return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, tables: tables.filter((t) => t.width > t.box + 1) };
  });
  expect(overflow, where).toEqual({ page: 0, tables: [] });
}

test('every page fits at 1280, 1440 and 1920 px, using the width, with a run, a bundle and an experiment in it', async ({ studio, page }) => {
  test.setTimeout(8 * 60_000);
  await studio.loadDemoDataset();
  await studio.useBackend('wasm');
  await studio.openTrainWithQuickPreset(2);
  await page.getByRole('button', { name: 'Start training' }).click();
  // While it trains (paused mid-run, so every width shows the same moment): the run's progress is in view without
  // scrolling, and on a wide screen its charts too, beside the form.
  await expect(page.getByTestId('training-phase')).toContainText(/Training: epoch \d of 2, step [1-9]/, { timeout: 300_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'paused');
  await expect(page.getByTestId('loss-chart').locator('path.recharts-line-curve').first()).toHaveAttribute('d', /L/);
  for (const width of [1280, 1440, 1920]) {
    const height = width === 1440 ? 960 : 1000;
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo(0, 0));
    const progress = await page.getByRole('region', { name: 'Training progress' }).boundingBox();
    expect(progress!.y + progress!.height, `progress at ${width} px`).toBeLessThan(height);
    expect((await page.getByTestId('loss-chart').boundingBox())!.y, `charts at ${width} px`).toBeLessThan(height);
    await expectNothingOverflows(page, `Train while running at ${width} px`);
    await studio.screenshot(`layout-train-running-${width}`, { fullPage: false });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  await studio.goTo('Models');
  await page.getByLabel('Bundle name').fill('A model with a rather long name for the list');
  await page.getByRole('button', { name: /Export bundle/ }).click();
  await expect(page.getByTestId('bundle-list')).toContainText('A model with a rather long name');
  await studio.goTo('Experiments');
  await page.getByLabel('Methods').fill('baseline,spn');
  await page.getByLabel('Image size (px)').fill('32');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByLabel('Seeds', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Run 2 run(s)' }).click();
  await expect(page.getByTestId('experiment-progress')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  await studio.goTo('Explain');
  await page.getByRole('button', { name: 'Explain every image' }).click();
  await expect(page.getByTestId('gallery').getByRole('img').first()).toBeVisible({ timeout: 120_000 });

  const galleryColumns: number[] = [];
  for (const width of [1280, 1440, 1920]) {
    await page.setViewportSize({ width, height: 1000 });
    for (const name of ['Data', 'Train', 'Explain', 'Experiments', 'Models'] as const) {
      await studio.goTo(name);
      await expectNothingOverflows(page, `${name} at ${width} px`);
      // The content uses a wide screen instead of stopping at 1,200 px.
      const contentWidth = await page.evaluate(() => document.querySelector('.page')!.getBoundingClientRect().width);
      expect(contentWidth, `${name} at ${width} px`).toBeGreaterThan(width * 0.75);
      if (name === 'Explain') {
        await expect(page.getByTestId('gallery').getByRole('img').first()).toBeVisible();
        // Each toolbar group wraps as a whole: the two downloads share a line, as does each filter with its box.
        const downloads = page.getByRole('group', { name: 'Downloads' }).getByRole('button');
        const tops = await downloads.evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
        expect(new Set(tops).size, `download buttons at ${width} px: ${tops.join(', ')}`).toBe(1);
        const filterHeights = await page.getByRole('group', { name: 'Filters' }).locator('label').evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().height));
        expect(Math.max(...filterHeights), `filter labels at ${width} px`).toBeLessThan(40);
        // The gallery's columns follow the width.
        galleryColumns.push(Number(await page.getByTestId('gallery').getAttribute('data-columns')));
      }
      await studio.screenshot(`layout-${name.toLowerCase()}-${width}`);
    }
  }
  expect(galleryColumns[2]).toBeGreaterThan(galleryColumns[0]!);
});
