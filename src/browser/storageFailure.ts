import { StudioError } from '../core/errors';
import { formatBytes } from '../core/format';

/**
 * A failed IndexedDB write as a studio error: a full quota becomes 'storage-full', saying what was not saved, how
 * much it needed, how full the site's storage is and what can be deleted.
 */
export async function storageFailure(error: unknown, what: string, neededBytes: number): Promise<StudioError> {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    const used = estimate?.usage !== undefined && estimate.quota !== undefined ? ` (${formatBytes(estimate.usage)} used of ${formatBytes(estimate.quota)})` : '';
    return new StudioError(
      'storage-full',
      `${what.charAt(0).toUpperCase()}${what.slice(1)} was not saved: it needs about ${formatBytes(neededBytes)} and the browser's storage for this site is full${used}. Delete a dataset (Data page), a saved experiment run (Experiments page) or a bundle (Models page) you no longer need, or free disk space, then try again; nothing stored before was changed.`,
    );
  }
  return new StudioError('internal', `${what} was not saved: ${error instanceof Error ? error.message : String(error)}`);
}
