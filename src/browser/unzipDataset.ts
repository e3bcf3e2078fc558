import { unzip } from 'fflate';

import type { PathedFile } from './walkDroppedFiles';

/** The files inside a dropped .zip of a dataset folder, with their paths; folders and macOS metadata are left out. */
export async function unzipDataset(zip: File): Promise<PathedFile[]> {
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const entries = await new Promise<Record<string, Uint8Array>>((resolve, reject) =>
    unzip(bytes, (error, result) => (error ? reject(new Error(`${zip.name}: not a readable zip file (${error.message})`)) : resolve(result))),
  );
  return Object.entries(entries)
    .filter(([path]) => !path.endsWith('/') && !path.startsWith('__MACOSX/'))
    .map(([path, data]) => ({ path, file: new File([data as Uint8Array<ArrayBuffer>], path.split('/').pop() ?? path) }));
}
