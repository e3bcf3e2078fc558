import { describe, expect, it } from 'vitest';

import { downsample, smooth } from './chartData';

describe('smooth', () => {
  it('starts at the first value and follows with an exponential moving average', () => {
    expect(smooth([1, 0, 0], 0.5)).toEqual([1, 0.5, 0.25]);
    expect(smooth([3, 1], 0)).toEqual([3, 1]);
  });
});

describe('downsample', () => {
  it('keeps short series as they are and averages long ones into at most max points', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ step: i + 1, loss: i }));
    expect(downsample(points, 20)).toEqual(points);
    expect(downsample(points, 5)).toEqual([
      { step: 2, loss: 0.5 },
      { step: 4, loss: 2.5 },
      { step: 6, loss: 4.5 },
      { step: 8, loss: 6.5 },
      { step: 10, loss: 8.5 },
    ]);
  });
});
