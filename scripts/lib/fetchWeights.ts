// `--pretrained URL`: the weights fetched once into a cache folder, checked as safetensors (and as the catalog's
// architecture when the URL is one the studio offers), then used like a local file.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { PRETRAINED_CATALOG, checkDownloadedWeights, weightsAnswerProblem } from '../../src/core/model/pretrainedCatalog';

/** Where downloaded weights are kept between commands (SALIENCY_STUDIO_CACHE overrides). */
function cacheDir(): string {
  return process.env.SALIENCY_STUDIO_CACHE ?? join(homedir(), '.cache', 'saliency-studio', 'weights');
}

/** The local path of the weights at `url`, downloading them first when not cached; throws with the reason. */
export async function fetchWeights(url: string, log: (line: string) => void): Promise<string> {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${url.replace(/^https?:\/\//, '').replace(/[^a-zA-Z0-9._-]+/g, '_')}${url.endsWith('.safetensors') ? '' : '.safetensors'}`);
  if (existsSync(path)) {
    log(`Pretrained weights: ${url} (cached in ${path})`);
    return path;
  }
  log(`Downloading pretrained weights from ${url}…`);
  const response = await fetch(url).catch((error: unknown) => {
    throw new Error(`could not reach ${url} (${error instanceof Error ? error.message : String(error)})`);
  });
  const problem = weightsAnswerProblem({ status: response.status, statusText: response.statusText, contentType: response.headers.get('content-type') }, url);
  if (problem) throw new Error(problem);
  const bytes = new Uint8Array(await response.arrayBuffer());
  checkDownloadedWeights(bytes.buffer, url, PRETRAINED_CATALOG.find((w) => w.url === url) ?? null);
  // Written whole, then renamed: a broken download never passes for a cached file.
  writeFileSync(`${path}.part`, bytes);
  renameSync(`${path}.part`, path);
  log(`Stored ${(bytes.byteLength / 1e6).toFixed(1)} MB in ${path}`);
  return path;
}
