import { describe, expect, it } from 'vitest';

import { generateDemoDataset } from './demoDataset';

describe('generateDemoDataset', () => {
  it('makes the requested images with exact masks and a train/val/test split', () => {
    const data = generateDemoDataset({ sizePx: 32, imagesPerClass: 10 });
    expect(data.classNames).toEqual(['disc', 'square', 'triangle']);
    expect(data.samples).toHaveLength(30);
    for (const s of data.samples) {
      expect(s.pixels).toHaveLength(32 * 32 * 3);
      const area = s.mask!.reduce((a, b) => a + b, 0) / (32 * 32);
      expect(area).toBeGreaterThan(0.03);
      expect(area).toBeLessThan(0.5);
    }
    expect(data.samples.filter((s) => s.split === 'test')).toHaveLength(3);
    expect(data.samples.filter((s) => s.split === 'val')).toHaveLength(3);
  });

  it('is deterministic for a seed', () => {
    const a = generateDemoDataset({ sizePx: 32, imagesPerClass: 3, seed: 5 });
    const b = generateDemoDataset({ sizePx: 32, imagesPerClass: 3, seed: 5 });
    const c = generateDemoDataset({ sizePx: 32, imagesPerClass: 3, seed: 6 });
    expect(a.samples[4]!.pixels).toEqual(b.samples[4]!.pixels);
    expect(a.samples[4]!.pixels).not.toEqual(c.samples[4]!.pixels);
  });

  it('puts train images on their class background at full shortcut strength, and test images on any', () => {
    const data = generateDemoDataset({ sizePx: 32, imagesPerClass: 30, shortcutStrength: 1 });
    const ownBackground = ['stripes', 'checks', 'speckles'];
    const onOwn = (s: (typeof data.samples)[number]): boolean => s.id.endsWith(`-${ownBackground[s.label]}.png`);
    expect(data.samples.filter((s) => s.split === 'train').every(onOwn)).toBe(true);
    expect(data.samples.filter((s) => s.split === 'test').every(onOwn)).toBe(false);
  });
});
