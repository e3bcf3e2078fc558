import type { ZipLimits } from '../zip/unzipBounded';
import { BUNDLE_FILES } from './bundleSchema';

const MB = 1e6;

/**
 * The most a bundle may be, as a download and inflated: a ResNet50 + SPN at width 1 is about 200 MB, so this leaves
 * room for width 2 while a zip bomb is refused before it inflates.
 */
export const BUNDLE_MAX_BYTES = 800 * MB;

const SMALL_FILES: Record<string, number> = {
  [BUNDLE_FILES.studio]: 1 * MB,
  [BUNDLE_FILES.model]: 16 * MB,
  [BUNDLE_FILES.readme]: 1 * MB,
};

export const BUNDLE_LIMITS: ZipLimits = {
  maxFiles: 16,
  maxTotalBytes: BUNDLE_MAX_BYTES,
  maxEntryBytes: (name) => SMALL_FILES[name.split('/').pop() ?? name] ?? BUNDLE_MAX_BYTES,
  code: 'bad-bundle',
};
