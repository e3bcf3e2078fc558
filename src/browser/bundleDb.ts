import { createStore, del, get, set, update } from 'idb-keyval';

import type { StudioJson } from '../core/bundle/bundleSchema';

/** A bundle kept in the browser: its description for the list, its zip bytes under their own key. */
export interface SavedBundle {
  id: string;
  fileName: string;
  sizeBytes: number;
  savedAt: string;
  /** Where it came from: exported from a run here, opened from a file, or loaded from a URL. */
  origin: 'trained here' | 'file' | 'url';
  studio: StudioJson;
}

const store = createStore('saliency-studio-bundles', 'bundles');
const INDEX = 'index';

export async function listBundles(): Promise<SavedBundle[]> {
  return ((await get(INDEX, store)) as SavedBundle[] | undefined) ?? [];
}

export async function saveBundle(bundle: Omit<SavedBundle, 'id' | 'savedAt'>, bytes: Uint8Array): Promise<SavedBundle> {
  const saved: SavedBundle = { ...bundle, id: `bundle-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`, savedAt: new Date().toISOString() };
  // Bytes first: an index entry never points at missing bytes.
  await set(`bytes:${saved.id}`, bytes, store);
  await update(INDEX, (list: SavedBundle[] | undefined) => [...(list ?? []), saved], store);
  return saved;
}

export async function loadBundleBytes(id: string): Promise<Uint8Array> {
  const bytes = (await get(`bytes:${id}`, store)) as Uint8Array | undefined;
  if (!bytes) throw new Error(`the bundle ${id} is no longer stored in this browser`);
  return bytes;
}

export async function deleteBundle(id: string): Promise<void> {
  await update(INDEX, (list: SavedBundle[] | undefined) => (list ?? []).filter((b) => b.id !== id), store);
  await del(`bytes:${id}`, store);
}
