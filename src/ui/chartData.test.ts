import { describe, expect, it } from 'vitest';

import { formatDuration, smooth } from './chartData';

describe('smooth', () => {
  it('starts at the first value and follows with an exponential moving average', () => {
    expect(smooth([1, 0, 0], 0.5)).toEqual([1, 0.5, 0.25]);
    expect(smooth([3, 1], 0)).toEqual([3, 1]);
  });
});

describe('formatDuration', () => {
  it('reads as a person would say it', () => {
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(250)).toBe('4 min 10 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(Infinity)).toBe('–');
  });
});
