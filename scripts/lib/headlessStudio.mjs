// What the command-line runners share: serving the built studio, and a headless Chromium with WebGPU on it.
import { existsSync } from 'node:fs';

import { chromium } from 'playwright-core';
import { preview } from 'vite';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'];

/** Serves dist/ (with the cross-origin isolation headers from vite.config.ts) and returns its URL. */
export async function serveStudio(port) {
  if (!existsSync('dist/index.html')) throw new Error('the studio is not built: run `npx vite build` first');
  const server = await preview({ preview: { port, strictPort: true, host: 'localhost', open: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`;
  return { url, close: () => server.close() };
}

export function findChromium() {
  const path = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));
  if (!path) throw new Error('no Chromium found: install it with `apt-get install -y chromium`, or set CHROMIUM_PATH');
  return path;
}

/** A fresh headless Chromium (new profile each time) whose page reports its console errors to stderr. */
export async function openStudioPage(url) {
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(url);
  return { browser, page };
}

/** Clicks a page link in the studio's navigation. */
export async function goToPage(page, name) {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name }).click();
}

/** Clicks a control that downloads a file and returns the download (saveAs or path to keep it). */
export async function downloadFrom(locator, timeout = 60_000) {
  const download = locator.page().waitForEvent('download', { timeout });
  await locator.click();
  return download;
}
