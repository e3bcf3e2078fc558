import { createRandom, shuffled } from '../random';

/**
 * Picks which training images keep their masks: per class, round(ratio × masked images of that class),
 * chosen by the seed. Returns the indices (into `samples`) that keep their mask.
 */
export function selectLabelRatio(
  samples: ReadonlyArray<{ label: number; hasMask: boolean }>,
  ratio: number,
  seed: number,
): Set<number> {
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError(`label ratio must be in [0, 1] (got ${ratio})`);
  const random = createRandom(seed + 7919);
  const byClass = new Map<number, number[]>();
  samples.forEach((s, i) => {
    if (s.hasMask) byClass.set(s.label, [...(byClass.get(s.label) ?? []), i]);
  });
  const kept = new Set<number>();
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const masked = byClass.get(label)!;
    for (const i of shuffled(masked, random).slice(0, Math.round(ratio * masked.length))) kept.add(i);
  }
  return kept;
}
