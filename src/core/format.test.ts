import { describe, expect, it } from 'vitest';

import { formatPercent, formatPrediction } from './format';

describe('formatting', () => {
  it('writes fractions as percentages, with or without the unit, and a dash when missing', () => {
    expect(formatPercent(0.4721)).toBe('47.2 %');
    expect(formatPercent(0.4721, { unit: false })).toBe('47.2');
    expect(formatPercent(0.4721, { digits: 0 })).toBe('47 %');
    expect(formatPercent(null)).toBe('–');
    expect(formatPercent(undefined)).toBe('–');
  });

  it('names the predicted class with its confidence', () => {
    expect(formatPrediction(['benign', 'melanoma'], 1, [0.17, 0.83])).toBe('melanoma 83 %');
    expect(formatPrediction(['benign', 'melanoma'], 1, [0.17, 0.83], 1)).toBe('melanoma 83.0 %');
  });
});
