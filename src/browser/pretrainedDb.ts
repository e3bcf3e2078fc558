import { createStore } from 'idb-keyval';
import { z } from 'zod';

import { storedWithBytes } from './storedWithBytes';

/** Downloaded ImageNet weights, kept so each is fetched once and works offline after. */
const storedWeightsSchema = z.object({
  id: z.string(),
  savedAt: z.string(),
  /** The catalog entry (core/model/pretrainedCatalog) they are. */
  catalogId: z.string(),
  url: z.string(),
  sizeBytes: z.number().int().positive(),
});
export type StoredWeights = z.infer<typeof storedWeightsSchema>;

const store = createStore('saliency-studio-weights', 'weights');
const weights = storedWithBytes(store, storedWeightsSchema, { list: 'weights', bytesPrefix: 'bytes:', idPrefix: 'weights', what: 'the pretrained weights' });

export const listStoredWeights = weights.list;
export const deleteStoredWeights = weights.remove;

/** Keeps the downloaded file, replacing an earlier copy of the same weights. */
export async function storeWeights(catalogId: string, url: string, bytes: Uint8Array): Promise<StoredWeights> {
  const earlier = (await weights.list()).filter((w) => w.catalogId === catalogId);
  const saved = await weights.save({ catalogId, url, sizeBytes: bytes.byteLength }, bytes);
  for (const old of earlier) await weights.remove(old.id);
  return saved;
}

/** The stored file of these weights, or null when they were never downloaded (or were deleted). */
export async function loadStoredWeights(catalogId: string): Promise<ArrayBuffer | null> {
  const entry = (await weights.list()).find((w) => w.catalogId === catalogId);
  if (!entry) return null;
  const bytes = await weights.loadBytes(entry.id, 'these weights are no longer stored in this browser');
  return bytes.slice().buffer;
}
