import { createStore, del, get, set } from 'idb-keyval';
import { z } from 'zod';

import type { DatasetLayout, ImportProblem, SplitName } from '../core/data/datasetTypes';

/** What the Data page lists; the samples are stored under their own key. */
export interface DatasetMeta {
  id: string;
  name: string;
  layout: DatasetLayout;
  classNames: string[];
  imageCount: number;
  maskedCount: number;
  perClass: { className: string; images: number; masked: number }[];
  hasPredefinedSplit: boolean;
  bytes: number;
  createdAt: string;
  problems: ImportProblem[];
}

export interface StoredSample {
  id: string;
  className: string;
  split: SplitName | null;
  image: Blob;
  masks: Blob[];
}

const store = createStore('saliency-studio', 'datasets');
const INDEX_KEY = 'dataset-index';

// Older or foreign records are checked before use; a bad record is dropped from the list, not trusted.
const metaSchema = z.object({
  id: z.string(),
  name: z.string(),
  layout: z.string(),
  classNames: z.array(z.string()),
  imageCount: z.number(),
  maskedCount: z.number(),
  perClass: z.array(z.object({ className: z.string(), images: z.number(), masked: z.number() })),
  hasPredefinedSplit: z.boolean(),
  bytes: z.number(),
  createdAt: z.string(),
  problems: z.array(z.object({ file: z.string(), reason: z.string() })),
});

export async function listDatasets(): Promise<DatasetMeta[]> {
  const raw: unknown = (await get(INDEX_KEY, store)) ?? [];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((record) => {
    const parsed = metaSchema.safeParse(record);
    return parsed.success ? [parsed.data as DatasetMeta] : [];
  });
}

/** Stores the samples first and lists the dataset only then, so a failed write never leaves a half dataset listed. */
export async function saveDataset(meta: DatasetMeta, samples: StoredSample[]): Promise<void> {
  await set(`samples:${meta.id}`, samples, store);
  const index = await listDatasets();
  await set(INDEX_KEY, [...index.filter((d) => d.id !== meta.id), meta], store);
}

export async function loadSamples(id: string): Promise<StoredSample[]> {
  const samples: unknown = await get(`samples:${id}`, store);
  if (!Array.isArray(samples)) throw new Error(`dataset ${id} has no stored images (it may have been deleted in another tab)`);
  return samples as StoredSample[];
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
