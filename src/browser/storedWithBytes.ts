import type { UseStore } from 'idb-keyval';
import { del, get, set, update } from 'idb-keyval';
import type { z } from 'zod';

import { parseOrThrow } from '../core/schemaProblems';
import { storageFailure } from './storageFailure';

/**
 * A list of entries in one IndexedDB key, each with a blob of bytes under its own key (bundles, saved runs): the
 * list loads without the bytes, and the bytes are written before the entry, so an entry never points at nothing.
 * Entries are parsed with `schema` when read: one of a foreign or damaged shape is left out, not trusted.
 */
export function storedWithBytes<S extends z.ZodType<{ id: string; savedAt: string }>>(store: UseStore, schema: S, keys: { list: string; bytesPrefix: string; idPrefix: string; what: string }) {
  type T = z.output<S>;
  const bytesKey = (id: string): string => `${keys.bytesPrefix}${id}`;
  const rawList = async (): Promise<unknown[]> => {
    const raw: unknown = await get(keys.list, store);
    return Array.isArray(raw) ? raw : [];
  };
  const list = async (): Promise<T[]> => (await rawList()).flatMap((entry) => {
    const parsed = schema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    list,
    /** Stores the bytes, then lists the entry; a full disk rejects with storage-full and leaves the list as it was. */
    async save(entry: Omit<z.input<S>, 'id' | 'savedAt'>, bytes: Uint8Array): Promise<T> {
      const saved = parseOrThrow(schema, { ...entry, id: `${keys.idPrefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`, savedAt: new Date().toISOString() }, keys.what);
      try {
        await set(bytesKey(saved.id), bytes, store);
        await update(keys.list, (entries: unknown[] | undefined) => [...(entries ?? []), saved], store);
      } catch (error) {
        await del(bytesKey(saved.id), store).catch(() => undefined);
        throw await storageFailure(error, keys.what, bytes.byteLength);
      }
      return saved;
    },
    async loadBytes(id: string, missing: string): Promise<Uint8Array> {
      const bytes: unknown = await get(bytesKey(id), store);
      if (!(bytes instanceof Uint8Array)) throw new Error(missing);
      return bytes;
    },
    async remove(id: string): Promise<void> {
      await update(keys.list, (entries: unknown[] | undefined) => (entries ?? []).filter((e) => !(typeof e === 'object' && e !== null && 'id' in e && e.id === id)), store);
      await del(bytesKey(id), store);
    },
    async clear(): Promise<void> {
      await Promise.all((await list()).map((e) => del(bytesKey(e.id), store)));
      await del(keys.list, store);
    },
  };
}
