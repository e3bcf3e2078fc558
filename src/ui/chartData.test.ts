import { describe, expect, it } from 'vitest';

import { downsample, mergeByX, nearestPoint, niceMax, niceTicks, pointsOf, smooth } from './chartData';

describe('smooth', () => {
  it('starts at the first value and follows with an exponential moving average', () => {
    expect(smooth([1, 0, 0], 0.5)).toEqual([1, 0.5, 0.25]);
    expect(smooth([3, 1], 0)).toEqual([3, 1]);
  });
});

describe('downsample', () => {
  it('keeps short series as they are and averages long ones into at most max points', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ x: i + 1, y: i }));
    expect(downsample(points, 20)).toEqual(points);
    expect(downsample(points, 5)).toEqual([
      { x: 2, y: 0.5 },
      { x: 4, y: 2.5 },
      { x: 6, y: 4.5 },
      { x: 8, y: 6.5 },
      { x: 10, y: 8.5 },
    ]);
  });
});

describe('pointsOf', () => {
  it('drops missing and non-finite values instead of drawing them as 0', () => {
    const rows = [{ s: 1, v: 0.5 }, { s: 2, v: null }, { s: 3, v: Number.NaN }, { s: 4, v: 0.25 }];
    expect(pointsOf(rows, (r) => r.s, (r) => r.v)).toEqual([{ x: 1, y: 0.5 }, { x: 4, y: 0.25 }]);
  });
});

describe('niceTicks', () => {
  it('spaces ticks 1, 2 or 5 times a power of ten apart', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 130, 5)).toEqual([0, 50, 100]);
    expect(niceTicks(1, 8, 5)).toEqual([2, 4, 6, 8]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('rounds the top of a loss axis up to a tick', () => {
    expect(niceMax([0.2, 1.37])).toBe(1.5);
    expect(niceMax([0.8])).toBe(0.8);
    expect(niceMax([])).toBe(1);
  });
});

describe('mergeByX', () => {
  it('makes one sorted row per x with each series under its own key, absent where a series has no point', () => {
    const steps = [{ x: 1, y: 2 }, { x: 2, y: 1.5 }, { x: 3, y: 1.2 }];
    const epochs = [{ x: 3, y: 1.1 }, { x: 6, y: 0.9 }];
    expect(mergeByX([steps, epochs])).toEqual([{ x: 1, s0: 2 }, { x: 2, s0: 1.5 }, { x: 3, s0: 1.2, s1: 1.1 }, { x: 6, s1: 0.9 }]);
    expect(mergeByX([])).toEqual([]);
  });
});

describe('nearestPoint', () => {
  it('is the point closest in x, the first of a tie, and null for no points', () => {
    const points = [{ x: 1, y: 10 }, { x: 4, y: 40 }, { x: 7, y: 70 }];
    expect(nearestPoint(points, 5)).toEqual({ x: 4, y: 40 });
    expect(nearestPoint(points, 5.5)).toEqual({ x: 4, y: 40 });
    expect(nearestPoint(points, 100)).toEqual({ x: 7, y: 70 });
    expect(nearestPoint([], 3)).toBeNull();
  });
});
