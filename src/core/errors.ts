/** Every way core can refuse work; the UI turns each code into a message. */
export type StudioErrorCode =
  | 'bad-config'
  | 'bad-weights'
  | 'bad-dataset'
  | 'bad-bundle'
  | 'cancelled'
  | 'backend-unavailable';

/** A typed error: a code for programs plus a sentence the user can act on, naming the file when there is one. */
export class StudioError extends Error {
  readonly code: StudioErrorCode;
  readonly file: string | undefined;

  constructor(code: StudioErrorCode, message: string, file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'StudioError';
    this.code = code;
    this.file = file;
  }
}
