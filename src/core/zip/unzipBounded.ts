import { Unzip, UnzipInflate, unzipSync } from 'fflate';

import { concatBytes } from '../concatBytes';
import type { StudioErrorCode } from '../errors';
import { StudioError } from '../errors';
import { formatBytes } from '../format';

/** What a zip may hold before any byte of it is inflated. */
export interface ZipLimits {
  maxFiles: number;
  maxTotalBytes: number;
  /** The most one entry may hold, by its name (studio.json is small, weights are not). */
  maxEntryBytes?: (name: string) => number;
  /** The error code a refusal carries: bad-bundle for bundles, bad-dataset for datasets. */
  code: StudioErrorCode;
}

export interface ZipEntryInfo {
  name: string;
  compressedBytes: number;
  bytes: number;
}

const MiB = 1024 * 1024;
const PUSH_BYTES = 64 * 1024;


function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  return head.startsWith('<!doctype') || head.startsWith('<html') || head.startsWith('<?xml') || head.startsWith('<head') || head.startsWith('<body');
}

/** Why bytes are not a zip, in words: an HTML page (a link to a web page), a zip cut short, or something else. */
function notAZip(bytes: Uint8Array, file: string, code: StudioErrorCode): StudioError {
  if (bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return new StudioError(code, `is a zip file cut short (${formatBytes(bytes.length)} arrived; the zip's table of contents is missing): download or copy it again`, file);
  }
  if (looksLikeHtml(bytes)) return new StudioError(code, 'is an HTML page, not a zip file: the link points to a web page rather than to the file itself', file);
  return new StudioError(code, `is not a zip file (${bytes.length === 0 ? 'it is empty' : 'it does not start as a zip does'})`, file);
}

/** A name that could write outside its folder, or that means something else on another system, is refused. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'has a NUL character in its name';
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path';
  if (name.split(/[\\/]/).some((part) => part === '..')) return 'climbs out of its folder (..)';
  return null;
}

/** The zip's table of contents as its central directory declares it; nothing is inflated. */
export function listZip(bytes: Uint8Array, file: string, code: StudioErrorCode = 'bad-bundle'): ZipEntryInfo[] {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw notAZip(bytes, file, code);
  const entries: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (info) => {
        entries.push({ name: info.name, compressedBytes: info.size, bytes: info.originalSize });
        if (info.compression !== 0 && info.compression !== 8) throw new StudioError(code, `${info.name} uses a compression this studio does not read (method ${info.compression})`, file);
        return false;
      },
    });
  } catch (error) {
    if (error instanceof StudioError) throw error;
    throw notAZip(bytes, file, code);
  }
  return entries;
}

/** Refuses a table of contents over the limits, with unsafe or repeated names, before anything is inflated. */
export function checkZipListing(entries: readonly ZipEntryInfo[], file: string, limits: ZipLimits): void {
  const files = entries.filter((e) => !e.name.endsWith('/'));
  if (files.length > limits.maxFiles) throw new StudioError(limits.code, `holds ${files.length} files; at most ${limits.maxFiles} are accepted`, file);
  const seen = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    const unsafe = unsafeEntryName(entry.name);
    if (unsafe) throw new StudioError(limits.code, `the entry ${JSON.stringify(entry.name.slice(0, 120))} ${unsafe}; the zip is refused`, file);
    if (seen.has(entry.name)) throw new StudioError(limits.code, `holds ${entry.name} twice; the zip is refused`, file);
    seen.add(entry.name);
    const max = limits.maxEntryBytes?.(entry.name) ?? limits.maxTotalBytes;
    if (entry.bytes > max) throw new StudioError(limits.code, `${entry.name} would inflate to ${formatBytes(entry.bytes)}; at most ${formatBytes(max)} is accepted`, file);
    total += entry.bytes;
  }
  if (total > limits.maxTotalBytes) throw new StudioError(limits.code, `would inflate to ${formatBytes(total)} in all; at most ${formatBytes(limits.maxTotalBytes)} is accepted`, file);
}

/**
 * Inflates a zip as a stream, counting every byte against the size its table of contents declares: a zip that lies
 * about its sizes is stopped as soon as it crosses them. `yieldEvery` lets long work give the thread back.
 */
async function inflateChecked(
  bytes: Uint8Array,
  file: string,
  limits: ZipLimits,
  declared: ReadonlyMap<string, number>,
  keep: (name: string) => boolean,
  pause: (() => Promise<void>) | null,
  onProgress?: (fraction: number) => void,
): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  let failure: StudioError | null = null;
  const unzip = new Unzip((entry) => {
    const expected = declared.get(entry.name);
    if (expected === undefined) {
      failure ??= new StudioError(limits.code, `holds ${JSON.stringify(entry.name.slice(0, 120))}, which its table of contents does not list; the zip is refused`, file);
      return;
    }
    if (!keep(entry.name) || entry.name.endsWith('/')) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    entry.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new StudioError(limits.code, `${entry.name} is damaged inside the zip (${error.message})`, file);
        return;
      }
      size += chunk.length;
      if (size > expected) {
        failure = new StudioError(limits.code, `${entry.name} inflates past the ${formatBytes(expected)} the zip declares for it; the zip lies about its sizes and is refused`, file);
        entry.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) {
        if (size !== expected) failure = new StudioError(limits.code, `${entry.name} holds ${formatBytes(size)}, not the ${formatBytes(expected)} the zip declares`, file);
        out[entry.name] = concatBytes(chunks);
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  let sinceYield = 0;
  for (let at = 0; at < bytes.length && !failure; at += PUSH_BYTES) {
    try {
      unzip.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.length);
    } catch (error) {
      failure ??= new StudioError(limits.code, `is damaged (${error instanceof Error ? error.message : String(error)})`, file);
    }
    sinceYield += PUSH_BYTES;
    if (pause && sinceYield >= 4 * MiB) {
      sinceYield = 0;
      onProgress?.(Math.min(1, at / bytes.length));
      await pause();
    }
  }
  if (failure) throw failure;
  return out;
}

function declaredSizes(bytes: Uint8Array, file: string, limits: ZipLimits): Map<string, number> {
  const entries = listZip(bytes, file, limits.code);
  checkZipListing(entries, file, limits);
  return new Map(entries.map((e) => [e.name, e.bytes]));
}

/** A zip's files, or a StudioError naming why it was refused: checked by its declared sizes first, then as it inflates. */
export async function unzipBounded(
  bytes: Uint8Array,
  file: string,
  limits: ZipLimits,
  options: { keep?: (name: string) => boolean; pause?: () => Promise<void>; onProgress?: ((fraction: number) => void) | undefined } = {},
): Promise<Record<string, Uint8Array>> {
  const declared = declaredSizes(bytes, file, limits);
  const files = await inflateChecked(bytes, file, limits, declared, options.keep ?? (() => true), options.pause ?? null, options.onProgress);
  const missing = [...declared.keys()].find((name) => !name.endsWith('/') && (options.keep?.(name) ?? true) && !(name in files));
  if (missing) throw new StudioError(limits.code, `${missing} is listed in the zip but its data is missing or cut short`, file);
  return files;
}
