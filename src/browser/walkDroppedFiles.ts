/** A file with its path relative to what the user dropped or picked. */
export interface PathedFile {
  path: string;
  file: File;
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    // readEntries returns at most 100 entries a call; keep reading until it returns none.
    const next = (): void => reader.readEntries((batch) => (batch.length ? (all.push(...batch), next()) : resolve(all)), reject);
    next();
  });
}

async function walkEntry(entry: FileSystemEntry, out: PathedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries((entry as FileSystemDirectoryEntry).createReader())) await walkEntry(child, out);
  }
}

/** Every file in what was dropped, walking nested folders through the drop's directory entries. */
export async function walkDataTransfer(items: DataTransferItemList): Promise<PathedFile[]> {
  const entries = [...items].map((item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  const out: PathedFile[] = [];
  for (const entry of entries) await walkEntry(entry, out);
  return out;
}

/**
 * Files from an `<input webkitdirectory>` (or a plain multi-file input), with their relative paths. The input is
 * cleared so that choosing the same files again is a new choice (browsers fire no change event otherwise).
 */
export function takeInputFiles(input: HTMLInputElement): PathedFile[] {
  const files = [...(input.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
  input.value = '';
  return files;
}

interface DirectoryHandle {
  kind: 'directory';
  name: string;
  values(): AsyncIterable<DirectoryHandle | { kind: 'file'; name: string; getFile(): Promise<File> }>;
}

async function walkHandle(handle: DirectoryHandle, prefix: string, out: PathedFile[]): Promise<void> {
  for await (const child of handle.values()) {
    const path = `${prefix}/${child.name}`;
    if (child.kind === 'file') out.push({ path, file: await child.getFile() });
    else await walkHandle(child, path, out);
  }
}

/** Asks for a folder with the File System Access API where the browser has it; null where it does not or the user cancels. */
export async function pickDirectory(): Promise<PathedFile[] | null> {
  const picker = (window as unknown as { showDirectoryPicker?: () => Promise<DirectoryHandle> }).showDirectoryPicker;
  if (!picker) return null;
  try {
    const handle = await picker();
    const out: PathedFile[] = [];
    await walkHandle(handle, handle.name, out);
    return out;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
}
