import { describe, expect, it } from 'vitest';

import { smooth } from './chartData';

describe('smooth', () => {
  it('starts at the first value and follows with an exponential moving average', () => {
    expect(smooth([1, 0, 0], 0.5)).toEqual([1, 0.5, 0.25]);
    expect(smooth([3, 1], 0)).toEqual([3, 1]);
  });
});
