import { describe, expect, it } from 'vitest';

import { energyInMask, pointingGameHit } from './saliency';

describe('saliency metrics', () => {
  const mask = [1, 1, 0, 0];

  it('measures the share of the map inside the mask', () => {
    expect(energyInMask([0.5, 0.25, 0.25, 0], mask)).toBeCloseTo(0.75);
    expect(energyInMask([0, 0, 0, 0], mask)).toBe(0);
  });

  it('scores the pointing game on the maximum', () => {
    expect(pointingGameHit([0.2, 0.9, 0.5, 0], mask)).toBe(true);
    expect(pointingGameHit([0.2, 0.3, 0.9, 0], mask)).toBe(false);
    expect(pointingGameHit([0, 0, 0, 0], mask)).toBe(false);
  });
});
