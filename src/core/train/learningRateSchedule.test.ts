import { describe, expect, it } from 'vitest';

import { describeSchedule, learningRateAt } from './learningRateSchedule';

describe('learningRateAt', () => {
  const at = (kind: 'constant' | 'cosine' | 'step', warmupEpochs: number, step: number): number => learningRateAt(0.01, { kind, warmupEpochs }, step, 10, 10);

  it('keeps a constant rate without warm-up', () => {
    expect([0, 50, 99].map((s) => at('constant', 0, s))).toEqual([0.01, 0.01, 0.01]);
  });

  it('decays by cosine from the base rate to near zero at the last step', () => {
    expect(at('cosine', 0, 0)).toBeCloseTo(0.01, 12);
    expect(at('cosine', 0, 50)).toBeCloseTo(0.005, 12);
    expect(at('cosine', 0, 99)).toBeCloseTo(0.01 * 0.5 * (1 + Math.cos(Math.PI * 0.99)), 12);
    expect(at('cosine', 0, 99)).toBeLessThan(1e-5);
  });

  it('warms up linearly, never at zero, then decays from the base rate', () => {
    expect(at('cosine', 1, 0)).toBeCloseTo(0.01 / 11, 12);
    expect(at('cosine', 1, 9)).toBeCloseTo(0.01 * 10 / 11, 12);
    expect(at('cosine', 1, 10)).toBeCloseTo(0.01, 12);
    expect(at('constant', 2, 5)).toBeCloseTo(0.01 * 6 / 21, 12);
  });

  it('steps down tenfold at half and at three quarters', () => {
    expect([49, 50, 74, 75].map((s) => at('step', 0, s))).toEqual([0.01, 0.001, 0.001, expect.closeTo(0.0001, 12)]);
  });

  it('says what it is', () => {
    expect(describeSchedule({ kind: 'cosine', warmupEpochs: 1 })).toBe('cosine decay, 1 warm-up epoch');
    expect(describeSchedule({ kind: 'constant', warmupEpochs: 0 })).toBe('constant');
  });
});
