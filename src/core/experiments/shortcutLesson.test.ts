import { describe, expect, it } from 'vitest';

import type { Method } from '../train/trainConfig';
import { parseTrainConfig } from '../train/trainConfigSchema';
import { lessonColumns, lessonConfigs, lessonSecondsPerSeed, lessonSentences, lessonVerdict } from './shortcutLesson';
import type { ExperimentRun } from './summarizeRuns';

/** A finished lesson run with the given test F1, Grad-CAM mass inside the object and best validation F1. */
function run(method: Method, seed: number, f1: number, cam: number, valF1 = 0.95): ExperimentRun {
  const config = lessonConfigs([seed]).find((c) => c.method === method)!;
  return {
    config,
    classNames: ['disc', 'square', 'triangle'],
    seed,
    test: { accuracy: f1, precision: f1, sensitivity: f1, specificity: f1, f1, perClass: [], confusion: [] },
    saliency: { spnIoU: method === 'baseline' ? null : 0.6, spnDice: null, camEnergyInMask: cam, camPointingGame: 0.5, maskedTestImages: 150, method: 'grad-cam', stage: 'layer2', mapSidePx: 8 },
    history: [{ epoch: 1, trainLoss: 1, trainClsLoss: 1, trainLocLoss: null, valLoss: 1, valLocLoss: null, valF1, valAccuracy: valF1, seconds: 1 }],
    bestEpoch: 1,
    timing: { imagesPerSecond: 100, totalSeconds: 10 },
    split: { train: 180, val: 45, test: 150, maskedTrain: 180, testIds: [] },
    backend: 'wasm',
    adapter: 'none',
  };
}

describe('the shortcut lesson', () => {
  it('runs baseline, SPN and the mask-guided method on every seed with the same settings, each config valid', () => {
    const configs = lessonConfigs([1, 2, 3]);
    expect(configs.map((c) => `${c.method}/${c.seed}`)).toEqual(['baseline/1', 'baseline/2', 'baseline/3', 'spn/1', 'spn/2', 'spn/3', 'guided/1', 'guided/2', 'guided/3']);
    for (const c of configs) {
      expect(parseTrainConfig(c)).toEqual(c);
      expect(c.saliency).toEqual({ method: 'grad-cam', stage: 'layer2' });
      expect(c.labelRatio).toBe(c.method === 'baseline' ? 0 : 1);
    }
  });

  it('summarizes each method as mean ± std with every seed listed', () => {
    const columns = lessonColumns([run('baseline', 1, 0.3, 0.1), run('baseline', 2, 0.4, 0.2), run('guided', 2, 0.9, 0.7), run('guided', 1, 0.8, 0.6)]);
    expect(columns.map((c) => c.method)).toEqual(['baseline', 'guided']);
    expect(columns[1]!.seeds).toEqual([1, 2]);
    expect(columns[1]!.f1.perSeed).toEqual([0.8, 0.9]);
    expect(columns[1]!.f1.mean).toBeCloseTo(0.85, 10);
    expect(columns[0]!.camInObject.std).toBeCloseTo(Math.sqrt(0.005), 10);
  });

  it("says the mask-trained model looks at the object only when every seed's numbers say so", () => {
    const clear = [run('baseline', 1, 0.35, 0.15), run('baseline', 2, 0.33, 0.2), run('spn', 1, 0.34, 0.14), run('spn', 2, 0.36, 0.18), run('guided', 1, 0.9, 0.7), run('guided', 2, 0.75, 0.62)];
    const verdict = lessonVerdict(clear);
    expect(verdict).toEqual({ baselineTookShortcut: true, best: { method: 'guided', beatsBaselineEverySeed: true, looksAtObjectEverySeed: true }, spnMovesMaps: false });
    const text = lessonSentences(clear).join(' ');
    expect(text).toContain('The baseline learnt the background instead of the shape');
    expect(text).toContain('The Mask-guided model (trained on images whose backgrounds were swapped');
    expect(text).toContain('looks at the object: 66 % of its Grad-CAM lies on the shape');
    expect(text).toContain("Drawing masks alone did not change where the classifier looks");

    // One seed where the guided model stays near the baseline: the claim is not made.
    const mixed = [...clear.slice(0, 4), run('guided', 1, 0.9, 0.7), run('guided', 2, 0.45, 0.3)];
    expect(lessonVerdict(mixed).best).toEqual({ method: 'guided', beatsBaselineEverySeed: false, looksAtObjectEverySeed: false });
    const mixedText = lessonSentences(mixed).join(' ');
    expect(mixedText).not.toContain('looks at the object');
    expect(mixedText).toContain('does not show the lesson on its own');
  });

  it('does not claim the baseline took the shortcut when it scored well on test', () => {
    const honest = [run('baseline', 1, 0.85, 0.4), run('guided', 1, 0.9, 0.7)];
    expect(lessonVerdict(honest).baselineTookShortcut).toBe(false);
    expect(lessonSentences(honest)[0]).toContain('did not simply follow the background');
  });

  it('estimates a seed from this browser\'s earlier runs with today\'s settings only', () => {
    const timed = (method: Method, seed: number, seconds: number, batchSize?: number): ExperimentRun => {
      const r = run(method, seed, 0.5, 0.5);
      return { ...r, config: { ...r.config, ...(batchSize ? { batchSize } : {}) }, timing: { ...r.timing, totalSeconds: seconds } };
    };
    expect(lessonSecondsPerSeed([timed('baseline', 1, 20), timed('spn', 1, 30)])).toBeNull();
    const estimate = lessonSecondsPerSeed([timed('baseline', 1, 20), timed('baseline', 2, 30), timed('spn', 1, 30), timed('guided', 1, 40), timed('guided', 2, 400, 64)]);
    expect(estimate?.seconds).toBe(25 + 30 + 40);
    expect(estimate?.parts.map((p) => p.label)).toEqual(['Baseline', 'SPN', 'Mask-guided']);
  });
});
