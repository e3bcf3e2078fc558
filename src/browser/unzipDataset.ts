import { unzipBounded } from '../core/zip/unzipBounded';
import type { ZipLimits } from '../core/zip/unzipBounded';
import type { PathedFile } from './walkDroppedFiles';

const MiB = 1024 * 1024;

/** A dataset of tens of thousands of images fits; a zip bomb does not. */
export const DATASET_ZIP_LIMITS: ZipLimits = { maxFiles: 100_000, maxTotalBytes: 4096 * MiB, maxEntryBytes: () => 256 * MiB, code: 'bad-dataset' };

const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const isContent = (path: string): boolean => !path.endsWith('/') && !path.startsWith('__MACOSX/');

/**
 * The files inside a dropped .zip of a dataset folder, with their paths; folders and macOS metadata are left out.
 * Checked by its declared sizes and names first, then inflated in pieces that give the page back between them.
 */
export async function unzipDataset(zip: File, onProgress?: (fraction: number) => void): Promise<PathedFile[]> {
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const entries = await unzipBounded(bytes, zip.name, DATASET_ZIP_LIMITS, { keep: isContent, pause: yieldToPage, onProgress });
  return Object.entries(entries).map(([path, data]) => ({ path, file: new File([data as Uint8Array<ArrayBuffer>], path.split('/').pop() ?? path) }));
}
