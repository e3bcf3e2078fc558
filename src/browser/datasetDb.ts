import { createStore, del, get, set } from 'idb-keyval';
import { z } from 'zod';

import type { DatasetLayout } from '../core/data/datasetTypes';
import { storageFailure } from './storageFailure';

// Older or foreign records are checked before use; a bad record is dropped from the list, not trusted.
export const metaSchema = z.object({
  id: z.string(),
  name: z.string(),
  layout: z.enum(['images-masks', 'cub', 'busi', 'csv', 'demo']),
  classNames: z.array(z.string()),
  imageCount: z.number(),
  maskedCount: z.number(),
  perClass: z.array(z.object({ className: z.string(), images: z.number(), masked: z.number() })),
  hasPredefinedSplit: z.boolean(),
  /** Images per split as a run splits them (null in records stored before it was kept). */
  splitCounts: z.object({ train: z.number(), val: z.number(), test: z.number() }).nullable().default(null),
  bytes: z.number(),
  createdAt: z.string(),
  problems: z.array(z.object({ file: z.string(), reason: z.string() })),
  /** For a generated demo: what it was generated with, so the lesson finds its own data again. */
  demo: z.object({ preset: z.enum(['classroom', 'small']), shortcutStrength: z.number(), seed: z.number(), sizePx: z.number() }).nullable().default(null),
}) satisfies z.ZodType<{ layout: DatasetLayout }>;

/** What the Data page lists; the samples are stored under their own key. */
export type DatasetMeta = z.infer<typeof metaSchema>;

const storedSampleSchema = z.object({
  id: z.string(),
  className: z.string(),
  split: z.enum(['train', 'val', 'test']).nullable(),
  image: z.instanceof(Blob),
  masks: z.array(z.instanceof(Blob)),
});
export type StoredSample = z.infer<typeof storedSampleSchema>;

const store = createStore('saliency-studio', 'datasets');
const INDEX_KEY = 'dataset-index';

export async function listDatasets(): Promise<DatasetMeta[]> {
  const raw: unknown = (await get(INDEX_KEY, store)) ?? [];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((record) => {
    const parsed = metaSchema.safeParse(record);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Stores the samples first and lists the dataset only then, so a failed write never leaves a half dataset listed. */
export async function saveDataset(meta: DatasetMeta, samples: StoredSample[]): Promise<void> {
  try {
    await set(`samples:${meta.id}`, samples, store);
    const index = await listDatasets();
    await set(INDEX_KEY, [...index.filter((d) => d.id !== meta.id), meta], store);
  } catch (error) {
    // Nothing of the new dataset stays behind; what was stored before is untouched.
    await del(`samples:${meta.id}`, store).catch(() => undefined);
    throw await storageFailure(error, `the dataset ${meta.name}`, samples.reduce((n, s) => n + s.image.size + s.masks.reduce((m, b) => m + b.size, 0), 0));
  }
}

export async function loadSamples(id: string): Promise<StoredSample[]> {
  const samples: unknown = await get(`samples:${id}`, store);
  if (!Array.isArray(samples)) throw new Error(`dataset ${id} has no stored images (it may have been deleted in another tab)`);
  const parsed = z.array(storedSampleSchema).safeParse(samples);
  if (!parsed.success) throw new Error(`dataset ${id} is stored in a shape this studio cannot read (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

export async function deleteDataset(id: string): Promise<void> {
  const index = await listDatasets();
  await set(INDEX_KEY, index.filter((d) => d.id !== id), store);
  await del(`samples:${id}`, store);
}

export async function renameDataset(id: string, name: string): Promise<void> {
  const index = await listDatasets();
  await set(INDEX_KEY, index.map((d) => (d.id === id ? { ...d, name } : d)), store);
}

/** Browser storage used and available, and whether it is persistent (not evicted under pressure). */
export async function storageEstimate(): Promise<{ usage: number; quota: number; isPersisted: boolean }> {
  const estimate = (await navigator.storage?.estimate?.()) ?? {};
  const isPersisted = (await navigator.storage?.persisted?.()) ?? false;
  return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, isPersisted };
}

export async function requestPersistentStorage(): Promise<boolean> {
  return (await navigator.storage?.persist?.()) ?? false;
}
