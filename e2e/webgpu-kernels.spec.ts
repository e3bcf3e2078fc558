import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from './fixtures/studio';

interface Check { kernel: string; case: string; worstRelative: number }

// The studio's WGSL kernels (batch norm forward and back, Adam, the resize gradient, the localization loss), run on the WebGPU adapter this
// browser has (SwiftShader without a GPU), against the CPU backend's arithmetic on the same inputs.
test('every WGSL training kernel equals the CPU arithmetic within 1e-4 of the largest value', async ({ studio, page }) => {
  await studio.open();
  await studio.useBackend('webgpu');
  // The start-up test step must be over: its tensors would count as the check's.
  await expect(page.getByTestId('probe')).toBeAttached({ timeout: 120_000 });
  const worker = page.workers().find((w) => w.url().includes('trainingWorker'));
  const { checks, tensorsLeft } = await worker!.evaluate(() => (self as unknown as { studioDebug: { checkStudioKernels(): Promise<{ checks: Check[]; tensorsLeft: number }> } }).studioDebug.checkStudioKernels());
  expect(tensorsLeft).toBe(0);
  expect(new Set(checks.map((c) => c.kernel))).toEqual(new Set(['StudioBatchNormTrain', 'StudioBatchNormTrainGrad', 'StudioAdamUpdate', 'StudioResizeBilinearHalfPixelGrad', 'StudioMaskedBce', 'StudioMaskedBceGrad']));
  expect(checks.length).toBe(25);
  for (const c of checks) expect(c.worstRelative, `${c.kernel} ${c.case}`).toBeLessThan(1e-4);
  console.log(checks.map((c) => `${c.kernel} ${c.case}: ${c.worstRelative.toExponential(2)}`).join('\n'));
  expect(studio.consoleErrors).toEqual([]);
});

const SHARED = join(process.cwd(), '..', 'shared', 'fixtures');

function encoded(dir: string, name: string): { base64: string; shape: number[]; maxAbs: number } {
  const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { shape: number[]; maxAbs: number };
  return { base64: readFileSync(join(dir, `${name}.bin`)).toString('base64'), shape: meta.shape, maxAbs: meta.maxAbs };
}

type Parity = { errors: Record<string, number>; tensorsLeft: number };


// The PyTorch parity fixtures (torchvision ResNets in eval mode; the SPN in eval mode, per block and in train mode,
// where the studio's batch norm kernel runs) on WebGPU, with the bound the Node tests hold CPU and WASM to.
test('the torchvision and SPN parity fixtures hold on WebGPU', async ({ studio, page }) => {
  test.setTimeout(6 * 60_000);
  await studio.open();
  await studio.useBackend('webgpu');
  await expect(page.getByTestId('probe')).toBeAttached({ timeout: 120_000 });
  const worker = page.workers().find((w) => w.url().includes('trainingWorker'))!;
  const run = (request: object): Promise<Parity> => worker.evaluate((r) => (self as unknown as { studioDebug: { runParity(r: object): Promise<Parity> } }).studioDebug.runParity(r), request);
  const torchvision = join(SHARED, 'torchvision-resnet');
  for (const fixture of ['resnet18', 'bottleneck1111'] as const) {
    const expected = Object.fromEntries(['stem', 'layer1', 'layer2', 'layer3', 'features', 'logits'].map((stage) => [stage, encoded(torchvision, `${fixture}.${stage}`)]));
    const weights = readFileSync(join(torchvision, `${fixture}.safetensors`)).toString('base64');
    const { errors, tensorsLeft } = await run({ kind: 'torchvision', fixture, weights, input: encoded(torchvision, 'input'), expected });
    expect(Object.keys(errors)).toHaveLength(6);
    for (const [stage, error] of Object.entries(errors)) expect(error, `${fixture} ${stage}`).toBeLessThanOrEqual(1e-4);
    expect(tensorsLeft).toBe(0);
    console.log(`${fixture}: ${JSON.stringify(errors)}`);
  }
  const spnDir = join(SHARED, 'torch-spn');
  const manifest = JSON.parse(readFileSync(join(spnDir, 'manifest.json'), 'utf8')) as { cases: Record<string, { channels: number; imageSizePx: number; featureSizePx: number }> };
  for (const [name, c] of Object.entries(manifest.cases)) {
    const expected = Object.fromEntries(['eval', 'eval.block1', 'eval.block2', 'eval.block3', 'eval.block4', 'train'].map((output) => [output, encoded(spnDir, `${name}.${output}`)]));
    const weights = readFileSync(join(spnDir, `${name}.safetensors`)).toString('base64');
    const spec = { channels: c.channels, imageSizePx: c.imageSizePx, featureSizePx: c.featureSizePx };
    const { errors, tensorsLeft } = await run({ kind: 'spn', name, spec, weights, input: encoded(spnDir, `${name}.input`), expected });
    expect(Object.keys(errors)).toHaveLength(6);
    for (const [output, error] of Object.entries(errors)) expect(error, `${name} ${output}`).toBeLessThanOrEqual(1e-4);
    expect(tensorsLeft).toBe(0);
    console.log(`${name}: ${JSON.stringify(errors)}`);
  }
  expect(studio.consoleErrors).toEqual([]);
});
