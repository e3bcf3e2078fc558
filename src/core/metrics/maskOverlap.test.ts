import { describe, expect, it } from 'vitest';

import { maskOverlap } from './maskOverlap';

describe('maskOverlap', () => {
  it('computes IoU and Dice on hand-made masks', () => {
    const truth = [1, 1, 1, 0, 0, 0];
    const predicted = [0.9, 0.6, 0.2, 0.7, 0.1, 0];
    // intersection 2, predicted 3, truth 3 → IoU 2/4, Dice 4/6
    expect(maskOverlap(predicted, truth)).toEqual({ iou: 0.5, dice: 4 / 6 });
  });

  it('gives 0 for disjoint masks and 1 for identical ones', () => {
    expect(maskOverlap([1, 0], [0, 1])).toEqual({ iou: 0, dice: 0 });
    expect(maskOverlap([1, 0], [1, 0])).toEqual({ iou: 1, dice: 1 });
  });
});
