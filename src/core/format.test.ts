import { describe, expect, it } from 'vitest';

import { formatBytes, formatDateTime, formatDuration, formatPercent, formatPrediction } from './format';

describe('formatting', () => {
  it('writes fractions as percentages, with or without the unit, and a dash when missing', () => {
    expect(formatPercent(0.4721)).toBe('47.2 %');
    expect(formatPercent(0.4721, { unit: false })).toBe('47.2');
    expect(formatPercent(0.4721, { digits: 0 })).toBe('47 %');
    expect(formatPercent(null)).toBe('–');
    expect(formatPercent(undefined)).toBe('–');
  });

  it('writes durations as a person would say them', () => {
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(250)).toBe('4 min 10 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(Infinity)).toBe('–');
  });

  it('writes sizes in decimal units', () => {
    expect(formatBytes(840_000)).toBe('840 kB');
    expect(formatBytes(3_240_000)).toBe('3.2 MB');
    expect(formatBytes(1_400_000_000)).toBe('1.4 GB');
  });

  it('names the predicted class with its confidence', () => {
    expect(formatPrediction(['benign', 'melanoma'], 1, [0.17, 0.83])).toBe('melanoma 83 %');
    expect(formatPrediction(['benign', 'melanoma'], 1, [0.17, 0.83], 1)).toBe('melanoma 83.0 %');
  });
  it('writes a stored time as Date.toLocaleString does, from one formatter made once', () => {
    for (const iso of ['2026-12-08T00:45:13.000Z', '2025-02-28T23:59:59.000Z']) expect(formatDateTime(iso)).toBe(new Date(iso).toLocaleString());
    expect(formatDateTime('2026-12-08T00:45:13.000Z')).not.toBe(formatDateTime('2026-12-08T00:45:14.000Z'));
  });
});
