import { describe, expect, it } from 'vitest';

import { queueSecondsLeft } from './experimentTimeLeft';

describe('queueSecondsLeft', () => {
  it('is unknown before any step or run was timed', () => {
    expect(queueSecondsLeft({ stepsDone: 0, stepsTotal: 100, secondsSinceFirstStep: 0, finishedRunSeconds: [], runsAfter: 3 })).toBeNull();
  });

  it('moves within a run as its steps go by', () => {
    const at = (stepsDone: number): number | null => queueSecondsLeft({ stepsDone, stepsTotal: 100, secondsSinceFirstStep: stepsDone * 0.5, finishedRunSeconds: [60], runsAfter: 1 });
    expect(at(10)).toBeCloseTo(45 + 60, 9);
    expect(at(90)).toBeCloseTo(5 + 60, 9);
  });

  it('projects queued runs from the current one before any finished', () => {
    expect(queueSecondsLeft({ stepsDone: 20, stepsTotal: 100, secondsSinceFirstStep: 10, finishedRunSeconds: [], runsAfter: 2 })).toBeCloseTo(40 + 2 * 50, 9);
  });

  it('uses finished runs between runs', () => {
    expect(queueSecondsLeft({ stepsDone: 0, stepsTotal: 100, secondsSinceFirstStep: 0, finishedRunSeconds: [30, 50], runsAfter: 2 })).toBeCloseTo(120, 9);
  });
});
