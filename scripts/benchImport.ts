// `npm run bench:import`: imports N generated images with masks (default 2,000 at 128 px) through the Data page
// in headless Chromium, and prints images per second and the page's peak JS heap. With --train, it then trains one
// epoch on them (ResNet18 width 1/16, SPN, batch 16, at the images' size) and explains every image, printing each
// phase's time and the memory the page and its worker hold (measureUserAgentSpecificMemory: the page is
// cross-origin isolated).
// Usage: npm run bench:import -- [--images 2000] [--size 128] [--train]
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
  if (process.argv.includes('--train')) {
    const memory = (): Promise<{ totalMB: number; workerMB: number }> =>
      page.evaluate(async () => {
        const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: Array<{ bytes: number; attribution: Array<{ scope?: string }> }> }> }).measureUserAgentSpecificMemory;
        if (!measure) return { totalMB: -1, workerMB: -1 };
        const result = await measure.call(performance);
        const worker = result.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((n, b) => n + b.bytes, 0);
        return { totalMB: result.bytes / 1e6, workerMB: worker / 1e6 };
      });
    peakHeap = 0;
    const heapSampler = setInterval(() => {
      void cdp.send('Performance.getMetrics').then(({ metrics }) => {
        peakHeap = Math.max(peakHeap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      }).catch(() => {});
    }, 500);
    await page.getByRole('link', { name: 'Train' }).click();
    await page.getByTestId('backend-phase').and(page.locator('[data-phase="ready"]')).waitFor({ timeout: 120_000 });
    await page.getByLabel('Width multiplier').selectOption({ label: '1/16' });
    await page.getByLabel('Image size (px)').selectOption(String(sizePx));
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByLabel('Batch size').fill('16');
    const trainStart = performance.now();
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.locator('[data-testid="training-phase"][data-phase="running"]').waitFor({ timeout: 30 * 60_000 });
    const decoded = performance.now();
    // The measurement resolves at the browser's next garbage collection (seconds later): never timed with the epoch.
    const measuring = memory();
    await page.locator('[data-testid="training-phase"][data-phase="finished"]').waitFor({ timeout: 60 * 60_000 });
    const trained = performance.now();
    const duringTraining = await measuring;
    await page.getByRole('link', { name: 'Explain' }).click();
    await page.getByRole('button', { name: 'Explain every image' }).click();
    await page.getByText(/images explained/).waitFor({ timeout: 60 * 60_000 });
    const explained = performance.now();
    const afterExplain = await memory();
    clearInterval(heapSampler);
    console.log(JSON.stringify({
      decodeSeconds: (decoded - trainStart) / 1000,
      epochSeconds: (trained - decoded) / 1000,
      explainSeconds: (explained - trained) / 1000,
      explainedText: await page.getByText(/images explained/).innerText(),
      peakPageJsHeapMB: peakHeap / 1e6,
      memoryDuringTrainingMB: duringTraining,
      memoryAfterExplainMB: afterExplain,
    }));
  }
} finally {
  await browser.close();
  server.kill();
  rmSync(root, { recursive: true, force: true });
}
