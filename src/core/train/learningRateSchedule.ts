// The learning rate at each step: constant (the report's), cosine decay or step decay, with an optional linear
// warm-up. A function of the step alone, so a resumed run replays it.
import type { TrainConfig } from './trainConfig';

export type LearningRateSchedule = TrainConfig['schedule'];

export const CONSTANT_SCHEDULE: LearningRateSchedule = { kind: 'constant', warmupEpochs: 0 };

/** Step decay multiplies the rate by this at half and at three quarters of the run. */
const STEP_FACTOR = 0.1;

/**
 * The rate for the 0-based `step` of a run of `epochs` × `stepsPerEpoch` steps. Warm-up rises linearly to the base
 * rate over its epochs (the first step is not 0, so it still learns); cosine then falls to 0 at the end of the run.
 */
export function learningRateAt(baseRate: number, schedule: LearningRateSchedule, step: number, epochs: number, stepsPerEpoch: number): number {
  const total = Math.max(1, epochs * stepsPerEpoch);
  const warmup = Math.min(total - 1, Math.round(schedule.warmupEpochs * stepsPerEpoch));
  if (step < warmup) return (baseRate * (step + 1)) / (warmup + 1);
  if (schedule.kind === 'constant') return baseRate;
  const progress = (step - warmup) / Math.max(1, total - warmup);
  if (schedule.kind === 'cosine') return baseRate * 0.5 * (1 + Math.cos(Math.PI * progress));
  return baseRate * STEP_FACTOR ** ((progress >= 0.5 ? 1 : 0) + (progress >= 0.75 ? 1 : 0));
}

/** How a config's schedule reads in a card or a table: "cosine, 1 warm-up epoch". */
export function describeSchedule(schedule: LearningRateSchedule): string {
  const name = { constant: 'constant', cosine: 'cosine decay', step: 'step decay (×0.1 at 50 % and 75 %)' }[schedule.kind];
  return schedule.warmupEpochs > 0 ? `${name}, ${schedule.warmupEpochs} warm-up epoch${schedule.warmupEpochs === 1 ? '' : 's'}` : name;
}
