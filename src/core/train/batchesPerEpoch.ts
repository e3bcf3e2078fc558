/** Steps in an epoch of `trainImages`: a trailing batch of one image is dropped, as in the reference (batch norm needs two). */
export function batchesPerEpoch(trainImages: number, batchSize: number): number {
  return Math.floor(trainImages / batchSize) + (trainImages % batchSize >= 2 ? 1 : 0);
}
