import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Page } from '@playwright/test';

import { expect, launchStudioWithProfile, test } from './fixtures/studio';

/** Holds Record until `count` frames of the current class are captured, then deletes any extra (the newest). */
async function record(page: Page, className: string, count: number, before: number): Promise<void> {
  await page.getByLabel('Class', { exact: true }).fill(className);
  const button = page.getByRole('button', { name: /Hold to record|Recording/ });
  await button.hover();
  const frames = page.getByRole('list', { name: 'Captured frames' }).getByRole('listitem');
  await page.mouse.down();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => frames.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(before + count);
  await page.mouse.up();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  // A frame grabbed as the button was let go may still be encoding.
  await page.waitForTimeout(400);
  while ((await frames.count()) > before + count) await frames.last().getByRole('button').click();
  await expect(frames).toHaveCount(before + count);
}

test('20 frames from the camera, in two classes, checked, saved as a dataset and trained on', async () => {
  test.setTimeout(6 * 60_000);
  // Chromium's fake camera (a moving test pattern) with the permission granted, as a user who clicks Allow.
  const { context, studio } = await launchStudioWithProfile(mkdtempSync(join(tmpdir(), 'studio-camera-')), ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  const { page } = studio;
  try {
    await studio.open('#/data');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(page.getByLabel('Camera preview')).toBeVisible();
    await expect.poll(() => page.getByLabel('Camera preview').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
    // No class named yet: Record says so and captures nothing.
    await page.getByRole('button', { name: 'Hold to record' }).click();
    await expect(page.getByTestId('camera-problem')).toContainText('type a class name first');
    await record(page, 'pattern', 10, 0);
    await record(page, 'other', 10, 10);
    await expect(page.getByTestId('captured-count')).toHaveText('20 frames: pattern 10, other 10');
    await studio.screenshot('camera-captured');

    await page.getByRole('button', { name: /Review and save as a dataset \(20 images, 2 classes\)/ }).click();
    await page.getByLabel('Dataset name').fill('Camera frames');
    await page.getByRole('button', { name: /^Save/ }).click();
    await expect(page.getByTestId('total-images')).toHaveText('20', { timeout: 60_000 });

    await studio.openTrainWithQuickPreset(1);
    await studio.useBackend('wasm');
    await expect(page.getByRole('combobox', { name: /^Dataset/ }).locator('option:checked')).toHaveText('Camera frames (20 images, 0 masks)');
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('training-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
    await expect(page.getByTestId('test-table')).toContainText('pattern');
    expect(studio.consoleErrors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a camera that is refused or missing says so, and nothing is captured', async ({ studio, page }) => {
  // The test browser has neither a fake camera nor a granted permission: what the page says depends on which it meets.
  await studio.open('#/data');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(page.getByTestId('camera-problem')).toContainText(/the camera was refused|no camera was found|no camera to this page/);
  await expect(page.getByRole('button', { name: 'Hold to record' })).toBeDisabled();
  await expect(page.getByTestId('captured-count')).toHaveText('No frames captured yet.');
});
