#!/usr/bin/env node
// `npm run experiment -- [options]`: the report's comparison, headless. It serves the built studio, drives its Data
// and Experiments pages in headless Chromium (WebGPU), so import, training and metrics are the page's own code,
// then writes OUT/results.json and OUT/results.csv and prints the report-style table.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import cliProgress from 'cli-progress';

import type { GridText } from '../src/core/experiments/experimentGrid';
import { expandGrid, parseGrid } from '../src/core/experiments/experimentGrid';
import type { ExperimentResults } from '../src/core/experiments/summarizeRuns';
import { summaryMarkdown } from '../src/core/experiments/summarizeRuns';
import { LESSON_DATASET, LESSON_METHODS, LESSON_SEEDS, LESSON_SETTINGS, lessonConfigs, lessonMarkdown, lessonSentences } from '../src/core/experiments/shortcutLesson';
import type { FnetStage } from '../src/core/model/resnet';
import { QUICK_CONFIG } from '../src/core/train/trainConfig';
import { parseTrainConfig } from '../src/core/train/trainConfigSchema';
import { fetchWeights } from './lib/fetchWeights';
import { downloadFrom, goToPage, openStudioPage, serveStudio } from './lib/headlessStudio.mjs';

const USAGE = `usage: npm run experiment -- [--data DIR|FILE.csv | --demo classroom|small] [--method spn,baseline,guided] [--backbone resnet18]
  [--width F] [--size PX] [--epochs N] [--batch N] [--lr X] [--schedule constant|cosine|step] [--warmup EPOCHS] [--loss bce,l1,l2] [--lambda X] [--label-ratio 1,0.25] [--seeds 1,2,3]
  [--spn-blocks 3|4] [--augment on|off] [--cam-stage layer1|layer2|layer3|layer4] [--normalization imagenet|symmetric]
  [--backend auto|webgpu|wasm|webgl|cpu] [--pretrained FILE.safetensors|URL] [--export FILE.zip] [--out DIR]
       npm run experiment -- --lesson [--seeds 1,2,3,4,5] [--backend …] [--out DIR]   (the page's shortcut lesson)`;

function fail(message: string, code = 1): never {
  console.error(`experiment: ${message}`);
  process.exit(code);
}

const string = { type: 'string' } as const;
let parsed: Record<string, string | boolean | undefined>;
try {
  parsed = parseArgs({
    options: {
      data: string, method: string, backbone: string, width: string, size: string, epochs: string, batch: string, lr: string, loss: string,
      lambda: string, 'label-ratio': string, seeds: string, backend: string, pretrained: string, export: string, out: string, port: string,
      demo: string, lesson: { type: 'boolean' }, schedule: string, warmup: string, 'spn-blocks': string, augment: string, 'cam-stage': string, normalization: string,
    },
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}
const values = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
const isLesson = parsed.lesson === true;
if (isLesson) {
  const clash = ['data', 'demo', 'method', 'backbone', 'width', 'size', 'epochs', 'batch', 'lr', 'schedule', 'warmup', 'loss', 'lambda', 'label-ratio', 'pretrained', 'spn-blocks', 'augment', 'cam-stage', 'normalization'].find((o) => values[o] !== undefined);
  if (clash) fail(`--lesson trains the page's lesson as it is: --${clash} cannot be changed with it\n${USAGE}`, 2);
}
const demo = values.demo ?? 'classroom';
if (demo !== 'classroom' && demo !== 'small') fail(`--demo: "${demo}" is not one of classroom, small`, 2);

const gridText: GridText = isLesson
  ? { methods: LESSON_METHODS.join(','), backbones: 'resnet18', losses: 'bce', labelRatios: '1', seeds: values.seeds ?? LESSON_SEEDS.join(',') }
  : {
  methods: values.method ?? 'spn,baseline',
  backbones: values.backbone ?? 'resnet18',
  losses: values.loss ?? 'bce',
  labelRatios: values['label-ratio'] ?? '1',
  seeds: values.seeds ?? '1,2,3',
};

/** The command line's name for each config field it sets, so a refusal names the option the user typed. */
const OPTION_OF: Record<string, string> = { 'schedule.warmupEpochs': 'warmup', width: 'width', imageSizePx: 'size', epochs: 'epochs', batchSize: 'batch', learningRate: 'lr', lambda: 'lambda', spnBlocks: 'spn-blocks', 'saliency.stage': 'cam-stage' };

function numberOption(name: string, fallback: number): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || Number.isNaN(n)) fail(`--${name}: "${text}" is not a number\n${USAGE}`, 2);
  return n;
}

const settings = isLesson ? LESSON_SETTINGS : {
  width: numberOption('width', 1),
  imageSizePx: numberOption('size', 224),
  epochs: numberOption('epochs', 40),
  batchSize: numberOption('batch', 16),
  learningRate: numberOption('lr', 1e-4),
  schedule: { kind: (values.schedule ?? 'constant') as 'constant' | 'cosine' | 'step', warmupEpochs: numberOption('warmup', 0) },
  lambda: numberOption('lambda', 1),
  spnBlocks: numberOption('spn-blocks', 4) as 3 | 4,
  augment: (values.augment ?? 'on') === 'on',
  saliency: { method: 'grad-cam' as const, stage: (values['cam-stage'] ?? 'layer4') as FnetStage },
};
if (values.schedule !== undefined && !['constant', 'cosine', 'step'].includes(values.schedule)) fail(`--schedule: "${values.schedule}" is not one of constant, cosine, step`, 2);
if (values.augment !== undefined && values.augment !== 'on' && values.augment !== 'off') fail(`--augment: "${values.augment}" is not one of on, off`, 2);
const normalization = values.normalization ?? 'imagenet';
if (normalization !== 'imagenet' && normalization !== 'symmetric') fail(`--normalization: "${normalization}" is not one of imagenet, symmetric`, 2);
let runCount = 0;
try {
  const grid = parseGrid(gridText);
  const configs = isLesson ? lessonConfigs(grid.seeds) : expandGrid({ ...QUICK_CONFIG, ...settings }, grid);
  // Every run's config passes the same schema as the page's forms and the worker.
  for (const config of configs) parseTrainConfig(config, 'options');
  runCount = configs.length;
} catch (error) {
  const message = (error as Error).message.replace(/\b(width|imageSizePx|epochs|batchSize|learningRate|lambda|spnBlocks|saliency\.stage|schedule\.warmupEpochs): /g, (_, field: string) => `--${OPTION_OF[field]} (${field}): `);
  fail(`${message}\n${USAGE}`, 2);
}
const backend = values.backend ?? 'auto';
if (!['auto', 'webgpu', 'wasm', 'webgl', 'cpu'].includes(backend)) fail(`--backend: "${backend}" is not one of auto, webgpu, wasm, webgl, cpu`, 2);
const dataPath = values.data ? resolve(values.data) : null;
if (dataPath && (!existsSync(dataPath) || (!statSync(dataPath).isDirectory() && !dataPath.toLowerCase().endsWith('.csv')))) {
  fail(`--data ${values.data}: no such dataset folder or CSV manifest`, 2);
}
const isUrl = (value: string): boolean => /^https?:\/\//i.test(value);
const pretrained = !values.pretrained
  ? null
  : isUrl(values.pretrained)
    ? await fetchWeights(values.pretrained, (line) => console.log(line)).catch((error: unknown) => fail(`--pretrained ${values.pretrained}: ${error instanceof Error ? error.message : String(error)}`, 2))
    : resolve(values.pretrained);
if (pretrained && !existsSync(pretrained)) fail(`--pretrained ${values.pretrained}: no such file`, 2);
const outDir = resolve(values.out ?? 'results');
mkdirSync(outDir, { recursive: true });

const started = performance.now();
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

  if (isLesson) {
    console.log(`Shortcut lesson: ${LESSON_METHODS.join(', ')} on seeds ${gridText.seeds}; data ${JSON.stringify(LESSON_DATASET)}; settings ${JSON.stringify(LESSON_SETTINGS)}`);
  } else if (dataPath) {
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
    await page.getByLabel('Demo size').selectOption(demo);
    await page.getByRole('button', { name: 'Load demo dataset' }).click();
    await page.getByTestId('total-images').waitFor({ timeout: 300_000 });
    console.log(`Generated the demo dataset: ${await page.getByTestId('total-images').innerText()} images with masks`);
  }

  await goToPage(page, 'Experiments');
  if (isLesson) {
    await page.getByLabel('Lesson seeds').fill(gridText.seeds);
    await page.getByRole('button', { name: 'Run the shortcut lesson' }).click();
  } else {
    const fields: Array<[string, string]> = [
      ['Methods', gridText.methods], ['Backbones', gridText.backbones], ['Label ratios', gridText.labelRatios], ['Localization losses', gridText.losses],
      ['Seeds', gridText.seeds], ['Width multiplier', String(settings.width)], ['Image size (px)', String(settings.imageSizePx)], ['Epochs', String(settings.epochs)],
      ['Batch size', String(settings.batchSize)], ['Learning rate', String(settings.learningRate)], ['λ (localization weight)', String(settings.lambda)],
    ];
    for (const [label, value] of fields) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole('combobox', { name: 'SPN blocks', exact: true }).selectOption(String(settings.spnBlocks));
    await page.getByRole('combobox', { name: 'Learning-rate schedule', exact: true }).selectOption(settings.schedule.kind);
    await page.getByLabel('Warm-up epochs', { exact: true }).fill(String(settings.schedule.warmupEpochs));
    await page.getByRole('combobox', { name: 'Augmentation', exact: true }).selectOption(settings.augment ? 'on' : 'off');
    await page.getByRole('combobox', { name: 'Grad-CAM stage', exact: true }).selectOption(settings.saliency.stage);
    await page.getByRole('combobox', { name: 'Normalization', exact: true }).selectOption(normalization);
    if (pretrained) await page.getByLabel('Pretrained backbone (.safetensors, optional)').setInputFiles(pretrained);
    await page.getByRole('button', { name: `Run ${runCount} run(s)` }).click();
  }

  const progress = page.getByTestId('experiment-progress');
  await progress.waitFor({ timeout: 300_000 }).catch(async (error: unknown) => {
    await page.screenshot({ path: join(outDir, 'failed-to-start.png'), fullPage: true }).catch(() => undefined);
    const alerts = (await page.locator('[role=alert]').allInnerTexts()).join(' · ');
    fail(`the experiment did not start: ${alerts || (error as Error).message}`);
  });
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


  const saveDownload = async (button: string, path: string): Promise<void> => (await downloadFrom(page.getByRole('button', { name: button }))).saveAs(path);
  await saveDownload('Download results.json', join(outDir, 'results.json'));
  await saveDownload('Download results.csv', join(outDir, 'results.csv'));
  const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as ExperimentResults & { lesson?: unknown };
  if (isLesson) {
    // The lesson's data and settings go with its results, so the figures can be traced to what produced them.
    results.lesson = { dataset: LESSON_DATASET, settings: LESSON_SETTINGS, methods: LESSON_METHODS, seeds: parseGrid(gridText).seeds, wallSeconds: Math.round((performance.now() - started) / 1000) };
    writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2));
  }
  if (values.export && results.runs.length > 0) {
    await page.getByText(/^Every run/).click();
    await (await downloadFrom(page.getByRole('button', { name: /^Download the bundle of/ }).last())).saveAs(resolve(values.export));
    console.log(`Exported the last run's model to ${resolve(values.export)}`);
  }
  // A grid whose every run failed has no table to show: the failures below say why, one line each.
  if (results.runs.length > 0) console.log(`\n${summaryMarkdown(results.summary)}\n`);
  if (isLesson) console.log(`${lessonMarkdown(results.runs)}\n\n${lessonSentences(results.runs).join('\n')}\n`);
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
