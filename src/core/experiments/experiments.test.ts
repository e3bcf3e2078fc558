import { describe, expect, it } from 'vitest';

import type { ClassificationMetrics } from '../metrics/classification';
import { QUICK_CONFIG } from '../train/trainConfig';
import type { RunResult } from '../train/trainingEvents';
import { DEFAULT_GRID_TEXT, expandGrid, parseGrid } from './experimentGrid';
import type { ExperimentRun } from './summarizeRuns';
import { meanStd, formatMeanStd, resultsCsv, summarizeRuns, summaryMarkdown } from './summarizeRuns';

describe('experiment grid', () => {
  it('expands methods × label ratios × seeds, with one baseline per seed', () => {
    const grid = parseGrid({ ...DEFAULT_GRID_TEXT, labelRatios: '1, 0.25', seeds: '1,2,3' });
    const runs = expandGrid(QUICK_CONFIG, grid);
    expect(runs).toHaveLength(2 * 3 + 3);
    expect(runs.filter((r) => r.method === 'spn').map((r) => `${r.labelRatio}/${r.seed}`)).toEqual(['1/1', '1/2', '1/3', '0.25/1', '0.25/2', '0.25/3']);
    expect(runs.filter((r) => r.method === 'baseline').map((r) => `${r.labelRatio}/${r.seed}`)).toEqual(['0/1', '0/2', '0/3']);
    expect(runs.every((r) => r.epochs === QUICK_CONFIG.epochs && r.imageSizePx === QUICK_CONFIG.imageSizePx)).toBe(true);
  });

  it('names the option and value that is wrong', () => {
    expect(() => parseGrid({ ...DEFAULT_GRID_TEXT, methods: 'spn,gradcam' })).toThrow('--method: "gradcam" is not one of spn, baseline');
    expect(() => parseGrid({ ...DEFAULT_GRID_TEXT, labelRatios: '1,1.5' })).toThrow('--label-ratio: "1.5" is not a fraction from 0 to 1');
    expect(() => parseGrid({ ...DEFAULT_GRID_TEXT, seeds: '1,x' })).toThrow('--seeds: "x" is not a whole number');
    expect(() => parseGrid({ ...DEFAULT_GRID_TEXT, seeds: '1,1' })).toThrow('--seeds lists a value twice');
    expect(() => parseGrid({ ...DEFAULT_GRID_TEXT, backbones: ' ' })).toThrow('--backbone needs at least one value');
  });
});

function fakeRun(method: 'spn' | 'baseline', seed: number, f1: number): ExperimentRun {
  const test: ClassificationMetrics = { accuracy: f1, precision: f1, sensitivity: f1, specificity: f1, f1, perClass: [], confusion: [] };
  const run: RunResult = {
    config: { ...QUICK_CONFIG, method, seed },
    classNames: ['a', 'b'],
    seed,
    test,
    saliency: { spnIoU: method === 'spn' ? 0.5 : null, spnDice: method === 'spn' ? 0.6 : null, camEnergyInMask: 0.4, camPointingGame: 0.5, maskedTestImages: 9, method: 'grad-cam', stage: 'layer4', mapSidePx: 2 },
    history: [],
    bestEpoch: 1,
    timing: { imagesPerSecond: 3, totalSeconds: 60 },
    split: { train: 72, val: 9, test: 9, maskedTrain: 72, testIds: [] },
  };
  return { ...run, backend: 'webgpu', adapter: 'swiftshader' };
}

describe('summary', () => {
  it('gives mean and sample std', () => {
    expect(meanStd([0.5, 0.7])).toEqual({ mean: 0.6, std: expect.closeTo(Math.sqrt(0.02), 10) as number, n: 2 });
    expect(meanStd([0.5])).toEqual({ mean: 0.5, std: 0, n: 1 });
    expect(formatMeanStd(meanStd([0.5, 0.7]))).toBe('60.0 ± 14.1');
    expect(formatMeanStd(meanStd([0.5]))).toBe('50.0');
  });

  it('groups runs by method, backbone, label ratio and loss with n = seeds, and leaves SPN metrics empty for the baseline', () => {
    const runs = [fakeRun('spn', 1, 0.8), fakeRun('spn', 2, 0.6), fakeRun('baseline', 1, 0.5), fakeRun('baseline', 2, 0.7)];
    const summary = summarizeRuns(runs);
    expect(summary.map((s) => [s.method, s.n])).toEqual([['spn', 2], ['baseline', 2]]);
    expect(summary[0]!.f1.mean).toBeCloseTo(0.7, 10);
    expect(summary[1]!.spnIoU).toBeNull();
    const table = summaryMarkdown(summary).split('\n');
    expect(table[0]).toBe('| Method | Backbone | Label ratio | Loss | n | Accuracy | Precision | Sensitivity | Specificity | F1 | CAM in mask | Pointing game | SPN IoU | SPN Dice |');
    expect(table[2]).toContain('| SPN | resnet18 | 1 | bce | 2 | 70.0 ± 14.1 |');
    expect(table[3]).toMatch(/\| Baseline \| resnet18 \| – \| – \| 2 \|.*\| – \| – \|$/);
    const csv = resultsCsv(runs).trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]!.split(',')).toContain('camEnergyInMask');
  });
});
