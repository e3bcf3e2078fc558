import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';

import { experiment } from './fixtures/cli';

const PH2 = join(process.cwd(), '..', 'shared', 'data', 'ph2');

const fraction = (x: unknown): boolean => typeof x === 'number' && x >= 0 && x <= 1;

// Playwright needs the fixtures argument even when a test uses none.
// eslint-disable-next-line no-empty-pattern
test('npm run experiment imports a PH2 folder through the page, runs a 2 × 2 grid and writes results.json by the contract', async ({}, testInfo) => {
  test.setTimeout(12 * 60_000);
  // Twelve images of each PH2 class, in the images/ + masks/ layout, keep the grid to about a minute here.
  const data = testInfo.outputPath('ph2-small');
  for (const c of readdirSync(join(PH2, 'images'))) {
    mkdirSync(join(data, 'images', c), { recursive: true });
    mkdirSync(join(data, 'masks', c), { recursive: true });
    for (const f of readdirSync(join(PH2, 'images', c)).slice(0, 12)) {
      copyFileSync(join(PH2, 'images', c, f), join(data, 'images', c, f));
      if (existsSync(join(PH2, 'masks', c, f))) copyFileSync(join(PH2, 'masks', c, f), join(data, 'masks', c, f));
    }
  }
  const out = testInfo.outputPath('out');
  const args = ['--data', data, '--backend', 'wasm', '--method', 'spn,baseline', '--seeds', '1,2', '--width', '0.0625', '--size', '32', '--epochs', '1', '--batch', '8', '--lr', '0.001', '--out', out];
  const ok = await experiment(args);
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout).toContain('images/<class>/ with masks/');
  expect(ok.stdout).toContain('class melanoma: 12 images');
  expect(ok.stdout).toMatch(/\| SPN \| resnet18 \| 1 \| bce \| 2 \|/);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the contract check reads results.json as untyped JSON
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Record<string, any>;
  expect(results.runs).toHaveLength(4);
  for (const r of results.runs) {
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['config', 'seed', 'backend', 'adapter', 'test', 'saliency', 'history', 'timing']));
    expect(r.backend).toBe('wasm');
    for (const key of ['accuracy', 'precision', 'sensitivity', 'specificity', 'f1']) expect(fraction(r.test[key]), key).toBe(true);
    expect(r.test.perClass.map((c: { label: string }) => c.label)).toEqual(['atypical_nevus', 'common_nevus', 'melanoma']);
    for (const c of r.test.perClass) expect(['precision', 'sensitivity', 'specificity', 'f1'].every((k) => fraction(c[k])) && Number.isInteger(c.support)).toBe(true);
    expect(r.test.confusion).toHaveLength(3);
    const isSpn = r.config.method === 'spn';
    for (const key of ['spnIoU', 'spnDice']) expect(isSpn ? fraction(r.saliency[key]) : r.saliency[key] === null, key).toBe(true);
    for (const key of ['camEnergyInMask', 'camPointingGame']) expect(fraction(r.saliency[key]), key).toBe(true);
    expect(r.saliency.maskedTestImages).toBeGreaterThan(0);
    expect(r.history).toHaveLength(1);
    expect(Object.keys(r.history[0])).toEqual(expect.arrayContaining(['epoch', 'trainLoss', 'trainClsLoss', 'trainLocLoss', 'valLoss', 'valF1', 'valAccuracy', 'seconds']));
    expect(r.timing.imagesPerSecond).toBeGreaterThan(0);
    expect(r.timing.totalSeconds).toBeGreaterThan(0);
  }
  expect(results.summary.map((s: { method: string; n: number }) => [s.method, s.n])).toEqual([['spn', 2], ['baseline', 2]]);
  for (const s of results.summary) {
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['method', 'backbone', 'labelRatio', 'loss', 'n', 'f1']));
    expect(fraction(s.f1.mean) && s.f1.std >= 0).toBe(true);
  }
  // Same seed, same split: the SPN and baseline runs of a seed were tested on the very same images, and the two
  // seeds drew different test images.
  const testIds = (method: string, seed: number): string[] => results.runs.find((r: { config: { method: string; seed: number } }) => r.config.method === method && r.config.seed === seed).split.testIds;
  for (const seed of [1, 2]) {
    expect(testIds('spn', seed).length).toBeGreaterThan(0);
    expect(testIds('baseline', seed)).toEqual(testIds('spn', seed));
  }
  expect(testIds('spn', 2)).not.toEqual(testIds('spn', 1));
  // A baseline uses no masks: it is recorded with label ratio 0.
  expect(results.runs.filter((r: { config: { method: string } }) => r.config.method === 'baseline').map((r: { config: { labelRatio: number } }) => r.config.labelRatio)).toEqual([0, 0]);
  expect(readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n')).toHaveLength(5);

  const badOption = await experiment(['--method', 'spn,gradcam']);
  expect(badOption.code).toBe(2);
  expect(badOption.stderr).toContain('--method: "gradcam" is not one of spn, baseline');
  const badFolder = await experiment(['--data', testInfo.outputPath('nowhere')]);
  expect(badFolder.code).toBe(2);
  expect(badFolder.stderr).toContain('no such dataset folder or CSV manifest');
});

// eslint-disable-next-line no-empty-pattern
test('npm run experiment --backend webgpu trains on WebGPU (the earlier backend start is not taken for its answer)', async ({}, testInfo) => {
  test.setTimeout(10 * 60_000);
  const out = testInfo.outputPath('out');
  const args = ['--backend', 'webgpu', '--demo', 'small', '--method', 'spn', '--seeds', '1', '--width', '0.0625', '--size', '32', '--epochs', '1', '--batch', '8', '--lr', '0.001', '--out', out];
  const run = await experiment(args);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^Backend: webgpu/m);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- results.json read as untyped JSON
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { runs: any[] };
  expect(results.runs.map((r: { backend: string }) => r.backend)).toEqual(['webgpu']);
});

// eslint-disable-next-line no-empty-pattern
test('a run whose loss explodes stops with one sentence on the command line and in results.json, and no empty table', async ({}, testInfo) => {
  test.setTimeout(5 * 60_000);
  const out = testInfo.outputPath('out');
  const args = ['--backend', 'wasm', '--demo', 'small', '--method', 'spn', '--seeds', '2', '--width', '0.0625', '--size', '32', '--epochs', '2', '--batch', '8', '--lr', '1', '--out', out];
  const run = await experiment(args);
  expect(run.code, run.stderr).toBe(1);
  const sentence = /the loss (became NaN|became infinite|exploded to [\d,.]+ \(over 100 times its first value, [\d.]+\)) at epoch 1, step \d+; no epoch had finished, so nothing is kept; lower the learning rate \(now 1\) and train again/;
  const failed = run.stderr.split('\n').filter((line) => line.startsWith('run failed:'));
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatch(new RegExp(`^run failed: spn, label ratio 1, seed 2: ${sentence.source}$`));
  expect(run.stdout).not.toContain('| Method |');
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { runs: unknown[]; failures: Array<{ error: string }> };
  expect(results.runs).toHaveLength(0);
  expect(results.failures.map((f) => f.error)).toEqual([expect.stringMatching(new RegExp(`^${sentence.source}$`))]);
});

// eslint-disable-next-line no-empty-pattern
test('on a fresh clone (no dist/), npm run experiment builds the studio first, says so in one line, and runs', async ({}, testInfo) => {
  test.setTimeout(10 * 60_000);
  // A checkout as `git clone && npm ci` leaves it: the sources and node_modules, no dist/.
  const clone = testInfo.outputPath('clone');
  mkdirSync(clone, { recursive: true });
  for (const entry of ['src', 'public', 'scripts', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.core.json']) {
    if (existsSync(entry)) cpSync(entry, join(clone, entry), { recursive: true });
  }
  symlinkSync(join(process.cwd(), 'node_modules'), join(clone, 'node_modules'), 'dir');
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  const out = join(clone, 'out');
  const run = await experiment(['--demo', 'small', '--backend', 'wasm', '--method', 'baseline', '--seeds', '1', '--epochs', '1', '--width', '0.125', '--size', '32', '--out', out], clone);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr.split('\n').filter((line) => line.startsWith('Building the studio first'))).toEqual(['Building the studio first (dist/ is missing): vite build…']);
  expect(existsSync(join(clone, 'dist', 'index.html'))).toBe(true);
  expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).runs).toHaveLength(1);
  // Built now: the next command serves it as it is.
  const again = await experiment(['--demo', 'small', '--backend', 'wasm', '--method', 'baseline', '--seeds', '1', '--epochs', '1', '--width', '0.125', '--size', '32', '--out', join(clone, 'out2')], clone);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).not.toContain('Building the studio');
});

// eslint-disable-next-line no-empty-pattern
test('npm run experiment --pretrained URL downloads the weights once (a local server stands in for the Hub), checks them and trains from them', async ({}, testInfo) => {
  test.setTimeout(10 * 60_000);
  const weights = readFileSync(join(process.cwd(), '..', 'shared', 'fixtures', 'torchvision-resnet', 'resnet18.safetensors'));
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    if (request.url === '/timm/resnet18/model.safetensors') response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(weights);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
  });
  await new Promise<void>((resolve) => server.listen(4398, 'localhost', resolve));
  try {
    const env = { ...process.env, SALIENCY_STUDIO_CACHE: testInfo.outputPath('cache') };
    const base = ['--demo', 'small', '--backend', 'wasm', '--method', 'baseline', '--seeds', '1', '--epochs', '1', '--width', '1', '--size', '32'];
    const url = 'http://localhost:4398/timm/resnet18/model.safetensors';
    const first = await experiment([...base, '--pretrained', url, '--out', testInfo.outputPath('out1')], process.cwd(), env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Downloading pretrained weights from ${url}`);
    expect(first.stdout).toContain(`Stored ${(weights.byteLength / 1e6).toFixed(1)} MB`);
    const results = JSON.parse(readFileSync(testInfo.outputPath('out1', 'results.json'), 'utf8')) as { runs: Array<{ config: { pretrained: string | null; width: number } }> };
    expect(results.runs[0]!.config.pretrained).toMatch(/resnet18_model\.safetensors$/);
    // Cached: the second command does not fetch again.
    const second = await experiment([...base, '--pretrained', url, '--out', testInfo.outputPath('out2')], process.cwd(), env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('(cached in');
    expect(requests).toBe(1);
    // A missing file is refused before anything runs, naming the answer.
    const missing = await experiment([...base, '--pretrained', 'http://localhost:4398/nothing.safetensors', '--out', testInfo.outputPath('out3')], process.cwd(), env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--pretrained http://localhost:4398/nothing.safetensors: http://localhost:4398/nothing.safetensors answered 404 Not Found');
  } finally {
    server.close();
  }
});
