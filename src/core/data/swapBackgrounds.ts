import type { Random } from '../random';

/**
 * Mask-guided background swap, on a batch's pixels in place: each image with a kept mask gets its object pasted onto
 * the background of another such image of the batch (any class), so the background stops telling the class and only
 * the object can. The partner's own object is covered by its background seen through a point reflection, else
 * through a half-width shift (textures and skin continue, and no silhouette of the partner's class is left), else by
 * its mean background colour. Images without a mask stay as they are.
 * `pixels` n × S × S × 3, `masks` n × S × S in {0, 1}; `hasMask[i]` says whether image i's mask counts.
 */
export function swapBackgrounds(pixels: Uint8Array, masks: Uint8Array, hasMask: readonly boolean[], sidePx: number, random: Random): void {
  const masked = hasMask.flatMap((has, i) => (has ? [i] : []));
  if (masked.length < 2) return;
  const area = sidePx * sidePx;
  const source = pixels.slice();
  // A random derangement of the masked images: nobody keeps their own background.
  const partners = new Map(masked.map((i, k) => [i, masked[(k + 1 + random.int(masked.length - 1)) % masked.length]!]));
  for (const [image, partner] of partners) {
    const p0 = partner * area;
    let [r, g, b, count] = [0, 0, 0, 0];
    for (let q = 0; q < area; q++) {
      if (masks[p0 + q]) continue;
      r += source[(p0 + q) * 3]!;
      g += source[(p0 + q) * 3 + 1]!;
      b += source[(p0 + q) * 3 + 2]!;
      count++;
    }
    const mean = count > 0 ? [r / count, g / count, b / count] : [0, 0, 0];
    const i0 = image * area;
    for (let y = 0; y < sidePx; y++) {
      for (let x = 0; x < sidePx; x++) {
        const q = y * sidePx + x;
        if (masks[i0 + q]) continue;
        // The partner's background at this pixel, or where it continues past the partner's object.
        const candidates = [q, (sidePx - 1 - y) * sidePx + (sidePx - 1 - x), y * sidePx + ((x + (sidePx >> 1)) % sidePx)];
        const from = candidates.find((c) => !masks[p0 + c]);
        for (let c = 0; c < 3; c++) pixels[(i0 + q) * 3 + c] = from === undefined ? Math.round(mean[c]!) : source[(p0 + from) * 3 + c]!;
      }
    }
  }
}
