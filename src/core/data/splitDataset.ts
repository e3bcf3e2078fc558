import type { Random } from '../random';
import { createRandom, shuffled } from '../random';
import type { SplitName } from './datasetTypes';

export interface SplitFractions {
  val: number;
  test: number;
}

export const DEFAULT_SPLIT: SplitFractions = { val: 0.1, test: 0.1 };

/**
 * Assigns train/val/test per sample, stratified by class and replayable from the seed.
 * Samples that already carry a split (a predefined split) keep it. Each class with at least
 * three images gets at least one validation and one test image.
 */
export function splitDataset(
  samples: ReadonlyArray<{ label: number; split: SplitName | null }>,
  seed: number,
  fractions: SplitFractions = DEFAULT_SPLIT,
): SplitName[] {
  const result = samples.map((s) => s.split ?? 'train');
  if (samples.every((s) => s.split !== null)) return result;
  const random: Random = createRandom(seed);
  const byClass = new Map<number, number[]>();
  samples.forEach((s, i) => {
    if (s.split !== null) return;
    byClass.set(s.label, [...(byClass.get(s.label) ?? []), i]);
  });
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const indices = shuffled(byClass.get(label)!, random);
    const n = indices.length;
    const atLeastOne = n >= 3 ? 1 : 0;
    const testCount = Math.max(atLeastOne, Math.round(n * fractions.test));
    const valCount = Math.max(atLeastOne, Math.round(n * fractions.val));
    indices.forEach((sampleIndex, k) => {
      result[sampleIndex] = k < testCount ? 'test' : k < testCount + valCount ? 'val' : 'train';
    });
  }
  return result;
}

/** Images per split (the same for every seed: only which images go where depends on it). */
export function splitCounts(samples: ReadonlyArray<{ label: number; split: SplitName | null }>, fractions: SplitFractions = DEFAULT_SPLIT): Record<SplitName, number> {
  const counts: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  for (const split of splitDataset(samples, 0, fractions)) counts[split]++;
  return counts;
}
