import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';

import { experiment } from './fixtures/cli';

interface Epoch { trainLoss: number; trainClsLoss: number; trainLocLoss: number | null; valLoss: number }
interface Run { backend: string; config: { method: string }; history: Epoch[] }

const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;

// The same seeded tiny run (SPN and baseline, augmentation on, three epochs) through `npm run experiment` on every
// backend: the weights, split, batches and augmentation all come from the seed in JavaScript, so only rounding
// differs. The bounds are the Node WASM-vs-CPU test's: 1e-4 relative in epoch 1, 1 % after, where Adam's
// normalized steps and batch norm over 1×1 maps of 8 images amplify rounding (measured here at the default learning
// rate 1e-4: WASM and WebGPU against CPU 1.8e-5 in epoch 1, 0.18 % in epoch 3; at 1e-3 they part by 4e-4 in epoch 1).
// eslint-disable-next-line no-empty-pattern
test('cpu, wasm and webgpu give the same losses, epoch by epoch, on the same seeded run', async ({}, testInfo) => {
  test.setTimeout(20 * 60_000);
  const runs = new Map<string, Run[]>();
  for (const backend of BACKENDS) {
    const out = testInfo.outputPath(backend);
    const args = ['--backend', backend, '--demo', 'small', '--method', 'spn,baseline', '--seeds', '2', '--width', '0.0625', '--size', '32', '--epochs', '3', '--batch', '8', '--lr', '0.0001', '--augment', 'on', '--out', out];
    const result = await experiment(args);
    expect(result.code, `${backend}: ${result.stderr}`).toBe(0);
    const { runs: done } = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { runs: Run[] };
    expect(done.map((r) => [r.backend, r.config.method])).toEqual([[backend, 'spn'], [backend, 'baseline']]);
    runs.set(backend, done);
  }
  const cpu = runs.get('cpu')!;
  for (const backend of ['wasm', 'webgpu']) {
    runs.get(backend)!.forEach((run, r) => {
      run.history.forEach((entry, i) => {
        for (const key of ['trainLoss', 'trainClsLoss', 'trainLocLoss', 'valLoss'] as const) {
          const [ours, theirs] = [entry[key], cpu[r]!.history[i]![key]];
          if (theirs === null) {
            expect(ours, `${backend} ${run.config.method} ${key}`).toBeNull();
            continue;
          }
          expect(Number.isFinite(ours), `${backend} ${run.config.method} ${key} epoch ${i + 1}`).toBe(true);
          const relative = Math.abs(ours! - theirs) / Math.max(1e-6, Math.abs(theirs));
          expect(relative, `${backend} ${run.config.method} ${key} epoch ${i + 1}: ${ours} vs cpu ${theirs}`).toBeLessThan(i === 0 ? 1e-4 : 1e-2);
        }
      });
    });
  }
});
