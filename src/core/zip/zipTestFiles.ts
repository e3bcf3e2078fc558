// Zips that lie, for tests: fflate writes honest ones, so the lies are patched into its headers.
import { unzipSync, zipSync } from 'fflate';

/** A copy of `zip` with some of its files changed (added, rewritten or deleted by `change`): how bad bundles are made. */
export function rezipped(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  change(files);
  return zipSync(files);
}

function findEntry(zip: Uint8Array, name: string, signature: number, nameAt: number): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const wanted = new TextEncoder().encode(name);
  const found: number[] = [];
  for (let at = 0; at + nameAt + wanted.length <= zip.length; at++) {
    if (view.getUint32(at, true) !== signature) continue;
    const nameLength = view.getUint16(at + nameAt - (signature === 0x02014b50 ? 18 : 4), true);
    if (nameLength === wanted.length && wanted.every((b, i) => zip[at + nameAt + i] === b)) found.push(at);
  }
  return found;
}

/**
 * A copy of `zip` whose entry `name` declares `bytes` as its inflated size: in the central directory (what a reader
 * checks first) and, with `local`, in the local header too (what a streaming reader sees).
 */
export function patchDeclaredSize(zip: Uint8Array, name: string, bytes: number, { local }: { local: boolean }): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const central = findEntry(out, name, 0x02014b50, 46);
  if (central.length !== 1) throw new Error(`${name} is not in the zip's central directory once`);
  view.setUint32(central[0]! + 24, bytes, true);
  if (local) {
    const headers = findEntry(out, name, 0x04034b50, 30);
    if (headers.length !== 1) throw new Error(`${name} has no single local header`);
    view.setUint32(headers[0]! + 22, bytes, true);
  }
  return out;
}
