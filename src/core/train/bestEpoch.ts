import type { HistoryEntry } from './trainingEvents';

/** Better than the best so far by validation macro-F1; on a tie, by the lower validation cross-entropy (as the PyTorch reference). */
export function isBetterEpoch(entry: Pick<HistoryEntry, 'valF1' | 'valLoss'>, best: { f1: number; classificationLoss: number } | null): boolean {
  return best === null || entry.valF1 > best.f1 || (entry.valF1 === best.f1 && entry.valLoss < best.classificationLoss);
}
