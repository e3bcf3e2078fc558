// Fetching published weights on the user's click: progress, Cancel, and every check before anything is stored.
import { StudioError } from '../core/errors';
import type { PretrainedWeights } from '../core/model/pretrainedCatalog';
import { checkDownloadedWeights, weightsAnswerProblem } from '../core/model/pretrainedCatalog';

/** Downloads the entry's file and proves it holds those weights; rejects with the reason (or 'cancelled'). */
export async function downloadWeights(entry: PretrainedWeights, options: { signal: AbortSignal; onProgress: (done: number, total: number | null) => void }): Promise<Uint8Array> {
  const file = entry.url.split('/').slice(-4).join('/');
  let response: Response;
  try {
    response = await fetch(entry.url, { signal: options.signal });
  } catch (error) {
    if (options.signal.aborted) throw new StudioError('cancelled', 'the download was cancelled: nothing was stored');
    throw new StudioError('bad-weights', `could not reach ${entry.host} (${error instanceof Error ? error.message : String(error)}): check the connection and try again`, file);
  }
  const problem = weightsAnswerProblem({ status: response.status, statusText: response.statusText, contentType: response.headers.get('content-type') }, entry.host);
  if (problem) throw new StudioError('bad-weights', `${problem}: nothing was stored`, file);
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      done += next.value.byteLength;
      options.onProgress(done, total);
    }
  } catch (error) {
    if (options.signal.aborted) throw new StudioError('cancelled', 'the download was cancelled: nothing was stored');
    throw new StudioError('bad-weights', `the download broke off after ${done} bytes (${error instanceof Error ? error.message : String(error)}): nothing was stored`, file);
  }
  const bytes = new Uint8Array(done);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  checkDownloadedWeights(bytes.buffer, file, entry);
  return bytes;
}
