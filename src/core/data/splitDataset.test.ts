import { describe, expect, it } from 'vitest';

import { selectLabelRatio } from './selectLabelRatio';
import { splitDataset } from './splitDataset';

const samples = [...Array(50).fill(0), ...Array(30).fill(1), ...Array(20).fill(2)].map((label: number) => ({ label, split: null }));

describe('splitDataset', () => {
  it('splits 80/10/10 within every class', () => {
    const splits = splitDataset(samples, 1);
    for (const [label, n] of [[0, 50], [1, 30], [2, 20]] as const) {
      const mine = splits.filter((_, i) => samples[i]!.label === label);
      expect(mine.filter((s) => s === 'test').length).toBe(Math.round(n * 0.1));
      expect(mine.filter((s) => s === 'val').length).toBe(Math.round(n * 0.1));
    }
  });

  it('replays the same split from the same seed and another from another seed', () => {
    expect(splitDataset(samples, 3)).toEqual(splitDataset(samples, 3));
    expect(splitDataset(samples, 3)).not.toEqual(splitDataset(samples, 4));
  });

  it('keeps a predefined split as given', () => {
    const given = [
      { label: 0, split: 'test' as const },
      { label: 0, split: 'train' as const },
      { label: 1, split: 'val' as const },
    ];
    expect(splitDataset(given, 1)).toEqual(['test', 'train', 'val']);
  });
});

describe('selectLabelRatio', () => {
  const train = Array.from({ length: 40 }, (_, i) => ({ label: i % 2, hasMask: i < 36 }));

  it('keeps a quarter of the masks in each class, and only images that have one', () => {
    const kept = selectLabelRatio(train, 0.25, 1);
    const perClass = [0, 1].map((label) => [...kept].filter((i) => train[i]!.label === label).length);
    expect(perClass).toEqual([Math.round(0.25 * 18), Math.round(0.25 * 18)]);
    for (const i of kept) expect(train[i]!.hasMask).toBe(true);
  });

  it('keeps every mask at ratio 1, none at 0, and is seeded', () => {
    expect(selectLabelRatio(train, 1, 1).size).toBe(36);
    expect(selectLabelRatio(train, 0, 1).size).toBe(0);
    expect([...selectLabelRatio(train, 0.5, 2)]).toEqual([...selectLabelRatio(train, 0.5, 2)]);
  });

  it('refuses a ratio outside [0, 1]', () => {
    expect(() => selectLabelRatio(train, 1.5, 1)).toThrow(/label ratio/);
  });
});
