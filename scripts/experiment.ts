#!/usr/bin/env node
// `npm run experiment -- [options]`: the report's comparison, headless. It serves the built studio, drives its Data
// and Experiments pages in headless Chromium (WebGPU), so import, training and metrics are the page's own code,
// then writes OUT/results.json and OUT/results.csv and prints the report-style table.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import cliProgress from 'cli-progress';

import type { GridText } from '../src/core/experiments/experimentGrid';
import { expandGrid, parseGrid } from '../src/core/experiments/experimentGrid';
import type { ExperimentResults } from '../src/core/experiments/summarizeRuns';
import { summaryMarkdown } from '../src/core/experiments/summarizeRuns';
import { QUICK_CONFIG } from '../src/core/train/trainConfig';
import { downloadFrom, goToPage, openStudioPage, serveStudio } from './lib/headlessStudio.mjs';

const USAGE = `usage: npm run experiment -- [--data DIR|FILE.csv] [--method spn,baseline] [--backbone resnet18] [--width F] [--size PX]
  [--epochs N] [--batch N] [--lr X] [--loss bce,l1,l2] [--lambda X] [--label-ratio 1,0.25] [--seeds 1,2,3]
  [--backend auto|webgpu|wasm|webgl|cpu] [--pretrained FILE.safetensors] [--export FILE.zip] [--out DIR]`;

function fail(message: string, code = 1): never {
  console.error(`experiment: ${message}`);
  process.exit(code);
}

const string = { type: 'string' } as const;
let values: Record<string, string | undefined>;
try {
  values = parseArgs({
    options: {
      data: string, method: string, backbone: string, width: string, size: string, epochs: string, batch: string, lr: string, loss: string,
      lambda: string, 'label-ratio': string, seeds: string, backend: string, pretrained: string, export: string, out: string, port: string,
    },
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}

const gridText: GridText = {
  methods: values.method ?? 'spn,baseline',
  backbones: values.backbone ?? 'resnet18',
  losses: values.loss ?? 'bce',
  labelRatios: values['label-ratio'] ?? '1',
  seeds: values.seeds ?? '1,2,3',
};

function numberOption(name: string, fallback: number, check: (n: number) => boolean, expected: string): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) fail(`--${name}: "${text}" is not ${expected}\n${USAGE}`, 2);
  return n;
}

const settings = {
  width: numberOption('width', 1, (n) => n > 0 && n <= 4, 'a width multiplier in (0, 4]'),
  imageSizePx: numberOption('size', 224, (n) => Number.isInteger(n) && n >= 32 && n % 32 === 0, 'a multiple of 32 px'),
  epochs: numberOption('epochs', 40, (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1'),
  batchSize: numberOption('batch', 16, (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1'),
  learningRate: numberOption('lr', 1e-4, (n) => n > 0, 'a positive learning rate'),
  lambda: numberOption('lambda', 1, (n) => n >= 0, 'a weight ≥ 0'),
};
let runCount = 0;
try {
  runCount = expandGrid({ ...QUICK_CONFIG, ...settings }, parseGrid(gridText)).length;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}
const backend = values.backend ?? 'auto';
if (!['auto', 'webgpu', 'wasm', 'webgl', 'cpu'].includes(backend)) fail(`--backend: "${backend}" is not one of auto, webgpu, wasm, webgl, cpu`, 2);
const dataPath = values.data ? resolve(values.data) : null;
if (dataPath && (!existsSync(dataPath) || (!statSync(dataPath).isDirectory() && !dataPath.toLowerCase().endsWith('.csv')))) {
  fail(`--data ${values.data}: no such dataset folder or CSV manifest`, 2);
}
const pretrained = values.pretrained ? resolve(values.pretrained) : null;
if (pretrained && !existsSync(pretrained)) fail(`--pretrained ${values.pretrained}: no such file`, 2);
const outDir = resolve(values.out ?? 'results');

const server = await serveStudio(Number(values.port ?? 4329));
const { browser, page } = await openStudioPage(`${server.url}#/data`);
let exitCode = 0;
try {
  const phase = page.getByTestId('backend-phase');
  if (backend !== 'auto') {
    await page.getByLabel('Backend choice').selectOption(backend);
  }
  await page.waitForFunction(() => document.querySelector('[data-testid="backend-phase"]')?.getAttribute('data-phase') !== 'starting', null, { timeout: 300_000 });
  const backendName = await page.getByTestId('backend-name').innerText().catch(() => 'none');
  if ((await phase.getAttribute('data-phase')) !== 'ready' || (backend !== 'auto' && backendName !== backend)) fail(`the ${backend} backend did not start in Chromium (got ${backendName})`);
  const adapter = (await page.getByTestId('adapter').innerText().catch(() => '')).replace(/^Adapter: /, '');
  console.log(`Backend: ${backendName}${adapter ? ` on ${adapter}` : ''}`);

  if (dataPath) {
    // A CSV manifest names files relative to itself: import its folder, where the page finds the manifest.
    const folder = statSync(dataPath).isDirectory() ? dataPath : dirname(dataPath);
    await page.getByLabel('Choose a dataset folder').setInputFiles(folder);
    const review = page.getByTestId('import-review');
    const report = page.getByTestId('import-report');
    await Promise.race([review.waitFor({ timeout: 600_000 }), report.waitFor({ timeout: 600_000 })]);
    if (!(await review.isVisible())) fail(`--data ${values.data}: ${(await report.innerText()).replace(/\s+/g, ' ')}`);
    console.log(`Imported ${values.data}: ${(await review.locator('p').first().innerText()).replace(/\s+/g, ' ')}`);
    for (const row of await review.getByRole('table', { name: 'Classes found' }).locator('tbody tr').all()) {
      const [folderName, , images, masks] = await row.locator('td').allInnerTexts();
      console.log(`  class ${folderName}: ${images} images, ${masks} with a mask`);
    }
    for (const line of await review.locator('.problems li').allInnerTexts()) console.log(`  skipped ${line}`);
    await review.getByRole('button', { name: 'Save dataset' }).click();
    await page.getByTestId('total-images').waitFor({ timeout: 600_000 });
  } else {
    await page.getByRole('button', { name: 'Load demo dataset' }).click();
    await page.getByTestId('total-images').waitFor({ timeout: 300_000 });
    console.log(`Generated the demo dataset: ${await page.getByTestId('total-images').innerText()} images with masks`);
  }

  await goToPage(page, 'Experiments');
  const fields: Array<[string, string]> = [
    ['Methods', gridText.methods], ['Backbones', gridText.backbones], ['Label ratios', gridText.labelRatios], ['Localization losses', gridText.losses],
    ['Seeds', gridText.seeds], ['Width multiplier', String(settings.width)], ['Image size (px)', String(settings.imageSizePx)], ['Epochs', String(settings.epochs)],
    ['Batch size', String(settings.batchSize)], ['Learning rate', String(settings.learningRate)], ['λ (localization weight)', String(settings.lambda)],
  ];
  for (const [label, value] of fields) await page.getByLabel(label, { exact: true }).fill(value);
  if (pretrained) await page.getByLabel('Pretrained backbone (.safetensors, optional)').setInputFiles(pretrained);
  await page.getByRole('button', { name: `Run ${runCount} run(s)` }).click();

  const progress = page.getByTestId('experiment-progress');
  await progress.waitFor();
  const bar = new cliProgress.SingleBar(
    { format: 'run {run}/{runs} epoch {epoch}/{epochs} [{bar}] {percentage}% | elapsed {duration_formatted} | ETA {eta_formatted}', etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(runCount * settings.epochs, 0, { run: 1, runs: runCount, epoch: 0, epochs: settings.epochs });
  let lastLine = '';
  for (;;) {
    const a = await progress.evaluate((el: HTMLElement) => ({ ...el.dataset }));
    const run = Number(a.run);
    const epoch = Number(a.epoch);
    bar.update((run - 1) * settings.epochs + Math.max(0, epoch - 1), { run, runs: runCount, epoch, epochs: settings.epochs });
    // Without a terminal the bar stays silent: log each run's start instead.
    const line = `run ${run}/${runCount}`;
    if (!process.stdout.isTTY && line !== lastLine && a.phase === 'running') console.log(`${line}: ${(await progress.innerText()).split('·')[0]!.trim()}`);
    lastLine = line;
    if (a.phase !== 'running') break;
    await page.waitForTimeout(1000);
  }
  bar.update(runCount * settings.epochs);
  bar.stop();

  mkdirSync(outDir, { recursive: true });
  const saveDownload = async (button: string, path: string): Promise<void> => (await downloadFrom(page.getByRole('button', { name: button }))).saveAs(path);
  await saveDownload('Download results.json', join(outDir, 'results.json'));
  await saveDownload('Download results.csv', join(outDir, 'results.csv'));
  const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as ExperimentResults;
  if (values.export && results.runs.length > 0) {
    await page.getByText(/^Every run/).click();
    await (await downloadFrom(page.getByRole('button', { name: /^Download the bundle of/ }).last())).saveAs(resolve(values.export));
    console.log(`Exported the last run's model to ${resolve(values.export)}`);
  }
  console.log(`\n${summaryMarkdown(results.summary)}\n`);
  console.log(`${results.runs.length} run(s) finished; wrote ${join(outDir, 'results.json')} and results.csv`);
  if (results.failures.length > 0) {
    for (const f of results.failures) console.error(`run failed: ${f.config.method}, label ratio ${f.config.labelRatio}, seed ${f.seed}: ${f.error}`);
    exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
