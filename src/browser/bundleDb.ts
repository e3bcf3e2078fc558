import { createStore } from 'idb-keyval';
import { z } from 'zod';

import { studioJsonSchema } from '../core/bundle/bundleSchema';
import { storedWithBytes } from './storedWithBytes';

/** A bundle kept in the browser: its description for the list, its zip bytes under their own key. */
const savedBundleSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  savedAt: z.string(),
  /** Where it came from: exported from a run here, opened from a file, or loaded from a URL. */
  origin: z.enum(['trained here', 'file', 'url']),
  studio: studioJsonSchema,
});
export type SavedBundle = z.infer<typeof savedBundleSchema>;

const bundles = storedWithBytes(createStore('saliency-studio-bundles', 'bundles'), savedBundleSchema, { list: 'index', bytesPrefix: 'bytes:', idPrefix: 'bundle', what: 'the bundle' });

export const listBundles = bundles.list;
export const saveBundle = bundles.save;
export const deleteBundle = bundles.remove;

export async function loadBundleBytes(id: string): Promise<Uint8Array> {
  return bundles.loadBytes(id, `the bundle ${id} is no longer stored in this browser`);
}
