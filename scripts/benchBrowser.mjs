#!/usr/bin/env node
// `npm run bench`: training images/s of ResNet18 + SPN (batch 8, at 64 and 128 px by default) on every backend
// that starts in one headless Chromium session, through the studio's own worker and training step, with the
// slowest kernels of one profiled step (milliseconds and share).
// Usage: npm run bench -- [--backends wasm,webgpu,webgl,cpu] [--sizes 64,128] [--width 1] [--batch 8]
//                         [--methods spn,baseline] [--backbone resnet18] [--repeats 3] [--threads N] [--torch]
//                         [--webgpu-kernels on,off]
// --torch also times ../shared/reference/pytorch/torch_ref.py (native PyTorch, 2 threads, channels-last) on the same
// configuration after each of the studio's measurements, for the ratio in one run (needs Debian's python3-torch).
// WebGPU-on-SwiftShader, WebGL and the CPU backend take minutes per step at full width on a machine without a
// GPU: compare them at a small width (e.g. --width 0.0625).
import { execFileSync } from 'node:child_process';

import { goToPage, openStudioPage, serveStudio } from './lib/headlessStudio.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', arg('size', '64,128')).split(',');
const width = arg('width', '1');
const batch = arg('batch', '8');
const repeats = Number(arg('repeats', '3'));
const withTorch = process.argv.includes('--torch');
const server = await serveStudio(Number(arg('port', '4319')));
const threads = arg('threads', '');
const { browser, page } = await openStudioPage(`${server.url}${threads ? `?threads=${threads}` : ''}#/data`);

/** Starts `backend` in the worker; null when it does not start here. */
async function useBackend(backend) {
  await page.getByLabel('Backend choice').selectOption(backend);
  await page.waitForFunction(() => document.querySelector('[data-testid="backend-phase"]')?.getAttribute('data-phase') !== 'starting', null, { timeout: 120_000 });
  const name = await page.getByTestId('backend-name').innerText().catch(() => 'unavailable');
  if (name !== backend) return null;
  const threadCount = await page.getByTestId('backend-threads').getAttribute('data-threads').catch(() => null);
  return threadCount ? `${threadCount} thread${threadCount === "1" ? "" : "s"}` : await page.getByTestId('adapter').innerText().catch(() => '');
}

/** Turns the studio's WGSL kernels on or off in the worker (its debug hook), for a before/after in one session. */
async function setStudioWebGpuKernels(on) {
  const worker = page.workers().find((w) => w.url().includes('trainingWorker'));
  await worker.evaluate((value) => self.studioDebug.setStudioWebGpuKernels(value), on);
}

/** One "Measure training speed" click: 3 steps after 2 warm-ups, as the page times them. */
async function measureOnce() {
  const rows = page.locator('[data-testid="speed-table"] tbody tr');
  const before = await rows.count();
  await page.getByRole('button', { name: 'Measure training speed' }).click();
  await rows.nth(before).waitFor({ timeout: 30 * 60_000 });
  const cells = await rows.nth(before).locator('td').allTextContents();
  // The step's diagnostics sit behind the table's Advanced disclosure.
  const diag = await page.locator('[data-testid="speed-diagnostics"] tbody tr').nth(before).locator('td').allTextContents();
  return { secondsPerStep: Number(cells[4]), imagesPerSecond: Number(cells[5]), kernelsPerStep: Number(diag[2]), readsPerStep: Number(diag[3]), dispatchesPerStep: diag[4], submitsPerStep: diag[5], jsMsPerStep: Number(diag[6]), kernels: diag[7] };
}

/**
 * On a shared 2-core machine one measurement swings by ±30 %, so each row is the median of `repeats`, every
 * measurement listed; the methods take turns within each repeat, so a slow minute hits them alike and their
 * ratio holds.
 */
/** Native PyTorch's images/s for one training step of the same configuration (median of 10 steps). */
function torchImagesPerSecond(size, method) {
  if (width !== '1' || method === 'guided') return null;
  const script = '../shared/reference/pytorch/torch_ref.py';
  const args = [script, '--backbone', arg('backbone', 'resnet18'), '--size', size, '--batch', batch, '--steps', '10', '--threads', '2', '--method', method, '--channels-last'];
  const line = execFileSync('/usr/bin/python3', args, { encoding: 'utf8' }).trim().split('\n').at(-1);
  return JSON.parse(line).images_per_s;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Each method (and each studio-kernels setting), `repeats` times, taking turns within each repeat. */
async function measureMethods(methods, size, kernelSettings) {
  const variants = kernelSettings.flatMap((kernels) => methods.map((method) => ({ kernels, method })));
  const keyOf = (v) => `${v.kernels}:${v.method}`;
  const measured = Object.fromEntries(variants.map((v) => [keyOf(v), []]));
  const torch = Object.fromEntries(variants.map((v) => [keyOf(v), []]));
  for (let i = 0; i < repeats; i++) {
    for (const v of variants) {
      if (kernelSettings.length > 1 || kernelSettings[0] === 'off') await setStudioWebGpuKernels(v.kernels === 'on');
      await page.getByRole('combobox', { name: 'Method', exact: true }).selectOption(v.method);
      measured[keyOf(v)].push(await measureOnce());
      if (withTorch) torch[keyOf(v)].push(torchImagesPerSecond(size, v.method));
    }
  }
  return variants.map((v) => {
    const all = measured[keyOf(v)];
    const sorted = [...all].sort((a, b) => a.secondsPerStep - b.secondsPerStep);
    const row = { studioKernels: v.kernels, method: v.method, ...sorted[Math.floor(sorted.length / 2)], all: all.map((m) => m.imagesPerSecond) };
    const torchAll = torch[keyOf(v)].filter((t) => t !== null);
    return torchAll.length ? { ...row, torchImagesPerSecond: median(torchAll), torchAll, ratio: +(row.imagesPerSecond / median(torchAll)).toFixed(3) } : row;
  });
}

try {
  await page.getByRole('button', { name: 'Load demo dataset' }).click();
  await page.getByTestId('total-images').waitFor();
  await goToPage(page, 'Train');
  await page.getByRole('combobox', { name: 'Backbone', exact: true }).selectOption(arg('backbone', 'resnet18'));
  await page.getByLabel('Width multiplier').selectOption(width);
  await page.getByLabel('Batch size').fill(batch);
  const tables = [];
  for (const size of sizes) {
    await page.getByLabel('Image size (px)').selectOption(size);
    const rows = [];
    for (const backend of arg('backends', 'wasm,webgpu,webgl,cpu').split(',')) {
      const adapter = await useBackend(backend);
      const methods = arg('methods', 'spn').split(',');
      // --webgpu-kernels off,on measures WebGPU without the studio's WGSL kernels (TensorFlow.js's composite ops) and
      // with them, taking turns in one session.
      const kernelSettings = backend === 'webgpu' ? arg('webgpu-kernels', 'on').split(',') : ['on'];
      const measured = adapter === null ? methods.map((method) => ({ method, note: 'did not start here' })) : await measureMethods(methods, size, kernelSettings);
      for (const m of measured) {
        rows.push({ backend, adapter: adapter ?? '', ...m });
        console.log(JSON.stringify({ size, ...rows.at(-1) }));
      }
    }
    tables.push({ size, rows });
  }
  for (const { size, rows } of tables) {
    console.log(`\n${arg('backbone', 'resnet18')}, width ${width}, ${size} px, batch ${batch}, Chromium ${browser.version()}`);
    console.log('| backend | studio WGSL kernels | method | adapter | s/step (median) | images/s (median) | every measurement, images/s | PyTorch images/s (median; each) | studio / PyTorch | kernels/step | reads/step | dispatches/step | submits/step | JS ms/step | slowest kernels (one profiled step) |\n|---|---|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---|');
    for (const r of rows) {
      const torchCell = r.torchImagesPerSecond ? `${r.torchImagesPerSecond} (${r.torchAll.join(', ')})` : '–';
      const studioKernels = r.backend === 'webgpu' ? r.studioKernels : '–';
      console.log(`| ${r.backend} | ${studioKernels} | ${r.method} | ${r.adapter} | ${r.secondsPerStep ?? '–'} | ${r.imagesPerSecond ?? r.note} | ${r.all?.join(', ') ?? ''} | ${torchCell} | ${r.ratio ?? '–'} | ${r.kernelsPerStep ?? ''} | ${r.readsPerStep ?? ''} | ${r.dispatchesPerStep ?? ''} | ${r.submitsPerStep ?? ''} | ${r.jsMsPerStep ?? ''} | ${r.kernels ?? ''} |`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
