import type { UseStore } from 'idb-keyval';
import { del, get, set, update } from 'idb-keyval';

/**
 * A list of entries in one IndexedDB key, each with a blob of bytes under its own key (bundles, experiment runs):
 * the list loads without the bytes, and the bytes are written before the entry, so an entry never points at nothing.
 */
export function storedWithBytes<T extends { id: string; savedAt: string }>(store: UseStore, keys: { list: string; bytesPrefix: string; idPrefix: string }) {
  const bytesKey = (id: string): string => `${keys.bytesPrefix}${id}`;
  const list = async (): Promise<T[]> => ((await get(keys.list, store)) as T[] | undefined) ?? [];
  return {
    list,
    async save(entry: Omit<T, 'id' | 'savedAt'>, bytes: Uint8Array): Promise<T> {
      const saved = { ...entry, id: `${keys.idPrefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`, savedAt: new Date().toISOString() } as T;
      await set(bytesKey(saved.id), bytes, store);
      await update(keys.list, (entries: T[] | undefined) => [...(entries ?? []), saved], store);
      return saved;
    },
    async loadBytes(id: string, missing: string): Promise<Uint8Array> {
      const bytes = (await get(bytesKey(id), store)) as Uint8Array | undefined;
      if (!bytes) throw new Error(missing);
      return bytes;
    },
    async remove(id: string): Promise<void> {
      await update(keys.list, (entries: T[] | undefined) => (entries ?? []).filter((e) => e.id !== id), store);
      await del(bytesKey(id), store);
    },
    async clear(): Promise<void> {
      await Promise.all((await list()).map((e) => del(bytesKey(e.id), store)));
      await del(keys.list, store);
    },
  };
}
