import { expect, test } from './fixtures/studio';

test('each page is reachable from the navigation, the URL follows, and back/forward work', async ({ studio, page }) => {
  await studio.open();
  await expect(page.getByRole('heading', { level: 2, name: 'Data' })).toBeVisible();
  for (const name of ['Train', 'Explain', 'Experiments', 'Models'] as const) {
    await studio.goTo(name);
    await expect(page).toHaveURL(new RegExp(`#/${name.toLowerCase()}$`));
    await expect(page.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  }
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: 'Experiments' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: 'Explain' })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { level: 2, name: 'Experiments' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Experiments' })).toBeVisible();
});

test('empty pages say what to do next', async ({ studio, page }) => {
  await studio.open('#/explain');
  await expect(page.getByTestId('empty-state')).toContainText('Train a model');
  await studio.screenshot('empty-explain');
  await studio.goTo('Models');
  await expect(page.getByTestId('empty-state')).toContainText('No models yet');
  await studio.goTo('Experiments');
  await expect(page.getByTestId('empty-state')).toContainText('No experiments yet');
  await studio.screenshot('empty-experiments');
});

test('the studio loads offline after the first visit', async ({ studio, page, context }) => {
  await studio.open();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The first load happened before the worker took control; a reload passes through it and the cache is full.
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Saliency Studio' })).toBeVisible();
  await studio.goTo('Train');
  await studio.waitForBackend();
  await context.setOffline(false);
});

test('the first Tab press reaches a skip link that moves focus to the page’s content', async ({ studio, page }) => {
  await studio.open('#/train');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the page’s content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  expect(page.url()).toContain('#/train');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))).toBe(true);
});
