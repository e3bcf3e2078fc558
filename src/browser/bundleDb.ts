import { createStore } from 'idb-keyval';

import type { StudioJson } from '../core/bundle/bundleSchema';
import { storedWithBytes } from './storedWithBytes';

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

const bundles = storedWithBytes<SavedBundle>(createStore('saliency-studio-bundles', 'bundles'), { list: 'index', bytesPrefix: 'bytes:', idPrefix: 'bundle' });

export const listBundles = bundles.list;
export const saveBundle = bundles.save;
export const deleteBundle = bundles.remove;

export async function loadBundleBytes(id: string): Promise<Uint8Array> {
  return bundles.loadBytes(id, `the bundle ${id} is no longer stored in this browser`);
}
