/** Where a queue of runs stands, for its time left. */
export interface QueueProgress {
  /** Steps of the run in progress done so far, of its total (epochs × steps per epoch). */
  stepsDone: number;
  stepsTotal: number;
  /** Seconds since the run in progress trained its first step. */
  secondsSinceFirstStep: number;
  /** Wall seconds of each run that already ended. */
  finishedRunSeconds: readonly number[];
  /** Runs still queued after the one in progress. */
  runsAfter: number;
}

/**
 * Seconds left in the queue, from this browser's measured pace: the run in progress at its own speed so far, each
 * queued run at the mean of those finished (the current run's projected length before any finished). Null before a
 * step has been timed.
 */
export function queueSecondsLeft(p: QueueProgress): number | null {
  if (p.stepsDone <= 0 || p.secondsSinceFirstStep <= 0) {
    if (p.finishedRunSeconds.length === 0) return null;
    return mean(p.finishedRunSeconds) * (p.runsAfter + 1);
  }
  const perStep = p.secondsSinceFirstStep / p.stepsDone;
  const current = perStep * Math.max(0, p.stepsTotal - p.stepsDone);
  const perRun = p.finishedRunSeconds.length > 0 ? mean(p.finishedRunSeconds) : perStep * p.stepsTotal;
  return current + perRun * p.runsAfter;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
