/** IoU and Dice of a predicted probability map (thresholded) against a binary mask of the same length. */
export function maskOverlap(predicted: ArrayLike<number>, truth: ArrayLike<number>, threshold = 0.5): { iou: number; dice: number } {
  let intersection = 0;
  let predictedArea = 0;
  let truthArea = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = predicted[i]! >= threshold ? 1 : 0;
    const t = truth[i]! >= 0.5 ? 1 : 0;
    intersection += p & t;
    predictedArea += p;
    truthArea += t;
  }
  const union = predictedArea + truthArea - intersection;
  // Two empty masks agree perfectly.
  if (union === 0) return { iou: 1, dice: 1 };
  return { iou: intersection / union, dice: (2 * intersection) / (predictedArea + truthArea) };
}
