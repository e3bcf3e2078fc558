#!/usr/bin/env node
// `npm run bench:side-by-side -- [--seeds 1,2,3] [--epochs 10] [--size 64] [--batch 16] [--lr 1e-4] [--out DIR]`:
// the studio (npm run experiment, WASM in headless Chromium) beside the native PyTorch reference
// (../shared/reference/pytorch/torch_train.py) on the same PH2 split per seed, exported by export_split.py, one after
// the other on this machine, the studio with the reference's [−1, 1] normalization. Writes the raw results to OUT and prints the table for BENCHMARKS.md.
// Needs Debian's PyTorch: apt-get install -y python3-torch python3-torchvision python3-pil python3-numpy.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { meanStd } from '../src/core/experiments/summarizeRuns';

const { values } = parseArgs({
  options: { seeds: { type: 'string' }, epochs: { type: 'string' }, size: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' }, out: { type: 'string' }, data: { type: 'string' } },
});
const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
const [epochs, size, batch, lr] = [values.epochs ?? '10', values.size ?? '64', values.batch ?? '16', values.lr ?? '1e-4'];
const data = resolve(values.data ?? '../shared/data/ph2');
const reference = resolve('../shared/reference/pytorch');
const out = resolve(values.out ?? 'bench-out/side-by-side');
const python = '/usr/bin/python3';
if (!existsSync(python)) throw new Error('needs Debian’s python3 with torch: apt-get install -y python3-torch python3-torchvision python3-pil python3-numpy');
mkdirSync(out, { recursive: true });

interface Run {
  method: string;
  seed: number;
  clsLoss: number[];
  locLoss: Array<number | null>;
  valF1: number[];
  bestEpoch: number;
  f1: number;
  iou: number | null;
  imagesPerSecond: number;
  totalSeconds: number;
}

const runs: Record<'studio' | 'pytorch', Run[]> = { studio: [], pytorch: [] };
for (const seed of seeds) {
  const split = join(out, `ph2-seed${seed}`);
  rmSync(split, { recursive: true, force: true });
  execFileSync(python, [join(reference, 'export_split.py'), data, String(seed), split], { stdio: 'inherit' });
  const torchOut = join(out, `torch-seed${seed}.jsonl`);
  rmSync(torchOut, { force: true });
  for (const method of ['spn', 'baseline']) {
    execFileSync(python, [join(reference, 'torch_train.py'), '--data', data, '--method', method, '--label-ratio', '1', '--size', size, '--epochs', epochs, '--seed', String(seed), '--batch', batch, '--lr', lr, '--out', torchOut], { stdio: ['ignore', 'inherit', 'ignore'] });
  }
  for (const line of readFileSync(torchOut, 'utf8').trim().split('\n')) {
    const r = JSON.parse(line);
    runs.pytorch.push({
      method: r.config.method,
      seed,
      clsLoss: r.history.map((h: { trainClsLoss: number }) => h.trainClsLoss),
      locLoss: r.history.map((h: { trainLocLoss: number | null }) => h.trainLocLoss),
      valF1: r.history.map((h: { valF1: number }) => h.valF1),
      bestEpoch: r.bestEpoch,
      f1: r.test.f1,
      iou: r.saliency.spnIoU,
      imagesPerSecond: r.timing.imagesPerSecond,
      totalSeconds: r.timing.totalSeconds,
    });
  }
  const studioOut = join(out, `studio-seed${seed}`);
  execFileSync('node', ['--import', 'tsx', 'scripts/experiment.ts', '--data', split, '--backend', 'wasm', '--method', 'spn,baseline', '--label-ratio', '1', '--seeds', String(seed), '--width', '1', '--size', size, '--epochs', epochs, '--batch', batch, '--lr', lr, '--normalization', 'symmetric', '--out', studioOut], { stdio: 'inherit' });
  for (const r of JSON.parse(readFileSync(join(studioOut, 'results.json'), 'utf8')).runs) {
    runs.studio.push({
      method: r.config.method,
      seed,
      clsLoss: r.history.map((h: { trainClsLoss: number }) => h.trainClsLoss),
      locLoss: r.history.map((h: { trainLocLoss: number | null }) => h.trainLocLoss),
      valF1: r.history.map((h: { valF1: number }) => h.valF1),
      bestEpoch: r.bestEpoch,
      f1: r.test.f1,
      iou: r.saliency.spnIoU,
      imagesPerSecond: r.timing.imagesPerSecond,
      totalSeconds: r.timing.totalSeconds,
    });
  }
}

const cell = (xs: number[], digits = 3, scale = 1): string => {
  const { mean, std } = meanStd(xs.map((x) => x * scale));
  return `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
};
const lines: string[] = [];
for (const method of ['spn', 'baseline']) {
  const [s, p] = [runs.studio.filter((r) => r.method === method), runs.pytorch.filter((r) => r.method === method)];
  lines.push(`\n### ${method === 'spn' ? 'SPN (label ratio 1)' : 'Baseline'}: per-epoch training losses, mean ± std over seeds ${seeds.join(', ')}\n`);
  lines.push('| epoch | studio CE | PyTorch CE | studio loc. BCE | PyTorch loc. BCE |', '|---:|---:|---:|---:|---:|');
  for (let e = 0; e < Number(epochs); e++) {
    const loc = (rs: Run[]): string => (rs.every((r) => r.locLoss[e] !== null) ? cell(rs.map((r) => r.locLoss[e]!)) : '–');
    lines.push(`| ${e + 1} | ${cell(s.map((r) => r.clsLoss[e]!))} | ${cell(p.map((r) => r.clsLoss[e]!))} | ${loc(s)} | ${loc(p)} |`);
  }
  lines.push('', '| | studio (WASM, Chromium) | PyTorch (oneDNN) |', '|---|---:|---:|');
  lines.push(`| best epoch, per seed | ${s.map((r) => r.bestEpoch).join(', ')} | ${p.map((r) => r.bestEpoch).join(', ')} |`);
  lines.push(`| test macro-F1 (%) | ${cell(s.map((r) => r.f1), 1, 100)} | ${cell(p.map((r) => r.f1), 1, 100)} |`);
  lines.push(`| test F1 per seed (%) | ${s.map((r) => (100 * r.f1).toFixed(1)).join(', ')} | ${p.map((r) => (100 * r.f1).toFixed(1)).join(', ')} |`);
  if (method === 'spn') {
    lines.push(`| SPN IoU on test (%) | ${cell(s.map((r) => r.iou!), 1, 100)} | ${cell(p.map((r) => r.iou!), 1, 100)} |`);
    lines.push(`| SPN IoU per seed (%) | ${s.map((r) => (100 * r.iou!).toFixed(1)).join(', ')} | ${p.map((r) => (100 * r.iou!).toFixed(1)).join(', ')} |`);
  }
  lines.push(`| training images/s | ${cell(s.map((r) => r.imagesPerSecond), 1)} | ${cell(p.map((r) => r.imagesPerSecond), 1)} |`);
  lines.push(`| whole run (s) | ${cell(s.map((r) => r.totalSeconds), 1)} | ${cell(p.map((r) => r.totalSeconds), 1)} |`);
}

// The comparison a user draws: does the SPN beat the baseline? Per seed (paired: same split, weights and batches) and
// as means, for each implementation.
const f1Of = (side: 'studio' | 'pytorch', method: string, seed: number): number => 100 * runs[side].find((r) => r.method === method && r.seed === seed)!.f1;
const gap = (side: 'studio' | 'pytorch', seed: number): number => f1Of(side, 'spn', seed) - f1Of(side, 'baseline', seed);
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
lines.push('\n### SPN − baseline test macro-F1 (points), per seed and mean\n');
lines.push('| seed | studio SPN | studio baseline | studio SPN − baseline | PyTorch SPN | PyTorch baseline | PyTorch SPN − baseline |', '|---:|---:|---:|---:|---:|---:|---:|');
for (const seed of seeds) {
  lines.push(`| ${seed} | ${f1Of('studio', 'spn', seed).toFixed(1)} | ${f1Of('studio', 'baseline', seed).toFixed(1)} | ${signed(gap('studio', seed))} | ${f1Of('pytorch', 'spn', seed).toFixed(1)} | ${f1Of('pytorch', 'baseline', seed).toFixed(1)} | ${signed(gap('pytorch', seed))} |`);
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const means = (side: 'studio' | 'pytorch', method: string): number => mean(seeds.map((seed) => f1Of(side, method, seed)));
lines.push(`| mean | ${means('studio', 'spn').toFixed(1)} | ${means('studio', 'baseline').toFixed(1)} | ${signed(mean(seeds.map((s) => gap('studio', s))))} | ${means('pytorch', 'spn').toFixed(1)} | ${means('pytorch', 'baseline').toFixed(1)} | ${signed(mean(seeds.map((s) => gap('pytorch', s))))} |`);

lines.push('\n### Validation macro-F1 per epoch (%), mean ± std over seeds\n');
lines.push('| epoch | studio SPN | PyTorch SPN | studio baseline | PyTorch baseline |', '|---:|---:|---:|---:|---:|');
const valCell = (side: 'studio' | 'pytorch', method: string, e: number): string => cell(runs[side].filter((r) => r.method === method).map((r) => r.valF1[e]!), 1, 100);
for (let e = 0; e < Number(epochs); e++) lines.push(`| ${e + 1} | ${valCell('studio', 'spn', e)} | ${valCell('pytorch', 'spn', e)} | ${valCell('studio', 'baseline', e)} | ${valCell('pytorch', 'baseline', e)} |`);
writeFileSync(join(out, 'runs.json'), JSON.stringify(runs, null, 2));
console.log(lines.join('\n'));
