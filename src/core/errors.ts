/**
 * Every way the studio can refuse or fail work, across core, the worker and the page; the page turns each code
 * into a message and an action (ui/errorMessages.ts).
 */
export const STUDIO_ERROR_CODES = [
  'bad-config',
  'bad-weights',
  'bad-dataset',
  'bad-bundle',
  'cancelled',
  'diverged',
  'backend-unavailable',
  'backend-lost',
  'out-of-memory',
  'storage-full',
  'worker-crashed',
  'bad-message',
  'internal',
] as const;
export type StudioErrorCode = (typeof STUDIO_ERROR_CODES)[number];

/** A typed error: a code for programs plus a sentence the user can act on, naming the file when there is one. */
export class StudioError extends Error {
  readonly code: StudioErrorCode;
  readonly file: string | undefined;
  /** The sentence without the file's name, for lists that show the file beside it. */
  readonly reason: string;

  constructor(code: StudioErrorCode, message: string, file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'StudioError';
    this.code = code;
    this.file = file;
    this.reason = message;
  }
}

/** A thrown value's sentence without a file name, for lists that show the file beside it. */
export const reasonOf = (error: unknown): string => (error instanceof StudioError ? error.reason : error instanceof Error ? error.message : String(error));

/** Any thrown value as a StudioError: StudioErrors as they are, anything else as 'internal' with its message. */
export function asStudioError(error: unknown): StudioError {
  if (error instanceof StudioError) return error;
  return new StudioError('internal', error instanceof Error ? error.message : String(error));
}
