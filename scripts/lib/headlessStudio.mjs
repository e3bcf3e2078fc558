// What the command-line runners share: serving the built studio, and a headless Chromium with WebGPU on it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'];

/** What the built studio is made from: a newer file here means dist/ is out of date. */
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** Why dist/ must be built before it is served (null when it is up to date). */
export function staleBuildReason() {
  if (!existsSync('dist/index.html')) return 'dist/ is missing';
  const built = statSync('dist/index.html').mtimeMs;
  const changed = SOURCES.find((path) => newestChange(path) > built);
  return changed ? `${changed} changed since dist/ was built` : null;
}

/** Builds the studio when dist/ is missing or older than its sources, saying so in one line on stderr. */
export async function ensureBuilt() {
  const reason = staleBuildReason();
  if (!reason) return;
  process.stderr.write(`Building the studio first (${reason}): vite build…\n`);
  await build({ logLevel: 'error' });
}

/** Serves dist/ (built first when needed; with the cross-origin isolation headers from vite.config.ts) and returns its URL. */
export async function serveStudio(port) {
  await ensureBuilt();
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
