import { StudioError } from '../core/errors';

/** A failed IndexedDB write as a studio error: a full quota becomes 'storage-full', naming what was not saved. */
export function storageFailure(error: unknown, what: string): StudioError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') {
    return new StudioError('storage-full', `${what} was not saved: the browser's storage for this site is full. Delete a dataset, a saved run or a bundle you no longer need (or free disk space), then try again; nothing stored before was changed.`);
  }
  return new StudioError('internal', `${what} was not saved: ${error instanceof Error ? error.message : String(error)}`);
}
