// `npm run bench:import`: imports N generated images with masks (default 2,000 at 128 px) through the Data page
// in headless Chromium, and prints images per second and the page's peak JS heap.
// Usage: npm run bench:import -- [--images 2000] [--size 128]
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

import { generateDemoDataset } from '../src/core/data/demoDataset';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const imageCount = Number(arg('images', '2000'));
const sizePx = Number(arg('size', '128'));

function png(pixels: Uint8Array, channels: 1 | 3): Buffer {
  const image = new PNG({ width: sizePx, height: sizePx });
  for (let p = 0; p < sizePx * sizePx; p++) {
    for (let c = 0; c < 3; c++) image.data[p * 4 + c] = channels === 3 ? pixels[p * 3 + c]! : pixels[p]! * 255;
    image.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(image);
}

const root = mkdtempSync(join(tmpdir(), 'bench-import-'));
const folder = join(root, 'generated');
const demo = generateDemoDataset({ sizePx, imagesPerClass: Math.ceil(imageCount / 3), seed: 9 });
for (const s of demo.samples.slice(0, imageCount)) {
  const className = demo.classNames[s.label]!;
  const name = s.id.split('/')[1]!;
  for (const kind of ['images', 'masks'] as const) mkdirSync(join(folder, kind, className), { recursive: true });
  writeFileSync(join(folder, 'images', className, name), png(s.pixels, 3));
  writeFileSync(join(folder, 'masks', className, name), png(s.mask!, 1));
}
console.log(`wrote ${imageCount} images and ${imageCount} masks at ${sizePx} px to ${folder}`);

const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));
if (!executablePath) throw new Error('No Chromium found: apt-get install -y chromium, or set CHROMIUM_PATH');
const PORT = 4321;
const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 2500));
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'] });
try {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`http://localhost:${PORT}/#/data`);
  let peakHeap = 0;
  const sampler = setInterval(() => {
    void cdp.send('Performance.getMetrics').then(({ metrics }) => {
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peakHeap = Math.max(peakHeap, heap);
    }).catch(() => {});
  }, 200);
  const start = performance.now();
  await page.getByLabel('Choose a dataset folder').setInputFiles(folder);
  await page.getByTestId('import-review').waitFor({ timeout: 30 * 60_000 });
  const checked = performance.now();
  await page.getByRole('button', { name: 'Save dataset' }).click();
  await page.getByTestId('import-report').filter({ hasText: 'Imported' }).waitFor({ timeout: 30 * 60_000 });
  const saved = performance.now();
  clearInterval(sampler);
  const total = await page.getByTestId('total-images').innerText();
  const seconds = (saved - start) / 1000;
  console.log(JSON.stringify({ images: Number(total), sizePx, checkSeconds: (checked - start) / 1000, saveSeconds: (saved - checked) / 1000, imagesPerSecond: Number(total) / seconds, peakJsHeapMB: peakHeap / 1e6 }));
} finally {
  await browser.close();
  server.kill();
  rmSync(root, { recursive: true, force: true });
}
