/**
 * Turns decoded mask pixels (RGBA, any colour type already widened to 8 bits) into a {0, 1} mask:
 * a pixel above half of its range in any channel is object; transparent pixels are background.
 * `into` is OR-ed, so several masks of one image merge by union.
 */
export function binarizeMask(rgba: ArrayLike<number>, into: Uint8Array): Uint8Array {
  for (let p = 0; p < into.length; p++) {
    const value = Math.max(rgba[p * 4]!, rgba[p * 4 + 1]!, rgba[p * 4 + 2]!);
    if (value > 127 && rgba[p * 4 + 3]! > 127) into[p] = 1;
  }
  return into;
}
