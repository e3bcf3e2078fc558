import { describe, expect, it } from 'vitest';

import { classificationMetrics, confusionMatrix, majorityReference } from './classification';

describe('classificationMetrics', () => {
  it('matches a hand-computed two-class confusion matrix', () => {
    // true benign: 8 right, 2 called malignant; true malignant: 1 missed, 4 right.
    const m = classificationMetrics([[8, 2], [1, 4]], ['benign', 'malignant']);
    expect(m.accuracy).toBeCloseTo(12 / 15);
    expect(m.perClass[0]!.precision).toBeCloseTo(8 / 9);
    expect(m.perClass[0]!.sensitivity).toBeCloseTo(0.8);
    expect(m.perClass[0]!.specificity).toBeCloseTo(0.8);
    expect(m.perClass[1]!.precision).toBeCloseTo(4 / 6);
    expect(m.perClass[1]!.sensitivity).toBeCloseTo(0.8);
    expect(m.perClass[1]!.specificity).toBeCloseTo(0.8);
    const f1Benign = (2 * (8 / 9) * 0.8) / (8 / 9 + 0.8);
    const f1Malignant = (2 * (4 / 6) * 0.8) / (4 / 6 + 0.8);
    expect(m.f1).toBeCloseTo((f1Benign + f1Malignant) / 2);
    expect(m.perClass.map((c) => c.support)).toEqual([10, 5]);
  });

  it('handles a three-class matrix with a class never predicted', () => {
    const confusion = confusionMatrix([0, 0, 1, 1, 2, 2], [0, 0, 1, 0, 1, 1], 3);
    expect(confusion).toEqual([[2, 0, 0], [1, 1, 0], [0, 2, 0]]);
    const m = classificationMetrics(confusion, ['a', 'b', 'c']);
    expect(m.perClass[2]).toMatchObject({ precision: 0, sensitivity: 0, f1: 0, specificity: 1 });
    expect(m.perClass[0]!.specificity).toBeCloseTo(3 / 4);
    expect(m.accuracy).toBeCloseTo(0.5);
  });
});

describe('majorityReference', () => {
  it('scores always answering the largest class on the same split', () => {
    // 647-image-like split: 68 % of the test images are benign.
    const metrics = classificationMetrics([[34, 0], [16, 0]], ['benign', 'malignant']);
    const reference = majorityReference(metrics);
    expect(reference.label).toBe('benign');
    expect(reference.accuracy).toBeCloseTo(0.68, 12);
    // Benign: precision 0.68, recall 1 -> F1 0.8095; malignant never predicted -> 0.
    expect(reference.f1).toBeCloseTo((2 * 0.68) / 1.68 / 2, 12);
    expect(reference.chance).toBe(0.5);
    expect(reference.balanced).toBe(false);
    expect(majorityReference(classificationMetrics([[3, 0], [0, 3]], ['a', 'b'])).balanced).toBe(true);
  });
});
