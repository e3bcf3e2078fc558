import { StudioError } from '../errors';

/** A training loss this many times the run's first is taken as divergence: a healthy run never climbs that far. */
export const DIVERGENCE_FACTOR = 100;

export interface DivergencePoint {
  epoch: number;
  /** The step within the epoch, from 1; null for the validation loss at the epoch's end. */
  step: number | null;
  loss: number;
  /** The first training loss this run read, or null for the first read itself (and for validation). */
  firstLoss: number | null;
  learningRate: number;
  /** Whether the run keeps a checkpoint after every epoch (the Train page's runs), to resume from. */
  isCheckpointed: boolean;
}

const formatLoss = (x: number): string => (x >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

function keptPart(lastFinishedEpoch: number, isCheckpointed: boolean): string {
  if (lastFinishedEpoch === 0) return 'no epoch had finished, so nothing is kept';
  if (isCheckpointed) return `the last finished epoch (${lastFinishedEpoch}) is kept to resume from`;
  return `the run stopped after ${lastFinishedEpoch} finished epoch${lastFinishedEpoch === 1 ? '' : 's'}`;
}

/**
 * The error that stops a run whose loss is not finite or has exploded, in one sentence that says where, what is
 * kept and what to change; null while the loss is healthy.
 */
export function divergenceError(p: DivergencePoint): StudioError | null {
  const isFinite = Number.isFinite(p.loss);
  const hasExploded = isFinite && p.firstLoss !== null && p.firstLoss > 0 && p.loss > DIVERGENCE_FACTOR * p.firstLoss;
  if (isFinite && !hasExploded) return null;
  const which = p.step === null ? 'the validation loss' : 'the loss';
  const what = !isFinite
    ? `${which} became ${Number.isNaN(p.loss) ? 'NaN' : 'infinite'}`
    : `${which} exploded to ${formatLoss(p.loss)} (over ${DIVERGENCE_FACTOR} times its first value, ${formatLoss(p.firstLoss!)})`;
  const where = p.step === null ? `after epoch ${p.epoch}` : `at epoch ${p.epoch}, step ${p.step}`;
  return new StudioError('diverged', `${what} ${where}; ${keptPart(p.epoch - 1, p.isCheckpointed)}; lower the learning rate (now ${p.learningRate}) and train again`);
}
