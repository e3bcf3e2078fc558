// What the page says and offers for each way work can fail: every error code has a title and an action.
import type { StudioErrorCode } from '../core/errors';
import { asStudioError } from '../core/errors';

/** What the user can do about a failure. */
export type ErrorAction = 'retry' | 'choose-backend' | 'fix-input' | 'free-space' | 'reload' | 'none';

export interface Failure {
  code: StudioErrorCode;
  /** The sentence from where it failed, naming the file when there is one. */
  message: string;
}

export interface ErrorDescription {
  title: string;
  action: ErrorAction;
  /** What the action button says (none for 'fix-input' and 'none': the text says what to change). */
  actionLabel: string | null;
}

export const ERROR_DESCRIPTIONS: Record<StudioErrorCode, ErrorDescription> = {
  'bad-config': { title: 'This configuration cannot run', action: 'fix-input', actionLabel: null },
  'bad-weights': { title: 'These weights do not fit the model', action: 'fix-input', actionLabel: null },
  'bad-dataset': { title: 'The data cannot be used', action: 'fix-input', actionLabel: null },
  'bad-bundle': { title: 'This file is not a model bundle the studio can open', action: 'fix-input', actionLabel: null },
  cancelled: { title: 'Cancelled', action: 'none', actionLabel: null },
  diverged: { title: 'Training diverged', action: 'fix-input', actionLabel: null },
  'backend-unavailable': { title: 'This backend does not start in this browser', action: 'choose-backend', actionLabel: 'Choose another backend' },
  'backend-lost': { title: 'The GPU stopped answering', action: 'choose-backend', actionLabel: 'Choose another backend' },
  'out-of-memory': { title: 'Not enough memory for this configuration', action: 'fix-input', actionLabel: null },
  'storage-full': { title: 'The browser’s storage is full', action: 'free-space', actionLabel: 'Free space on the Data page' },
  'worker-crashed': { title: 'The training worker stopped', action: 'retry', actionLabel: 'Try again' },
  'bad-message': { title: 'The studio sent itself a message it could not read', action: 'reload', actionLabel: 'Reload the page' },
  internal: { title: 'Something went wrong', action: 'retry', actionLabel: 'Try again' },
};

/** Any thrown value as a failure to show: its code (internal when it has none) and its sentence. */
export function toFailure(error: unknown): Failure {
  const e = asStudioError(error);
  return { code: e.code, message: e.message };
}
