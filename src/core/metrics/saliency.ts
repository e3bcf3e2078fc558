/** Share of a saliency map's mass that falls inside the ground-truth mask (0 when the map is empty). */
export function energyInMask(map: ArrayLike<number>, mask: ArrayLike<number>): number {
  let inside = 0;
  let total = 0;
  for (let i = 0; i < map.length; i++) {
    const value = Math.max(0, map[i]!);
    total += value;
    if (mask[i]! >= 0.5) inside += value;
  }
  return total > 0 ? inside / total : 0;
}

/** Pointing game: does the map's maximum fall inside the mask? Ties count as a hit if any maximum is inside. */
export function pointingGameHit(map: ArrayLike<number>, mask: ArrayLike<number>): boolean {
  let best = -Infinity;
  for (let i = 0; i < map.length; i++) best = Math.max(best, map[i]!);
  if (!(best > 0)) return false;
  for (let i = 0; i < map.length; i++) if (map[i] === best && mask[i]! >= 0.5) return true;
  return false;
}
